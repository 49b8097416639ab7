// Internal: Wilder ATR as a callback stream, shared by atr/natr/keltner/supertrend.
#pragma once
#include <span>

#include "indicators/kernel_util.h"

namespace kiss::ind::detail {

// Calls emit(i, atr_i) for every bar i >= p with TA-Lib's ATR: seed = mean of TR[1..p] at bar p,
// then atr = (atr·(p−1) + tr)/p (multiply, add, divide: TA-Lib's order). p == 1: the true range.
template <class Emit>
void wilder_atr(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, int p, Emit emit) {
  const std::size_t n = close.size();
  if (n <= sz(p)) return;
  if (p == 1) {
    for (std::size_t i = 1; i < n; ++i) emit(i, true_range(high[i], low[i], close[i - 1]));
    return;
  }
  double total = 0.0;
  for (std::size_t i = 1; i <= sz(p); ++i) total += true_range(high[i], low[i], close[i - 1]);
  const double dp = static_cast<double>(p), pm1 = static_cast<double>(p - 1);
  double a = total / dp;
  emit(sz(p), a);
  for (std::size_t i = sz(p) + 1; i < n; ++i) {
    a *= pm1;
    a += true_range(high[i], low[i], close[i - 1]);
    a /= dp;
    emit(i, a);
  }
}

}  // namespace kiss::ind::detail
