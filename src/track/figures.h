// The figures of a track record (docs/track-record.md gives each formula): total return, CAGR,
// max drawdown with its dates, daily Sharpe (√252) of the book's marked-to-market equity, of
// NIFTY and of the equal-weight buy-and-hold of the universe over the same days; exposure,
// trades, win %, average trade and turnover of the book; the monthly returns. Pure.
#pragma once
#include <vector>

#include "track/replay.h"

namespace kiss::track {

// One value series (rupees or index points) over the replay's days.
struct SeriesFigures {
  bool defined = false;         // at least two values (NIFTY: from its first bar in the period)
  double start = 0, end = 0;    // first and last value
  double total_return_pct = 0;  // (end / start − 1) × 100
  double cagr_pct = 0;          // ((end / start)^(252 / returns) − 1) × 100
  double max_drawdown_pct = 0;  // largest (1 − value / running peak) × 100, >= 0
  Date drawdown_peak = 0;       // the peak and the trough of that drawdown (0: none)
  Date drawdown_trough = 0;
  double sharpe = 0;  // mean / sample std of the daily returns × √252; 0: undefined
};

struct Figures {
  Date first = 0, last = 0;
  int days = 0;  // trading days replayed
  SeriesFigures book, nifty, buy_hold;
  double exposure_pct = 0;   // mean of held value / equity over the days, × 100
  int trades = 0;            // positions CLOSED by the last day
  int open_at_end = 0;       // positions PENDING or OPEN on the last day
  double win_pct = 0;        // closed with final return > 0 / closed, × 100
  double avg_trade_pct = 0;  // mean final return of the closed positions, %
  double turnover = 0;       // per year: (bought + sold value) / 2 / mean equity / years
};

Figures compute_figures(const Record& record);

// One calendar month: the return of each series from the previous month's last day (or the
// first day of the replay) to this month's last day, in percent; NaN when undefined.
struct MonthReturn {
  int year = 0, month = 0;
  double book = 0, nifty = 0, buy_hold = 0;
};
std::vector<MonthReturn> monthly_returns(const Record& record);

}  // namespace kiss::track
