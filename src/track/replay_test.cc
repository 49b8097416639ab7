// The fast path of the track record changes nothing (docs/track-record.md):
// - LatestSignalScanner::at(n) gives, for every day, what discover_stock on the first n bars
//   gives for the signal stack and today's signal (the inputs a day's NEW BUY depends on
//   besides the stored figures, which the replay takes from discover_stock itself on a day with
//   an entry);
// - the whole replay (every day's book and every position) is bit for bit the same with the
//   fast path and with a full discovery of every stock on every day, and for any thread count.
// The e2e test (tests/e2e/track_record_test.cc) checks the replay against `run` itself.
#include "track/replay.h"

#include <gtest/gtest.h>

#include <cstring>

#include "backtest/discovery.h"
#include "track/test_sample.h"

namespace kiss::track {
namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(FastPath, ScannerEqualsDiscoveryOnTruncatedBarsEveryDay) {
  const testing::W1 w1;
  const Bars bench = testing::sample_benchmark();
  int exact = 0, entries = 0, stacks = 0;
  for (const std::string symbol : {"RELIANCE", "ICICIBANK", "POWERGRID", "TATAMOTORS", "ITC"}) {
    const Bars stock = testing::sample_stock(symbol);
    auto scanner = LatestSignalScanner::create(stock, &bench, w1.rules, w1.config);
    ASSERT_TRUE(scanner) << scanner.error().to_string();
    // Every day from before the first training window fits to the end.
    for (std::size_t n = 400; n <= stock.size(); n += (n < 520 ? 1 : 3)) {
      SCOPED_TRACE(symbol + " first " + std::to_string(n) + " bars");
      auto latest = (*scanner)->at(static_cast<int>(n));
      ASSERT_TRUE(latest) << latest.error().to_string();
      const Bars cut = testing::first_bars(stock, n);
      Bars bench_cut = bench;
      bench_cut.truncate_after(cut.date.back());
      auto r = discover_stock(cut, &bench_cut, w1.rules, w1.config);
      ASSERT_TRUE(r) << r.error().to_string();
      if (!latest->exact) {
        continue;  // the replay runs discover_stock itself on such a day
      }
      ++exact;
      ASSERT_TRUE(r->ok) << r->skip_reason;
      ASSERT_EQ(latest->has_signal_stack, r->has_signal_stack);
      if (!r->has_signal_stack) continue;
      ++stacks;
      EXPECT_EQ(latest->signal_stack.name(), r->signal_stack.name());
      const TodaySignal& a = latest->today;
      const TodaySignal& b = r->today;
      EXPECT_EQ(a.entry, b.entry);
      EXPECT_EQ(a.bar_index, b.bar_index);
      EXPECT_EQ(a.date, b.date);
      EXPECT_TRUE(same_bits(a.close, b.close));
      EXPECT_TRUE(same_bits(a.sizing_atr, b.sizing_atr));
      EXPECT_TRUE(same_bits(a.atr_multiple, b.atr_multiple));
      EXPECT_EQ(a.shares, b.shares);
      ASSERT_EQ(a.level_atr.size(), b.level_atr.size());
      for (std::size_t i = 0; i < a.level_atr.size(); ++i) {
        EXPECT_TRUE(same_bits(a.level_atr[i], b.level_atr[i]));
      }
      EXPECT_EQ(a.indicator_exits, b.indicator_exits);
      entries += b.entry ? 1 : 0;
    }
  }
  EXPECT_GT(exact, 1000);
  EXPECT_GT(stacks, 500);
  EXPECT_GT(entries, 5);  // the comparison covers days with a signal too
}

void expect_same(const Record& a, const Record& b) {
  ASSERT_EQ(a.days.size(), b.days.size());
  for (std::size_t k = 0; k < a.days.size(); ++k) {
    SCOPED_TRACE("day " + format_date(a.days[k].date));
    const DayRow& x = a.days[k];
    const DayRow& y = b.days[k];
    EXPECT_EQ(x.date, y.date);
    EXPECT_TRUE(same_bits(x.equity, y.equity));
    EXPECT_TRUE(same_bits(x.cash, y.cash));
    EXPECT_TRUE(same_bits(x.book_equity, y.book_equity));
    EXPECT_TRUE(same_bits(x.held_value, y.held_value));
    EXPECT_EQ(x.open_positions, y.open_positions);
    EXPECT_EQ(x.new_buys, y.new_buys);
    EXPECT_EQ(x.sales, y.sales);
    EXPECT_TRUE(same_bits(x.nifty, y.nifty));
    EXPECT_TRUE(same_bits(x.buy_hold, y.buy_hold));
  }
  EXPECT_EQ(a.positions, b.positions);  // every field, doubles compared exactly
}

TEST(FastPath, ReplayEqualsFullDiscoveryEveryDayForAnyThreadCount) {
  const testing::W1 w1;
  const Bars bench = testing::sample_benchmark();
  std::vector<Bars> stocks;
  for (const std::string& s : testing::sample_symbols()) stocks.push_back(testing::sample_stock(s));
  Inputs in;
  in.config = &w1.config;
  in.rules = &w1.rules;
  for (const Bars& s : stocks) in.stocks.push_back(&s);
  in.benchmark = &bench;
  in.from = days_from_civil(2025, 3, 1);
  in.to = days_from_civil(2025, 6, 30);
  in.jobs = 2;
  in.fast = false;
  auto slow = replay(in);
  ASSERT_TRUE(slow) << slow.error().to_string();
  in.fast = true;
  auto fast = replay(in);
  ASSERT_TRUE(fast) << fast.error().to_string();
  in.jobs = 1;
  auto fast1 = replay(in);
  ASSERT_TRUE(fast1) << fast1.error().to_string();
  EXPECT_GT(slow->days.size(), 70u);
  int closed = 0;
  for (const BookPosition& p : slow->positions) closed += p.status == PositionStatus::kClosed;
  EXPECT_GE(closed, 5);  // a period where the book trades
  expect_same(*slow, *fast);
  expect_same(*fast, *fast1);
}

TEST(Replay, TradingDaysAreTheStocksDatesInTheRange) {
  Bars a, b;
  a.push_back(10, 1, 1, 1, 1, 1);
  a.push_back(12, 1, 1, 1, 1, 1);
  a.push_back(14, 1, 1, 1, 1, 1);
  b.push_back(11, 1, 1, 1, 1, 1);
  b.push_back(12, 1, 1, 1, 1, 1);
  b.push_back(20, 1, 1, 1, 1, 1);
  EXPECT_EQ(trading_days({&a, &b}, 11, 14), (std::vector<Date>{11, 12, 14}));
  EXPECT_TRUE(trading_days({&a, &b}, 15, 19).empty());
}

TEST(Replay, NoTradingDayIsAnError) {
  const testing::W1 w1;
  const Bars stock = testing::sample_stock("ITC");
  Inputs in;
  in.config = &w1.config;
  in.rules = &w1.rules;
  in.stocks = {&stock};
  in.from = days_from_civil(2031, 1, 1);
  in.to = days_from_civil(2031, 2, 1);
  auto r = replay(in);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no trading day"), std::string::npos);
}

}  // namespace
}  // namespace kiss::track
