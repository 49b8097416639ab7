// The rows of the day's plan that the report shows (docs/positions.md, docs/report.md): NEW BUYS,
// OPEN POSITIONS and POSITIONS TO SELL. Plain data, defined here because signals produces them;
// report/model.h names them report::NewBuy etc. Values are final: the renderers only format them.
#pragma once
#include <string>

#include "util/date.h"

namespace kiss::signals {

struct NewBuy {
  std::string symbol;
  Date buy_date = 0;       // the latest bar's date (recommended buy date)
  double entry_price = 0;  // the latest close
  std::string rule_stack;  // "sma_10_20_crossover+rsi_momentum"
  double edge_score = 0;
  int oos_trades = 0;       // closed out-of-sample trades edge_score rests on (in-sample when
                            // walk-forward is off)
  int training_trades = 0;  // the stack's closed trades in its latest training window
};

struct OpenPosition {
  std::string symbol;
  std::string status;      // "OPEN" or "PENDING" (fills at the next bar's open)
  Date entry_date = 0;     // PENDING: the signal date
  double entry_price = 0;  // PENDING: the signal bar's close
  double current_price = 0;
  double return_pct = 0;        // percent
  double nifty_return_pct = 0;  // percent; NaN when the benchmark lacks a bar (rendered "n/a")
  int day_in_trade = 0;         // trading bars in the position, 1 on the entry bar
  int hold_period = 0;
  std::string rule_stack;
};

struct PositionToSell {
  std::string symbol;
  Date entry_date = 0;
  double entry_price = 0;
  Date exit_date = 0;
  double exit_price = 0;
  double return_pct = 0;        // percent, net of costs
  double nifty_return_pct = 0;  // percent; NaN when unknown
  int days_held = 0;            // trading bars
  std::string reason;           // exit reason of docs/metrics.md
};

}  // namespace kiss::signals
