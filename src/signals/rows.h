// The rows of the day's plan that the report shows (docs/positions.md, docs/report.md): NEW BUYS,
// OPEN POSITIONS and POSITIONS TO SELL. Plain data, defined here because signals produces them;
// report/model.h names them report::NewBuy etc. Values are final: the renderers only format them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
  // The order ticket (docs/positions.md, "The order ticket"): buy `shares` at the next open
  // (at this close with `execution: close`). The estimates take the latest close as the fill.
  std::int64_t shares = 0;
  double estimated_fill = 0;     // latest close × (1 + slippage)
  double estimated_cost = 0;     // shares × estimated_fill + buy charges, rupees
  std::optional<double> stop{};  // from the estimated fill; re-anchored to the real one
  std::optional<double> target{};
  std::optional<double> rupee_risk{};  // shares × (estimated_fill − stop); nullopt: no stop
  int hold_period = 0;                 // time exit: sell at the close of trading day N
  bool close_execution = false;        // filled at the signal bar's close, not the next open
  std::string stack_words;             // the entry rules in words (rules/catalog.h describe_stack)
};

// A NEW BUY the book could not take (docs/positions.md, "Capital, cash and slots").
struct NotTaken {
  std::string symbol;
  Date buy_date = 0;
  double edge_score = 0;
  std::string rule_stack;
  std::string reason;  // "no slot (10 of 10 open)", "no cash (₹1,234.00 free, one share costs …)",
                       // "skipped by you"
};

// The book's money on the data date, after the day's plan (docs/positions.md, "Capital").
struct BookMoney {
  double initial_capital = 0;  // portfolio_initial_capital
  double realised_pnl = 0;     // net P&L of every CLOSED position, rupees
  double equity = 0;           // initial_capital + realised_pnl
  double invested = 0;         // cost of the PENDING (estimated) and OPEN positions
  double cash = 0;             // equity − invested
  int open_positions = 0;      // PENDING + OPEN, the day's new buys included
  int max_open_positions = 0;
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
  std::int64_t shares = 0;
  std::optional<double> stop{};  // the level in force (re-anchored to a recorded fill)
  std::optional<double> target{};
  std::optional<double> model_entry_price{};  // the model's fill, shown beside a recorded one
  bool recorded_fill = false;                 // entry_price is the trader's own fill
  bool rules_changed = false;                 // kept older (frozen) rules than the files now give
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
  std::string reason;           // exit reason of docs/metrics.md ("manual": the trader's exit)
  std::int64_t shares = 0;
  bool exit_due = false;  // not sold yet: the exit is due at the next open
};

// A stock close to a NEW BUY on a day without one (docs/report.md, "When there is nothing to
// buy"): its signal stack's entry was true on one of the last 5 bars, or only the context
// filters and preconditions blocked it today.
struct NearCandidate {
  std::string symbol;
  std::string rule_stack;
  double edge_score = 0;
  int oos_trades = 0;
  Date last_entry = 0;  // the latest recent bar with the full entry true (0: none)
  std::string why;      // in words: "entry true on 2025-04-22 (2 bars ago)", "blocked today by
                        // nifty_above_sma50", "edge score 0.31 below the threshold 0.50"
};

}  // namespace kiss::signals
