// The W2 workload of docs/performance.md: N synthetic stocks × Y years of daily bars plus a
// synthetic benchmark, generated deterministically from a seed (splitmix64, no <random>
// distributions, so every platform and library version produces the same bytes). Header-only
// because the build compiles each bench/*_bench.cc into its own binary.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "util/bars.h"
#include "util/date.h"

namespace kiss::bench {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }  // [0,1)
  // Approximately standard normal (Irwin–Hall of 4 uniforms, rescaled): cheap and exact-bit
  // reproducible.
  double normal() {
    const double s = uniform() + uniform() + uniform() + uniform();
    return (s - 2.0) * 1.7320508075688772;  // var of the sum is 4/12
  }

 private:
  std::uint64_t state_;
};

// Weekday trading dates from 2005-01-03, `n` of them (holidays are not modelled).
inline std::vector<Date> trading_days(int n) {
  std::vector<Date> d;
  d.reserve(static_cast<std::size_t>(n));
  Date x = days_from_civil(2005, 1, 3);
  while (static_cast<int>(d.size()) < n) {
    if (weekday(x) < 5) d.push_back(x);
    ++x;
  }
  return d;
}

// One series: log-normal walk with the given daily drift and volatility, regime switches every
// ~120 bars (so trend rules trade), consistent OHLC and a positive volume.
inline Bars generate_series(const std::string& symbol, const std::vector<Date>& dates,
                            std::uint64_t seed, double start_price) {
  SplitMix64 rng(seed);
  Bars b;
  b.symbol = symbol;
  b.reserve(dates.size());
  const double vol = 0.010 + 0.015 * rng.uniform();
  double drift = 0.0;
  double close = start_price;
  for (std::size_t i = 0; i < dates.size(); ++i) {
    if (i % 120 == 0) drift = (rng.uniform() - 0.45) * 0.004;
    const double open = close * std::exp(0.3 * vol * rng.normal());
    close = open * std::exp(drift + vol * rng.normal());
    const double high = std::max(open, close) * (1.0 + 0.6 * vol * rng.uniform());
    const double low = std::min(open, close) * (1.0 - 0.6 * vol * rng.uniform());
    const double volume = std::floor(1e5 * (0.5 + rng.uniform()) * (1.0 + 2.0 * rng.uniform()));
    b.push_back(dates[i], open, high, low, close, volume);
  }
  return b;
}

struct Workload {
  std::vector<Bars> stocks;
  Bars benchmark;
};

// W2: `stocks` synthetic stocks of `years` × 252 bars, symbols SYN0000.., benchmark "^NSEI".
inline Workload generate_w2(int stocks = 2000, int years = 20, std::uint64_t seed = 20250808) {
  Workload w;
  const std::vector<Date> dates = trading_days(years * 252);
  w.benchmark = generate_series("^NSEI", dates, seed, 10000.0);
  w.stocks.reserve(static_cast<std::size_t>(stocks));
  for (int i = 0; i < stocks; ++i) {
    std::string sym = "SYN";
    const std::string num = std::to_string(i);
    sym.append(4 - std::min<std::size_t>(4, num.size()), '0').append(num);
    w.stocks.push_back(generate_series(sym, dates,
                                       seed * 1000003ULL + static_cast<std::uint64_t>(i) + 1,
                                       50.0 + static_cast<double>(i % 97) * 20.0));
  }
  return w;
}

}  // namespace kiss::bench
