// When nothing is bought: the one line and the nearest candidates (signals/nearest.h), on
// hand-made StockResults whose recent bars say what the stack did.
#include "signals/nearest.h"

#include <gtest/gtest.h>

#include "signals/test_support.h"

namespace kiss::signals {
namespace {

using testing::acme;
using testing::day;
using testing::nifty;
using testing::SignalFixture;
using testing::stock_result;

// The filter of the market: NIFTY above its 5-bar SMA.
constexpr const char* kMarketRules = R"(context_filters:
  - name: nifty_up
    type: market_above_sma
    params: {index_symbol: "^NSEI", period: 5}
baseline:
  name: cross
  type: sma_crossover
  params: {fast_period: 2, slow_period: 3}
exit_conditions:
  - name: stop5
    type: stop_loss_pct
    params: {percentage: 0.05}
)";

// Recent bars of a StockResult ending at its last bar: `entry` and `own` oldest first.
void recent(StockResult& r, const Bars& b, std::vector<std::uint8_t> entry,
            std::vector<std::uint8_t> own, std::vector<std::string> off = {}) {
  const std::size_t n = b.size();
  for (std::size_t i = n - entry.size(); i < n; ++i) r.today.recent_dates.push_back(b.date[i]);
  r.today.recent_entry = std::move(entry);
  r.today.recent_stack_only = std::move(own);
  r.today.filters_off = std::move(off);
}

DayInput input(const SignalFixture& f, const std::vector<StockResult>& results, const Bars* bench,
               Date date) {
  DayInput in;
  in.data_date = date;
  in.results = &results;
  in.benchmark = bench;
  in.rules = &f.rules;
  in.config = &f.config;
  in.min_trades = 10;
  return in;
}

// NIFTY closes 1000 on bars 0..19 and 995 on bar 20: its 5-bar SMA on bar 20 is
// (4 × 1000 + 995) / 5 = 999, above the close, so the market filter is off on day(20) for both
// stocks. A (edge 0.62, 12 trades) had its entry on bar 18 (2 bars ago); B (edge 0.70) had the
// stack's own entry true today, blocked by the filter; C never fired; D (edge 0.31) fired
// yesterday but is below the threshold.
TEST(Nearest, MarketFilterOffSaysItsNumbersAndListsTheNearest) {
  SignalFixture f(kMarketRules);
  const Bars bars = acme(20);
  const Bars bench = nifty(20);
  std::vector<StockResult> results;
  for (const char* s : {"A", "B", "C", "D", "E"}) {
    Bars b = bars;
    b.symbol = s;
    const std::string name = s;
    results.push_back(stock_result(f.rules, b, false,
                                   name == "B"   ? 0.70
                                   : name == "D" ? 0.31
                                   : name == "E" ? 0.60
                                                 : 0.62));
  }
  recent(results[0], bars, {0, 0, 1, 0, 0}, {0, 0, 1, 1, 0}, {"nifty_up"});
  recent(results[1], bars, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 1}, {"nifty_up"});
  recent(results[2], bars, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {"nifty_up"});
  recent(results[3], bars, {0, 0, 0, 1, 0}, {0, 0, 0, 1, 0}, {"nifty_up"});
  // E: only the stack's own entry, three bars ago, when the filters blocked it.
  recent(results[4], bars, {0, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {"nifty_up"});
  const NoBuyExplanation e = explain_no_buys(input(f, results, &bench, day(20)), {}, 0, 0);
  EXPECT_EQ(e.reason,
            "market filter off: ^NSEI 995.00 below its 5-day average 999.00 (nifty_up); 0 of 4 "
            "qualifying stocks could signal on 2024-01-21 (1 had the stack's entry true but was "
            "blocked by the filters)");
  ASSERT_EQ(e.nearest.size(), 4U);
  EXPECT_EQ(e.nearest[0].symbol, "B");
  EXPECT_EQ(e.nearest[0].why, "stack's entry true today, blocked by nifty_up");
  EXPECT_EQ(e.nearest[0].last_entry, 0);
  EXPECT_EQ(e.nearest[1].symbol, "A");
  EXPECT_EQ(e.nearest[1].why, "entry true on 2024-01-19 (2 bars ago)");
  EXPECT_EQ(e.nearest[1].last_entry, day(18));
  EXPECT_EQ(e.nearest[2].symbol, "E");
  EXPECT_EQ(e.nearest[2].why,
            "stack's entry true on 2024-01-18 (3 bars ago), blocked by the filters");
  EXPECT_EQ(e.nearest[2].last_entry, 0);
  EXPECT_EQ(e.nearest[3].symbol, "D");
  EXPECT_EQ(e.nearest[3].why,
            "entry true on 2024-01-20 (1 bar ago); edge score 0.31 below the threshold 0.50");
}

// A held symbol is never a candidate; a day with a buy has no explanation.
TEST(Nearest, HeldSymbolsAndDaysWithBuys) {
  SignalFixture f;
  const Bars bars = acme(20);
  std::vector<StockResult> results{stock_result(f.rules, bars, false)};
  recent(results[0], bars, {0, 0, 0, 1, 0}, {0, 0, 0, 1, 0});
  const DayInput in = input(f, results, nullptr, day(20));
  EXPECT_TRUE(explain_no_buys(in, {"ACME"}, 0, 0).nearest.empty());
  const NoBuyExplanation with_buy = explain_no_buys(in, {}, 1, 0);
  EXPECT_TRUE(with_buy.reason.empty());
  EXPECT_TRUE(with_buy.nearest.empty());
  const NoBuyExplanation quiet = explain_no_buys(in, {}, 0, 0);
  EXPECT_EQ(quiet.reason, "0 of 1 qualifying stock could signal on 2024-01-21");
  ASSERT_EQ(quiet.nearest.size(), 1U);
}

// No stack qualifies: the line names both thresholds; a NOT TAKEN signal is named instead.
TEST(Nearest, NothingQualifiesOrNotTaken) {
  SignalFixture f;
  const Bars bars = acme(20);
  std::vector<StockResult> results{stock_result(f.rules, bars, true, 0.62, 3)};
  recent(results[0], bars, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1});
  const DayInput in = input(f, results, nullptr, day(20));
  const NoBuyExplanation e = explain_no_buys(in, {}, 0, 0);
  EXPECT_EQ(e.reason,
            "none of the 1 stock has a stack that qualifies (edge score at least 0.50 and at "
            "least 10 out-of-sample trades)");
  ASSERT_EQ(e.nearest.size(), 1U);
  EXPECT_EQ(e.nearest[0].why, "entry true today; 3 out-of-sample trades, below the minimum 10");
  EXPECT_EQ(explain_no_buys(in, {}, 0, 2).reason, "2 signals could not be taken (see NOT TAKEN)");
}

}  // namespace
}  // namespace kiss::signals
