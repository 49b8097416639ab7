// The charts of the daily report model (report_model.cc): the bars' candles and volume over the
// last 120 bars, the stack's indicator lines, and NIFTY over the stack's invested days.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "daily/report_model.h"

namespace kiss::daily {
namespace {

RuleInstance rule(const std::string& name, const std::string& type,
                  std::map<std::string, double> params) {
  RuleInstance r;
  r.name = name;
  r.type = type;
  r.params = std::move(params);
  return r;
}

// 130 bars (closes 100..229, open = close - 1, high + 2, low - 2, volume 1000 + i); NIFTY on the
// last five dates closes 100, 110, 99, 99, 108.9; the stack's one trade holds the stock from
// the second to the third of those dates.
struct Fixture {
  Fixture() {
    stock.symbol = "ABC";
    bench.symbol = "NIFTY";
    for (int i = 0; i < 130; ++i) {
      const double c = 100 + i;
      stock.push_back(19000 + i, c - 1, c + 2, c - 3, c, 1000 + i);
    }
    const double nifty[] = {100, 110, 99, 99, 108.9};
    for (int k = 0; k < 5; ++k) {
      const Date d = 19125 + k;
      bench.push_back(d, nifty[k], nifty[k], nifty[k], nifty[k], 1);
      result.equity_dates.push_back(d);
      result.equity.push_back(1000 + k);
    }
    Trade t;
    t.entry_date = 19126;
    t.exit_date = 19127;
    result.result.trades.push_back(t);
    result.symbol = "ABC";
    result.ok = true;
    result.has_signal_stack = true;
    result.signal_stack.entries.push_back(
        rule("x", "sma_crossover", {{"fast_period", 3}, {"slow_period", 5}}));
    results.push_back(result);

    BookPosition p;
    p.symbol = "ABC";
    p.signal_date = 19129;
    p.rule_stack = result.signal_stack.rule_names();
    p.stop_level = 200;
    plan.charted.push_back(p);

    in.data_date = 19129;
    in.config = &config;
    in.plan = &plan;
    in.results = &results;
    in.bars["ABC"] = &stock;
    in.benchmark = &bench;
  }
  Bars stock, bench;
  StockResult result;
  std::vector<StockResult> results;
  Config config;
  signals::DayPlan plan;
  ReportInputs in;
};

TEST(ReportModelChart, CandlesAndVolumeOfTheLast120Bars) {
  Fixture f;
  const report::DailyReport r = build_daily_report(f.in);
  ASSERT_EQ(r.charts.size(), 1u);
  const report::PriceChart& c = r.charts[0];
  ASSERT_EQ(c.dates.size(), 120u);
  ASSERT_EQ(c.open.size(), 120u);
  ASSERT_EQ(c.high.size(), 120u);
  ASSERT_EQ(c.low.size(), 120u);
  ASSERT_EQ(c.volume.size(), 120u);
  EXPECT_EQ(c.dates[0], 19010);  // bars 10..129
  EXPECT_DOUBLE_EQ(c.open[0], 109);
  EXPECT_DOUBLE_EQ(c.high[0], 112);
  EXPECT_DOUBLE_EQ(c.low[0], 107);
  EXPECT_DOUBLE_EQ(c.volume[119], 1129);
}

// The stack's SMA 3 and SMA 5, over the same window: SMA 3 on bar 10 = (108 + 109 + 110) / 3.
TEST(ReportModelChart, TheStacksLines) {
  Fixture f;
  const report::PriceChart c = build_daily_report(f.in).charts.at(0);
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[0].name, "SMA 3");
  EXPECT_EQ(c.lines[1].name, "SMA 5");
  ASSERT_EQ(c.lines[0].values.size(), 120u);
  EXPECT_DOUBLE_EQ(c.lines[0].values[0], 109);
  EXPECT_DOUBLE_EQ(c.lines[1].values[119], 227);  // (225 + ... + 229) / 5
}

// A position whose stack is unknown (other rule names, no terms, no rules file) has no lines.
TEST(ReportModelChart, UnknownStackDrawsNoLines) {
  Fixture f;
  f.plan.charted[0].rule_stack = {"something_else"};
  EXPECT_TRUE(build_daily_report(f.in).charts.at(0).lines.empty());
}

// Invested on dates 2 and 3 of 5 (the trade's entry and exit dates): 2 of the 4 days after the
// first, 50%. NIFTY compounds on those days only: 100, 100 x 110/100 = 110, 110 x 99/110 = 99,
// then flat (99, 99) while the stack is in cash, where buy and hold would end at 108.9.
TEST(ReportModelChart, NiftyOverTheInvestedDays) {
  Fixture f;
  const report::PriceChart c = build_daily_report(f.in).charts.at(0);
  EXPECT_DOUBLE_EQ(c.exposure_pct, 50.0);
  ASSERT_EQ(c.benchmark.size(), 5u);
  EXPECT_DOUBLE_EQ(c.benchmark[0], 100);
  EXPECT_DOUBLE_EQ(c.benchmark[1], 110);
  EXPECT_DOUBLE_EQ(c.benchmark[2], 99);
  EXPECT_DOUBLE_EQ(c.benchmark[3], 99);
  EXPECT_DOUBLE_EQ(c.benchmark[4], 99);
  EXPECT_DOUBLE_EQ(c.equity[4], 1004.0 / 1000.0 * 100.0);
}

// A date NIFTY has no bar for breaks its line and does not compound.
TEST(ReportModelChart, NiftyGapIsNaN) {
  Fixture f;
  Bars gap;
  gap.symbol = "NIFTY";
  for (std::size_t k = 0; k < f.bench.size(); ++k) {
    if (k == 2) continue;
    gap.push_back(f.bench.date[k], f.bench.close[k], f.bench.close[k], f.bench.close[k],
                  f.bench.close[k], 1);
  }
  f.in.benchmark = &gap;
  const report::PriceChart c = build_daily_report(f.in).charts.at(0);
  EXPECT_DOUBLE_EQ(c.benchmark[1], 110);
  EXPECT_TRUE(std::isnan(c.benchmark[2]));
  EXPECT_DOUBLE_EQ(c.benchmark[3], 110);  // day 3: invested, but no previous NIFTY close
  EXPECT_DOUBLE_EQ(c.benchmark[4], 110);
}

}  // namespace
}  // namespace kiss::daily
