#include "backtest/exit_engine.h"

#include <algorithm>
#include <cmath>

namespace kiss {

const char* to_string(ExitReason r) noexcept {
  switch (r) {
    case ExitReason::kNone: return "none";
    case ExitReason::kStopLossGap: return "stop_loss_gap";
    case ExitReason::kTakeProfitGap: return "take_profit_gap";
    case ExitReason::kStopLoss: return "stop_loss";
    case ExitReason::kTakeProfit: return "take_profit";
    case ExitReason::kTrailingStop: return "trailing_stop";
    case ExitReason::kIndicatorExit: return "indicator_exit";
    case ExitReason::kTimeExit: return "time_exit";
    case ExitReason::kWindowEnd: return "window_end";
    case ExitReason::kEndOfData: return "end_of_data";
  }
  return "none";
}

std::string exit_reason_text(const ExitSpec& spec, ExitReason reason, int rule) {
  if (reason == ExitReason::kIndicatorExit && rule >= 0 &&
      static_cast<std::size_t>(rule) < spec.indicator_names.size()) {
    return "indicator_exit:" + spec.indicator_names[static_cast<std::size_t>(rule)];
  }
  return to_string(reason);
}

void ExitSpec::finalize(std::size_t n_bars) {
  any_indicator.clear();
  if (indicator_masks.empty()) return;
  any_indicator.assign(n_bars, 0);
  std::uint8_t* out = any_indicator.data();  // a local pointer: see and_into (stock_context.cc)
  for (const auto& m : indicator_masks) {
    const std::size_t n = std::min(n_bars, m.size());
    const std::uint8_t* in = m.data();
    for (std::size_t i = 0; i < n; ++i) out[i] |= in[i];
  }
}

int ExitSpec::sizing_level() const noexcept {
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (levels[i].kind == LevelExit::Kind::kStopAtr) return static_cast<int>(i);
  }
  return -1;
}

double ExitSpec::atr_multiple() const noexcept {
  const int i = sizing_level();
  return i < 0 ? 2.0 : levels[static_cast<std::size_t>(i)].value;
}

ExitEngine::ExitEngine(const ExitSpec& spec, Execution execution, int hold_period)
    : spec_(&spec), execution_(execution), hold_period_(std::max(1, hold_period)) {
  for (const auto& l : spec.levels) {
    if (l.kind == LevelExit::Kind::kTrailingPct || l.kind == LevelExit::Kind::kChandelier) {
      has_trailing_ = true;
    }
  }
  has_indicator_ = !spec.any_indicator.empty();
}

}  // namespace kiss
