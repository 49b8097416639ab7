#include "daily/analyse.h"

#include <gtest/gtest.h>

#include <string>

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
  // One warning per skipped stock and per selected stack below min_trades_threshold.
  std::size_t expected = 0;
  for (const StockResult& s : a->results) {
    expected += (s.ok ? 0 : 1) +
                (few_trades_warning(s, setup->config.min_trades_threshold) ? 1 : 0);
  }
  EXPECT_EQ(a->warnings.size(), expected);
}

// A selected stack below the threshold is a report warning; at the threshold, without a signal
// stack, or skipped, it is not.
TEST(Analyse, FewTradesWarningNamesTheStockStackAndCounts) {
  StockResult r;
  r.symbol = "TCS";
  r.ok = true;
  r.has_signal_stack = true;
  r.result.name = "sma_10_20_crossover+rsi_momentum";
  r.result.metrics.total_trades = 4;
  EXPECT_EQ(few_trades_warning(r, 5).value_or(""),
            "TCS: the selected stack 'sma_10_20_crossover+rsi_momentum' rests on only 4 "
            "out-of-sample trades, below min_trades_threshold 5: it gives no signals");
  EXPECT_FALSE(few_trades_warning(r, 4));  // at the threshold: enough
  r.in_sample = true;
  EXPECT_NE(few_trades_warning(r, 10).value_or("").find("only 4 in-sample trades"),
            std::string::npos);
  r.result.metrics.total_trades = 1;
  EXPECT_NE(few_trades_warning(r, 10).value_or("").find("only 1 in-sample trade, below"),
            std::string::npos);
  r.has_signal_stack = false;
  EXPECT_FALSE(few_trades_warning(r, 10));
  r.has_signal_stack = true;
  r.ok = false;
  EXPECT_FALSE(few_trades_warning(r, 10));
}

}  // namespace
}  // namespace kiss::daily
