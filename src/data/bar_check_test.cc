#include "data/bar_check.h"

#include <limits>

#include <gtest/gtest.h>

namespace kiss::data {
namespace {

std::string problem(double o, double h, double l, double c, double v) {
  return bar_problem(o, h, l, c, v).value_or("ok");
}

TEST(BarCheck, SoundBarsPass) {
  EXPECT_EQ(problem(10, 11, 9, 10.5, 0), "ok");
  EXPECT_EQ(problem(kMinPrice, kMinPrice, kMinPrice, kMinPrice, 1), "ok");  // bounds included
  EXPECT_EQ(problem(kMaxPrice, kMaxPrice, kMaxPrice, kMaxPrice, 1), "ok");
}

TEST(BarCheck, EachProblemIsNamed) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(problem(1e308, inf, 1, 1, 0), "high inf is not a finite number");
  EXPECT_EQ(problem(1, 2, nan, 1, 0), "low nan is not a finite number");
  EXPECT_EQ(problem(-1, 2, 1, 1, 0), "open: price must be positive, found -1");
  EXPECT_EQ(problem(1, 2, 1, 0, 0), "close: price must be positive, found 0");
  EXPECT_EQ(problem(1, 2e9, 1, 1, 0),
            "high 2000000000 is outside the accepted price range [0.0001, 1000000000]");
  EXPECT_EQ(problem(1, 2, 5e-5, 1, 0),
            "low 5e-05 is outside the accepted price range [0.0001, 1000000000]");
  EXPECT_EQ(problem(1, 2, 1, 1, -1), "volume must not be negative, found -1");
  EXPECT_EQ(problem(1, 2, 1, 1, inf), "volume inf is not a finite number");
  EXPECT_EQ(problem(10, 9.5, 9, 9.8, 0), "high 9.5 is below max(open, close) 10");
  EXPECT_EQ(problem(10, 11, 9.9, 9.8, 0), "low 9.9 is above min(open, close) 9.8");
}

}  // namespace
}  // namespace kiss::data
