// The results of the backtest stage: what the signal book, the store and the reports consume.
// Pure data; every field is documented with its unit. Formulas: docs/metrics.md; discovery:
// docs/discovery.md.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "rules/evaluate.h"
#include "rules/model.h"
#include "util/date.h"

namespace kiss {

// Why a trade ended (docs/metrics.md). to_string gives the exact spelling of the spec.
enum class ExitReason : std::uint8_t {
  kNone,           // still open (never stored as the reason of a closed trade)
  kStopLossGap,    // the open gapped through the stop (fixed or trailing): exit at the open
  kTakeProfitGap,  // the open gapped through the target: exit at the open
  kStopLoss,       // low touched the fixed stop: exit at the stop level
  kTakeProfit,     // high touched the target: exit at the target level
  kTrailingStop,   // low touched a trailing / chandelier level (the binding stop): exit at it
  kIndicatorExit,  // an indicator exit rule was true on a close ("indicator_exit:<rule name>")
  kTimeExit,       // the close that completes hold_period bars in the position
  kWindowEnd,      // test window ended: closed at the window's last close
  kEndOfData,      // open at the end of the data (Trade::open is true)
};
// "stop_loss_gap", ..., "end_of_data"; kIndicatorExit gives "indicator_exit" (no rule name).
const char* to_string(ExitReason r) noexcept;

struct Trade {
  int signal_index = -1;  // bar whose close produced the entry signal
  Date signal_date = 0;
  int entry_index = -1;  // bar of the fill: signal + 1 (next_open) or the signal bar (close)
  Date entry_date = 0;
  double entry_price = 0.0;  // slipped fill: raw price × (1 + slippage)
  int exit_index = -1;       // bar of the exit fill (for an open trade: the last bar)
  Date exit_date = 0;
  double exit_price = 0.0;  // slipped fill: raw price × (1 − slippage); open trade: last close
                            // slipped, i.e. what selling at the last close would give
  ExitReason reason = ExitReason::kNone;
  std::string exit_reason;  // docs/metrics.md spelling, e.g. "stop_loss", "indicator_exit:rsi_70"
  std::int64_t shares = 0;  // >= 1
  double buy_costs = 0.0;   // rupees, all charges of the buy order (docs/metrics.md)
  double sell_costs = 0.0;  // rupees, all charges of the sell order
  double net_return = 0.0;  // fraction: (sell value − sell costs) / (buy value + buy costs) − 1
  double pnl = 0.0;         // rupees: (sell value − sell costs) − (buy value + buy costs)
  int bars_held = 0;        // trading bars in the position (docs/metrics.md: counting rule)
  double stop_level = 0.0;  // fixed stop set at entry (0 when the stack has none)
  double target_level = 0.0;  // fixed target set at entry (0 when the stack has none)
  bool open = false;          // true: still open at the end of the data (excluded from stats)
};

// docs/metrics.md. All computed from closed trades and the equity curve (docs/metrics.md).
struct Metrics {
  int total_trades = 0;             // closed trades
  double win_pct = 0.0;             // 0..1: closed trades with net_return > 0 / closed trades
  double avg_return = 0.0;          // %: mean net_return × 100
  double sharpe = 0.0;              // annualised (√252) Sharpe of the daily equity returns
  double edge_score = 0.0;          // w_win × win_pct + w_sharpe × sharpe
  double sortino = 0.0;             // annualised (√252), downside deviation over all days
  double max_drawdown_pct = 0;      // %: largest peak-to-trough fall of the equity curve (>= 0)
  double cagr_pct = 0.0;            // %: (end / start)^(252 / days) − 1
  double profit_factor = 0.0;       // gross profit / gross loss in rupees (inf: no losing trade)
  double expectancy = 0.0;          // rupees: mean pnl per closed trade
  double exposure_pct = 0.0;        // %: closes at which a position was held / closes
  double avg_bars_held = 0.0;       // mean bars_held of closed trades
  double alpha_pct = 0.0;           // %: mean (net_return − benchmark return same period) × 100
  double beat_benchmark_pct = 0.0;  // %: trades with net_return > benchmark return
  double target_hit_pct = 0.0;      // %: closed trades reaching +2% within 3–30 bars
  double deflated_sharpe = 0.0;     // probability 0..1 (Bailey & López de Prado)
  int benchmark_trades = 0;  // trades entering alpha / beat_benchmark (benchmark had both dates)
};

// One stack's result (the selected stack, or one tested stack for the verbose log).
struct StackResult {
  std::string name;                     // Stack::name(): entries joined with '+'
  std::vector<std::string> rule_names;  // Stack::rule_names(), the JSON rule_stack
  Metrics metrics;
  std::vector<Trade> trades;  // empty for the tested-stacks log
};

// One walk-forward window (indices are bar indices of the stock's Bars; ends exclusive).
struct WindowResult {
  int train_begin = 0, train_end = 0;
  int test_begin = 0, test_end = 0;  // test_begin == test_end for the latest training window
  Date train_first = 0, train_last = 0, test_first = 0, test_last = 0;
  int winner = -1;               // index into StockResult::tested; -1: no eligible candidate
  std::string winner_name;       // empty when winner == -1
  Metrics winner_train_metrics;  // in-sample metrics that won the window (no alpha/DSR)
};

// What is needed to act on today's signal and to place its stops (docs/metrics.md,
// docs/positions.md).
struct TodaySignal {
  bool entry = false;  // the signal stack's entry (with context filters and preconditions)
                       // is true on the last bar's close
  int bar_index = -1;  // last bar
  Date date = 0;
  double close = 0.0;             // entry price shown in the report
  double sizing_atr = 0.0;        // ATR(14, or the first ATR stop's period) on the last bar
  double atr_multiple = 2.0;      // m of the equal-risk sizing
  std::int64_t shares = 0;        // sizing at the last close (an estimate: the fill decides)
  std::vector<LevelExit> levels;  // the stack's price-level exits
  std::vector<double> level_atr;  // per level: ATR(atr_period) on the last bar (NaN: n/a)
  std::vector<std::string> indicator_exits;  // names of the stack's indicator exit rules
  // The last kRecentSignalBars bars up to the last one, oldest first (fewer on a short
  // history), for "nearest candidates" when nothing signals today (docs/report.md):
  std::vector<Date> recent_dates;
  std::vector<std::uint8_t> recent_entry;       // the full entry (as `entry` on each bar)
  std::vector<std::uint8_t> recent_stack_only;  // the stack's own entries AND-ed, without
                                                // the context filters and preconditions
  // The context filters and preconditions false on the last bar, by name, in rules.yaml order.
  std::vector<std::string> filters_off;
};
inline constexpr int kRecentSignalBars = 5;

struct StockResult {
  std::string symbol;
  bool ok = false;  // false: skipped (skip_reason says why); nothing else is valid
  std::string skip_reason;
  bool in_sample = false;  // walk-forward disabled: selection and metrics are in-sample

  // The stack for today's signals: the winner of the latest training window (the last
  // training_period bars ending at the last bar). has_signal_stack false: no candidate was
  // eligible there, so the stock gives no signals.
  bool has_signal_stack = false;
  Stack signal_stack;
  // Closed trades of the signal stack in the latest training window (the in-sample count that
  // made it the winner there; windows.back().winner_train_metrics.total_trades).
  int signal_training_trades = 0;
  // The stored result: the walk-forward test windows stitched (docs/discovery.md). name /
  // rule_names are those of the signal stack; metrics and trades are out of sample (in sample when
  // in_sample), trades in date order, the last one possibly open (Trade::open).
  StackResult result;
  std::vector<Date> equity_dates;  // the closes of the stitched test windows
  std::vector<double> equity;      // rupees, cash + shares × close at each of those closes

  std::vector<WindowResult> windows;  // in order; the last is the latest training window
  std::vector<StackResult> tested;    // every stack tested (metrics: its own stitched OOS run)
  int trials = 0;                     // stacks tried (deflated Sharpe)
  std::vector<std::string> warnings;  // docs/discovery.md min-trades warnings, exact wording
  TodaySignal today;
};

}  // namespace kiss
