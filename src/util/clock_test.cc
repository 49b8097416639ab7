#include "util/clock.h"

#include <gtest/gtest.h>

#include <regex>

#include "util/version.h"

namespace kiss {
namespace {

TEST(Clock, FixedClockFormatsAndAdvances) {
  FixedClock c(utc_instant(days_from_civil(2025, 8, 8), 12, 30, 5));
  EXPECT_EQ(utc_timestamp(c), "2025-08-08T12:30:05Z");
  EXPECT_EQ(utc_timestamp_ms(c), "2025-08-08T12:30:05.000Z");
  const auto s0 = c.steady();
  c.advance(std::chrono::milliseconds(1234));
  EXPECT_EQ(utc_timestamp_ms(c), "2025-08-08T12:30:06.234Z");
  EXPECT_EQ(c.steady() - s0, std::chrono::milliseconds(1234));
}

// The exchange's day starts at 18:30 UTC the evening before (UTC + 5:30).
TEST(Clock, ExchangeTodayIsIndianTime) {
  const Date d = days_from_civil(2025, 8, 8);
  EXPECT_EQ(exchange_today(FixedClock(utc_instant(d, 18, 29, 59))), d);
  EXPECT_EQ(exchange_today(FixedClock(utc_instant(d, 18, 30, 0))), d + 1);
  EXPECT_EQ(exchange_today(FixedClock(utc_instant(d, 18, 30, 0)), 0), d);
}

TEST(Clock, SystemClockIsNow) {
  const SystemClock c;
  const Date today = exchange_today(c, 0);
  EXPECT_GT(today, days_from_civil(2025, 1, 1));
  EXPECT_TRUE(std::regex_match(utc_timestamp_ms(c),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
}

TEST(Version, IsTheProjectVersion) {
  EXPECT_EQ(version(), KISS_PROJECT_VERSION);
  EXPECT_TRUE(std::regex_match(version(), std::regex(R"(\d+\.\d+\.\d+)")));
}

}  // namespace
}  // namespace kiss
