#include "util/date.h"

#include <gtest/gtest.h>

#include "util/bars.h"
#include "util/error.h"

namespace kiss {
namespace {

TEST(Date, EpochAndKnownDays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(format_date(days_from_civil(2024, 2, 29)), "2024-02-29");
  EXPECT_EQ(weekday(days_from_civil(2020, 11, 14)), 5);  // the Saturday Muhurat session
  const Date fri = days_from_civil(2025, 8, 8);
  EXPECT_EQ(weekdays_after(fri, fri), 0);
  EXPECT_EQ(weekdays_after(fri, fri - 3), 0);
  EXPECT_EQ(weekdays_after(fri, fri + 2), 0);       // Saturday, Sunday
  EXPECT_EQ(weekdays_after(fri, fri + 3), 1);       // Monday
  EXPECT_EQ(weekdays_after(fri, fri + 7), 5);       // the next Friday
  EXPECT_EQ(weekdays_after(fri, fri + 16), 10);     // the Sunday two weeks on
  EXPECT_EQ(weekdays_after(fri - 1, fri + 10), 7);  // Thursday to the Monday after next
}

TEST(Date, RoundTripsEveryDayOf50Years) {
  for (Date d = days_from_civil(1990, 1, 1); d < days_from_civil(2040, 1, 1); ++d) {
    const Civil c = civil_from_days(d);
    ASSERT_TRUE(is_valid_civil(c.year, c.month, c.day));
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), d);
    ASSERT_EQ(parse_iso_date(format_date(d)), d);
  }
}

TEST(Date, RejectsMalformed) {
  EXPECT_FALSE(parse_iso_date("2023-02-29"));
  EXPECT_FALSE(parse_iso_date("2023-13-01"));
  EXPECT_FALSE(parse_iso_date("2023-1-01"));
  EXPECT_FALSE(parse_iso_date("2023/01/01"));
  EXPECT_FALSE(parse_iso_date(""));
  EXPECT_TRUE(parse_iso_date("2024-02-29"));
}

TEST(Bars, AlignByDateLeavesGapsAsMinusOne) {
  Bars stock, index;
  for (int d : {1, 2, 3, 5, 6}) stock.push_back(d, 1, 1, 1, 1, 0);
  for (int d : {1, 3, 4, 6}) index.push_back(d, 1, 1, 1, 1, 0);
  EXPECT_EQ(align_by_date(stock, index), (std::vector<int>{0, -1, 1, -1, 3}));
}

TEST(Bars, TruncateAfterKeepsBarsUpToTheDate) {
  Bars b;
  for (int d : {10, 11, 14, 15}) b.push_back(d, 1, 2, 0.5, 1, 10);
  b.truncate_after(14);
  EXPECT_EQ(b.size(), 3u);
  EXPECT_EQ(b.close.size(), 3u);
  EXPECT_EQ(b.lower_bound(11), 1u);
}

TEST(Error, FormatsFileLineColumnKey) {
  Error e{"config.yaml",      12, 3, "hold_perod", "unknown key (did you mean 'hold_period'?)",
          ExitCode::kBadInput};
  EXPECT_EQ(e.to_string(),
            "config.yaml:12:3: hold_perod: unknown key (did you mean 'hold_period'?)");
  Error bare{"", 0, 0, "", "boom", ExitCode::kBadInput};
  EXPECT_EQ(bare.to_string(), "boom");
}

}  // namespace
}  // namespace kiss

#include "util/text.h"

namespace kiss {
namespace {

TEST(Text, ShortestNumberReadsBackExactly) {
  EXPECT_EQ(shortest_number(20), "20");
  EXPECT_EQ(shortest_number(0.005), "0.005");
  EXPECT_EQ(shortest_number(-1.5), "-1.5");
  EXPECT_EQ(std::strtod(shortest_number(0.1 + 0.2).c_str(), nullptr), 0.1 + 0.2);
}

TEST(Text, JoinPutsTheSeparatorBetweenParts) {
  EXPECT_EQ(join({"a", "b", "c"}, '+'), "a+b+c");
  EXPECT_EQ(join({}, '+'), "");
}

TEST(Text, SplitIsTheInverseOfJoin) {
  EXPECT_EQ(split("a+b+c", '+'), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(split("", ','), (std::vector<std::string>{""}));
  EXPECT_EQ(split("a,,b,", ','), (std::vector<std::string>{"a", "", "b", ""}));
  EXPECT_EQ(join(split("x+y", '+'), '+'), "x+y");
}

}  // namespace
}  // namespace kiss
