#include "data/validate.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kiss::data {
namespace {

const Date kStart = days_from_civil(2024, 1, 1);  // a Monday

Row row(Date d, double close, int line, std::uint32_t file = 0) {
  Row r;
  r.date = d;
  r.open = close;
  r.high = close + 1;
  r.low = close - 1;
  r.close = close;
  r.volume = 1000;
  r.adj_close = std::nan("");
  r.line = line;
  r.file = file;
  return r;
}

// n rows on consecutive calendar days, close 100, lines 2.. of file 0.
std::vector<Row> daily(std::size_t n, Date start = kStart, int first_line = 2) {
  std::vector<Row> rows;
  for (std::size_t i = 0; i < n; ++i)
    rows.push_back(row(start + static_cast<Date>(i), 100, first_line + static_cast<int>(i)));
  return rows;
}

std::vector<std::string> texts(const Validated& v) {
  std::vector<std::string> out;
  for (const Issue& i : v.issues) out.push_back(i.to_string());
  return out;
}

const std::vector<std::string> kFiles = {"a.csv", "b.csv"};

TEST(Validate, CleanSeriesPassesUnchanged) {
  Validated v = validate_symbol("M&M", daily(100), kFiles, {});
  ASSERT_TRUE(v.data.has_value());
  EXPECT_TRUE(v.issues.empty());
  EXPECT_EQ(v.data->bars.size(), 100u);
  EXPECT_EQ(v.data->bars.symbol, "M&M");
  EXPECT_EQ(v.data->bars.date.front(), kStart);
  EXPECT_EQ(v.data->adj_close.size(), 100u);
}

// A bar dated after today (the exchange's calendar) is an error naming its line and today; the
// rest of the series is kept, so an import fails whole and a refresh stores nothing.
TEST(Validate, ABarAfterTodayIsAnError) {
  ValidateOptions o;
  o.today = kStart + 99;  // the last of 100 daily rows is today: allowed
  Validated ok = validate_symbol("TCS", daily(100), kFiles, o);
  EXPECT_TRUE(ok.issues.empty()) << texts(ok).front();
  std::vector<Row> rows = daily(100);
  rows.push_back(row(days_from_civil(2052, 1, 2), 100, 102));
  Validated v = validate_symbol("TCS", rows, kFiles, o);
  EXPECT_EQ(v.rejected, 1u);
  EXPECT_EQ(texts(v), std::vector<std::string>{
                          "error: a.csv:102: TCS: date 2052-01-02 is after today (2024-04-09, "
                          "Asia/Kolkata): a bar from the future is refused"});
}

TEST(Validate, FewerThan100BarsIsSkippedWithAWarning) {
  Validated v = validate_symbol("JIOFIN", daily(99), kFiles, {});
  EXPECT_FALSE(v.data.has_value());
  EXPECT_EQ(texts(v), std::vector<std::string>{
                          "warning: JIOFIN: only 99 valid bars (fewer than 100): symbol skipped"});
}

TEST(Validate, UnsortedInputIsSortedWithANote) {
  std::vector<Row> rows = daily(100);
  std::swap(rows[10], rows[11]);  // lines 13 then 12
  Validated v = validate_symbol("X", rows, kFiles, {});
  ASSERT_TRUE(v.data.has_value());
  EXPECT_EQ(texts(v), std::vector<std::string>{
                          "note: a.csv:12: X: rows are not in date order (2024-01-11 after "
                          "2024-01-12); sorted by date"});
  for (std::size_t i = 1; i < v.data->bars.size(); ++i)
    EXPECT_LT(v.data->bars.date[i - 1], v.data->bars.date[i]);
}

TEST(Validate, ConflictingDuplicateIsAnErrorNamingBothPlaces) {
  std::vector<Row> rows = daily(100);
  Row dup = row(kStart + 5, 101, 7, 1);  // b.csv:7, other close than a.csv:7
  rows.push_back(dup);
  Validated v = validate_symbol("^NSEI", rows, kFiles, {});
  EXPECT_EQ(v.rejected, 1u);
  EXPECT_EQ(texts(v), std::vector<std::string>{
                          "error: b.csv:7: ^NSEI: date 2024-01-06 appears again with different "
                          "values (first at a.csv:7)"});
  ASSERT_TRUE(v.data.has_value());
  EXPECT_EQ(v.data->bars.size(), 100u);
  EXPECT_EQ(v.data->bars.close[5], 100.0);  // the first one is kept
}

TEST(Validate, IdenticalDuplicatesMergeWithANote) {
  std::vector<Row> rows = daily(100);
  std::vector<Row> second = daily(3, kStart + 98, 2);  // 2 overlap days + 1 new
  for (Row& r : second) r.file = 1;
  rows.insert(rows.end(), second.begin(), second.end());
  Validated v = validate_symbol("^NSEI", rows, kFiles, {});
  EXPECT_EQ(v.merged, 2u);
  EXPECT_EQ(v.rejected, 0u);
  EXPECT_EQ(texts(v), std::vector<std::string>{
                          "note: ^NSEI: 2 duplicate dates with identical values merged"});
  ASSERT_TRUE(v.data.has_value());
  EXPECT_EQ(v.data->bars.size(), 101u);
}

TEST(Validate, GapOfMoreThanSevenDaysWarns) {
  std::vector<Row> rows = daily(100);
  for (std::size_t i = 50; i < rows.size(); ++i) rows[i].date += 7;  // 2024-02-20 -> +8 days
  Validated v = validate_symbol("X", rows, kFiles, {});
  ASSERT_TRUE(v.data.has_value());
  EXPECT_EQ(texts(v), std::vector<std::string>{
                          "warning: a.csv:52: X: gap of 8 calendar days between 2024-02-19 and "
                          "2024-02-27"});
  EXPECT_EQ(v.data->warnings,
            std::vector<std::string>{"a.csv:52: gap of 8 calendar days between 2024-02-19 and "
                                     "2024-02-27"});
}

TEST(Validate, SevenDayGapIsNotAWarning) {
  std::vector<Row> rows = daily(100);
  for (std::size_t i = 50; i < rows.size(); ++i) rows[i].date += 6;
  EXPECT_TRUE(validate_symbol("X", rows, kFiles, {}).issues.empty());
}

TEST(Validate, LargeMoveWarnsNamingTheDate) {
  std::vector<Row> rows = daily(100);
  for (std::size_t i = 60; i < rows.size(); ++i) {
    rows[i] = row(rows[i].date, 50, rows[i].line);  // a 1:1 bonus not adjusted: -50%
  }
  rows[80] = row(rows[80].date, 67.6, rows[80].line);  // +35.2% then -26%: one more warning
  Validated v = validate_symbol("X", rows, kFiles, {});
  ASSERT_TRUE(v.data.has_value());
  EXPECT_EQ(texts(v),
            (std::vector<std::string>{
                "warning: a.csv:62: X: close moved -50.0% on 2024-03-01 (from 100 to 50): "
                "unadjusted split or bonus?",
                "warning: a.csv:82: X: close moved +35.2% on 2024-03-21 (from 50 to 67.6): "
                "unadjusted split or bonus?"}));
}

TEST(Validate, MoveOfExactly35PercentIsFine) {
  std::vector<Row> rows = daily(100);
  for (std::size_t i = 60; i < rows.size(); ++i) rows[i] = row(rows[i].date, 135, rows[i].line);
  EXPECT_TRUE(validate_symbol("X", rows, kFiles, {}).issues.empty());
}

TEST(Validate, ZeroVolumeIsValid) {
  std::vector<Row> rows = daily(100);
  for (Row& r : rows) r.volume = 0;
  Validated v = validate_symbol("^NSEI", rows, kFiles, {});
  ASSERT_TRUE(v.data.has_value());
  EXPECT_TRUE(v.issues.empty());
}

}  // namespace
}  // namespace kiss::data
