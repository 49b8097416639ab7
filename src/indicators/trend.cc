// Trend indicators: ±DI / ADX / Aroon / SAR with TA-Lib's conventions, SuperTrend
// (docs/indicators.md).
#include "indicators/trend.h"

#include <algorithm>
#include <vector>

#include "indicators/kernel_util.h"
#include "indicators/wilder_atr.h"

namespace kiss::ind {
using detail::sz;

int plus_di_lookback(int p) { return p; }
int minus_di_lookback(int p) { return p; }
int adx_lookback(int p) { return 2 * p - 1; }
int aroon_lookback(int p) { return p; }
int supertrend_lookback(int p) { return p; }
int sar_lookback() { return 1; }

namespace {
// +DM / −DM of bar i (TA-Lib: the larger positive move wins, a tie gives neither).
inline void directional_move(std::span<const double> high, std::span<const double> low,
                             std::size_t i, double& plus, double& minus) {
  const double up = high[i] - high[i - 1];
  const double down = low[i - 1] - low[i];
  // The two conditions exclude each other. Bit masks (detail::keep_if), not `c ? x : 0.0`,
  // which gcc turns into jumps that mispredict on real data; adding the +0.0 of the move not
  // taken to a Wilder sum is exact, so the sums stay bit-identical to TA-Lib's branches.
  minus = detail::keep_if((down > 0) & (up < down), down);
  plus = detail::keep_if((up > 0) & (up > down), up);
}

// Wilder running SUMS of +DM, −DM and TR: seed = plain sums over bars 1..p−1 (p−1 values), then
// S = S − S/p + x from bar p on. emit(i, sum_plus, sum_minus, sum_tr) for every i >= p. kPlus /
// kMinus drop a sum the caller does not need (one division per bar each).
template <bool kPlus, bool kMinus, class Emit>
void wilder_dm_sums(std::span<const double> high, std::span<const double> low,
                    std::span<const double> close, int p, Emit emit) {
  const std::size_t n = close.size();
  if (n <= sz(p)) return;
  double sp = 0.0, sm = 0.0, st = 0.0, a = 0.0, b = 0.0;
  for (std::size_t i = 1; i < sz(p); ++i) {
    directional_move(high, low, i, a, b);
    sp += a;
    sm += b;
    st += detail::true_range(high[i], low[i], close[i - 1]);
  }
  const double dp = static_cast<double>(p);
  for (std::size_t i = sz(p); i < n; ++i) {
    directional_move(high, low, i, a, b);
    if constexpr (kPlus) sp = sp - (sp / dp) + a;
    if constexpr (kMinus) sm = sm - (sm / dp) + b;
    st = st - (st / dp) + detail::true_range(high[i], low[i], close[i - 1]);
    emit(i, sp, sm, st);
  }
}
// TA-Lib's period-1 path of PLUS_DI / MINUS_DI: the bar's own DM over its true range, WITHOUT the
// ×100 of the general case (so values are in [0, 1]); reproduced as is (docs/indicators.md).
template <bool kPlus>
void di_period_one(std::span<const double> high, std::span<const double> low,
                   std::span<const double> close, std::span<double> out) {
  double a = 0.0, b = 0.0;
  for (std::size_t i = 1; i < close.size(); ++i) {
    directional_move(high, low, i, a, b);
    const double dm = kPlus ? a : b;
    const double tr = detail::true_range(high[i], low[i], close[i - 1]);
    out[i] = (dm > 0 && !detail::is_zero(tr)) ? dm / tr : 0.0;
  }
}
}  // namespace

void plus_di(std::span<const double> high, std::span<const double> low,
             std::span<const double> close, int p, std::span<double> out) {
  assert(high.size() == close.size() && low.size() == close.size() && out.size() == close.size() &&
         p >= 1);
  detail::fill_warmup(out, p);
  if (p == 1) return di_period_one<true>(high, low, close, out);
  wilder_dm_sums<true, false>(high, low, close, p,
                              [&](std::size_t i, double sp, double, double st) {
                                out[i] = detail::is_zero(st) ? 0.0 : 100.0 * (sp / st);
                              });
}

void minus_di(std::span<const double> high, std::span<const double> low,
              std::span<const double> close, int p, std::span<double> out) {
  assert(high.size() == close.size() && low.size() == close.size() && out.size() == close.size() &&
         p >= 1);
  detail::fill_warmup(out, p);
  if (p == 1) return di_period_one<false>(high, low, close, out);
  wilder_dm_sums<false, true>(high, low, close, p,
                              [&](std::size_t i, double, double sm, double st) {
                                out[i] = detail::is_zero(st) ? 0.0 : 100.0 * (sm / st);
                              });
}

void adx(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         int p, std::span<double> out) {
  assert(high.size() == close.size() && low.size() == close.size() && out.size() == close.size() &&
         p >= 1);
  const int lookback = adx_lookback(p);
  detail::fill_warmup(out, lookback);
  if (close.size() <= sz(lookback)) return;
  // DX from bar p; ADX at 2p−1 = (sum of those p DX)/p; then Wilder smoothing of DX. A bar whose
  // TR sum or DI sum is ~0 has no DX: it adds nothing to the seed and carries the ADX.
  //
  // TA-Lib divides seven times a bar (three Wilder sums S − S/p, two DIs, DX, the ADX step
  // (adx·(p−1) + dx)/p), and the divider, not the arithmetic, bounds its loop. Here the same
  // quantities use two divisions: S·(1 − 1/p) + x, both DIs from one reciprocal 100/S(TR), and
  // adx·((p−1)/p) + dx·(1/p). Not bit-identical to TA-Lib (plus_di / minus_di still are): each
  // step rounds differently, but every recurrence contracts ((p−1)/p < 1), so the difference
  // stays at a few ulp (measured <= 4e-15 relative over 1M bars, the same in both halves:
  // long_series_test.cc, tools/talib/side_by_side.sh). The ~0 tests on S(TR) and the DI sum
  // could in principle fall on the other side of TA-Lib's 1e-14 threshold when a value sits
  // within a few ulp of it.
  const std::size_t n = close.size(), first = sz(lookback);
  const double* h = high.data();
  const double* l = low.data();
  const double* c = close.data();
  double sp = 0.0, sm = 0.0, st = 0.0, a = 0.0, b = 0.0;
  for (std::size_t i = 1; i < sz(p); ++i) {  // seed: plain sums over bars 1..p−1
    directional_move(high, low, i, a, b);
    sp += a;
    sm += b;
    st += detail::true_range(h[i], l[i], c[i - 1]);
  }
  const double dp = static_cast<double>(p), inv = 1.0 / dp, keep = 1.0 - inv;
  const double adx_keep = static_cast<double>(p - 1) / dp;
  double sum_dx = 0.0, value = 0.0;
  for (std::size_t i = sz(p); i < n; ++i) {
    directional_move(high, low, i, a, b);
    sp = sp * keep + a;
    sm = sm * keep + b;
    st = st * keep + detail::true_range(h[i], l[i], c[i - 1]);
    bool has_dx = false;
    double dx = 0.0;
    if (!detail::is_zero(st)) {
      const double r = 100.0 / st;
      const double mdi = sm * r, pdi = sp * r;
      const double s = mdi + pdi;
      if (!detail::is_zero(s)) {
        dx = 100.0 * (std::fabs(mdi - pdi) / s);
        has_dx = true;
      }
    }
    if (i < first) {
      if (has_dx) sum_dx += dx;
      continue;
    }
    if (i == first) {
      if (has_dx) sum_dx += dx;
      value = sum_dx / dp;
    } else if (has_dx) {
      value = value * adx_keep + dx * inv;
    }
    out[i] = value;
  }
}

void aroon(std::span<const double> high, std::span<const double> low, int p, std::span<double> up,
           std::span<double> down) {
  const std::size_t n = high.size();
  assert(low.size() == n && up.size() == n && down.size() == n && p >= 1);
  detail::fill_warmup(up, p);
  detail::fill_warmup(down, p);
  if (n <= sz(p)) return;
  // Window of p+1 bars; the most recent extreme wins ties. Aroon = factor·(p − bars since the
  // extreme), with TA-Lib's integer arithmetic before the one multiplication.
  std::vector<std::size_t> idx;
  std::vector<double> val;
  const std::size_t first = sz(p);
  const double factor = 100.0 / static_cast<double>(p);
  auto aroon_of = [&](std::size_t i, std::size_t at) {
    return factor * static_cast<double>(p - static_cast<int>(i - at));
  };
  detail::window_arg_extreme<true>(
      high, p + 1, first, n, [&](std::size_t i, std::size_t at) { up[i] = aroon_of(i, at); }, idx,
      val);
  detail::window_arg_extreme<false>(
      low, p + 1, first, n, [&](std::size_t i, std::size_t at) { down[i] = aroon_of(i, at); }, idx,
      val);
}

void supertrend(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, int p, double mult, std::span<double> line,
                std::span<double> direction) {
  [[maybe_unused]] const std::size_t n = close.size();
  assert(high.size() == n && low.size() == n && line.size() == n && direction.size() == n &&
         p >= 1);
  detail::fill_warmup(line, p);
  detail::fill_warmup(direction, p);
  // Basic bands hl2 ± mult·ATR. The final upper band only moves down (or resets when the previous
  // close broke above it), the final lower band only up (or resets on a close below it).
  // Direction: from an up-trend, a close below the final lower band turns it down; from a
  // down-trend, a close above the final upper band turns it up. The first bar (p) starts in an
  // up-trend (pandas-ta's convention) with the basic bands as final bands.
  double fu = 0.0, fl = 0.0, dir = 1.0;
  detail::wilder_atr(high, low, close, p, [&](std::size_t i, double a) {
    const double hl2 = (high[i] + low[i]) / 2.0;
    const double bu = hl2 + mult * a, bl = hl2 - mult * a;
    if (i == sz(p)) {
      fu = bu;
      fl = bl;
      dir = close[i] < fl ? -1.0 : 1.0;
    } else {
      const double pc = close[i - 1];
      fu = (bu < fu || pc > fu) ? bu : fu;
      fl = (bl > fl || pc < fl) ? bl : fl;
      if (dir > 0) dir = close[i] < fl ? -1.0 : 1.0;
      else dir = close[i] > fu ? 1.0 : -1.0;
    }
    direction[i] = dir;
    line[i] = dir > 0 ? fl : fu;
  });
}

void sar(std::span<const double> high, std::span<const double> low, double accel, double max,
         std::span<double> out) {
  const std::size_t n = high.size();
  assert(low.size() == n && out.size() == n);
  detail::fill_warmup(out, 1);
  if (n < 2) return;
  // Port of TA-Lib's SAR. Initial direction from bar 1's −DM (short if the low fell more than
  // the high rose), initial SAR = the extreme of bar 0 on the far side, EP = bar 1's extreme.
  if (accel > max) accel = max;
  double af = accel;
  const double up = high[1] - high[0], dn = low[0] - low[1];
  bool is_long = !(dn > 0 && up < dn);
  double ep = is_long ? high[1] : low[1];
  double s = is_long ? low[0] : high[0];
  double new_low = low[1], new_high = high[1];  // TA-Lib primes these with bar 1
  for (std::size_t i = 1; i < n; ++i) {
    const double prev_low = new_low, prev_high = new_high;
    new_low = low[i];
    new_high = high[i];
    if (is_long) {
      if (new_low <= s) {  // reversal to short
        is_long = false;
        s = ep;
        if (s < prev_high) s = prev_high;
        if (s < new_high) s = new_high;
        out[i] = s;
        af = accel;
        ep = new_low;
        s = s + af * (ep - s);
        if (s < prev_high) s = prev_high;
        if (s < new_high) s = new_high;
      } else {
        out[i] = s;
        if (new_high > ep) {
          ep = new_high;
          af += accel;
          if (af > max) af = max;
        }
        s = s + af * (ep - s);
        if (s > prev_low) s = prev_low;
        if (s > new_low) s = new_low;
      }
    } else {
      if (new_high >= s) {  // reversal to long
        is_long = true;
        s = ep;
        if (s > prev_low) s = prev_low;
        if (s > new_low) s = new_low;
        out[i] = s;
        af = accel;
        ep = new_high;
        s = s + af * (ep - s);
        if (s > prev_low) s = prev_low;
        if (s > new_low) s = new_low;
      } else {
        out[i] = s;
        if (new_low < ep) {
          ep = new_low;
          af += accel;
          if (af > max) af = max;
        }
        s = s + af * (ep - s);
        if (s < prev_high) s = prev_high;
        if (s < new_high) s = new_high;
      }
    }
  }
}

}  // namespace kiss::ind
