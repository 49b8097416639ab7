// Internal helpers shared by the kernels (not part of the public API).
#pragma once
#include <cassert>
#include <cmath>
#include <algorithm>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace kiss::ind::detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// TA-Lib's TA_IS_ZERO threshold (TA_EPSILON).
inline constexpr double kEps = 1e-14;
inline bool is_zero(double x) { return -kEps < x && x < kEps; }

inline std::size_t sz(int v) { return static_cast<std::size_t>(v); }

// True range of a bar given the previous close, in TA-Lib's TRUE_RANGE order.
inline double true_range(double h, double l, double prev_close) {
  double greatest = h - l;
  const double v2 = std::fabs(prev_close - h);
  greatest = v2 > greatest ? v2 : greatest;
  const double v3 = std::fabs(l - prev_close);
  return v3 > greatest ? v3 : greatest;
}

// NaN over out[0, min(lookback, n)): the warm-up.
inline void fill_warmup(std::span<double> out, int lookback) {
  const std::size_t m = lookback < 0 ? 0 : std::min(out.size(), sz(lookback));
  for (std::size_t i = 0; i < m; ++i) out[i] = kNaN;
}
inline void fill_nan(std::span<double> out) {
  for (double& v : out) v = kNaN;
}

// Rolling max (kMax) or min of the last p values for the bars i in [first, last) (first >= p−1),
// written to out[i − first]: van Herk / Gil-Werman. Blocks of p bars start at first−p+1; the
// window ending at bar i is a suffix of the previous block plus a prefix of the current one, so
// per bar it costs one prefix update, one suffix update and one combine, whatever the data (O(n)
// with no data-dependent branches). `suf` is scratch holding the previous block's suffix extremes.
template <bool kMax>
void window_extreme(std::span<const double> in, int p, std::size_t first, std::size_t last,
                    double* out, std::vector<double>& suf) {
  const std::size_t w = static_cast<std::size_t>(p);
  if (first >= last) return;
  if (suf.size() < w + 1) suf.resize(w + 1);
  auto pick = [](double a, double b) { return kMax ? (a < b ? b : a) : (b < a ? b : a); };
  const double* x = in.data();
  double* sp = suf.data();
  const std::size_t b0 = first + 1 - w;
  // Block 0 is always full (it ends at `first`); its one output is the whole block.
  double pm = x[b0];
  for (std::size_t i = b0 + 1; i <= first; ++i) pm = pick(pm, x[i]);
  out[0] = pm;
  for (std::size_t b = b0;;) {
    // Suffix extremes of the full block [b, b+w): sp[k] = extreme of x[b+k .. b+w−1].
    double sm = x[b + w - 1];
    sp[w - 1] = sm;
    for (std::size_t k = w - 1; k-- > 0;) {
      sm = pick(sm, x[b + k]);
      sp[k] = sm;
    }
    b += w;
    if (b >= last) break;
    const std::size_t e = std::min(b + w, last);
    // Bar i = b + t − 1 (t = 1..w): window = x[b−w+t .. b−1] (previous suffix sp[t], empty when
    // t == w) plus x[b .. i] (running prefix pm).
    pm = x[b];
    out[b - first] = w > 1 ? pick(sp[1], pm) : pm;
    for (std::size_t i = b + 1; i < e; ++i) {
      pm = pick(pm, x[i]);
      const std::size_t t = i - b + 1;
      out[i - first] = t < w ? pick(sp[t], pm) : pm;
    }
    if (e < b + w) break;  // partial last block: no successor needs its suffix
  }
}

// Like window_extreme, but writes the INDEX of the extreme (as a double: exact below 2^53), the
// most recent one among equal values (TA-Lib's AROON convention). Ties: the backward suffix sweep
// keeps its later index unless strictly beaten, the forward prefix sweep takes any equal newer
// value, and the combine prefers the (newer) prefix on equality.
template <bool kMax>
void window_arg_extreme(std::span<const double> in, int p, std::size_t first, std::size_t last,
                        double* out, std::vector<std::size_t>& suf) {
  const std::size_t w = static_cast<std::size_t>(p);
  if (first >= last) return;
  if (suf.size() < w + 1) suf.resize(w + 1);
  const double* x = in.data();
  auto at_least = [x](std::size_t a, std::size_t b) { return kMax ? x[a] >= x[b] : x[a] <= x[b]; };
  auto beats = [x](std::size_t a, std::size_t b) { return kMax ? x[a] > x[b] : x[a] < x[b]; };
  std::size_t* sp = suf.data();
  const std::size_t b0 = first + 1 - w;
  std::size_t pm = b0;
  for (std::size_t i = b0 + 1; i <= first; ++i)
    if (at_least(i, pm)) pm = i;
  out[0] = static_cast<double>(pm);
  for (std::size_t b = b0;;) {
    std::size_t sm = b + w - 1;
    sp[w - 1] = sm;
    for (std::size_t k = w - 1; k-- > 0;) {
      if (beats(b + k, sm)) sm = b + k;
      sp[k] = sm;
    }
    b += w;
    if (b >= last) break;
    const std::size_t e = std::min(b + w, last);
    pm = b;
    out[b - first] = static_cast<double>(w > 1 && beats(sp[1], pm) ? sp[1] : pm);
    for (std::size_t i = b + 1; i < e; ++i) {
      if (at_least(i, pm)) pm = i;
      const std::size_t t = i - b + 1;
      out[i - first] = static_cast<double>(t < w && beats(sp[t], pm) ? sp[t] : pm);
    }
    if (e < b + w) break;
  }
}

}  // namespace kiss::ind::detail
