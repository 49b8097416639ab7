// Properties over real series: value ranges, and how much earlier history a value depends on.
//
// History dependence (checked by computing on the full series and on the series with its first
// K bars dropped, then comparing the common dates past the dropped run's warm-up + settle bars):
//  * window indicators (highest/lowest, Donchian, Williams %R, ROC, true range, Aroon) depend
//    only on their window: identical bit for bit;
//  * running-sum indicators (SMA, WMA, Bollinger, CCI, stochastic, MFI, VWAP) depend only on
//    their window up to the rounding the running sums carry: within 1e-12 relative;
//  * recursive indicators (EMA family, MACD, Wilder RSI/ATR/NATR/±DI/ADX, Keltner) depend on all
//    history through their seed (TA-Lib's convention); the seed's weight decays as (1−k)^m
//    (EMA, k = 2/(p+1)) or (1−1/p)^m (Wilder), so after m = 40·p further bars it is below
//    (1−1/p)^(40p) ≈ e^−40 ≈ 4e−18 and the values agree within 1e-9 relative. ADX smooths twice
//    and MACD/DEMA/TEMA chain up to three EMAs; 40·p covers them as well (checked below).
//  * SAR and SuperTrend are path dependent (a different start can leave them in another trend
//    phase for a while); no history-independence claim is made for them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "indicators/spec.h"
#include "indicators/test_io.h"

