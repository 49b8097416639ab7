// Internal helpers shared by the kernels (not part of the public API).
#pragma once
#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace kiss::ind::detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// TA-Lib's TA_IS_ZERO threshold (TA_EPSILON).
inline constexpr double kEps = 1e-14;
inline bool is_zero(double x) { return -kEps < x && x < kEps; }

inline std::size_t sz(int v) { return static_cast<std::size_t>(v); }

// x when keep, else +0.0, through a bit mask so it cannot become a jump. gcc 12 -O3 compiles
// `c ? x : 0.0` on doubles (and std::max(x, 0.0)) into a conditional branch, which mispredicts on
// about half the bars of a random walk: in the Wilder kernels that, not the division chain, was
// the bottleneck. Adding the +0.0 of a dropped value to a running sum >= 0 leaves it unchanged,
// so "sum += keep_if(c, x)" is bit-identical to TA-Lib's "if (c) sum += x".
inline double keep_if(bool keep, double x) {
  const std::uint64_t mask = std::uint64_t{0} - static_cast<std::uint64_t>(keep);
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) & mask);
}

// a when c, else b, through a mask (see keep_if: a `?:` on a data-dependent c may become a jump).
inline std::size_t select_index(bool c, std::size_t a, std::size_t b) {
  const std::size_t mask = std::size_t{0} - static_cast<std::size_t>(c);
  return (a & mask) | (b & ~mask);
}

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

// Like window_extreme, but reports the INDEX of the extreme, the most recent one among equal
// values (TA-Lib's AROON convention), as emit(i, index) for every bar i in [first, last). Ties:
// the backward suffix sweep keeps its later index unless strictly beaten, the forward prefix
// sweep takes any equal newer value, and the combine prefers the (newer) prefix on equality.
// Each sweep carries the extreme's VALUE next to its index (an index alone would make every
// step wait for a load of x[index]); the value is a max/min and the index a masked select
// (select_index), so no step depends on the data through a branch: gcc turned the `?:` forms
// into jumps. `idx` and `val` are scratch (the suffixes).
template <bool kMax, class Emit>
void window_arg_extreme(std::span<const double> in, int p, std::size_t first, std::size_t last,
                        Emit emit, std::vector<std::size_t>& idx, std::vector<double>& val) {
  const std::size_t w = static_cast<std::size_t>(p);
  if (first >= last) return;
  if (idx.size() < w + 1) idx.resize(w + 1);
  if (val.size() < w + 1) val.resize(w + 1);
  const double* x = in.data();
  // beats(a, b): a is strictly more extreme; at_least(a, b): a is as extreme or more;
  // extreme(a, b): the more extreme value (a on ties). Invariants: pv == x[pi], mv == x[mi].
  auto beats = [](double a, double b) { return kMax ? a > b : a < b; };
  auto at_least = [](double a, double b) { return kMax ? a >= b : a <= b; };
  auto extreme = [](double a, double b) { return kMax ? (a < b ? b : a) : (b < a ? b : a); };
  std::size_t* si = idx.data();
  double* sv = val.data();
  const std::size_t b0 = first + 1 - w;
  std::size_t pi = b0;
  double pv = x[b0];
  for (std::size_t i = b0 + 1; i <= first; ++i) {
    pi = select_index(at_least(x[i], pv), i, pi);
    pv = extreme(pv, x[i]);
  }
  emit(first, pi);
  for (std::size_t b = b0;;) {
    std::size_t mi = b + w - 1;
    double mv = x[mi];
    si[w - 1] = mi;
    sv[w - 1] = mv;
    for (std::size_t k = w - 1; k-- > 0;) {
      const double v = x[b + k];
      mi = select_index(beats(v, mv), b + k, mi);
      mv = extreme(mv, v);
      si[k] = mi;
      sv[k] = mv;
    }
    b += w;
    if (b >= last) break;
    const std::size_t e = std::min(b + w, last);
    pi = b;
    pv = x[b];
    emit(b, w > 1 ? select_index(beats(sv[1], pv), si[1], pi) : pi);
    // Bars b+1 .. b+w−2 combine with the previous suffix; the block's last bar (t == w) is the
    // prefix alone (a `t < w` test in the loop made gcc turn the combine into a jump).
    const std::size_t inner = std::min(e, b + w - 1);
    for (std::size_t i = b + 1; i < inner; ++i) {
      pi = select_index(at_least(x[i], pv), i, pi);
      pv = extreme(pv, x[i]);
      const std::size_t t = i - b + 1;
      emit(i, select_index(beats(sv[t], pv), si[t], pi));
    }
    if (e < b + w) break;
    if (w > 1) {
      const std::size_t i = b + w - 1;
      pi = select_index(at_least(x[i], pv), i, pi);
      emit(i, pi);
    }
  }
}

}  // namespace kiss::ind::detail
