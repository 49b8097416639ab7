#include "report/model_json.h"

#include <gtest/gtest.h>

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

TEST(ModelJson, GarbageIsAnErrorNamingTheColumn) {
  auto r = from_json("{\"report_date\": 1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "runs.report_json");
}

}  // namespace
}  // namespace kiss::report
