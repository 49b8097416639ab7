// The one exit implementation of docs/metrics.md, shared by the backtest simulator and the live
// position book (docs/positions.md): given a position and bar t, does it exit on t, at what raw
// price and why. Pure; no allocation in open() or step().
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "backtest/result.h"
#include "config/config.h"
#include "rules/evaluate.h"
#include "util/bars.h"

namespace kiss {

// The exits of one stack over one stock's whole history. Columns are spans into data the caller
// owns (masks from evaluate_signal, ATR columns from atr_column), as long as the Bars.
struct ExitSpec {
  std::vector<LevelExit> levels;
  std::vector<std::span<const double>> level_atr;  // per level: the ATR(atr_period) column for
                                                   // ATR kinds, empty span otherwise
  std::vector<std::string> indicator_names;        // indicator exit rules, in stack order
  std::vector<std::span<const std::uint8_t>> indicator_masks;  // one per name
  Mask any_indicator;  // OR of indicator_masks (empty when there is none); built by finalize()

  // Builds any_indicator. Call once after filling the vectors.
  void finalize(std::size_t n_bars);
  // The ATR multiple of equal-risk sizing: the first kStopAtr's value, 2 when there is none
  // (docs/metrics.md), and the index of that level (-1 when none).
  double atr_multiple() const noexcept;
  int sizing_level() const noexcept;
};

// A held position. Invariant: entry_index >= signal_index; fill > 0.
struct Position {
  int signal_index = -1;
  int entry_index = -1;
  double fill = 0.0;                                        // slipped entry fill
  double stop = -std::numeric_limits<double>::infinity();   // fixed stop (max of the stops)
  double target = std::numeric_limits<double>::infinity();  // fixed target (min of targets)
  // Highest high from the entry bar up to the previous bar checked; -inf before any.
  double highest = -std::numeric_limits<double>::infinity();
  bool pending_indicator = false;  // next_open: an indicator exit fired on the last close
  int pending_rule = -1;
};

struct ExitDecision {
  ExitReason reason = ExitReason::kNone;  // kNone: no exit on this bar
  double raw_price = 0.0;                 // before slippage
  int rule = -1;                          // indicator exit: index into ExitSpec::indicator_names
  bool exits() const noexcept { return reason != ExitReason::kNone; }
};

class ExitEngine {
 public:
  // `spec` must outlive the engine. hold_period >= 1.
  ExitEngine(const ExitSpec& spec, Execution execution, int hold_period);

  // The fill bar of a signal on `signal_index`: +1 for next_open, the same bar for close.
  int entry_index(int signal_index) const noexcept {
    return execution_ == Execution::kNextOpen ? signal_index + 1 : signal_index;
  }
  // The first bar whose checks run: the entry bar when filled at its open, else the next bar.
  int first_check(const Position& p) const noexcept {
    return execution_ == Execution::kNextOpen ? p.entry_index : p.entry_index + 1;
  }
  // The bar whose close completes hold_period bars in the position (time exit).
  int time_exit_bar(const Position& p) const noexcept {
    return execution_ == Execution::kNextOpen ? p.entry_index + hold_period_ - 1
                                              : p.entry_index + hold_period_;
  }

  // Opens a position filled at `fill` (slipped) for a signal on `signal_index`. Fixed levels
  // come from the fill and the signal bar's ATR. Returns false (no trade) when an ATR the
  // levels need is undefined on the signal bar (warm-up NaN): such a bar is no signal.
  bool open(const Bars& bars, int signal_index, double fill, Position& out) const noexcept;

  // Runs the checks of bar t (first_check(p) <= t) in the order of docs/metrics.md and updates the
  // trailing state. In next_open mode an indicator exit true on t's close sets
  // p.pending_indicator and exits at t+1's open, before the other checks of t+1 (unless t is
  // also the time-exit bar: the close of t comes first).
  ExitDecision step(Position& p, const Bars& bars, int t) const noexcept;

  const ExitSpec& spec() const noexcept { return *spec_; }
  Execution execution() const noexcept { return execution_; }
  int hold_period() const noexcept { return hold_period_; }

