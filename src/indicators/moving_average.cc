// Moving averages with TA-Lib's operation order, except SMA (fresh window sums per block) and EMA
// (two-bar step); see docs/indicators.md for the formulas.
#include "indicators/moving_average.h"

#include "indicators/kernel_util.h"

namespace kiss::ind {
using detail::kNaN;

int sma_lookback(int p) { return p - 1; }
int ema_lookback(int p) { return p - 1; }
int wma_lookback(int p) { return p - 1; }
int dema_lookback(int p) { return 2 * (p - 1); }
int tema_lookback(int p) { return 3 * (p - 1); }

// SMA block length: bars between fresh window sums (see sma()). The fresh sum costs p adds per
// block (2% more work at p = 20); the chain's rounding grows with the block (scratch run, 1M
// bars, p = 20: 1024 → ≤ 6e-15, 4096 → ≤ 1.1e-14, 16384 → ≤ 1.6e-14 relative to the exact mean).
inline constexpr std::size_t kSmaBlock = 1024;

namespace {
// Two doubles in one SSE2 register (GCC/Clang vector extension): `Pair / Pair` is one divpd, two
// correctly rounded divisions for the throughput cost of about one divsd.
using Pair = double __attribute__((vector_size(16)));

// x[0] + … + x[m−1] in four interleaved partial sums: four independent add chains, and a rounding
// error of about (m/4)·ε·Σ|x| instead of m·ε·Σ|x|.
double window_sum(const double* x, std::size_t m) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  std::size_t k = 0;
  for (; k + 4 <= m; k += 4) {
    s0 += x[k];
    s1 += x[k + 1];
    s2 += x[k + 2];
    s3 += x[k + 3];
  }
  for (; k < m; ++k) s0 += x[k];
  return (s0 + s1) + (s2 + s3);
}
}  // namespace

void sma(std::span<const double> in, int p, std::span<double> out) {
  assert(in.size() == out.size() && p >= 1);
  const std::size_t n = in.size(), lb = detail::sz(p - 1), w = detail::sz(p);
  detail::fill_warmup(out, p - 1);
  if (n <= lb) return;
  const double* x = in.data();
  double* o = out.data();
  if (p == 1) {  // the mean of one value is the value (TA-Lib: (0 + x) − x = 0 exactly, x/1 = x)
    for (std::size_t i = 0; i < n; ++i) o[i] = x[i];
    return;
  }
  // TA-Lib (INT_SMA) carries one running total through the whole series: total += x; out =
  // total/p; total −= old, two dependent adds a bar (~6 cycles, the loop's bound), and the
  // rounding of every add stays in the total, so its distance from the exact mean grows with the
  // series (~1e-13 relative after 1M bars). Instead the series is cut in blocks of
  // kSmaBlock bars (4·p when longer). Each block starts from a FRESH sum of its first window
  // (window_sum), then steps two bars at a time on the window changes d = x[i] − x[i−p]:
  //   t[i] = t[i−1] + d[i],  t[i+1] = t[i−1] + (d[i] + d[i+1])   (one add on the chain per 2 bars)
  // and divides both totals by p in one vector division. Invariant: at every bar t is the window's
  // sum up to the rounding of the block's fresh sum plus at most block/2 chain adds, so the error
  // is bounded whatever the series length (measured: ≤ 1e-14 relative, both halves of 1M bars,
  // long_series_test.cc). The values differ from TA-Lib's by TA-Lib's own drift (~1e-13 at 1M
  // bars, well inside the golden tests' 1e-9); the division is the same correctly rounded t/p.
  const std::size_t block = std::max(kSmaBlock, 4 * w);
  const double dp = static_cast<double>(p);
  const Pair div = {dp, dp};
  for (std::size_t s = lb; s < n; s += block) {
    const std::size_t e = std::min(n, s + block);
    double t = window_sum(x + (s - lb), w);
    o[s] = t / dp;
    std::size_t i = s + 1;
    for (; i + 1 < e; i += 2) {
      const double d0 = x[i] - x[i - w], d1 = x[i + 1] - x[i + 1 - w];
      const double t0 = t + d0;
      t += d0 + d1;
      const Pair q = Pair{t0, t} / div;
      o[i] = q[0];
      o[i + 1] = q[1];
    }
    if (i < e) o[i] = (t + (x[i] - x[i - w])) / dp;  // odd tail: the block's last bar
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
  const double* x = in.data();
  double* o = out.data();
  double sum = 0.0;
  for (std::size_t i = 0; i <= lb; ++i) sum += x[i];
  double e = sum / static_cast<double>(p);  // the seed: bit-identical to TA-Lib's
  o[lb] = e;
  // TA-Lib steps e = (x − e)·k + e: subtract, multiply, add on the loop-carried chain (~9 cycles
  // a bar, the loop's bound). The same value in exact arithmetic is e = e·c + x·k (c = 1 − k),
  // whose chain is one multiply-add; stepping two bars at a time,
  //   e[i+1] = e[i−1]·c² + (x[i]·c·k + x[i+1]·k),  e[i] = e[i−1]·c + x[i]·k (off the chain),
  // halves it again (~3 cycles a bar). Not bit-identical to TA-Lib: each step rounds differently,
  // but the recurrence contracts by c < 1 per bar, so the difference stays at a few ulp × 1/k and
  // does not grow with the series (measured <= 2e-15 relative over 1M bars, the same in both
  // halves: long_series_test.cc, tools/talib/side_by_side.sh).
  const double k = 2.0 / static_cast<double>(p + 1), c = 1.0 - k, c2 = c * c, ck = c * k;
  std::size_t i = lb + 1;
  for (; i + 1 < n; i += 2) {
    o[i] = e * c + x[i] * k;
    e = e * c2 + (x[i] * ck + x[i + 1] * k);
    o[i + 1] = e;
  }
  if (i < n) o[i] = e * c + x[i] * k;
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
    if (e1.feed(in[i]) && e2.feed(e1.e) && e3.feed(e2.e)) v = e3.e + ((3.0 * e1.e) - (3.0 * e2.e));
    out[i] = v;
  }
}

}  // namespace kiss::ind
