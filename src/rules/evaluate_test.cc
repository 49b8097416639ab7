// Every catalog rule on a small literal series, with the expected mask computed by hand in the
// comments (docs/metrics.md: strict comparisons, NaN → false, crossovers need t-1).
#include "rules/evaluate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <string>
#include <vector>

#include "indicators/indicators.h"
#include "rules/catalog.h"

namespace kiss {
namespace {

struct Ohlcv {
  double o, h, l, c, v;
};

Bars bars_of(std::initializer_list<Ohlcv> rows, Date first = 19000) {
  Bars b;
  b.symbol = "TEST";
  Date d = first;
  for (const auto& r : rows) b.push_back(d++, r.o, r.h, r.l, r.c, r.v);
  return b;
}

// Bars from closes only: open = close, high = close + 1, low = close − 1, volume 1000.
Bars closes(std::initializer_list<double> cs) {
  Bars b;
  b.symbol = "TEST";
  Date d = 19000;
  for (double c : cs) b.push_back(d++, c, c + 1.0, c - 1.0, c, 1000.0);
  return b;
}

RuleInstance rule(const std::string& type, std::map<std::string, double> params = {},
                  std::map<std::string, std::string> text = {}) {
  RuleInstance r;
  r.name = "r_" + type;
  r.type = type;
  r.params = std::move(params);
  r.text_params = std::move(text);
  return r;
}

Mask eval(const RuleInstance& r, const Bars& b, const Bars* bench = nullptr) {
  std::vector<int> idx;
  if (bench) idx = align_by_date(b, *bench);
  RuleInput in{&b, bench, idx};
  IndicatorCache cache;
  auto m = evaluate_signal(r, in, cache);
  EXPECT_TRUE(m) << (m ? "" : m.error().to_string());
  return m ? *m : Mask{};
}

using M = Mask;

TEST(Evaluate, SmaCrossoverIsTrueOnlyOnTheCrossingBar) {
  // close       1    2    3    2     1    2     3    4
  // sma2        -   1.5  2.5  2.5   1.5  1.5   2.5  3.5
  // sma3        -    -   2   2.33   2   1.67   2    3
  // t=6: 2.5 > 2 and 1.5 <= 1.67 -> cross; t=3: 2.5 > 2.33 but 2.5 > 2 before -> no.
  const Bars b = closes({1, 2, 3, 2, 1, 2, 3, 4});
  EXPECT_EQ(eval(rule("sma_crossover", {{"fast_period", 2}, {"slow_period", 3}}), b),
            (M{0, 0, 0, 0, 0, 0, 1, 0}));
  // Cross under: t=4: 1.5 < 2 and 2.5 >= 2.33 before.
  EXPECT_EQ(eval(rule("sma_cross_under", {{"fast_period", 2}, {"slow_period", 3}}), b),
            (M{0, 0, 0, 0, 1, 0, 0, 0}));
  // close > sma3: 3>2, 2>2.33 no, 1>2 no, 2>1.67, 3>2, 4>3.
  EXPECT_EQ(eval(rule("price_above_sma", {{"period", 3}}), b), (M{0, 0, 1, 0, 0, 1, 1, 1}));
  EXPECT_EQ(eval(rule("price_above_long_sma", {{"period", 3}}), b), (M{0, 0, 1, 0, 0, 1, 1, 1}));
}

TEST(Evaluate, CrossoverNeedsFastStrictlyAboveAfterBeingAtOrBelow) {
  // sma1 = close; sma2: - 1 1 1.5 ...; t=2: close 1 == sma2 1 -> not above (strict);
  // t=3: 2 > 1.5 and 1 <= 1 before -> cross.
  const Bars b = closes({1, 1, 1, 2, 2});
  EXPECT_EQ(eval(rule("sma_crossover", {{"fast_period", 1}, {"slow_period", 2}}), b),
            (M{0, 0, 0, 1, 0}));
}

TEST(Evaluate, EmaCrossoverUsesSmaSeededEmas) {
  // ema1 = close; ema2 (k = 2/3) seeded with the mean of the first 2 closes at t=1:
  // close 4 2 1 3; ema2: - 3, 1.667, 2.556. t=3: 3 > 2.556 and 1 <= 1.667 -> cross.
  const Bars b = closes({4, 2, 1, 3});
  EXPECT_EQ(eval(rule("ema_crossover", {{"fast_period", 1}, {"slow_period", 2}}), b),
            (M{0, 0, 0, 1}));
  EXPECT_EQ(eval(rule("price_above_ema", {{"period", 2}}), b), (M{0, 0, 0, 1}));
}

TEST(Evaluate, RsiRulesOnMonotoneSeries) {
  // Rising closes: no losses -> RSI = 100 from bar `period` on; falling: RSI = 0.
  const Bars up = closes({1, 2, 3, 4, 5});
  const Bars down = closes({5, 4, 3, 2, 1});
  EXPECT_EQ(eval(rule("rsi_above", {{"period", 2}, {"threshold", 50}}), up), (M{0, 0, 1, 1, 1}));
  EXPECT_EQ(eval(rule("rsi_above", {{"period", 2}, {"threshold", 50}}), down), (M{0, 0, 0, 0, 0}));
  EXPECT_EQ(eval(rule("rsi_below", {{"period", 2}, {"threshold", 30}}), down), (M{0, 0, 1, 1, 1}));
  // rsi_oversold: RSI > 40 (momentum) on the rising series; never on the falling one.
  EXPECT_EQ(eval(rule("rsi_oversold", {{"period", 2}, {"oversold_threshold", 30}}), up),
            (M{0, 0, 1, 1, 1}));
  EXPECT_EQ(eval(rule("rsi_oversold", {{"period", 2}, {"oversold_threshold", 30}}), down),
            (M{0, 0, 0, 0, 0}));
}

TEST(Evaluate, VolumeSpikeNeedsVolumeAndPriceMove) {
  // vol 100 100 400 100; sma2(vol) - 100 250 250; close 10 10 10.5 10.55
  // t=2: 400 > 1.5*250=375 and |10.5/10-1| = 0.05 > 0.01 -> 1; t=3: 100 > 375 no.
  const Bars b = bars_of({{10, 11, 9, 10, 100},
                          {10, 11, 9, 10, 100},
                          {10, 11, 9, 10.5, 400},
                          {10, 11, 9, 10.55, 100}});
  EXPECT_EQ(eval(rule("volume_spike",
                      {{"period", 2}, {"spike_multiplier", 1.5}, {"price_change_threshold", 0.01}}),
                 b),
            (M{0, 0, 1, 0}));
  // Same volume, no price move: 0.
  EXPECT_EQ(eval(rule("volume_spike",
                      {{"period", 2}, {"spike_multiplier", 1.5}, {"price_change_threshold", 0.06}}),
                 b),
            (M{0, 0, 0, 0}));
  // volume > 1.5 × sma2: only t=2.
  EXPECT_EQ(eval(rule("volume_above_avg", {{"period", 2}, {"multiplier", 1.5}}), b),
            (M{0, 0, 1, 0}));
}

TEST(Evaluate, CandlePatterns) {
  // Hammer: o10 c10.5 h10.6 l8: body .5 <= .3*2.6; lower 2 >= 2*.5; upper .1 <= 1 -> 1.
  // Doji o=c -> 0. Long body o10 c12 h12 l9.9: 2 > .3*2.1 -> 0.
  const Bars h = bars_of({{10, 10.6, 8, 10.5, 1}, {10, 10.6, 8, 10, 1}, {10, 12, 9.9, 12, 1}});
  EXPECT_EQ(eval(rule("hammer_pattern", {{"body_ratio", 0.3}, {"shadow_ratio", 2.0}}), h),
            (M{1, 0, 0}));
  // Engulfing: t0 red o10 c9 (body 1); t1 green o8.9 c10.5 (1.6 >= 1.2, 10.5 > 10, 8.9 <= 9).
  // t2 green after green -> 0.
  const Bars e = bars_of(
      {{10, 10.2, 8.8, 9, 1}, {8.9, 10.6, 8.8, 10.5, 1}, {10.5, 11, 10, 10.9, 1}});
  EXPECT_EQ(eval(rule("engulfing_pattern", {{"min_body_ratio", 1.2}}), e), (M{0, 1, 0}));
  EXPECT_EQ(eval(rule("engulfing_pattern", {{"min_body_ratio", 1.7}}), e), (M{0, 0, 0}));
}

TEST(Evaluate, BreakoutsAndGaps) {
  // highs 10 11 12 11 10, closes 9 10 11.5 12.5 9; highest2(high) - 11 12 12 11
  // donchian: close[t] > hh[t-1]: t2 11.5 > 11, t3 12.5 > 12.
  const Bars b = bars_of({{9, 10, 8, 9, 1},
                          {10, 11, 9, 10, 1},
                          {11, 12, 10, 11.5, 1},
                          {12, 11, 10, 12.5, 1},
                          {9, 10, 8, 9, 1}});
  EXPECT_EQ(eval(rule("donchian_breakout", {{"period", 2}}), b), (M{0, 0, 1, 1, 0}));
  // new high: high[t] > hh[t-1]: t2 12 > 11 only (t3 11 > 12 no).
  EXPECT_EQ(eval(rule("new_high_52w", {{"period", 2}}), b), (M{0, 0, 1, 0, 0}));
  // gap up: open[t] > high[t-1]: t3 12 > 12? no (strict); none.
  EXPECT_EQ(eval(rule("gap_up", {{"gap_pct", 0.0}}), b), (M{0, 0, 0, 0, 0}));
  const Bars g = bars_of({{10, 11, 9, 10, 1}, {11.2, 12, 11, 11.5, 1}, {12.1, 13, 12, 12.5, 1}});
  // t1: 11.2 > 11 -> 1; t2: 12.1 > 12 -> 1; with gap_pct 0.015: 11.2 > 11.165 -> 1,
  // 12.1 > 12.18 -> 0.
  EXPECT_EQ(eval(rule("gap_up", {{"gap_pct", 0.0}}), g), (M{0, 1, 1}));
  EXPECT_EQ(eval(rule("gap_up", {{"gap_pct", 0.015}}), g), (M{0, 1, 0}));
  // Inside bar at t1 (11 < 12, 9 > 8), close t2 11.5 > 11 -> 1.
  const Bars ib = bars_of({{10, 12, 8, 10, 1}, {10, 11, 9, 10, 1}, {10, 12, 9.5, 11.5, 1}});
  EXPECT_EQ(eval(rule("inside_bar_breakout"), ib), (M{0, 0, 1}));
}

TEST(Evaluate, BollingerRules) {
  // period 2, k 0.5: t1: mean 10, σ 0 -> upper 10; t2: same; t3: mean 12, σ 2 (population) ->
  // upper 13; close 14 > 13 -> 1. Squeeze: width[t-1] = 0 < 0.1 at t3 -> 1.
  const Bars b = closes({10, 10, 10, 14});
  EXPECT_EQ(eval(rule("bollinger_breakout", {{"period", 2}, {"std_dev", 0.5}}), b),
            (M{0, 0, 0, 1}));
  EXPECT_EQ(eval(rule("bollinger_squeeze",
                      {{"period", 2}, {"std_dev", 0.5}, {"squeeze_threshold", 0.1}}),
                 b),
            (M{0, 0, 0, 1}));
  // k = 1: upper at t3 = 14, close 14 is not above (strict).
  EXPECT_EQ(eval(rule("bollinger_breakout", {{"period", 2}, {"std_dev", 1.0}}), b),
            (M{0, 0, 0, 0}));
}

TEST(Evaluate, AtrVolatility) {
  // high-low = 2 and close 10 every bar: TR = 2 from bar 1, ATR(2) = 2 from bar 2;
  // 2/10 = 0.2 > 0.1 -> 1; > 0.25 never.
  const Bars b = closes({10, 10, 10, 10});
  EXPECT_EQ(eval(rule("is_volatile", {{"period", 2}, {"atr_threshold_pct", 0.1}}), b),
            (M{0, 0, 1, 1}));
  EXPECT_EQ(eval(rule("is_volatile", {{"period", 2}, {"atr_threshold_pct", 0.25}}), b),
            (M{0, 0, 0, 0}));
}

TEST(Evaluate, VolumeRules) {
  // close 10 11 10 12, volume 100 200 50 300: OBV 100 300 250 550; sma2 - 200 275 400.
  const Bars b = bars_of(
      {{10, 11, 9, 10, 100}, {11, 12, 10, 11, 200}, {10, 11, 9, 10, 50}, {12, 13, 11, 12, 300}});
  EXPECT_EQ(eval(rule("obv_rising", {{"period", 2}}), b), (M{0, 1, 0, 1}));
  // turnover 1000 2200 500 3600; sma2 - 1600 1350 2050; > 1500: t1, t3.
  EXPECT_EQ(eval(rule("min_avg_turnover", {{"period", 2}, {"min_turnover", 1500}}), b),
            (M{0, 1, 0, 1}));
}

TEST(Evaluate, OscillatorsOnAFallingSeries) {
  // close 10 9 8 7 6, high = c+1, low = c-1. Over 3 bars: HH = c+3, LL = c-1:
  // fast %K = 100·(C−LL)/(HH−LL) = 25; %R = −100·(HH−C)/(HH−LL) = −75.
  const Bars b = closes({10, 9, 8, 7, 6});
  EXPECT_EQ(eval(rule("stochastic_oversold",
                      {{"k_period", 3}, {"k_slowing", 1}, {"d_period", 1}, {"threshold", 30}}),
                 b),
            (M{0, 0, 1, 1, 1}));
  EXPECT_EQ(eval(rule("stochastic_oversold",
                      {{"k_period", 3}, {"k_slowing", 1}, {"d_period", 1}, {"threshold", 25}}),
                 b),
            (M{0, 0, 0, 0, 0}));
  EXPECT_EQ(eval(rule("williams_r_oversold", {{"period", 3}, {"threshold", -70}}), b),
            (M{0, 0, 1, 1, 1}));
  EXPECT_EQ(eval(rule("williams_r_oversold", {{"period", 3}, {"threshold", -80}}), b),
            (M{0, 0, 0, 0, 0}));
  // ROC(1) = (c/c[-1] − 1)·100 < 0 everywhere: roc_above(0) never; rising series: from bar 1.
  EXPECT_EQ(eval(rule("roc_above", {{"period", 1}, {"threshold", 0}}), b), (M{0, 0, 0, 0, 0}));
  EXPECT_EQ(eval(rule("roc_above", {{"period", 1}, {"threshold", 0}}), closes({1, 2, 3})),
            (M{0, 1, 1}));
}

// The rules whose values are tedious by hand: the mask must be exactly the stated comparison
// of the kiss::ind columns (so the wiring, parameters and NaN handling are what the doc says).
TEST(Evaluate, IndicatorRulesMatchTheirFormulaOnRealisticData) {
  Bars b;
  for (int i = 0; i < 120; ++i) {
    const double c = 100 + 8 * std::sin(i / 6.0) + 0.1 * i;
    b.push_back(19000 + i, c - 0.3, c + 1.2 + (i % 3) * 0.2, c - 1.1, c, 1000 + 97.0 * (i % 5));
  }
  const std::size_t n = b.size();
  std::vector<double> line(n), sig(n), hist(n), adx(n), dir(n), st(n), kup(n), kmid(n), klo(n),
      sar(n), mfi(n);
  ind::macd(b.close, 12, 26, 9, line, sig, hist);
  ind::adx(b.high, b.low, b.close, 14, adx);
  ind::supertrend(b.high, b.low, b.close, 10, 3.0, st, dir);
  ind::keltner(b.high, b.low, b.close, 20, 2.0, kup, kmid, klo);
  ind::sar(b.high, b.low, 0.02, 0.2, sar);
  ind::mfi(b.high, b.low, b.close, b.volume, 14, mfi);
  Mask above(n, 0), cross(n, 0), trend(n, 0), flip(n, 0), kelt(n, 0), sarb(n, 0), mfio(n, 0);
  int crosses = 0, flips = 0;
  for (std::size_t t = 0; t < n; ++t) {
    auto ok = [](double x) { return !std::isnan(x); };
    above[t] = ok(line[t]) && ok(sig[t]) && line[t] > sig[t];
    if (t > 0 && ok(line[t - 1]) && ok(sig[t - 1]) && above[t]) {
      cross[t] = line[t - 1] <= sig[t - 1];
    }
    trend[t] = ok(adx[t]) && adx[t] > 20;
    if (t > 0) flip[t] = ok(dir[t]) && ok(dir[t - 1]) && dir[t] > 0 && dir[t - 1] < 0;
    kelt[t] = ok(kup[t]) && b.close[t] > kup[t];
    sarb[t] = ok(sar[t]) && b.close[t] > sar[t];
    mfio[t] = ok(mfi[t]) && mfi[t] < 40;
    crosses += cross[t];
    flips += flip[t];
  }
  EXPECT_GT(crosses, 0);  // the series exercises both branches
  EXPECT_GT(flips, 0);
  const std::map<std::string, double> macd_p = {{"fast_period", 12},
                                                {"slow_period", 26},
                                                {"signal_period", 9}};
  EXPECT_EQ(eval(rule("macd_above_signal", macd_p), b), above);
  EXPECT_EQ(eval(rule("macd_crossover", macd_p), b), cross);
  EXPECT_EQ(eval(rule("adx_trending", {{"period", 14}, {"threshold", 20}}), b), trend);
  EXPECT_EQ(eval(rule("supertrend_flip", {{"period", 10}, {"multiplier", 3}}), b), flip);
  EXPECT_EQ(eval(rule("keltner_breakout", {{"period", 20}, {"multiplier", 2}}), b), kelt);
  EXPECT_EQ(eval(rule("parabolic_sar_bullish", {{"acceleration", 0.02}, {"maximum", 0.2}}), b),
            sarb);
  EXPECT_EQ(eval(rule("mfi_oversold", {{"period", 14}, {"threshold", 40}}), b), mfio);
}

TEST(Evaluate, MarketAboveSmaReadsTheBenchmarkByDate) {
  // Stock days d0..d4; the benchmark has no bar on d2 (a stock-only session).
  // bench close 10 11 12 11 on d0 d1 d3 d4; sma2: - 10.5 11.5 11.5; above: 0 1 1 0.
  // Stock mask: d0 0, d1 1, d2 (no bar) 0, d3 1, d4 0.
  const Bars stock = closes({50, 51, 52, 53, 54});
  Bars bench;
  bench.symbol = "^NSEI";
  bench.push_back(19000, 10, 10, 10, 10, 0);
  bench.push_back(19001, 11, 11, 11, 11, 0);
  bench.push_back(19003, 12, 12, 12, 12, 0);
  bench.push_back(19004, 11, 11, 11, 11, 0);
  const RuleInstance r = rule("market_above_sma", {{"period", 2}}, {{"index_symbol", "^NSEI"}});
  EXPECT_EQ(eval(r, stock, &bench), (M{0, 1, 0, 1, 0}));
  // Without bench_idx the rule aligns by date itself: same mask.
  RuleInput in{&stock, &bench, {}};
  IndicatorCache cache;
  EXPECT_EQ(*evaluate_signal(r, in, cache), (M{0, 1, 0, 1, 0}));
  EXPECT_EQ(cache.size(), 1u);  // only "bench:sma(close,2)"
  // Without a benchmark: an error naming the rule.
  RuleInput none{&stock, nullptr, {}};
  auto m = evaluate_signal(r, none, cache);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message,
            "rule 'r_market_above_sma' (market_above_sma) needs the benchmark series '^NSEI', "
            "which is not loaded");
}

TEST(Evaluate, IndicatorsAreComputedOncePerStock) {
  const Bars b = closes({1, 2, 3, 2, 1, 2, 3, 4});
  RuleInput in{&b, nullptr, {}};
  IndicatorCache cache;
  ASSERT_TRUE(
      evaluate_signal(rule("sma_crossover", {{"fast_period", 2}, {"slow_period", 3}}), in, cache));
  ASSERT_TRUE(evaluate_signal(rule("price_above_sma", {{"period", 3}}), in, cache));
  ASSERT_TRUE(evaluate_signal(rule("sma_cross_under", {{"fast_period", 2}, {"slow_period", 3}}), in,
                              cache));
  EXPECT_EQ(cache.size(), 2u);  // sma(close,2), sma(close,3)
  const auto& atr1 = atr_column(in, cache, 2);
  const auto& atr2 = atr_column(in, cache, 2);
  EXPECT_EQ(&atr1, &atr2);
  EXPECT_EQ(cache.size(), 3u);
}

TEST(Evaluate, LevelExitsMapToTheSimulatorsKinds) {
  const LevelExit a = to_level_exit(rule("stop_loss_pct", {{"percentage", 0.05}}));
  EXPECT_EQ(a.kind, LevelExit::Kind::kStopPct);
  EXPECT_EQ(a.value, 0.05);
  EXPECT_EQ(a.name, "r_stop_loss_pct");
  EXPECT_EQ(to_level_exit(rule("take_profit_pct", {{"percentage", 0.15}})).kind,
            LevelExit::Kind::kTargetPct);
  const LevelExit s = to_level_exit(rule("stop_loss_atr", {{"period", 10}, {"multiplier", 1.5}}));
  EXPECT_EQ(s.kind, LevelExit::Kind::kStopAtr);
  EXPECT_EQ(s.value, 1.5);
  EXPECT_EQ(s.atr_period, 10);
  const LevelExit t = to_level_exit(rule("take_profit_atr", {{"period", 14}, {"multiplier", 4}}));
  EXPECT_EQ(t.kind, LevelExit::Kind::kTargetAtr);
  EXPECT_EQ(t.value, 4.0);
  const LevelExit tr = to_level_exit(rule("simple_trailing_stop", {{"trail_percent", 0.07}}));
  EXPECT_EQ(tr.kind, LevelExit::Kind::kTrailingPct);
  EXPECT_EQ(tr.value, 0.07);
  const LevelExit ch = to_level_exit(rule("chandelier_exit", {}));  // catalog defaults
  EXPECT_EQ(ch.kind, LevelExit::Kind::kChandelier);
  EXPECT_EQ(ch.value, 3.0);
  EXPECT_EQ(ch.atr_period, 22);
  EXPECT_TRUE(is_level_exit("chandelier_exit"));
  EXPECT_FALSE(is_level_exit("sma_cross_under"));
  EXPECT_FALSE(is_level_exit("nonsense"));
  // A level exit is not a signal.
  const Bars b = closes({1, 2});
  RuleInput in{&b, nullptr, {}};
  IndicatorCache cache;
  auto m = evaluate_signal(rule("stop_loss_pct", {{"percentage", 0.05}}), in, cache);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message,
            "rule 'r_stop_loss_pct' (stop_loss_pct) is a price-level exit, not a signal");
}

