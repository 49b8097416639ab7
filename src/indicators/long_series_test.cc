// Long-series checks of the kernels whose arithmetic is NOT a literal transcription of TA-Lib's
// (branch-free selects, EMA's two-bar step, ADX's reciprocals), against plain transcriptions of
// TA-Lib's C loops kept here as references, over 1M bars of a tick-rounded random walk (many
// zero changes and equal highs/lows, so ties and the "neither" cases are exercised):
//  * RSI, OBV, +DI, −DI: bit-identical (the masks only add +0.0 where TA-Lib skips an add);
//  * EMA, ADX: within a few ulp, and no worse over the second half of the series than over the
//    first (their recurrences contract, so rounding differences must not accumulate);
//  * SMA (blocks with fresh window sums): within a fixed bound of the EXACT mean of each window
//    in both halves (TA-Lib's running sum drifts away from it), and within 1e-12 of TA-Lib's loop.
// The golden tests cover the real series (a few thousand bars); this covers length.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "indicators/indicators.h"

namespace kiss::ind {
namespace {

using V = std::vector<double>;

struct Ohlcv {
  V high, low, close, volume;
};

// Deterministic random walk: splitmix64, prices rounded to 0.05 so that unchanged closes and
// equal highs/lows are common.
Ohlcv walk(std::size_t n) {
  std::uint64_t s = 12345;
  auto next = [&s] {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  auto unit = [&] { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); };
  auto tick = [](double x) { return std::round(x * 20.0) / 20.0; };
  Ohlcv o;
  double lp = std::log(100.0);
  for (std::size_t i = 0; i < n; ++i) {
    lp += (unit() - 0.5) * 0.01 - (lp - std::log(100.0)) * 1e-4;
    const double c = tick(std::exp(lp));
    o.close.push_back(c);
    o.high.push_back(c + tick(unit() * 0.6));
    o.low.push_back(c - tick(unit() * 0.6));
    o.volume.push_back(std::floor(unit() * 1000.0));
  }
  return o;
}

// --- TA-Lib's loops, transcribed (branches and operation order as in ta_*.c) ---------------

V ema_ref(const V& x, int p) {
  V out(x.size(), std::nan(""));
  double sum = 0.0;
  for (int i = 0; i < p; ++i) sum += x[static_cast<std::size_t>(i)];
  double e = sum / p;
  out[static_cast<std::size_t>(p - 1)] = e;
  const double k = 2.0 / (p + 1);
  for (std::size_t i = static_cast<std::size_t>(p); i < x.size(); ++i) {
    e = (x[i] - e) * k + e;
    out[i] = e;
  }
  return out;
}

V rsi_ref(const V& x, int p) {
  V out(x.size(), std::nan(""));
  double g = 0.0, l = 0.0;
  const auto up = static_cast<std::size_t>(p);
  for (std::size_t i = 1; i <= up; ++i) {
    const double d = x[i] - x[i - 1];
    if (d < 0) l -= d;
    else g += d;
  }
  g /= p;
  l /= p;
  auto value = [](double a, double b) {
    const double s = a + b;
    return (-1e-14 < s && s < 1e-14) ? 0.0 : 100.0 * (a / s);
  };
  out[up] = value(g, l);
  for (std::size_t i = up + 1; i < x.size(); ++i) {
    const double d = x[i] - x[i - 1];
    l *= (p - 1);
    g *= (p - 1);
    if (d < 0) l -= d;
    else g += d;
    l /= p;
    g /= p;
    out[i] = value(g, l);
  }
  return out;
}

V obv_ref(const V& c, const V& v) {
  V out(c.size());
  double o = v[0];
  out[0] = o;
  for (std::size_t i = 1; i < c.size(); ++i) {
    if (c[i] > c[i - 1]) o += v[i];
    else if (c[i] < c[i - 1]) o -= v[i];
    out[i] = o;
  }
  return out;
}

double tr_ref(double h, double l, double pc) {
  double g = h - l;
  const double a = std::fabs(pc - h), b = std::fabs(l - pc);
  if (a > g) g = a;
  if (b > g) g = b;
  return g;
}

// TA-Lib's PLUS_DI / MINUS_DI (kind +1 / −1) and ADX (kind 0) for p >= 2.
V dm_ref(const Ohlcv& o, int p, int kind) {
  const std::size_t n = o.close.size(), up = static_cast<std::size_t>(p);
  V out(n, std::nan(""));
  double sp = 0.0, sm = 0.0, st = 0.0, sum_dx = 0.0, adx = 0.0;
  for (std::size_t i = 1; i < n; ++i) {
    const double dp = o.high[i] - o.high[i - 1], dm = o.low[i - 1] - o.low[i];
    if (i >= up) {
      sp -= sp / p;
      sm -= sm / p;
    }
    if (dm > 0 && dp < dm) sm += dm;
    else if (dp > 0 && dp > dm) sp += dp;
    const double tr = tr_ref(o.high[i], o.low[i], o.close[i - 1]);
    st = i >= up ? st - (st / p) + tr : st + tr;
    if (i < up) continue;
    const bool tr_zero = -1e-14 < st && st < 1e-14;
    if (kind != 0) {
      out[i] = tr_zero ? 0.0 : 100.0 * ((kind > 0 ? sp : sm) / st);
      continue;
    }
    bool has = false;
    double dx = 0.0;
    if (!tr_zero) {
      const double mdi = 100.0 * (sm / st), pdi = 100.0 * (sp / st), s = mdi + pdi;
      if (!(-1e-14 < s && s < 1e-14)) {
        dx = 100.0 * (std::fabs(mdi - pdi) / s);
        has = true;
      }
    }
    const std::size_t first = static_cast<std::size_t>(2 * p - 1);
    if (i <= first && has) sum_dx += dx;
    if (i < first) continue;
    if (i == first) adx = sum_dx / p;
    else if (has) adx = ((adx * (p - 1)) + dx) / p;
    out[i] = adx;
  }
  return out;
}

V sma_ref(const V& x, int p) {
  V out(x.size(), std::nan(""));
  const auto lb = static_cast<std::size_t>(p - 1);
  if (x.size() <= lb) return out;
  double total = 0.0;
  for (std::size_t i = 0; i < lb; ++i) total += x[i];
  for (std::size_t i = lb; i < x.size(); ++i) {
    total += x[i];
    out[i] = total / p;
    total -= x[i - lb];
  }
  return out;
}

// The exact window means, rounded once: a running sum kept as an unevaluated double-double
// (hi + lo, Knuth's TwoSum per add and subtract). Each step loses ~2^-106 of the sum, so over
// 2M steps the reference is off by < 1e-25 relative: for our purposes exact, at O(n) for any p.
V sma_exact(const V& x, int p) {
  V out(x.size(), std::nan(""));
  const auto lb = static_cast<std::size_t>(p - 1);
  double hi = 0.0, lo = 0.0;
  auto add = [&](double v) {
    const double s = hi + v, bv = s - hi;
    const double err = (hi - (s - bv)) + (v - bv);
    const double l = lo + err, h = s + l;
    lo = l - (h - s);
    hi = h;
  };
  for (std::size_t i = 0; i < std::min(lb, x.size()); ++i) add(x[i]);
  for (std::size_t i = lb; i < x.size(); ++i) {
    add(x[i]);
    out[i] = (hi + lo) / p;
    add(-x[i - lb]);
  }
  return out;
}

// --- checks --------------------------------------------------------------------------------

void expect_bit_identical(const V& got, const V& want, const char* what) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      ASSERT_TRUE(std::isnan(got[i])) << what << " bar " << i;
      continue;
    }
    ASSERT_EQ(got[i], want[i]) << what << " bar " << i;
  }
}

