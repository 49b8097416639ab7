// Momentum oscillators with TA-Lib's seeds and operation order (docs/indicators.md).
#include "indicators/momentum.h"

#include <vector>

#include "indicators/kernel_util.h"
#include "indicators/moving_average.h"

namespace kiss::ind {
using detail::kNaN;
using detail::sz;

int rsi_lookback(int p) { return p; }
int roc_lookback(int p) { return p; }
int macd_lookback(int fast, int slow, int signal) {
  return (std::max(fast, slow) - 1) + (signal - 1);
}
int stoch_lookback(int fastk, int slowk, int slowd) {
  return (fastk - 1) + (slowk - 1) + (slowd - 1);
}
int willr_lookback(int p) { return p - 1; }
int cci_lookback(int p) { return p - 1; }

void rsi(std::span<const double> in, int p, std::span<double> out) {
  assert(in.size() == out.size() && p >= 1);
  const std::size_t n = in.size(), lb = sz(p);
  detail::fill_warmup(out, p);
  if (n <= lb) return;
  // Seed: plain average of the first p gains and losses (bars 1..p), then Wilder smoothing
  // avg = (avg·(p−1) + x)/p, written as TA-Lib does (multiply, add, divide) for bit equality.
  // TA-Lib adds a change to ONE of the sums (`if (d < 0) loss -= d; else gain += d;`); here both
  // sums get a term, the other one +0.0 (detail::keep_if: exact, and no branch to mispredict).
  // Per bar the two chains multiply, add, divide (~20 cycles, in parallel): that latency is the
  // loop's bound, so it is kept in one pass (a separate pass for the output division was slower).
  const double* x = in.data();
  double* o = out.data();
  double gain = 0.0, loss = 0.0;
  for (std::size_t i = 1; i <= lb; ++i) {
    const double d = x[i] - x[i - 1];
    const bool down = d < 0;
    loss -= detail::keep_if(down, d);
    gain += detail::keep_if(!down, d);
  }
  const double dp = static_cast<double>(p), pm1 = static_cast<double>(p - 1);
  gain /= dp;
  loss /= dp;
  auto value = [](double g, double l) {
    const double s = g + l;
    return detail::is_zero(s) ? 0.0 : 100.0 * (g / s);  // flat series: 0, TA-Lib's convention
  };
  o[lb] = value(gain, loss);
  for (std::size_t i = lb + 1; i < n; ++i) {
    const double d = x[i] - x[i - 1];
    const bool down = d < 0;
    gain *= pm1;
    loss *= pm1;
    loss -= detail::keep_if(down, d);
    gain += detail::keep_if(!down, d);
    gain /= dp;
    loss /= dp;
    o[i] = value(gain, loss);
  }
}

void roc(std::span<const double> in, int p, std::span<double> out) {
  assert(in.size() == out.size() && p >= 1);
  detail::fill_warmup(out, p);
  for (std::size_t i = sz(p); i < in.size(); ++i) {
    const double base = in[i - sz(p)];
    out[i] = base != 0.0 ? ((in[i] / base) - 1.0) * 100.0 : 0.0;
  }
}

void macd(std::span<const double> in, int fast, int slow, int signal, std::span<double> line,
          std::span<double> signal_out, std::span<double> hist) {
  assert(in.size() == line.size() && in.size() == signal_out.size() && in.size() == hist.size() &&
         fast >= 1 && slow >= 1 && signal >= 1);
  if (slow < fast) std::swap(slow, fast);
  const std::size_t n = in.size();
  const int lookback = macd_lookback(fast, slow, signal);
  detail::fill_warmup(line, lookback);
  detail::fill_warmup(signal_out, lookback);
  detail::fill_warmup(hist, lookback);
  if (n <= sz(lookback)) return;
  // Both EMAs start at the slow EMA's first bar s = slow−1: the slow one seeded with the SMA of
  // bars 0..s, the fast one (TA-Lib's quirk) with the SMA of bars s−fast+1..s. The signal EMA is
  // seeded with the SMA of the first `signal` MACD values.
  const std::size_t s = sz(slow - 1);
  double sum_slow = 0.0, sum_fast = 0.0;
  for (std::size_t i = 0; i <= s; ++i) sum_slow += in[i];
  for (std::size_t i = s + 1 - sz(fast); i <= s; ++i) sum_fast += in[i];
  double es = sum_slow / static_cast<double>(slow), ef = sum_fast / static_cast<double>(fast);
  const double ks = 2.0 / static_cast<double>(slow + 1), kf = 2.0 / static_cast<double>(fast + 1);
  const double kg = 2.0 / static_cast<double>(signal + 1);
  const std::size_t first = sz(lookback);
  double sig_sum = 0.0, sig = 0.0;
  for (std::size_t i = s; i < n; ++i) {
    if (i > s) {
      ef = (in[i] - ef) * kf + ef;
      es = (in[i] - es) * ks + es;
    }
    const double m = ef - es;
    if (i < first) {
      sig_sum += m;
      continue;
    }
    if (i == first) {
      sig_sum += m;
      sig = sig_sum / static_cast<double>(signal);
    } else {
      sig = (m - sig) * kg + sig;
    }
    line[i] = m;
    signal_out[i] = sig;
    hist[i] = m - sig;
  }
}

void stoch(std::span<const double> high, std::span<const double> low, std::span<const double> close,
           int fastk, int slowk, int slowd, std::span<double> k, std::span<double> d) {
  const std::size_t n = close.size();
  assert(high.size() == n && low.size() == n && k.size() == n && d.size() == n);
  assert(fastk >= 1 && slowk >= 1 && slowd >= 1);
  const int lookback = stoch_lookback(fastk, slowk, slowd);
  if (n <= sz(lookback)) {
    detail::fill_nan(k);
    detail::fill_nan(d);
    return;
  }
  // Highest high into k and lowest low into d (both as scratch), fastK into d in place,
  // slowK = SMA(fastK) into k, slowD = SMA(slowK) back into d; both outputs are then blanked up
  // to the common lookback as TA-Lib reports them.
  const std::size_t fk0 = sz(fastk - 1);
  std::vector<double> scratch;
  detail::window_extreme<true>(high, fastk, fk0, n, k.data() + fk0, scratch);
  detail::window_extreme<false>(low, fastk, fk0, n, d.data() + fk0, scratch);
  for (std::size_t i = fk0; i < n; ++i) {
    const double hi = k[i], lo = d[i];
    const double diff = (hi - lo) / 100.0;
    d[i] = diff != 0.0 ? (close[i] - lo) / diff : 0.0;
  }
  for (std::size_t i = 0; i < fk0; ++i) d[i] = kNaN;
  for (std::size_t i = 0; i < fk0; ++i) k[i] = kNaN;
  sma(d.subspan(fk0), slowk, k.subspan(fk0));
  const std::size_t sk0 = fk0 + sz(slowk - 1);
  sma(k.subspan(sk0), slowd, d.subspan(sk0));
  detail::fill_warmup(d, lookback);
  detail::fill_warmup(k, lookback);
}

void willr(std::span<const double> high, std::span<const double> low, std::span<const double> close,
           int p, std::span<double> out) {
  const std::size_t n = close.size();
  assert(high.size() == n && low.size() == n && out.size() == n && p >= 1);
  detail::fill_warmup(out, p - 1);
  if (n < sz(p)) return;
  // Highest high straight into `out`, lowest low chunk by chunk into a small buffer (each chunk
  // restarts the van Herk blocks, costing p extra bars per chunk: chunks are >= 4p).
  std::vector<double> scratch;
  const std::size_t first = sz(p - 1);
  detail::window_extreme<true>(high, p, first, n, out.data() + first, scratch);
  const std::size_t chunk = std::max<std::size_t>(4096, 4 * sz(p));
  std::vector<double> ll(chunk);
  for (std::size_t c0 = first; c0 < n; c0 += chunk) {
    const std::size_t c1 = std::min(n, c0 + chunk);
    detail::window_extreme<false>(low, p, c0, c1, ll.data(), scratch);
    for (std::size_t i = c0; i < c1; ++i) {
      const double hi = out[i], lo = ll[i - c0];
      const double diff = (hi - lo) / (-100.0);
      out[i] = diff != 0.0 ? (hi - close[i]) / diff : 0.0;
    }
  }
}

void cci(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         int p, std::span<double> out) {
  const std::size_t n = close.size();
  assert(high.size() == n && low.size() == n && out.size() == n && p >= 1);
  detail::fill_warmup(out, p - 1);
  if (n < sz(p)) return;
  // The mean absolute deviation has no O(1) update (the mean moves under every term), so this
  // is O(n·p) like TA-Lib; the window is contiguous so the two inner sums vectorise.
  std::vector<double> tp(n);
  for (std::size_t i = 0; i < n; ++i) tp[i] = (high[i] + low[i] + close[i]) / 3;
  const double dp = static_cast<double>(p);
  for (std::size_t i = sz(p - 1); i < n; ++i) {
    const double* w = tp.data() + (i + 1 - sz(p));
    double mean = 0.0;
    for (std::size_t j = 0; j < sz(p); ++j) mean += w[j];
    mean /= dp;
    double md = 0.0;
    for (std::size_t j = 0; j < sz(p); ++j) md += std::fabs(w[j] - mean);
    const double dev = tp[i] - mean;
    out[i] = (dev != 0.0 && md != 0.0) ? dev / (0.015 * (md / dp)) : 0.0;
  }
}

}  // namespace kiss::ind
