// Today's signals and the update of the position book (docs/positions.md), as one pure function of
// the run's results, the stored bars up to the data date and the positions already in the book. A
// re-run on the same data gives the same plan: a position signalled on the data date is reported as
// that day's NEW BUY again (and not inserted twice); positions closed since the previous data date
// are reported as POSITIONS TO SELL again. Every live position is replayed from its signal bar, so
// a run frozen at an earlier date sees the book as it was then.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "backtest/result.h"
#include "config/config.h"
#include "rules/model.h"
#include "signals/position_book.h"
#include "signals/rows.h"
#include "util/bars.h"
#include "util/error.h"

namespace kiss::signals {

struct DayInput {
  Date data_date = 0;                                 // the run's last bar date (freeze date)
  const std::vector<StockResult>* results = nullptr;  // universe order
  std::map<std::string, const Bars*> bars;            // every symbol's bars up to data_date
  const Bars* benchmark = nullptr;                    // may be null
  const RuleSet* rules = nullptr;
  const Config* config = nullptr;
  int min_trades = 10;  // min_trades_threshold (or --min-trades)
  // Every position live on the data date: signalled on or before it and not closed on or
  // before the previous run's data date (a position closed since is listed as a sale again).
  // Each is replayed from its signal, so the plan does not depend on the stored status.
  std::vector<BookPosition> positions;
  // The positions CLOSED on or before the previous run's data date: not replayed, their
  // realised P&L counts into the book's equity.
  std::vector<BookPosition> settled;
  // A run dated before the latest stored run: the plan is reported but must not be written
  // (later runs have moved the book on); a warning says so.
  bool backdated = false;
};

struct DayPlan {
  std::vector<BookPosition> inserts;  // NEW BUYs to store
  std::vector<BookPosition> updates;  // existing positions whose state changed
  std::vector<NewBuy> new_buys;
  std::vector<OpenPosition> open_positions;
  std::vector<PositionToSell> to_sell;
  std::vector<NotTaken> not_taken;  // NEW BUYs the book's cash or slots could not take
  BookMoney money;
  std::vector<std::string> warnings;
  // For the charts: the position (or new buy) behind each row, by symbol.
  std::vector<BookPosition> charted;
  // No NEW BUY today: why, in one line, and the stocks closest to one (signals/nearest.h).
  std::string no_buy_reason;
  std::vector<NearCandidate> nearest;
};

// Whether a stock's selected stack may give signals (docs/positions.md): a signal stack,
// out-of-sample EdgeScore >= edge_score_threshold and closed trades >= min_trades.
bool qualifies(const StockResult& r, const Config& config, int min_trades);

Result<DayPlan> plan_day(const DayInput& in);

}  // namespace kiss::signals
