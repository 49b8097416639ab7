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

// A report stored before the order ticket, the sales date and the no-buy explanation existed
// reads with their defaults, and renders (report --date of an old run).
TEST(ModelJson, OlderRowsReadWithDefaultsAndRender) {
  const std::string old_row =
      R"({"report_date": 20308, "version": "1.0.0", "config_hash": "h", "run_timestamp": )"
      R"("2025-08-08T18:02:11", "in_sample": false, "results_saved": true, "warnings": [], )"
      R"("new_buys": [{"symbol": "SBIN", "buy_date": 20308, "entry_price": 812.45, )"
      R"("rule_stack": "rsi_oversold", "edge_score": 0.41}], "open_positions": [{"symbol": )"
      R"("TCS", "status": "OPEN", "entry_date": 20300, "entry_price": 3000.0, )"
      R"("current_price": 3030.0, "return_pct": 0.8, "nifty_return_pct": null, )"
      R"("day_in_trade": 6, "hold_period": 20, "rule_stack": "cross"}], "to_sell": [{"symbol": )"
      R"("ITC", "entry_date": 20290, "entry_price": 410.0, "exit_date": 20305, "exit_price": )"
      R"(400.0, "return_pct": -2.6, "nifty_return_pct": 0.1, "days_held": 11, "reason": )"
      R"("stop_loss"}]})";
  auto back = from_json(old_row);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_FALSE(back->sales_since);  // unknown: the report says nothing about it
  EXPECT_TRUE(back->no_buy_reason.empty());
  EXPECT_TRUE(back->nearest.empty());
  EXPECT_TRUE(back->not_taken.empty());
  EXPECT_EQ(back->new_buys.at(0).shares, 0);
  EXPECT_EQ(back->new_buys.at(0).stack_words, "");
  EXPECT_FALSE(back->new_buys.at(0).stop);
  EXPECT_EQ(back->open_positions.at(0).shares, 0);
  EXPECT_FALSE(back->open_positions.at(0).recorded_fill);
  EXPECT_FALSE(back->to_sell.at(0).exit_due);
  const std::string md = render_markdown(*back);
  // No ticket: the order cells say "-" rather than inventing shares.
  EXPECT_NE(md.find("| SBIN   | 2025-08-08  | -     |"), std::string::npos) << md;
  EXPECT_NE(md.find("stop hit during the day: sold at the stop"), std::string::npos) << md;
  EXPECT_EQ(md.find("Since the previous report"), std::string::npos) << md;
  EXPECT_FALSE(render_html(*back).empty());
}

// The new keys survive the round trip.
TEST(ModelJson, QuietDayRoundTrips) {
  DailyReport quiet = testing::quiet_report();
  quiet.sales_since = testing::d(2025, 8, 7);
  auto back = from_json(to_json(quiet));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->no_buy_reason, quiet.no_buy_reason);
  ASSERT_EQ(back->nearest.size(), 2U);
  EXPECT_EQ(back->nearest[0].why, "entry true on 2025-08-06 (2 bars ago)");
  EXPECT_EQ(back->nearest[0].last_entry, testing::d(2025, 8, 6));
  EXPECT_EQ(back->sales_since, testing::d(2025, 8, 7));
  EXPECT_EQ(from_json(to_json(testing::empty_report()))->sales_since, 0);  // first run: 0
  EXPECT_EQ(render_markdown(*back), render_markdown(quiet));
  const DailyReport full = testing::full_report();
  auto again = from_json(to_json(full));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->new_buys.at(0).stack_words, full.new_buys.at(0).stack_words);
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
