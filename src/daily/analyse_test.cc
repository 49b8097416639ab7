#include "daily/analyse.h"

#include <gtest/gtest.h>

#include "daily/test_support.h"

namespace kiss::daily {
namespace {

TEST(Analyse, TextCountsSymbolsTimeAndStrategies) {
  Analysis a;
  a.results.resize(3);
  a.with_strategy = 2;
  a.seconds = 1.234;
  EXPECT_EQ(analysis_text(a), "Strategies analysed: 3 symbols in 1.23 s (2 with a valid strategy)");
}

// The sample's RELIANCE and TCS through the W1 rules, on a clock that stands still: the time is
// the clock's, and every result comes back in the market's order.
TEST(Analyse, AnalysesEveryStockInOrderOnTheGivenClock) {
  testing::DailyProject p("RELIANCE\nTCS\n");
  Request r;
  r.config_path = p.config_path;
  r.rules_path = p.rules_path;
  auto setup = load_setup(r);
  ASSERT_TRUE(setup) << setup.error().to_string();
  Market m;
  m.loaded.resize(3);
  m.loaded[0].symbol = "RELIANCE";
  m.loaded[1].symbol = "TCS";
  m.loaded[2].symbol = "^NSEI";    // the W1 rules' market filter reads it
  for (int i = 0; i < 300; ++i) {  // a steady rise
    const double p = 100.0 + i;
    for (Bars& b : m.loaded) b.push_back(days_from_civil(2024, 1, 1) + i, p, p + 1, p - 1, p, 1000);
  }
  m.stocks = {&m.loaded[0], &m.loaded[1]};
  m.benchmark = &m.loaded[2];
  testing::RecordingEvents ev;
  const FixedClock clock(utc_instant(days_from_civil(2025, 8, 8)));
  auto a = analyse(*setup, m, clock, ev);
  ASSERT_TRUE(a) << a.error().to_string();
  ASSERT_EQ(a->results.size(), 2u);
  EXPECT_EQ(a->results[0].symbol, "RELIANCE");
  EXPECT_EQ(a->results[1].symbol, "TCS");
  EXPECT_EQ(a->seconds, 0.0);
  int skipped = 0;
  for (const StockResult& s : a->results) skipped += s.ok ? 0 : 1;
  EXPECT_EQ(a->warnings.size(), static_cast<std::size_t>(skipped));
}

}  // namespace
}  // namespace kiss::daily
