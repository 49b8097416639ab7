// The tie rule of every rule comparison (rules/compare.h, docs/rules.md "Ties"): hand-picked
// values on each side of the 1e-9 relative tolerance, and the POWERGRID case on the real sample
// bars where a strict comparison of two block-summed SMAs fired a crossover a day early.
#include "rules/compare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "indicators/moving_average.h"
#include "rules/catalog.h"
#include "rules/evaluate.h"
#include "util/date.h"
#include "util/text.h"

namespace kiss {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Compare, ValuesWithinTheToleranceAreEqual) {
  // The POWERGRID values: 4e-14 apart on 126.435, i.e. 3.2e-16 relative.
  const double fast = 126.43499999999999;
  const double slow = 126.43499999999995;
  ASSERT_GT(fast, slow);  // the raw comparison sees an order
  EXPECT_TRUE(cmp::tie(fast, slow));
  EXPECT_FALSE(cmp::gt(fast, slow));
  EXPECT_FALSE(cmp::lt(slow, fast));
  EXPECT_TRUE(cmp::le(fast, slow));
  EXPECT_TRUE(cmp::ge(slow, fast));
  // 1e-9 relative is the edge: 100 vs 100 + 1e-7 (1e-9 × 100.0000001 ≈ 1.0000000001e-7 > 1e-7).
  EXPECT_TRUE(cmp::tie(100.0, 100.0 + 1e-7));
  EXPECT_FALSE(cmp::gt(100.0 + 1e-7, 100.0));
  // 100 vs 100 + 2e-7: 2e-7 > 1e-9 × 100.0000002, a real difference.
  EXPECT_FALSE(cmp::tie(100.0, 100.0 + 2e-7));
  EXPECT_TRUE(cmp::gt(100.0 + 2e-7, 100.0));
  EXPECT_TRUE(cmp::lt(100.0, 100.0 + 2e-7));
  EXPECT_FALSE(cmp::ge(100.0, 100.0 + 2e-7));
  EXPECT_FALSE(cmp::le(100.0 + 2e-7, 100.0));
  // Exact equality: strict false, inclusive true.
  EXPECT_FALSE(cmp::gt(30.0, 30.0));
  EXPECT_TRUE(cmp::ge(30.0, 30.0));
  EXPECT_TRUE(cmp::le(30.0, 30.0));
  // Relative, so against 0 the comparison stays exact.
  EXPECT_TRUE(cmp::gt(1e-300, 0.0));
  EXPECT_TRUE(cmp::lt(-1e-300, 0.0));
  EXPECT_FALSE(cmp::tie(1e-300, 0.0));
}

TEST(Compare, NaNIsFalseAndInfinityIsExact) {
  for (const double x : {0.0, 1.0, kNaN, kInf}) {
    EXPECT_FALSE(cmp::gt(kNaN, x));
    EXPECT_FALSE(cmp::lt(kNaN, x));
    EXPECT_FALSE(cmp::ge(kNaN, x));
    EXPECT_FALSE(cmp::le(kNaN, x));
    EXPECT_FALSE(cmp::ge(x, kNaN));
    EXPECT_FALSE(cmp::le(x, kNaN));
    EXPECT_FALSE(cmp::tie(x, kNaN));
  }
  EXPECT_TRUE(cmp::gt(kInf, 1e300));
  EXPECT_TRUE(cmp::lt(1e300, kInf));
  EXPECT_FALSE(cmp::tie(kInf, 1e300));
  EXPECT_TRUE(cmp::tie(kInf, kInf));
  EXPECT_FALSE(cmp::gt(kInf, kInf));
  EXPECT_TRUE(cmp::lt(-kInf, -1e300));
}

// The sample's POWERGRID bars (data/sample/prices/POWERGRID.csv: timestamp,open,high,low,close,
// volume,oi; dates written "2021-07-22 00:00:00+05:30").
Bars powergrid() {
  const std::string path = std::string(KISS_SOURCE_DIR) + "/data/sample/prices/POWERGRID.csv";
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  Bars b;
  b.symbol = "POWERGRID";
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const std::vector<std::string> f = split(line, ',');
    if (f.size() < 6) continue;
    const auto d = parse_iso_date(f[0].substr(0, 10));
    EXPECT_TRUE(d) << line;
    b.push_back(*d, std::stod(f[1]), std::stod(f[2]), std::stod(f[3]), std::stod(f[4]),
                std::stod(f[5]));
  }
  return b;
}

std::size_t index_of(const Bars& b, const char* date) {
  const std::size_t i = b.lower_bound(*parse_iso_date(date));
  EXPECT_LT(i, b.size());
  EXPECT_EQ(format_date(b.date[i]), date);
  return i;
}

TEST(Compare, PowergridSmaTieOn20210722IsNotACrossover) {
  const Bars b = powergrid();
  ASSERT_GT(b.size(), 300u);
  const std::size_t t = index_of(b, "2021-07-22");
  // The closes of the 20 bars up to 2021-07-22 sum to 2528.70 and the last 10 to 1264.35, so
  // SMA(20) = SMA(10) = 126.435 in exact arithmetic; the two floating sums differ in the last bits.
  std::vector<double> fast(b.size()), slow(b.size());
  ind::sma(b.close, 10, fast);
  ind::sma(b.close, 20, slow);
  EXPECT_NEAR(fast[t], 126.435, 1e-9);
  EXPECT_NEAR(slow[t], 126.435, 1e-9);
  EXPECT_NE(fast[t], slow[t]) << "the bits differ, which is the case this test is about";
  EXPECT_TRUE(cmp::tie(fast[t], slow[t]));
  // Before: fast below slow, clearly.
  EXPECT_TRUE(cmp::lt(fast[t - 1], slow[t - 1]));

  RuleInstance cross;
  cross.name = "sma_10_20_crossover";
  cross.type = "sma_crossover";
  cross.params = {{"fast_period", 10.0}, {"slow_period", 20.0}};
  const RuleInput input{&b, nullptr, {}};
  IndicatorCache cache;
  auto m = evaluate_signal(cross, input, cache);
  ASSERT_TRUE(m) << m.error().to_string();
  // The tie is not a crossing on 2021-07-22, whatever the last bits say ...
  EXPECT_EQ((*m)[t], 0) << "fast " << fast[t] << " slow " << slow[t];
  // ... and the crossing is the first bar after it where fast is really above slow.
  std::size_t first = t + 1;
  while (first < b.size() && !cmp::gt(fast[first], slow[first])) ++first;
  ASSERT_LT(first, b.size());
  EXPECT_EQ((*m)[first], 1) << format_date(b.date[first]);
  for (std::size_t i = t; i < first; ++i) EXPECT_EQ((*m)[i], 0) << format_date(b.date[i]);
}

}  // namespace
}  // namespace kiss
