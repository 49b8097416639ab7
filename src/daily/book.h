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

// The data dates of the stored runs, seen from this run's data date. A run dated after `today`
// (Asia/Kolkata) cannot be right: versions before schema v6 accepted `--freeze-data` and bars in
// the future, and one such run made every later run "backdated", so that none of them recorded
// its buys. Such runs are left out of both dates and listed, and the caller warns.
struct RunDates {
  std::optional<Date> previous;  // the latest stored data date before data_date
  std::string previous_run_at;   // the latest run_timestamp of the runs dated `previous`
  std::optional<Date> latest;    // the latest stored data date (a later one: a backdated run)
  std::vector<store::RunRecord> future;  // runs dated after today, ignored by the book
};
RunDates run_dates(const std::vector<store::RunRecord>& runs, Date data_date, Date today);
// The warning for each run of RunDates::future.
std::string future_run_warning(const store::RunRecord& run, Date today);
// The book's date: the data date of the latest stored run up to today (nullopt before the first
// run). The trader's facts and `position list` replay the book up to it.
std::optional<Date> book_date(const std::vector<store::RunRecord>& runs, Date today);

struct BookSelection {
  std::vector<BookPosition> live;     // replayed by plan_day
  std::vector<BookPosition> settled;  // CLOSED on or before `previous`: their P&L counts
  std::vector<BookPosition> recent;   // listed as RECENT SIGNALS
  std::vector<std::string> warnings;
};

// From every position signalled up to the market date: a position is live unless it was
// CLOSED on or before the previous run's data date (settled; one closed since is reported as a
// sale again) or SKIPPED (never replayed again). A position closed by the trader's exit fact
// recorded after the previous run (`previous_run_at`, ISO-8601 UTC; "": none) is live even
// when the exit is dated earlier, so the next report lists that sale once; it is recent when
// signalled on or after `recent_from`. A position of a symbol without bars in this run (not in the
// universe, or no prices) is neither, and a warning when not CLOSED. Pure.
BookSelection select_positions(const std::vector<BookPosition>& book, const Market& market,
                               std::optional<Date> previous, Date recent_from, Events& events,
                               const std::string& previous_run_at = {});

// What the run will store and show about the book.
struct BookDay {
  signals::DayPlan plan;
  std::vector<BookPosition> recent;  // the recent signals, this run's new positions included
  std::vector<std::string> warnings;
  std::optional<Date> previous;  // the previous run's data date (none: the first run)
};

// Reads the runs and the book from `db`, selects the positions and plans the day. `today`: the
// exchange's date (Asia/Kolkata), to leave out runs dated after it (RunDates).
Result<BookDay> plan_book(store::Database& db, const RunSetup& setup, const Market& market,
                          const Analysis& analysis, Date today, Events& events);

}  // namespace kiss::daily
