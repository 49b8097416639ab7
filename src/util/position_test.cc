#include "util/position.h"

#include <gtest/gtest.h>

namespace kiss {
namespace {

TEST(BookPosition, StatusNamesRoundTrip) {
  EXPECT_EQ(to_string(PositionStatus::kPending), "PENDING");
  EXPECT_EQ(to_string(PositionStatus::kOpen), "OPEN");
  EXPECT_EQ(to_string(PositionStatus::kClosed), "CLOSED");
  for (PositionStatus s :
       {PositionStatus::kPending, PositionStatus::kOpen, PositionStatus::kClosed}) {
    EXPECT_EQ(parse_position_status(to_string(s)), s);
  }
  EXPECT_FALSE(parse_position_status("open"));
  EXPECT_FALSE(parse_position_status(""));
  EXPECT_FALSE(parse_position_status("SKIPPED"));
}

TEST(BookPosition, EqualityComparesEveryField) {
  BookPosition a;
  a.symbol = "TCS";
  a.rule_stack = {"x"};
  BookPosition b = a;
  EXPECT_EQ(a, b);
  b.run_id = 3;
  EXPECT_NE(a, b);
  b = a;
  b.created_at = "2025-08-08 10:00:00";
  EXPECT_NE(a, b);
  b = a;
  b.rule_stack.push_back("y");
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace kiss