// Largest |a − b| / max(floor, |b|) over each half of the series: floor 1 is the golden
// tests' error, floor 0 the plain relative error (for series without zeros).
std::pair<double, double> half_errors(const V& got, const V& want, double floor = 1.0) {
  double e[2] = {0.0, 0.0};
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << i;
      continue;
    }
    double& m = e[2 * i >= want.size() ? 1 : 0];
    m = std::max(m, std::fabs(got[i] - want[i]) / std::max(floor, std::fabs(want[i])));
  }
  return {e[0], e[1]};
}

constexpr std::size_t kBars = 1000000;

const Ohlcv& series() {
  static const Ohlcv o = walk(kBars);
  return o;
}

TEST(LongSeries, BranchFreeKernelsAreBitIdenticalToTaLibLoops) {
  const Ohlcv& o = series();
  V out(kBars);
  for (int p : {2, 14}) {
    rsi(o.close, p, out);
    expect_bit_identical(out, rsi_ref(o.close, p), "rsi");
    plus_di(o.high, o.low, o.close, p, out);
    expect_bit_identical(out, dm_ref(o, p, +1), "plus_di");
    minus_di(o.high, o.low, o.close, p, out);
    expect_bit_identical(out, dm_ref(o, p, -1), "minus_di");
  }
  obv(o.close, o.volume, out);
  expect_bit_identical(out, obv_ref(o.close, o.volume), "obv");
}

