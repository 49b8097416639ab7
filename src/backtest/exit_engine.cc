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
  for (const auto& m : indicator_masks) {
    const std::size_t n = std::min(n_bars, m.size());
    for (std::size_t i = 0; i < n; ++i) any_indicator[i] |= m[i];
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

bool ExitEngine::open(const Bars& bars, int signal_index, double fill,
                      Position& out) const noexcept {
  Position p;
  p.signal_index = signal_index;
  p.entry_index = entry_index(signal_index);
  p.fill = fill;
  const auto s = static_cast<std::size_t>(signal_index);
  for (std::size_t i = 0; i < spec_->levels.size(); ++i) {
    const LevelExit& l = spec_->levels[i];
    switch (l.kind) {
      case LevelExit::Kind::kStopPct: p.stop = std::max(p.stop, fill * (1.0 - l.value)); break;
      case LevelExit::Kind::kTargetPct:
        p.target = std::min(p.target, fill * (1.0 + l.value));
        break;
      case LevelExit::Kind::kStopAtr:
      case LevelExit::Kind::kTargetAtr: {
        const auto& col = spec_->level_atr[i];
        const double atr = s < col.size() ? col[s] : std::nan("");
        if (!(atr >= 0.0)) return false;  // NaN: undefined input, no signal
        if (l.kind == LevelExit::Kind::kStopAtr) {
          p.stop = std::max(p.stop, fill - l.value * atr);
        } else {
          p.target = std::min(p.target, fill + l.value * atr);
        }
        break;
      }
      case LevelExit::Kind::kTrailingPct:
      case LevelExit::Kind::kChandelier: break;  // recomputed every bar
    }
  }
  // With a fill at the close the entry bar is already complete: its high counts (SPEC §5.3,
  // "entry bar included"). With a fill at the open, step() adds it after the entry bar.
  if (execution_ == Execution::kClose) p.highest = bars.high[s];
  out = p;
  return true;
}

}  // namespace kiss
