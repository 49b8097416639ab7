// The track record's engine (docs/track-record.md): the daily loop of `run --freeze-data d`
// replayed for every trading day d of [from, to] on a fresh book, in memory. Each day takes the
// same pure steps as `run`: discovery on the bars up to d (backtest/discovery.h), the book's
// selection of live and settled positions (daily::select_positions) and the day's plan
// (signals::plan_day: capital, cash, slots, fills at the next open, the one exit engine); the
// plan's inserts and updates are then applied to the in-memory book as `run` stores them.
// Pure: no I/O, no clock; the caller loads the bars.
#pragma once
#include <functional>
#include <optional>
#include <vector>

#include "config/config.h"
#include "rules/model.h"
#include "util/bars.h"
#include "util/error.h"
#include "util/position.h"

namespace kiss::track {

// The book at one day's close, after that day's plan.
struct DayRow {
  Date date = 0;
  double equity = 0;       // marked to market: cash + pending reservations + open positions
                           // at the close (docs/track-record.md)
  double cash = 0;         // the book's cash (signals::BookMoney::cash)
  double book_equity = 0;  // capital + realised P&L (signals::BookMoney::equity)
  double held_value = 0;   // shares × close of the OPEN positions (exposure)
  int open_positions = 0;  // PENDING + OPEN (signals::BookMoney::open_positions)
  int new_buys = 0;        // positions opened (PENDING) that day
  int sales = 0;           // positions closed that day
  double nifty = 0;        // the benchmark's close (carried over a day it has no bar; NaN before)
  double buy_hold = 0;     // the equal-weight buy-and-hold of the universe, in rupees
};

struct Inputs {
  const Config* config = nullptr;
  const RuleSet* rules = nullptr;
  std::vector<const Bars*> stocks;  // the universe's stocks with prices, in universe order
  const Bars* benchmark = nullptr;  // may be null
  Date from = 0, to = 0;            // inclusive
  int jobs = 1;                     // worker threads (>= 1); outputs do not depend on it
  // true: the fast path (LatestSignalScanner, full discovery only on a day a stock signals);
  // false: a full discovery of every stock on every day, exactly as `run` does (slow; tests).
  bool fast = true;
};

struct Record {
  std::vector<DayRow> days;             // one per trading day, in date order
  std::vector<BookPosition> positions;  // the book at the end: symbol, signal date, id order
};

// The trading days of the replay: every date in [from, to] on which a stock has a bar.
std::vector<Date> trading_days(const std::vector<const Bars*>& stocks, Date from, Date to);

// `done` of `total` steps (analysis of the stocks, then the days of the book).
using Progress = std::function<void(int done, int total)>;

// Errors: configuration errors of discovery or of the book (as `run` would give them), and no
// trading day in [from, to].
Result<Record> replay(const Inputs& in, const Progress& progress = {});

}  // namespace kiss::track
