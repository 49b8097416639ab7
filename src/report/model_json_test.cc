#include "report/model_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "report/html.h"
#include "report/markdown.h"
#include "report/test_reports.h"

namespace kiss::report {
namespace {

TEST(ModelJson, RoundTripGivesTheSameReportBytes) {
  const DailyReport full = testing::full_report();
  auto back = from_json(to_json(full));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(to_json(*back), to_json(full));
  EXPECT_EQ(render_markdown(*back), render_markdown(full));
  EXPECT_EQ(render_html(*back), render_html(full));
}

TEST(ModelJson, NaNSurvivesAsNull) {
  DailyReport r;
  OpenPosition p;
  p.symbol = "M&M";
  p.nifty_return_pct = std::numeric_limits<double>::quiet_NaN();
  r.open_positions.push_back(p);
  const std::string text = to_json(r);
  EXPECT_NE(text.find("\"nifty_return_pct\":null"), std::string::npos) << text;
  auto back = from_json(text);
  ASSERT_TRUE(back);
  EXPECT_TRUE(std::isnan(back->open_positions.at(0).nifty_return_pct));
  EXPECT_EQ(back->open_positions.at(0).symbol, "M&M");
}

// A report stored before the trade counts existed (no oos_trades / training_trades keys) still
// reads, with both counts 0; a current one keeps them.
TEST(ModelJson, NewBuyTradeCountsAreOptionalKeys) {
  const std::string old_row =
      R"({"report_date": 20308, "version": "1.0.0", "config_hash": "h", "run_timestamp": )"
      R"("2025-08-08T18:02:11", "in_sample": false, "results_saved": true, "warnings": [], )"
      R"("new_buys": [{"symbol": "SBIN", "buy_date": 20308, "entry_price": 812.45, )"
      R"("rule_stack": "rsi_oversold", "edge_score": 0.41}]})";
  auto back = from_json(old_row);
  ASSERT_TRUE(back) << back.error().to_string();
  ASSERT_EQ(back->new_buys.size(), 1u);
  EXPECT_EQ(back->new_buys[0].symbol, "SBIN");
  EXPECT_EQ(back->new_buys[0].edge_score, 0.41);
  EXPECT_EQ(back->new_buys[0].oos_trades, 0);
  EXPECT_EQ(back->new_buys[0].training_trades, 0);

  const DailyReport full = testing::full_report();
  ASSERT_EQ(full.new_buys.at(0).oos_trades, 14);
  auto again = from_json(to_json(full));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->new_buys.at(0).oos_trades, 14);
  EXPECT_EQ(again->new_buys.at(0).training_trades, 9);
}

// A chart stored before the candles (no open/high/low/volume, lines or exposure_pct keys)
// reads with those empty and the exposure NaN, so it draws the close line and NIFTY buy and
// hold; a current one keeps them.
TEST(ModelJson, ChartCandleKeysAreOptional) {
  const std::string old_row =
      R"({"report_date": 20308, "version": "1.0.0", "config_hash": "h", "run_timestamp": )"
      R"("t", "in_sample": false, "results_saved": true, "warnings": [], "charts": [)"
      R"({"symbol": "SBIN", "dates": [20307, 20308], "close": [1, 2], "entry_date": 0, )"
      R"("entry_price": 0, "stop_level": 0, "target_level": 0, "exit_date": 0, )"
      R"("exit_price": 0, "equity_dates": [20308], "equity": [100], "benchmark": [100]}]})";
  auto back = from_json(old_row);
  ASSERT_TRUE(back) << back.error().to_string();
  const PriceChart& c = back->charts.at(0);
  EXPECT_TRUE(c.open.empty());
  EXPECT_TRUE(c.volume.empty());
  EXPECT_TRUE(c.lines.empty());
  EXPECT_TRUE(std::isnan(c.exposure_pct));

  const DailyReport full = testing::full_report();
  auto again = from_json(to_json(full));
  ASSERT_TRUE(again);
  const PriceChart& f = again->charts.at(0);
  EXPECT_EQ(f.open, full.charts[0].open);
  EXPECT_EQ(f.volume, full.charts[0].volume);
  ASSERT_EQ(f.lines.size(), 2u);
  EXPECT_EQ(f.lines[1].name, "SMA 20");
  EXPECT_EQ(f.exposure_pct, 23.6);
}

TEST(ModelJson, GarbageIsAnErrorNamingTheColumn) {
  auto r = from_json("{\"report_date\": 1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "runs.report_json");
}

}  // namespace
}  // namespace kiss::report