 private:
  const ExitSpec* spec_;
  Execution execution_;
  int hold_period_;
  bool has_trailing_ = false;
  bool has_indicator_ = false;
};

// "indicator_exit:<name>" or to_string(reason).
std::string exit_reason_text(const ExitSpec& spec, ExitReason reason, int rule);

// Inline: the simulator calls it on every entry.
inline bool ExitEngine::open(const Bars& bars, int signal_index, double fill,
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
  // With a fill at the close the entry bar is already complete: its high counts (docs/metrics.md,
  // "entry bar included"). With a fill at the open, step() adds it after the entry bar.
  if (execution_ == Execution::kClose) p.highest = bars.high[s];
  out = p;
  return true;
}

// Inline: the simulator calls it on every held bar.
inline ExitDecision ExitEngine::step(Position& p, const Bars& bars, int t) const noexcept {
  const auto ti = static_cast<std::size_t>(t);
  ExitDecision d;
  if (p.pending_indicator) {  // filled at this open, before the other checks
    d.reason = ExitReason::kIndicatorExit;
    d.raw_price = bars.open[ti];
    d.rule = p.pending_rule;
    return d;
  }
  // The binding stop: the fixed stop or the highest trailing level, whichever is higher.
  double stop = p.stop;
  bool trailing_binds = false;
  if (has_trailing_ && p.highest > -std::numeric_limits<double>::infinity()) {
    for (std::size_t i = 0; i < spec_->levels.size(); ++i) {
      const LevelExit& l = spec_->levels[i];
      double level = -std::numeric_limits<double>::infinity();
      if (l.kind == LevelExit::Kind::kTrailingPct) {
        level = p.highest * (1.0 - l.value);
      } else if (l.kind == LevelExit::Kind::kChandelier) {
        const auto& col = spec_->level_atr[i];
        const double atr = ti >= 1 && ti - 1 < col.size() ? col[ti - 1] : std::nan("");
        if (atr >= 0.0) level = p.highest - l.value * atr;  // NaN ATR: level undefined
      } else {
        continue;
      }
      if (level > stop) {
        stop = level;
        trailing_binds = true;
      }
    }
  }
  const double o = bars.open[ti];
  // (1) Gaps. On a next_open entry bar the open is the fill itself: nothing to gap through.
  const bool fill_bar = execution_ == Execution::kNextOpen && t == p.entry_index;
  if (!fill_bar) {
    if (o <= stop) {
      d.reason = ExitReason::kStopLossGap;
      d.raw_price = o;
      return d;
    }
    if (o >= p.target) {
      d.reason = ExitReason::kTakeProfitGap;
      d.raw_price = o;
      return d;
    }
  }
  // (2) stop touched (inclusive), (3) target touched: the stop wins when both are.
  if (bars.low[ti] <= stop) {
    d.reason = trailing_binds ? ExitReason::kTrailingStop : ExitReason::kStopLoss;
    d.raw_price = stop;
    return d;
  }
  if (bars.high[ti] >= p.target) {
    d.reason = ExitReason::kTakeProfit;
    d.raw_price = p.target;
    return d;
  }
  // (4) indicator exits on the close.
  if (has_indicator_ && spec_->any_indicator[ti]) {
    int rule = 0;
    for (std::size_t k = 0; k < spec_->indicator_masks.size(); ++k) {
      if (ti < spec_->indicator_masks[k].size() && spec_->indicator_masks[k][ti]) {
        rule = static_cast<int>(k);
        break;
      }
    }
    if (execution_ == Execution::kClose) {
      d.reason = ExitReason::kIndicatorExit;
      d.raw_price = bars.close[ti];
      d.rule = rule;
      return d;
    }
    p.pending_indicator = true;
    p.pending_rule = rule;
  }
  // (5) time exit.
  if (t >= time_exit_bar(p)) {
    d.reason = ExitReason::kTimeExit;
    d.raw_price = bars.close[ti];
    return d;
  }
  if (bars.high[ti] > p.highest) p.highest = bars.high[ti];
  return d;
}

}  // namespace kiss
