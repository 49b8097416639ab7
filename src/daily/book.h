// Step 5a of the daily loop: which positions of the book the run replays and which it lists as
// recent signals, and the day's plan of the position book (signals/daily.h).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "daily/analyse.h"
#include "daily/events.h"
#include "daily/prices.h"
#include "daily/setup.h"
#include "signals/daily.h"
#include "store/database.h"
#include "store/runs.h"
#include "util/error.h"
#include "util/position.h"

namespace kiss::daily {

// The data dates of the stored runs, seen from this run's data date.
struct RunDates {
  std::optional<Date> previous;  // the latest stored data date before data_date
  std::optional<Date> latest;    // the latest stored data date (a later one: a backdated run)
};
RunDates run_dates(const std::vector<store::RunRecord>& runs, Date data_date);
// The book's date: the data date of the latest stored run (nullopt before the first run).
// The trader's facts and `position list` replay the book up to it.
std::optional<Date> book_date(const std::vector<store::RunRecord>& runs);

struct BookSelection {
  std::vector<BookPosition> live;     // replayed by plan_day
  std::vector<BookPosition> settled;  // CLOSED on or before `previous`: their P&L counts
  std::vector<BookPosition> recent;   // listed as RECENT SIGNALS
  std::vector<std::string> warnings;
};

// From every position signalled up to the market date: a position is live unless it was
// CLOSED on or before the previous run's data date (settled; one closed since is reported as a
// sale again) or SKIPPED (never replayed again); it is recent when signalled on or after
// `recent_from`. A position of a symbol without
// bars in this run (not in the universe, or no prices) is neither, and a warning when not
// CLOSED. Pure.
BookSelection select_positions(const std::vector<BookPosition>& book, const Market& market,
                               std::optional<Date> previous, Date recent_from, Events& events);

// What the run will store and show about the book.
struct BookDay {
  signals::DayPlan plan;
  std::vector<BookPosition> recent;  // the recent signals, this run's new positions included
  std::vector<std::string> warnings;
  std::optional<Date> previous;  // the previous run's data date (none: the first run)
};

// Reads the runs and the book from `db`, selects the positions and plans the day.
Result<BookDay> plan_book(store::Database& db, const RunSetup& setup, const Market& market,
                          const Analysis& analysis, Events& events);

}  // namespace kiss::daily
