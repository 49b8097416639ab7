// The backtest loop of docs/metrics.md over one [begin, end) bar range of one stock and one stack.
// Takes columns, not rules: the entry mask is already AND-ed with context filters and
// preconditions; exits come as an ExitEngine. One pass, no allocation per bar (trades go into
// the caller's vector; reserve() it to stay allocation-free).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "backtest/exit_engine.h"
#include "backtest/result.h"
#include "config/config.h"
#include "util/bars.h"

namespace kiss {

// What happens to a position still open after the range's last bar (docs/metrics.md).
enum class WindowMode {
  kTraining,  // the open trade is dropped; the equity curve is flat from its entry on
  kTest,      // closed at the last close after that bar's checks, reason window_end
  kFullData,  // reported open (Trade::open, reason end_of_data), marked at the last close
};

struct SimParams {
  Costs costs;
  double capital = 100000.0;  // sizing capital (not compounded)
  double risk_pct = 0.01;     // risk_per_trade_pct
};

struct SimInput {
  const Bars* bars = nullptr;
  std::span<const std::uint8_t> entry;  // one byte per bar of *bars
  const ExitEngine* exits = nullptr;
  std::span<const double> sizing_atr;  // ATR column for sizing (per bar of *bars)
  double atr_multiple = 2.0;           // m of the sizing formula
};

struct SimSummary {
  double end_cash = 0.0;  // equity after the last close (kFullData: cash + the open position)
  int held_closes = 0;    // closes at which a position was held after the checks (exposure)
  // The daily returns of the range's equity curve (end − begin closes, so end − begin − 1
  // returns), accumulated in the loop so a training window needs no second pass: their count,
  // sum and sum of squares. Flat days contribute exact zeros.
  int returns = 0;
  double ret_sum = 0.0;
  double ret_sq = 0.0;
  // Closed trades of the range (not Trade::open; a training window's dropped trade is not
  // one) and those with net_return > 0: what ranking a training window needs.
  int closed = 0;
  int wins = 0;
};

// Equal-risk ATR sizing: floor(capital × risk / (m × atr)) capped at floor(capital / fill);
// 0 when the ATR is undefined. A zero ATR leaves only the cap.
std::int64_t position_size(double capital, double risk_pct, double atr_multiple, double atr,
                           double fill) noexcept;

// Simulates bars [begin, end) starting flat with `initial_cash`. Appends the trades (in order)
// to `trades`; writes equity[t − begin] = cash + shares × close[t] for every t (equity must
// hold end − begin values, or be empty when only the summary is wanted). Flat stretches are
// skipped by scanning the entry mask eight bytes at a time.
SimSummary simulate(const SimInput& in, const SimParams& p, int begin, int end, WindowMode mode,
                    double initial_cash, std::vector<Trade>& trades, std::span<double> equity);

// Training windows (docs/discovery.md: every candidate in every training window) of one stack on
// one stock, when only the summary is wanted: run(begin, end, cash) returns exactly what
// simulate(in, p, begin, end, WindowMode::kTraining, cash, ...) returns, bit for bit (test:
// simulator_test), without building trades or an equity curve.
//
// Why it is cheaper: a trade depends only on its signal bar, never on the window (the fill,
// the sizing on the fixed capital, the exit levels and every exit check come from the bars
// and the stack's columns), so each possible trade is planned once (its fill, exit bar and
// cash flows, by the same ExitEngine) and reused by every window that takes it: windows
// overlap (training 252 bars, step 63 in W1). A window then only walks its trades and
// accumulates the daily returns of its own equity (cash + shares × close), which do depend on
// the window (its cash), in the same order and with the same arithmetic as simulate().
// Invariants: the SimInput's columns, engine and bars, and the SimParams, outlive the object
// and do not change.
class TrainingSimulator {
 public:
  TrainingSimulator(const SimInput& in, const SimParams& p);
  SimSummary run(int begin, int end, double initial_cash);

 private:
  // The trade of a signal on bar s taken from flat, over the whole history.
  struct Plan {
    bool traded = false;   // false: no fill (fewer than 1 share, or an undefined ATR level)
    bool win = false;      // net_return > 0
    int entry_index = -1;  // the fill bar (first close held)
    int exit_index = -1;   // the exit bar; bars.size() when it never exits
    double shares = 0.0;
    double entry_cost = 0.0;  // buy value + buy costs (cash paid at the fill)
    double proceeds = 0.0;    // sell value − sell costs (cash received at the exit)
  };
  const Plan& plan(int s);

  SimInput in_;
  SimParams p_;
  std::vector<int> slot_;  // per bar: index into plans_ of its signal's plan, -1 before
  std::vector<Plan> plans_;
};

// One training window without the object (a new TrainingSimulator, so nothing is reused).
SimSummary simulate_summary(const SimInput& in, const SimParams& p, int begin, int end,
                            double initial_cash);

}  // namespace kiss