TEST(LongSeries, EmaAndAdxStayWithinUlpsAndDoNotDrift) {
  const Ohlcv& o = series();
  V out(kBars);
  for (int p : {2, 20, 50}) {
    ema(o.close, p, out);
    const auto [a, b] = half_errors(out, ema_ref(o.close, p));
    EXPECT_LE(a, 1e-14) << "ema " << p;
    EXPECT_LE(b, 1e-14) << "ema " << p;
  }
  for (int p : {2, 14, 30}) {
    adx(o.high, o.low, o.close, p, out);
    const auto [a, b] = half_errors(out, dm_ref(o, p, 0));
    EXPECT_LE(a, 1e-13) << "adx " << p;
    EXPECT_LE(b, 1e-13) << "adx " << p;
    RecordProperty("adx_" + std::to_string(p), std::to_string(std::max(a, b)));
  }
}

std::string sci(double a, double b) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g / %.3g", a, b);
  return buf;
}

// Largest |a − b| / |b| (plain relative error, b != 0 here) over each half of the series.
std::pair<double, double> half_rel_errors(const V& got, const V& want) {
  return half_errors(got, want, 0.0);
}

// The bound below is fixed, independent of the series length: a fresh window sum (about
// (p/4)·ε·Σ|x| of rounding) plus at most a block of chain adds, then one rounding of the division.
// Measured max over both halves: see RecordProperty (≈ 5e-15 for p = 20). TA-Lib's loop on the
// same bars is recorded too: its running total keeps every rounding, ~1e-13 by the end.
TEST(LongSeries, SmaStaysNearTheExactMeanAndNearTaLib) {
  const Ohlcv& o = series();
  V out(kBars);
  for (int p : {2, 3, 20, 50, 200, 1500}) {
    sma(o.close, p, out);
    const V exact = sma_exact(o.close, p);
    const auto [a, b] = half_rel_errors(out, exact);
    EXPECT_LE(a, 2e-14) << "sma " << p << " vs exact, 1st half";
    EXPECT_LE(b, 2e-14) << "sma " << p << " vs exact, 2nd half";
    const V ta = sma_ref(o.close, p);
    const auto [ta_a, ta_b] = half_rel_errors(ta, exact);
    const auto [c, d] = half_rel_errors(out, ta);
    EXPECT_LE(c, 1e-12) << "sma " << p << " vs TA-Lib's loop, 1st half";
    EXPECT_LE(d, 1e-12) << "sma " << p << " vs TA-Lib's loop, 2nd half";
    const std::string k = "sma_" + std::to_string(p);
    RecordProperty(k + "_vs_exact", sci(a, b));
    RecordProperty(k + "_talib_vs_exact", sci(ta_a, ta_b));
    RecordProperty(k + "_vs_talib", sci(c, d));
  }
  sma(o.close, 1, out);  // period 1: the input itself, as TA-Lib
  expect_bit_identical(out, sma_ref(o.close, 1), "sma 1");
}

// Lengths around the block edges (kSmaBlock = 1024 bars per fresh sum, 4·p for long periods) and
// the two-bar step's odd tail: every bar within the same bound of the exact mean.
TEST(LongSeries, SmaBlockEdges) {
  const V& c = series().close;
  for (int p : {2, 3, 7, 300}) {
    const auto up = static_cast<std::size_t>(p);
    for (std::size_t n : {up - 1, up, up + 1, up + 2, up + 1022, up + 1023, up + 1024, up + 1025,
                          up + 2047, up + 2048, 4 * up + up - 1, 4 * up + up, 8 * up + up + 1}) {
      const V x(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(n));
      V out(n);
      sma(x, p, out);
      const V exact = sma_exact(x, p);
      for (std::size_t i = 0; i < n; ++i) {
        if (i + 1 < up) {
          ASSERT_TRUE(std::isnan(out[i])) << p << " " << n << " " << i;
          continue;
        }
        ASSERT_LE(std::fabs(out[i] - exact[i]), 2e-14 * std::fabs(exact[i]))
            << "p " << p << " n " << n << " bar " << i;
      }
    }
  }
}

}  // namespace
}  // namespace kiss::ind
