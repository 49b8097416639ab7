#include "daily/book.h"

#include <gtest/gtest.h>

#include "daily/test_support.h"

namespace kiss::daily {
namespace {

const Date kD = days_from_civil(2025, 4, 24);

store::RunRecord run_on(std::optional<Date> d) {
  store::RunRecord r;
  r.data_as_of = d;
  return r;
}

TEST(RunDates, PreviousIsTheLatestBeforeAndLatestIsTheLatestOfAll) {
  const std::vector<store::RunRecord> runs{run_on(kD - 3), run_on(std::nullopt), run_on(kD + 2),
                                           run_on(kD - 1), run_on(kD)};
  const RunDates d = run_dates(runs, kD, kD + 10);
  EXPECT_EQ(d.previous, kD - 1);
  EXPECT_EQ(d.latest, kD + 2);
  EXPECT_TRUE(d.future.empty());
  const RunDates none = run_dates({}, kD, kD);
  EXPECT_FALSE(none.previous);
  EXPECT_FALSE(none.latest);
}

// A run dated after today (stored by a version that accepted --freeze-data 2099-01-01) would
// make every later run "backdated", so that none records its buys: it is left out of the
// dates, listed, and its warning names it.
TEST(RunDates, RunsDatedAfterTodayAreLeftOutAndListed) {
  store::RunRecord poisoned = run_on(days_from_civil(2099, 1, 1));
  poisoned.id = 7;
  poisoned.run_timestamp = "2026-11-30T10:00:00.000Z";
  const std::vector<store::RunRecord> runs{run_on(kD - 1), poisoned, run_on(kD + 1)};
  const RunDates d = run_dates(runs, kD, kD + 1);
  EXPECT_EQ(d.previous, kD - 1);
  EXPECT_EQ(d.latest, kD + 1);  // today itself is fine
  ASSERT_EQ(d.future.size(), 1u);
  EXPECT_EQ(d.future[0].id, 7);
  EXPECT_EQ(book_date(runs, kD + 1), kD + 1);
  EXPECT_EQ(book_date(runs, kD), kD - 1);
  EXPECT_EQ(future_run_warning(poisoned, kD),
            "run 7 (2026-11-30T10:00:00.000Z) is dated 2099-01-01, after today (2025-04-24, "
            "Asia/Kolkata): the book ignores it (an earlier version accepted dates in the future)");
}

BookPosition position(const std::string& symbol, PositionStatus status, Date signal,
                      std::optional<Date> exit = std::nullopt) {
  BookPosition p;
  p.symbol = symbol;
  p.status = status;
  p.signal_date = signal;
  p.exit_date = exit;
  return p;
}

TEST(SelectPositions, LiveRecentAndUnknownSymbols) {
  Bars bars;
  Market m;
  m.bars_of["A"] = &bars;
  m.bars_of["B"] = &bars;
  const std::vector<BookPosition> book{
      position("A", PositionStatus::kClosed, kD - 30, kD - 2),  // closed before the previous run
      position("A", PositionStatus::kClosed, kD - 20, kD - 1),  // closed on the previous run's date
      position("B", PositionStatus::kClosed, kD - 5, kD),       // closed since: a sale again
      position("B", PositionStatus::kOpen, kD - 2),
      position("C", PositionStatus::kOpen, kD - 3),            // no bars in this run
      position("D", PositionStatus::kClosed, kD - 3, kD - 2),  // no bars, but closed: silent
  };
  testing::RecordingEvents ev;
  const BookSelection s = select_positions(book, m, kD - 1, kD - 5, ev);
  ASSERT_EQ(s.live.size(), 2u);
  EXPECT_EQ(s.live[0], book[2]);
  EXPECT_EQ(s.live[1], book[3]);
  ASSERT_EQ(s.recent.size(), 2u);  // signalled on or after kD - 5
  EXPECT_EQ(s.recent[0], book[2]);
  EXPECT_EQ(s.recent[1], book[3]);
  const std::vector<std::string> warning{
      "C: open position not updated: the symbol is not in the universe or has no prices"};
  EXPECT_EQ(s.warnings, warning);
  EXPECT_EQ(ev.warnings, warning);
}

TEST(SelectPositions, WithoutAPreviousRunEveryPositionIsLive) {
  Bars bars;
  Market m;
  m.bars_of["A"] = &bars;
  const std::vector<BookPosition> book{position("A", PositionStatus::kClosed, kD - 30, kD - 20)};
  testing::RecordingEvents ev;
  const BookSelection s = select_positions(book, m, std::nullopt, kD, ev);
  EXPECT_EQ(s.live, book);
  EXPECT_TRUE(s.recent.empty());
}

}  // namespace
}  // namespace kiss::daily
