// Hand-computed values over small literal series: the indicators TA-Lib lacks (Donchian,
// Keltner, VWAP, SuperTrend) and TA-Lib conventions the real-data goldens never exercise (flat
// series, equal high/low, first-bar values). The arithmetic is worked out in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "indicators/indicators.h"

namespace kiss::ind {
namespace {

using V = std::vector<double>;

void expect_series(const V& got, const V& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << "index " << i << " = " << got[i];
    } else {
      EXPECT_NEAR(got[i], want[i], 1e-12) << "index " << i;
    }
  }
}
const double N = std::nan("");

TEST(Donchian, UpperMiddleLower) {
  // p = 3. i=2: max(5,7,6)=7, min(1,2,3)=1, mid 4; i=3: max(7,6,4)=7, min(2,3,2)=2, mid 4.5;
  // i=4: max(6,4,3)=6, min(3,2,1)=1, mid 3.5.
  const V high{5, 7, 6, 4, 3}, low{1, 2, 3, 2, 1};
  V u(5), m(5), l(5);
  donchian(high, low, 3, u, m, l);
  expect_series(u, {N, N, 7, 7, 6});
  expect_series(m, {N, N, 4, 4.5, 3.5});
  expect_series(l, {N, N, 1, 2, 1});
  EXPECT_EQ(donchian_lookback(3), 2);
}

TEST(Keltner, EmaPlusMinusAtr) {
  // p = 2, mult = 1. EMA(2): k = 2/3, seed at 1 = (10+11)/2 = 10.5; i=2: (12−10.5)·2/3 + 10.5
  // = 11.5; i=3: (11−11.5)·2/3 + 11.5 = 11.1666… TR: i=1 max(1, |10−11.5|, |10.5−10|) = 1.5,
  // i=2 max(1, |11−12.5|, |11.5−11|) = 1.5, i=3 max(1, |12−11.5|, |10.5−12|) = 1.5.
  // ATR(2): seed at 2 = (1.5+1.5)/2 = 1.5; i=3: (1.5·1 + 1.5)/2 = 1.5.
  // Bands from i = 2 (the ATR's first bar): 11.5 ± 1.5, then 11.1666… ± 1.5.
  const V high{10.5, 11.5, 12.5, 11.5}, low{9.5, 10.5, 11.5, 10.5}, close{10, 11, 12, 11};
  V u(4), m(4), l(4);
  keltner(high, low, close, 2, 1.0, u, m, l);
  const double e3 = 11.5 + (11 - 11.5) * 2.0 / 3.0;
  expect_series(m, {N, N, 11.5, e3});
  expect_series(u, {N, N, 13, e3 + 1.5});
  expect_series(l, {N, N, 10, e3 - 1.5});
  EXPECT_EQ(keltner_lookback(2), 2);
}

TEST(Vwap, RollingAndZeroVolume) {
  // p = 2, TP = (H+L+C)/3: bar0 (12+8+10)/3 = 10, V 100; bar1 (13+9+11)/3 = 11, V 300;
  // bar2 (12+9+12)/3 = 11, V 0; bar3 TP 11, V 0; bar4 (15+13+14)/3 = 14, V 50.
  // i=1: (10·100 + 11·300)/400 = 10.75; i=2: (11·300 + 0)/300 = 11; i=3: no volume → NaN;
  // i=4: (0 + 14·50)/50 = 14.
  const V high{12, 13, 12, 12, 15}, low{8, 9, 9, 9, 13}, close{10, 11, 12, 12, 14};
  const V vol{100, 300, 0, 0, 50};
  V out(5);
  vwap(high, low, close, vol, 2, out);
  expect_series(out, {N, 10.75, 11, N, 14});
}

TEST(Vwap, IndexWithoutVolumeIsAllNaN) {
  const V x{1, 2, 3, 4}, zero{0, 0, 0, 0};
  V out(4);
  vwap(x, x, x, zero, 2, out);
  for (double v : out) EXPECT_TRUE(std::isnan(v));
}