TEST(Evaluate, WarmupIsTheFirstBarWithADefinedValue) {
  EXPECT_EQ(rule_warmup(rule("sma_crossover", {{"fast_period", 10}, {"slow_period", 20}})), 20);
  EXPECT_EQ(rule_warmup(rule("price_above_sma", {{"period", 50}})), 49);
  EXPECT_EQ(rule_warmup(rule("rsi_above", {{"period", 14}})), 14);
  EXPECT_EQ(rule_warmup(rule("stop_loss_atr", {{"period", 14}})), 14);
  EXPECT_EQ(rule_warmup(rule("chandelier_exit", {{"atr_period", 22}})), 22);
  EXPECT_EQ(rule_warmup(rule("macd_above_signal",
                             {{"fast_period", 12}, {"slow_period", 26}, {"signal_period", 9}})),
            33);
  EXPECT_EQ(rule_warmup(rule("hammer_pattern")), 0);
  EXPECT_EQ(rule_warmup(rule("inside_bar_breakout")), 2);
  EXPECT_EQ(rule_warmup(rule("adx_trending", {{"period", 14}})), 27);
}

// Each signal rule: no bar before its warm-up is true, on a series long enough for all.
TEST(Evaluate, NoSignalRuleFiresDuringItsWarmup) {
  Bars b;
  for (int i = 0; i < 400; ++i) {
    const double c = 100 + 15 * std::sin(i / 5.0) + 0.2 * i;
    b.push_back(19000 + i, c - 1.5, c + 2.5, c - 2.0, c, 1e6 + 1e5 * (i % 9));
  }
  Bars bench = b;
  const std::vector<int> idx = align_by_date(b, bench);
  RuleInput in{&b, &bench, idx};
  IndicatorCache cache;
  for (const auto& spec : rule_catalog()) {
    if (spec.level_exit) continue;
    RuleInstance r = rule(std::string(spec.name));
    for (const auto& p : spec.params) {
      if (p.kind == ParamSpec::Kind::kString) r.text_params[std::string(p.name)] = "^NSEI";
      else if (p.required) r.params[std::string(p.name)] = p.min + 1;
    }
    auto m = evaluate_signal(r, in, cache);
    ASSERT_TRUE(m) << spec.name;
    ASSERT_EQ(m->size(), b.size()) << spec.name;
    const int w = rule_warmup(r);
    for (int t = 0; t < w; ++t) EXPECT_EQ((*m)[static_cast<std::size_t>(t)], 0) << spec.name;
  }
}

}  // namespace
}  // namespace kiss
