// The position book (docs/positions.md): how a recommended trade lives from its NEW BUY to its
// sale. Pure: a position is replayed over the stored bars (up to the run's data date) with the
// backtest's own ExitEngine, so the live book and the backtest share one implementation and a
// re-run on the same data gives the same state (idempotent). A position is a kiss::BookPosition
// (util/position.h), the same struct the store reads and writes; nothing here does I/O.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backtest/stock_context.h"
#include "config/config.h"
#include "rules/model.h"
#include "util/error.h"
#include "util/position.h"

namespace kiss::signals {

// What one update shows about a position on the run's last bar.
struct PositionView {
  BookPosition position;        // the state after the update (status may have changed)
  bool to_sell = false;         // closed by this update, or an exit is due at the next open
  std::string sell_reason;      // the exit reason when to_sell (also for an exit due tomorrow)
  double current_price = 0;     // last close
  double return_pct = 0;        // net of costs as if sold at the last close (closed: final)
  double nifty_return_pct = 0;  // NaN when the benchmark lacks the entry or last date
  int day_in_trade = 0;         // Trade::bars_held convention; hold_period at the time exit
};

// The stack a position was opened with, rebuilt from its rule names and today's rules file.
// Errors when a name no longer exists in the rules file (the message names it).
Result<Stack> find_stack(const RuleSet& rules, const std::vector<std::string>& rule_names);

// Replays `p` over ctx.bars() (all bars up to the run's data date) with the exits of its stack:
// PENDING fills at the open after its signal bar once that bar exists (next_open), then every
// bar is checked in docs/metrics.md order until an exit or the last bar. Requires
// ctx.prepare_shared(rules). Errors: the signal date is not a bar of the stock, or the stack's
// rules cannot be evaluated.
Result<PositionView> update_position(const BookPosition& p, StockContext& ctx, const RuleSet& rules,
                                     const Config& config);

// The benchmark's close-to-close return (percent) between two dates, NaN when it lacks either.
double benchmark_return_pct(const Bars* benchmark, Date from, Date to);

}  // namespace kiss::signals
