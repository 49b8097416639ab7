// The synthetic OHLCV series of talib_ref's --gen / --bench (tools/talib/oracle):
// splitmix64 + Box-Muller, log-price random walk with weak mean reversion, 0.01 ticks, gaps,
// wicks, log-normal volume correlated with |return|. Shared by bench/indicators_bench.cc and
// tools/talib/side_by_side.cc so both time the very series TA-Lib's bench uses.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace kiss::bench {

struct Series {
  std::vector<double> open, high, low, close, volume;
};

// Port of talib_ref.cpp's synthetic().
inline Series synthetic(std::size_t n, std::uint64_t seed) {
  struct Rng {
    std::uint64_t s;
    std::uint64_t next() {
      std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      return z ^ (z >> 31);
    }
    double uniform() {
      return (static_cast<double>(next() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
    }
    double normal() {
      const double u1 = uniform(), u2 = uniform();
      return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
  } r{seed};
  Series s;
  for (auto* c : {&s.open, &s.high, &s.low, &s.close, &s.volume}) c->resize(n);
  const double mu = std::log(100.0), theta = 0.001, sigma = 0.015;
  double x = mu, prev_close = 100.0;
  auto tick = [](double p) { return std::round(p * 100.0) / 100.0; };
  for (std::size_t i = 0; i < n; ++i) {
    const double z = r.normal();
    const double x_new = x + theta * (mu - x) + sigma * z;
    const double open = tick(prev_close * std::exp(0.002 * r.normal()));
    const double close = tick(std::exp(x_new));
    double hi = std::max(open, close) * std::exp(std::fabs(0.006 * r.normal()));
    double lo = std::min(open, close) * std::exp(-std::fabs(0.006 * r.normal()));
    hi = std::max(tick(hi), std::max(open, close));
    lo = std::min(tick(lo), std::min(open, close));
    const double vol = std::round(1.0e6 * std::exp(0.4 * r.normal() + 8.0 * std::fabs(x_new - x)));
    s.open[i] = open;
    s.high[i] = hi;
    s.low[i] = lo;
    s.close[i] = close;
    s.volume[i] = vol;
    x = x_new;
    prev_close = close;
  }
  return s;
}

}  // namespace kiss::bench
