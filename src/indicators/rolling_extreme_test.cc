// The two O(n) rolling-extreme algorithms (kernel_util.h: window_extreme, window_arg_extreme)
// against a brute-force scan, over periods 1..40 (block sizes that do and do not divide n, windows
// longer than the series) and over series that defeat naive "rescan when the extreme leaves" code
// (monotonic, constant).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "indicators/channels.h"
#include "indicators/kernel_util.h"
#include "indicators/trend.h"

namespace kiss::ind {
namespace {

std::vector<std::vector<double>> series() {
  std::vector<double> noise(257), up(257), down(257), flat(257, 3.0), ties(257);
  std::uint64_t s = 12345;
  for (std::size_t i = 0; i < noise.size(); ++i) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    noise[i] = static_cast<double>(s >> 40) / 1e4;
    up[i] = static_cast<double>(i);
    down[i] = -static_cast<double>(i);
    ties[i] = static_cast<double>((s >> 60) % 3);  // many equal values
  }
  return {noise, up, down, flat, ties};
}

TEST(WindowExtreme, MatchesBruteForce) {
  for (const auto& x : series()) {
    for (int p = 1; p <= 40; ++p) {
      std::vector<double> hi(x.size()), lo(x.size());
      highest(x, p, hi);
      lowest(x, p, lo);
      for (std::size_t i = static_cast<std::size_t>(p - 1); i < x.size(); ++i) {
        const auto b = x.begin() + static_cast<std::ptrdiff_t>(i + 1) - p;
        const auto e = x.begin() + static_cast<std::ptrdiff_t>(i + 1);
        ASSERT_EQ(hi[i], *std::max_element(b, e)) << "p=" << p << " i=" << i;
        ASSERT_EQ(lo[i], *std::min_element(b, e)) << "p=" << p << " i=" << i;
      }
    }
  }
}

TEST(WindowExtreme, ChunkedCallsAgreeWithOneCall) {
  const auto x = series()[0];
  std::vector<double> scratch, whole(x.size()), part(x.size());
  const int p = 7;
  detail::window_extreme<true>(x, p, 6, x.size(), whole.data(), scratch);
  for (std::size_t c0 = 6; c0 < x.size(); c0 += 10)
    detail::window_extreme<true>(x, p, c0, std::min(x.size(), c0 + 10), part.data() + (c0 - 6),
                                 scratch);
  EXPECT_EQ(whole, part);
}

TEST(WindowArgExtreme, AroonMatchesBruteForceWithRecentTies) {
  for (const auto& x : series()) {
    // Every window length 2..17 (p + 1: the last bar of a block, t == w, has its own code
    // path), then longer ones, including windows that do not divide the series' 257 bars.
    for (int p : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 23, 30, 64, 255, 256}) {
      std::vector<double> up(x.size()), down(x.size());
      aroon(x, x, p, up, down);
      for (std::size_t i = static_cast<std::size_t>(p); i < x.size(); ++i) {
        std::size_t hi = i - static_cast<std::size_t>(p), lo = hi;
        for (std::size_t j = hi; j <= i; ++j) {
          if (x[j] >= x[hi]) hi = j;  // >=: the most recent extreme wins
          if (x[j] <= x[lo]) lo = j;
        }
        const double f = 100.0 / p;
        ASSERT_EQ(up[i], f * static_cast<double>(p - static_cast<int>(i - hi))) << p << " " << i;
        ASSERT_EQ(down[i], f * static_cast<double>(p - static_cast<int>(i - lo))) << p << " " << i;
      }
    }
  }
}

}  // namespace
}  // namespace kiss::ind