TEST(SuperTrend, FlipsBothWays) {
  // p = 1 (ATR = TR), mult = 1; hl2 = (H+L)/2, basic bands hl2 ± TR.
  // i=1: TR max(1, |9.5−11|, |10−9.5|) = 1.5, hl2 10.5 → bands 12 / 9; first bar: up-trend
  //      (close 10.5 >= 9), line = lower 9.
  // i=2: TR 1.5, hl2 11.5 → 13 / 10; upper stays 12 (13 > 12, prev close 10.5 <= 12); lower rises
  //      to 10; close 11.5 >= 10: up, line 10.
  // i=3: TR max(3, .5, 3.5) = 3.5, hl2 9.5 → 13 / 6; upper stays 12; lower stays 10 (6 < 10,
  //      prev close 11.5 >= 10); close 8.5 < 10: flips down, line = upper 12.
  // i=4: TR max(2, .5, 1.5) = 2, hl2 8 → 10 / 6; upper drops to 10; lower resets to 6 (prev
  //      close 8.5 < 10); close 7.5 <= 10: still down, line 10.
  // i=5: TR max(2.5, 4, 1.5) = 4, hl2 10.25 → 14.25 / 6.25; upper stays 10 (prev close 7.5);
  //      lower rises to 6.25; close 11 > 10: flips up, line = lower 6.25.
  const V high{10, 11, 12, 11, 9, 11.5}, low{9, 10, 11, 8, 7, 9},
      close{9.5, 10.5, 11.5, 8.5, 7.5, 11};
  V line(6), dir(6);
  supertrend(high, low, close, 1, 1.0, line, dir);
  expect_series(line, {N, 9, 10, 12, 10, 6.25});
  expect_series(dir, {N, 1, 1, -1, -1, 1});
}

TEST(TaLibConventions, RsiOfFlatSeriesIsZero) {
  const V flat(10, 5.0);
  V out(10);
  rsi(flat, 3, out);
  expect_series(out, {N, N, N, 0, 0, 0, 0, 0, 0, 0});
}

TEST(TaLibConventions, RsiSeedAndWilderStep) {
  // p = 2: changes +1, −1 (bars 1, 2) → avg gain 0.5, loss 0.5 → 50 at bar 2.
  // bar 3: +2 → gain (0.5·1 + 2)/2 = 1.25, loss 0.25 → 100·1.25/1.5.
  V out(4);
  rsi(V{1, 2, 1, 3}, 2, out);
  expect_series(out, {N, N, 50, 100 * 1.25 / 1.5});
}

TEST(TaLibConventions, EmaSeededWithSma) {
  // p = 3, k = 0.5: seed (1+2+3)/3 = 2 at bar 2; bar 3: (6−2)·0.5 + 2 = 4.
  V out(4);
  ema(V{1, 2, 3, 6}, 3, out);
  expect_series(out, {N, N, 2, 4});
}

TEST(TaLibConventions, ObvStartsAtFirstVolume) {
  V out(4);
  obv(V{10, 11, 11, 9}, V{5, 7, 100, 3}, out);
  expect_series(out, {5, 12, 12, 9});
}

TEST(TaLibConventions, StochAndWillrWithFlatRangeAreZero) {
  const V x(6, 7.0);
  V k(6), d(6), w(6);
  stoch(x, x, x, 2, 2, 2, k, d);
  willr(x, x, x, 2, w);
  expect_series(k, {N, N, N, 0, 0, 0});
  expect_series(d, {N, N, N, 0, 0, 0});
  expect_series(w, {N, 0, 0, 0, 0, 0});
}

TEST(TaLibConventions, TrangeHasNoFirstBar) {
  V out(2);
  trange(V{10, 11}, V{9, 10}, V{9.5, 10.5}, out);
  expect_series(out, {N, 1.5});
}

TEST(TaLibConventions, BbandsPopulationSigma) {
  // p = 2 over {1, 3}: mean 2, population σ = 1 (the sample σ would be √2).
  V u(2), m(2), l(2);
  bbands(V{1, 3}, 2, 2.0, 1.0, u, m, l);
  expect_series(m, {N, 2});
  expect_series(u, {N, 4});
  expect_series(l, {N, 1});
}

TEST(TaLibConventions, AroonTiesGoToTheMostRecentBar) {
  // p = 2, window of 3 bars: highs {5, 5, 4} → highest at the most recent 5 (1 bar ago):
  // up = 50·(2 − 1) = 50; lows {1, 2, 1} → lowest is the current bar: down = 100.
  V up(3), dn(3);
  aroon(V{5, 5, 4}, V{1, 2, 1}, 2, up, dn);
  expect_series(up, {N, N, 50});
  expect_series(dn, {N, N, 100});
}

TEST(ShortInputs, EverythingNaNAndNoCrash) {
  const V one{1.0};
  V a(1), b(1), c(1);
  sma(one, 5, a);
  EXPECT_TRUE(std::isnan(a[0]));
  macd(one, 12, 26, 9, a, b, c);
  EXPECT_TRUE(std::isnan(c[0]));
  adx(one, one, one, 14, a);
  EXPECT_TRUE(std::isnan(a[0]));
  sar(one, one, 0.02, 0.2, a);
  EXPECT_TRUE(std::isnan(a[0]));
  const V none;
  V out;
  tema(none, 5, out);
  obv(none, none, out);
  supertrend(none, none, none, 3, 2.0, out, out);
}

}  // namespace
}  // namespace kiss::ind
