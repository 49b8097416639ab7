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

#include "config/config.h"
#include "rules/model.h"
#include "signals/terms.h"
#include "util/bars.h"
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
  // The model's own entry (the slipped open after the signal), whatever the trader recorded:
  // shown beside the recorded fill (docs/positions.md, "The trader's facts").
  std::optional<Date> model_entry_date;
  std::optional<double> model_entry_price;
  const PositionFact* recorded_fill = nullptr;  // into position.facts; null when none
  const PositionFact* recorded_exit = nullptr;
  bool skipped = false;  // the trader said they did not take it
};

// The latest fact of a kind, or null.
const PositionFact* latest_fact(const BookPosition& p, FactKind kind);

// The stack a position was opened with, rebuilt from its rule names and today's rules file.
// Errors when a name no longer exists in the rules file (the message names it).
Result<Stack> find_stack(const RuleSet& rules, const std::vector<std::string>& rule_names);

// The terms that manage `p`: its frozen ones (p.terms), or, for a row stored without them (before
// schema v6, or by the original tool), the ones the current files give its stack (find_stack).
Result<Terms> position_terms(const BookPosition& p, const RuleSet& rules, const Config& config);

// A stored position as it stood on its signal bar, ready for update_position: PENDING, with
// what the model derived from the bars since (fill, exit, levels) dropped, so a replay over
// corrected bars (docs/data.md, "Correcting stored bars") never keeps an exit the new bars do
// not give. The frozen terms, the size and the trader's facts stay.
BookPosition replay_start(const BookPosition& p);

// Replays `p` over `bars` (all bars up to the run's data date) under `terms`, with the trader's
// facts (docs/positions.md): PENDING fills at the open after its signal bar once that bar exists
// (next_open), or at the recorded fill; every bar is then checked in docs/metrics.md order until
// an exit, a recorded exit, or the last bar. A recorded skip leaves it SKIPPED. `config` gives
// only the sizing of a row stored without shares (portfolio_initial_capital). Errors: the signal
// date is not a bar of the stock, or the terms' rules cannot be evaluated on it.
Result<PositionView> update_position(const BookPosition& p, const Bars& bars, const Bars* benchmark,
                                     const Terms& terms, const Config& config);

// The rupee cost of buying `shares` at `fill` (value plus buy charges) and the net proceeds of
// selling them at `price` (value minus sell charges), with `costs`.
double buy_cost_total(const Costs& costs, std::int64_t shares, double fill);
double sell_proceeds(const Costs& costs, std::int64_t shares, double price);
// The realised net P&L of a CLOSED position in rupees (0 for any other), under its terms' costs.
double realised_pnl(const BookPosition& p, const Costs& costs);

// The benchmark's close-to-close return (percent) between two dates, NaN when it lacks either.
double benchmark_return_pct(const Bars* benchmark, Date from, Date to);

}  // namespace kiss::signals
