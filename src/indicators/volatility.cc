// Volatility measures with TA-Lib's seeds and operation order (docs/indicators.md).
#include "indicators/volatility.h"

#include "indicators/kernel_util.h"
#include "indicators/wilder_atr.h"

namespace kiss::ind {
using detail::sz;

int trange_lookback() { return 1; }
int atr_lookback(int p) { return p; }
int natr_lookback(int p) { return p; }
int bbands_lookback(int p) { return p - 1; }

using detail::true_range;
using detail::wilder_atr;

void trange(std::span<const double> high, std::span<const double> low,
            std::span<const double> close, std::span<double> out) {
  const std::size_t n = close.size();
  assert(high.size() == n && low.size() == n && out.size() == n);
  detail::fill_warmup(out, 1);
  for (std::size_t i = 1; i < n; ++i) out[i] = true_range(high[i], low[i], close[i - 1]);
}

void atr(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         int p, std::span<double> out) {
  assert(high.size() == close.size() && low.size() == close.size() && out.size() == close.size() &&
         p >= 1);
  detail::fill_warmup(out, p);
  wilder_atr(high, low, close, p, [&](std::size_t i, double a) { out[i] = a; });
}

void natr(std::span<const double> high, std::span<const double> low, std::span<const double> close,
          int p, std::span<double> out) {
  assert(high.size() == close.size() && low.size() == close.size() && out.size() == close.size() &&
         p >= 1);
  detail::fill_warmup(out, p);
  if (p == 1) return trange(high, low, close, out);  // TA-Lib: NATR(1) is TRANGE, not normalised
  wilder_atr(high, low, close, p, [&](std::size_t i, double a) {
    out[i] = detail::is_zero(close[i]) ? 0.0 : (a / close[i]) * 100.0;
  });
}

void bbands(std::span<const double> in, int p, double k_up, double k_dn, std::span<double> upper,
            std::span<double> middle, std::span<double> lower) {
  const std::size_t n = in.size();
  assert(upper.size() == n && middle.size() == n && lower.size() == n && p >= 1);
  detail::fill_warmup(upper, p - 1);
  detail::fill_warmup(middle, p - 1);
  detail::fill_warmup(lower, p - 1);
  const std::size_t lb = sz(p - 1);
  if (n <= lb) return;
  // Middle = SMA; population variance = E[x²] − mean² from running sums, both in TA-Lib's order
  // (INT_SMA and INT_stddev_using_precalc_ma), σ = 0 when the variance is below 1e-14.
  double total = 0.0, total2 = 0.0;
  for (std::size_t i = 0; i < lb; ++i) total += in[i];
  for (std::size_t i = 0; i < lb; ++i) total2 += in[i] * in[i];
  const double dp = static_cast<double>(p);
  for (std::size_t i = lb; i < n; ++i) {
    total += in[i];
    const double mean = total / dp;
    total -= in[i - lb];
    total2 += in[i] * in[i];
    double var = total2 / dp;
    total2 -= in[i - lb] * in[i - lb];
    var -= mean * mean;
    const double sd = var < detail::kEps ? 0.0 : std::sqrt(var);
    middle[i] = mean;
    upper[i] = mean + sd * k_up;
    lower[i] = mean - sd * k_dn;
  }
}

}  // namespace kiss::ind