namespace kiss::ind {
namespace {

Bars drop_front(const Bars& b, std::size_t k) {
  Bars r;
  r.symbol = b.symbol;
  for (std::size_t i = k; i < b.size(); ++i)
    r.push_back(b.date[i], b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i]);
  return r;
}

struct HistoryCase {
  const char* spec;
  double tol;  // 0 = bit-identical
  int settle;  // bars past the dropped run's lookback before comparing
};

class HistoryIndependence : public ::testing::TestWithParam<HistoryCase> {};

TEST_P(HistoryIndependence, LaterValuesIgnoreEarlierHistory) {
  const HistoryCase hc = GetParam();
  const Bars full = testing::read_bars("nifty50.csv");
  const std::size_t k = 700;
  const Bars part = drop_front(full, k);
  // The index has no volume; volume indicators use a stock instead.
  const bool needs_volume = std::string(hc.spec).rfind("mfi", 0) == 0 ||
                            std::string(hc.spec).rfind("vwap", 0) == 0;
  const Bars f = needs_volume ? testing::read_bars("reliance.csv") : full;
  const Bars p = needs_volume ? drop_front(f, 300) : part;
  const std::size_t drop = needs_volume ? 300 : k;
  auto parsed = parse_spec(hc.spec);
  ASSERT_TRUE(parsed.has_value());
  auto a = compute_spec(*parsed, f);
  auto b = compute_spec(*parsed, p);
  ASSERT_TRUE(a && b);
  const std::size_t start = static_cast<std::size_t>(spec_lookback(*parsed) + hc.settle);
  ASSERT_LT(start + 100, p.size());
  for (std::size_t c = 0; c < a->size(); ++c) {
    const auto& x = (*a)[c].values;
    const auto& y = (*b)[c].values;
    int compared = 0;
    for (std::size_t i = start; i < p.size(); ++i) {
      const double want = x[i + drop], got = y[i];
      if (std::isnan(want)) {
        EXPECT_TRUE(std::isnan(got));
        continue;
      }
      ++compared;
      if (hc.tol == 0) {
        ASSERT_EQ(got, want) << (*a)[c].name << " at " << i;
      } else {
        ASSERT_LE(std::fabs(got - want), hc.tol * std::max(1.0, std::fabs(want)))
            << (*a)[c].name << " at " << i;
      }
    }
    EXPECT_GT(compared, 100);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Catalog, HistoryIndependence,
    ::testing::Values(
        // window indicators: exact
        HistoryCase{"highest(20)", 0, 0}, HistoryCase{"lowest(20)", 0, 0},
        HistoryCase{"donchian(20)", 0, 0}, HistoryCase{"willr(14)", 0, 0},
        HistoryCase{"roc(10)", 0, 0}, HistoryCase{"trange", 0, 0}, HistoryCase{"aroon(14)", 0, 0},
        // running sums: rounding only
        HistoryCase{"sma(20)", 1e-12, 0}, HistoryCase{"wma(20)", 1e-12, 0},
        HistoryCase{"bbands(20,2)", 1e-12, 0}, HistoryCase{"cci(20)", 1e-12, 0},
        HistoryCase{"stoch(14,3,3)", 1e-12, 0}, HistoryCase{"mfi(14)", 1e-12, 0},
        HistoryCase{"vwap(20)", 1e-12, 0},
        // recursive: converged after 40·p bars
        HistoryCase{"ema(20)", 1e-9, 800}, HistoryCase{"dema(20)", 1e-9, 800},
        HistoryCase{"tema(20)", 1e-9, 800}, HistoryCase{"macd(12,26,9)", 1e-9, 1040},
        HistoryCase{"rsi(14)", 1e-9, 560}, HistoryCase{"atr(14)", 1e-9, 560},
        HistoryCase{"natr(14)", 1e-9, 560}, HistoryCase{"plus_di(14)", 1e-9, 560},
        HistoryCase{"minus_di(14)", 1e-9, 560}, HistoryCase{"adx(14)", 1e-9, 560},
        HistoryCase{"keltner(20,2)", 1e-9, 800}));

// Recursive indicators do depend on history before convergence (TA-Lib's seeding): shortly
// after the later start they differ, which is why the settle bars above are needed.
TEST(HistoryDependence, RecursiveIndicatorsNeedSettling) {
  const Bars full = testing::read_bars("nifty50.csv");
  const Bars part = drop_front(full, 700);
  auto a = compute_spec("rsi(14)", full);
  auto b = compute_spec("rsi(14)", part);
  ASSERT_TRUE(a && b);
  EXPECT_GT(std::fabs((*a)[0].values[700 + 14] - (*b)[0].values[14]), 1e-6);
}

void expect_within(const std::string& spec, const Bars& bars, double lo, double hi) {
  auto cols = compute_spec(spec, bars);
  ASSERT_TRUE(cols.has_value()) << spec;
  for (const NamedColumn& c : *cols) {
    int seen = 0;
    for (double v : c.values) {
      if (std::isnan(v)) continue;
      ++seen;
      ASSERT_GE(v, lo) << c.name;
      ASSERT_LE(v, hi) << c.name;
    }
    EXPECT_GT(seen, 100) << c.name;
  }
}

class Invariants : public ::testing::TestWithParam<std::string> {};

TEST_P(Invariants, Ranges) {
  const Bars bars = testing::read_bars(GetParam() + ".csv");
  for (const char* s : {"rsi(14)", "rsi(2)", "stoch(14,3,3)", "stoch(5,1,1)", "mfi(14)", "adx(14)",
                        "plus_di(14)", "minus_di(14)", "aroon(14)"})
    expect_within(s, bars, 0, 100);
  expect_within("willr(14)", bars, -100, 0);
  expect_within("atr(14)", bars, 0, 1e300);
  expect_within("natr(14)", bars, 0, 1e300);
  expect_within("trange", bars, 0, 1e300);
}

TEST_P(Invariants, AveragesStayInsideTheWindowAndBandsAreOrdered) {
  const Bars bars = testing::read_bars(GetParam() + ".csv");
  const int p = 20;
  auto sma = compute_spec("sma(20)", bars), wma = compute_spec("wma(20)", bars);
  auto hi = compute_spec("highest(20)", bars), lo = compute_spec("lowest(20)", bars);
  auto bb = compute_spec("bbands(20,2)", bars), dc = compute_spec("donchian(20)", bars);
  auto kc = compute_spec("keltner(20,2)", bars);
  ASSERT_TRUE(sma && wma && hi && lo && bb && dc && kc);
  for (std::size_t i = p - 1; i < bars.size(); ++i) {
    const double h = (*hi)[0].values[i], l = (*lo)[0].values[i];
    const double slack = 1e-9 * h;
    EXPECT_GE((*sma)[0].values[i], l - slack);
    EXPECT_LE((*sma)[0].values[i], h + slack);
    EXPECT_GE((*wma)[0].values[i], l - slack);
    EXPECT_LE((*wma)[0].values[i], h + slack);
    for (const auto* band : {&*bb, &*dc, &*kc}) {
      if (std::isnan((*band)[2].values[i])) continue;
      EXPECT_GE((*band)[0].values[i], (*band)[1].values[i]);
      EXPECT_GE((*band)[1].values[i], (*band)[2].values[i]);
    }
  }
}

TEST_P(Invariants, SarOutsideTheBarAndSuperTrendDirection) {
  const Bars bars = testing::read_bars(GetParam() + ".csv");
  auto sar = compute_spec("sar(0.02,0.2)", bars);
  auto st = compute_spec("supertrend(10,3)", bars);
  ASSERT_TRUE(sar && st);
  int flips = 0;
  for (std::size_t i = 1; i < bars.size(); ++i) {
    const double s = (*sar)[0].values[i];
    EXPECT_FALSE(s > bars.low[i] && s < bars.high[i]) << "SAR inside bar " << i;
    const double d = (*st)[1].values[i];
    if (std::isnan(d)) continue;
    EXPECT_TRUE(d == 1.0 || d == -1.0);
    // The active band is below the close in an up-trend and above it in a down-trend.
    const double line = (*st)[0].values[i];
    if (d > 0) EXPECT_LE(line, bars.close[i]);
    else EXPECT_GE(line, bars.close[i]);
    if (i > 10 && d != (*st)[1].values[i - 1]) ++flips;
  }
  EXPECT_GT(flips, 5);
}

INSTANTIATE_TEST_SUITE_P(Series, Invariants, ::testing::Values("reliance", "mm", "nifty50"));

}  // namespace
}  // namespace kiss::ind
