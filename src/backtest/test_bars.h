// Test helpers of the backtest stage (used only by *_test.cc): literal bars and zero costs.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "config/config.h"
#include "util/bars.h"
#include "util/date.h"

namespace kiss::testing {

struct Ohlc {
  double o, h, l, c;
};

// Bars on consecutive calendar days from 2024-01-01 (the simulator only needs the order).
inline Bars make_bars(std::initializer_list<Ohlc> rows, const char* symbol = "TEST") {
  Bars b;
  b.symbol = symbol;
  Date d = days_from_civil(2024, 1, 1);
  for (const Ohlc& r : rows) b.push_back(d++, r.o, r.h, r.l, r.c, 1000.0);
  return b;
}

inline Bars flat_bars(int n, double price = 100.0) {
  Bars b;
  b.symbol = "FLAT";
  Date d = days_from_civil(2024, 1, 1);
  for (int i = 0; i < n; ++i) b.push_back(d++, price, price, price, price, 1000.0);
  return b;
}

// Every charge and the slippage set to zero, so trade arithmetic is exact by hand.
inline Costs zero_costs() {
  Costs c;
  c.brokerage_pct = 0;
  c.brokerage_flat = 0;
  c.stt_pct = 0;
  c.exchange_txn_pct = 0;
  c.sebi_per_crore = 0;
  c.stamp_duty_pct = 0;
  c.gst_pct = 0;
  c.dp_charge = 0;
  c.slippage_bps = 0;
  return c;
}

// A deterministic random walk (splitmix64 noise, ±2% daily moves with a little drift), with
// consistent OHLC, on weekdays from 2015-01-01. Same seed, same bars on every platform.
inline Bars random_walk(int n, std::uint64_t seed, const std::string& symbol = "RW") {
  auto next = [&seed]() {
    std::uint64_t z = (seed += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return static_cast<double>((z ^ (z >> 31)) >> 11) / 9007199254740992.0;  // [0, 1)
  };
  Bars b;
  b.symbol = symbol;
  Date d = days_from_civil(2015, 1, 1);
  double close = 100.0;
  for (int i = 0; i < n; ++i) {
    while (weekday(d) >= 5) ++d;
    const double open = close * (1.0 + 0.01 * (next() - 0.5));
    close = open * (1.0 + 0.04 * (next() - 0.48));
    const double high = std::max(open, close) * (1.0 + 0.01 * next());
    const double low = std::min(open, close) * (1.0 - 0.01 * next());
    b.push_back(d++, open, high, low, close, 1e5 * (1.0 + next()));
  }
  return b;
}

}  // namespace kiss::testing
