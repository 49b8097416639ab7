#include "util/position.h"

#include <gtest/gtest.h>

namespace kiss {
namespace {

TEST(BookPosition, StatusNamesRoundTrip) {
  EXPECT_EQ(to_string(PositionStatus::kPending), "PENDING");
  EXPECT_EQ(to_string(PositionStatus::kOpen), "OPEN");
  EXPECT_EQ(to_string(PositionStatus::kClosed), "CLOSED");
  EXPECT_EQ(to_string(PositionStatus::kSkipped), "SKIPPED");
  for (PositionStatus s : {PositionStatus::kPending, PositionStatus::kOpen, PositionStatus::kClosed,
                           PositionStatus::kSkipped}) {
    EXPECT_EQ(parse_position_status(to_string(s)), s);
  }
  EXPECT_FALSE(parse_position_status("open"));
  EXPECT_FALSE(parse_position_status(""));
  EXPECT_FALSE(parse_position_status("SKIP"));
}

TEST(BookPosition, OnlyPendingAndOpenHoldCashAndASlot) {
  EXPECT_TRUE(is_active(PositionStatus::kPending));
  EXPECT_TRUE(is_active(PositionStatus::kOpen));
  EXPECT_FALSE(is_active(PositionStatus::kClosed));
  EXPECT_FALSE(is_active(PositionStatus::kSkipped));
}

TEST(PositionFact, KindNamesRoundTrip) {
  EXPECT_EQ(to_string(FactKind::kFill), "fill");
  EXPECT_EQ(to_string(FactKind::kSkip), "skip");
  EXPECT_EQ(to_string(FactKind::kExit), "exit");
  for (FactKind k : {FactKind::kFill, FactKind::kSkip, FactKind::kExit}) {
    EXPECT_EQ(parse_fact_kind(to_string(k)), k);
  }
  EXPECT_FALSE(parse_fact_kind("FILL"));
  EXPECT_FALSE(parse_fact_kind("sell"));
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
  b = a;
  b.terms = "{}";
  EXPECT_NE(a, b);
  b = a;
  b.facts.push_back(PositionFact{});
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace kiss
