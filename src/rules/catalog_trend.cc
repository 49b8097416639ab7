// Trend rules: moving-average crossovers and positions, MACD, ADX, SuperTrend, SAR.
// Conventions of every signal function: catalog_parts.h.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "rules/catalog_parts.h"

namespace kiss::catalog {

namespace {

ParamSpec fast_period(int def) {
  return period("fast_period", def, 1, 500, "fast moving-average period (bars)");
}
ParamSpec slow_period(int def) {
  return period("slow_period", def, 2, 1000, "slow moving-average period (bars)");
}
std::vector<ParamSpec> macd_params() {
  return {period("fast_period", 12, 2, 500, "fast EMA period"),
          period("slow_period", 26, 2, 1000, "slow EMA period"),
          period("signal_period", 9, 1, 500, "signal EMA period")};
}

Result<Mask> sma_crossover(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return cross_above(cols::column(stock(in), c, "sma", {a.integer("fast_period")}),
                     cols::column(stock(in), c, "sma", {a.integer("slow_period")}));
}

RuleSpec sma_crossover_entry() {
  RuleSpec s = make_spec("sma_crossover", "fast SMA crosses above slow SMA",
                         "SMA(close,fast)[t] > SMA(close,slow)[t] and SMA(close,fast)[t-1] <= "
                         "SMA(close,slow)[t-1]",
                         {fast_period(10), slow_period(20)});
  s.warmup = [](const Args& a) { return cols::lookback("sma", {a.integer("slow_period")}) + 1; };
  s.warmup_doc = "slow_period";
  s.signal = sma_crossover;
  s.less_param = "fast_period";
  s.greater_param = "slow_period";
  return s;
}

Result<Mask> ema_crossover(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return cross_above(cols::column(stock(in), c, "ema", {a.integer("fast_period")}),
                     cols::column(stock(in), c, "ema", {a.integer("slow_period")}));
}

RuleSpec ema_crossover_entry() {
  RuleSpec s =
      make_spec("ema_crossover", "fast EMA crosses above slow EMA",
                "EMA(close,fast)[t] > EMA(close,slow)[t] and EMA(close,fast)[t-1] <= "
                "EMA(close,slow)[t-1] (EMAs seeded with the SMA of the first values, TA-Lib)",
                {fast_period(10), slow_period(20)});
  s.warmup = [](const Args& a) { return cols::lookback("ema", {a.integer("slow_period")}) + 1; };
  s.warmup_doc = "slow_period";
  s.signal = ema_crossover;
  s.less_param = "fast_period";
  s.greater_param = "slow_period";
  return s;
}

Result<Mask> macd_crossover(const Args& a, const RuleInput& in, IndicatorCache& c) {
  const int f = a.integer("fast_period"), s = a.integer("slow_period"),
            g = a.integer("signal_period");
  return cross_above(cols::column(stock(in), c, "macd", {f, s, g}, "macd"),
                     cols::column(stock(in), c, "macd", {f, s, g}, "signal"));
}

RuleSpec macd_crossover_entry() {
  RuleSpec s = make_spec("macd_crossover", "MACD line crosses above its signal line",
                         "MACD[t] > signal[t] and MACD[t-1] <= signal[t-1] (TA-Lib MACD)",
                         macd_params());
  s.warmup = [](const Args& a) {
    return cols::lookback("macd", {a.integer("fast_period"), a.integer("slow_period"),
                                   a.integer("signal_period")}) +
           1;
  };
  s.warmup_doc = "slow_period + signal_period − 1";
  s.signal = macd_crossover;
  s.less_param = "fast_period";
  s.greater_param = "slow_period";
  return s;
}

Result<Mask> price_above_sma(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return greater(in.bars->close, cols::column(stock(in), c, "sma", {a.integer("period")}));
}

RuleSpec price_above_sma_entry() {
  RuleSpec s = make_spec("price_above_sma", "close above its SMA",
                         "close[t] > SMA(close,period)[t]",
                         {period("period", 50, 1, 1000, "SMA period")});
  s.warmup = [](const Args& a) { return cols::lookback("sma", {a.integer("period")}); };
  s.warmup_doc = "period − 1";
  s.signal = price_above_sma;
  return s;
}

Result<Mask> sma_cross_under(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return cross_below(cols::column(stock(in), c, "sma", {a.integer("fast_period")}),
                     cols::column(stock(in), c, "sma", {a.integer("slow_period")}));
}

RuleSpec sma_cross_under_entry() {
  RuleSpec s = make_spec("sma_cross_under", "fast SMA crosses below slow SMA (an exit signal)",
                         "SMA(close,fast)[t] < SMA(close,slow)[t] and SMA(close,fast)[t-1] >= "
                         "SMA(close,slow)[t-1]",
                         {required_period("fast_period", 1, 500, "fast SMA period"),
                          required_period("slow_period", 2, 1000, "slow SMA period")});
  s.warmup = [](const Args& a) { return cols::lookback("sma", {a.integer("slow_period")}) + 1; };
  s.warmup_doc = "slow_period";
  s.signal = sma_cross_under;
  s.less_param = "fast_period";
  s.greater_param = "slow_period";
  return s;
}

RuleSpec price_above_long_sma_entry() {
  RuleSpec s = make_spec("price_above_long_sma",
                         "close above its long-term SMA (trend precondition)",
                         "close[t] > SMA(close,period)[t]",
                         {period("period", 200, 1, 1000, "SMA period")});
  s.warmup = [](const Args& a) { return cols::lookback("sma", {a.integer("period")}); };
  s.warmup_doc = "period − 1";
  s.signal = price_above_sma;
  return s;
}

Result<Mask> macd_above_signal(const Args& a, const RuleInput& in, IndicatorCache& c) {
  const int f = a.integer("fast_period"), s = a.integer("slow_period"),
            g = a.integer("signal_period");
  return greater(cols::column(stock(in), c, "macd", {f, s, g}, "macd"),
                 cols::column(stock(in), c, "macd", {f, s, g}, "signal"));
}

RuleSpec macd_above_signal_entry() {
  RuleSpec s = make_spec("macd_above_signal", "MACD line above its signal line",
                         "MACD[t] > signal[t] (TA-Lib MACD)", macd_params());
  s.warmup = [](const Args& a) {
    return cols::lookback("macd", {a.integer("fast_period"), a.integer("slow_period"),
                                   a.integer("signal_period")});
  };
  s.warmup_doc = "slow_period + signal_period − 2";
  s.signal = macd_above_signal;
  s.less_param = "fast_period";
  s.greater_param = "slow_period";
  return s;
}

Result<Mask> adx_trending(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return above(cols::column(stock(in), c, "adx", {a.integer("period")}), a.number("threshold"));
}

RuleSpec adx_trending_entry() {
  RuleSpec s = make_spec("adx_trending", "ADX above a level (a trending stock)",
                         "ADX(period)[t] > threshold",
                         {period("period", 14, 2, 500, "ADX period (Wilder)"),
                          number("threshold", 25.0, 0.0, 100.0, "ADX level")});
  s.warmup = [](const Args& a) { return cols::lookback("adx", {a.integer("period")}); };
  s.warmup_doc = "2 × period − 1";
  s.signal = adx_trending;
  return s;
}

Result<Mask> supertrend_flip(const Args& a, const RuleInput& in, IndicatorCache& c) {
  const Col& dir = cols::column(stock(in), c, "supertrend",
                                {a.integer("period"), a.number("multiplier")}, "direction");
  Mask m(dir.size(), 0);
  for (std::size_t t = 1; t < dir.size(); ++t) {
    m[t] = ok(dir[t]) && ok(dir[t - 1]) && cmp::gt(dir[t], 0.0) && cmp::lt(dir[t - 1], 0.0);
  }
  return m;
}

RuleSpec supertrend_flip_entry() {
  RuleSpec s =
      make_spec("supertrend_flip", "SuperTrend turns up",
                "direction[t] = +1 and direction[t-1] = −1 (SuperTrend(period, multiplier))",
                {period("period", 10, 1, 500, "ATR period"),
                 number("multiplier", 3.0, 0.0, 50.0, "ATR multiple of the bands", true)});
  s.warmup = [](const Args& a) { return cols::lookback("supertrend", {a.integer("period")}) + 1; };
  s.warmup_doc = "period + 1";
  s.signal = supertrend_flip;
  return s;
}

Result<Mask> price_above_ema(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return greater(in.bars->close, cols::column(stock(in), c, "ema", {a.integer("period")}));
}

RuleSpec price_above_ema_entry() {
  RuleSpec s = make_spec("price_above_ema", "close above its EMA",
                         "close[t] > EMA(close,period)[t]",
                         {period("period", 20, 1, 1000, "EMA period")});
  s.warmup = [](const Args& a) { return cols::lookback("ema", {a.integer("period")}); };
  s.warmup_doc = "period − 1";
  s.signal = price_above_ema;
  return s;
}

Result<Mask> parabolic_sar_bullish(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return greater(in.bars->close, cols::column(stock(in), c, "sar",
                                              {a.number("acceleration"), a.number("maximum")}));
}

RuleSpec parabolic_sar_bullish_entry() {
  RuleSpec s = make_spec("parabolic_sar_bullish", "close above the parabolic SAR",
                         "close[t] > SAR(acceleration, maximum)[t]",
                         {number("acceleration", 0.02, 0.0, 1.0, "acceleration step", true),
                          number("maximum", 0.2, 0.0, 1.0, "acceleration cap", true)});
  s.warmup = [](const Args&) { return cols::lookback("sar", {}); };
  s.warmup_doc = "1";
  s.signal = parabolic_sar_bullish;
  s.less_param = "acceleration";
  s.greater_param = "maximum";
  return s;
}

}  // namespace

void add_trend_rules(Family& v) {
  v.push_back(sma_crossover_entry());
  v.push_back(ema_crossover_entry());
  v.push_back(macd_crossover_entry());
  v.push_back(price_above_sma_entry());
  v.push_back(sma_cross_under_entry());
  v.push_back(price_above_long_sma_entry());
  v.push_back(macd_above_signal_entry());
  v.push_back(adx_trending_entry());
  v.push_back(supertrend_flip_entry());
  v.push_back(price_above_ema_entry());
  v.push_back(parabolic_sar_bullish_entry());
}

}  // namespace kiss::catalog
