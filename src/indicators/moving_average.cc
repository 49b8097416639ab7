// Moving averages with TA-Lib's operation order (see docs/indicators.md for the formulas).
#include "indicators/moving_average.h"

#include "indicators/kernel_util.h"

namespace kiss::ind {
using detail::kNaN;

int sma_lookback(int p) { return p - 1; }
int ema_lookback(int p) { return p - 1; }
int wma_lookback(int p) { return p - 1; }
int dema_lookback(int p) { return 2 * (p - 1); }
int tema_lookback(int p) { return 3 * (p - 1); }

void sma(std::span<const double> in, int p, std::span<double> out) {
  assert(in.size() == out.size() && p >= 1);
  const std::size_t n = in.size(), lb = detail::sz(p - 1);
  detail::fill_warmup(out, p - 1);
  if (n <= lb) return;
  // TA-Lib INT_SMA: total of the first p−1 values, then add newest / divide / subtract oldest.
  double total = 0.0;
  for (std::size_t i = 0; i < lb; ++i) total += in[i];
  const double dp = static_cast<double>(p);
  for (std::size_t i = lb; i < n; ++i) {
    total += in[i];
    out[i] = total / dp;
    total -= in[i - lb];
  }
}

namespace {
// One EMA stage fed bar by bar. Before it is seeded it sums its first p inputs; the p-th input
// makes the seed (their SMA, TA-Lib's default); afterwards e = (x − e)·k + e.
struct EmaStage {
  int p;
  double k;
  int seen = 0;
  double sum = 0.0, e = 0.0;
  explicit EmaStage(int period) : p(period), k(2.0 / static_cast<double>(period + 1)) {}
  // Returns true once the stage has a value (e).
  bool feed(double x) {
    if (seen >= p) {
      e = (x - e) * k + e;
      return true;
    }
    sum += x;
    if (++seen == p) {
      e = sum / static_cast<double>(p);
      return true;
    }
    return false;
  }
};
}  // namespace

void ema(std::span<const double> in, int p, std::span<double> out) {
  assert(in.size() == out.size() && p >= 1);
  const std::size_t n = in.size(), lb = detail::sz(p - 1);
  detail::fill_warmup(out, p - 1);
  if (n <= lb) return;
  double sum = 0.0;
  for (std::size_t i = 0; i <= lb; ++i) sum += in[i];
  double e = sum / static_cast<double>(p);
  out[lb] = e;
  const double k = 2.0 / static_cast<double>(p + 1);
  for (std::size_t i = lb + 1; i < n; ++i) {
    e = (in[i] - e) * k + e;
    out[i] = e;
  }
}

void wma(std::span<const double> in, int p, std::span<double> out) {
  assert(in.size() == out.size() && p >= 1);
  const std::size_t n = in.size(), lb = detail::sz(p - 1);
  detail::fill_warmup(out, p - 1);
  if (n <= lb) return;
  if (p == 1) {
    for (std::size_t i = 0; i < n; ++i) out[i] = in[i];
    return;
  }
  // TA-Lib's incremental form (periodSum = Σ w·x kept with periodSub = Σ x): it drifts slightly
  // from an exact weighted sum over long series (~1e-8 relative after 1M bars); we reproduce it so
  // golden values match bit for bit instead of within tolerance.
  const double divider = static_cast<double>((p * (p + 1)) >> 1);
  double period_sum = 0.0, period_sub = 0.0;
  for (std::size_t i = 0; i < lb; ++i) {
    period_sub += in[i];
    period_sum += in[i] * static_cast<double>(i + 1);
  }
  const double dp = static_cast<double>(p);
  double trailing = 0.0;
  for (std::size_t i = lb; i < n; ++i) {
    const double x = in[i];
    period_sub += x;
    period_sub -= trailing;
    period_sum += x * dp;
    trailing = in[i - lb];
    out[i] = period_sum / divider;
    period_sum -= period_sub;
  }
}

void dema(std::span<const double> in, int p, std::span<double> out) {
  assert(in.size() == out.size() && p >= 1);
  // Streaming: E1 of the input, E2 of E1 (seeded with the SMA of E1's first p values).
  EmaStage e1(p), e2(p);
  for (std::size_t i = 0; i < in.size(); ++i) {
    double v = kNaN;
    if (e1.feed(in[i]) && e2.feed(e1.e)) v = (2.0 * e1.e) - e2.e;
    out[i] = v;
  }
}

void tema(std::span<const double> in, int p, std::span<double> out) {
  assert(in.size() == out.size() && p >= 1);
  EmaStage e1(p), e2(p), e3(p);
  for (std::size_t i = 0; i < in.size(); ++i) {
    double v = kNaN;
    if (e1.feed(in[i]) && e2.feed(e1.e) && e3.feed(e2.e))
      v = e3.e + ((3.0 * e1.e) - (3.0 * e2.e));
    out[i] = v;
  }
}

}  // namespace kiss::ind
