// The indicator registry (see registry.h). One function per family, in documentation order;
// each entry names its kernel and lookback from the family's header.
#include "indicators/registry.h"

#include <cctype>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "indicators/indicators.h"
#include "util/text.h"

namespace kiss::ind {
namespace {

constexpr double kMaxPeriod = 100000;  // TA-Lib's upper bound for every period
constexpr double kMaxReal = 3e37;      // TA-Lib's bound for real parameters

int I(std::span<const double> p, std::size_t i) { return static_cast<int>(p[i]); }

using Outs = std::span<const std::span<double>>;
using Params = std::span<const double>;
using Table = std::vector<IndicatorDef>;

ParamDef period(double def, double min = 2) { return {"period", def, min, kMaxPeriod, true}; }

void add_moving_averages(Table& c) {
  using In = Inputs;
  c.push_back(
      {"sma",
       "simple moving average",
       In::kSeries,
       {period(30)},
       {""},
       [](Params p) { return sma_lookback(I(p, 0)); },
       [](const Bars&, std::span<const double> s, Params p, Outs o) { sma(s, I(p, 0), o[0]); }});
  c.push_back(
      {"ema",
       "exponential moving average (SMA-seeded)",
       In::kSeries,
       {period(30)},
       {""},
       [](Params p) { return ema_lookback(I(p, 0)); },
       [](const Bars&, std::span<const double> s, Params p, Outs o) { ema(s, I(p, 0), o[0]); }});
  c.push_back(
      {"wma",
       "linearly weighted moving average",
       In::kSeries,
       {period(30)},
       {""},
       [](Params p) { return wma_lookback(I(p, 0)); },
       [](const Bars&, std::span<const double> s, Params p, Outs o) { wma(s, I(p, 0), o[0]); }});
  c.push_back(
      {"dema",
       "double exponential moving average",
       In::kSeries,
       {period(30)},
       {""},
       [](Params p) { return dema_lookback(I(p, 0)); },
       [](const Bars&, std::span<const double> s, Params p, Outs o) { dema(s, I(p, 0), o[0]); }});
  c.push_back(
      {"tema",
       "triple exponential moving average",
       In::kSeries,
       {period(30)},
       {""},
       [](Params p) { return tema_lookback(I(p, 0)); },
       [](const Bars&, std::span<const double> s, Params p, Outs o) { tema(s, I(p, 0), o[0]); }});
}

void add_momentum(Table& c) {
  using In = Inputs;
  c.push_back(
      {"rsi",
       "Wilder relative strength index",
       In::kSeries,
       {period(14)},
       {""},
       [](Params p) { return rsi_lookback(I(p, 0)); },
       [](const Bars&, std::span<const double> s, Params p, Outs o) { rsi(s, I(p, 0), o[0]); }});
  c.push_back(
      {"roc",
       "rate of change, percent",
       In::kSeries,
       {period(10, 1)},
       {""},
       [](Params p) { return roc_lookback(I(p, 0)); },
       [](const Bars&, std::span<const double> s, Params p, Outs o) { roc(s, I(p, 0), o[0]); }});
  c.push_back({"macd",
               "moving average convergence/divergence",
               In::kSeries,
               {{"fast", 12, 2, kMaxPeriod, true},
                {"slow", 26, 2, kMaxPeriod, true},
                // TA-Lib allows signal = 1 but then misaligns its outputs by one bar; the kernel
                // computes signal = 1 correctly, the spec keeps to the range TA-Lib gets right.
                {"signal", 9, 2, kMaxPeriod, true}},
               {"macd", "signal", "hist"},
               [](Params p) { return macd_lookback(I(p, 0), I(p, 1), I(p, 2)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) {
                 macd(s, I(p, 0), I(p, 1), I(p, 2), o[0], o[1], o[2]);
               }});
  c.push_back({"stoch",
               "slow stochastic %K/%D (SMA smoothing)",
               In::kHLC,
               {{"fastk", 5, 1, kMaxPeriod, true},
                {"slowk", 3, 1, kMaxPeriod, true},
                {"slowd", 3, 1, kMaxPeriod, true}},
               {"k", "d"},
               [](Params p) { return stoch_lookback(I(p, 0), I(p, 1), I(p, 2)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 stoch(b.high, b.low, b.close, I(p, 0), I(p, 1), I(p, 2), o[0], o[1]);
               }});
  c.push_back({"willr",
               "Williams %R",
               In::kHLC,
               {period(14)},
               {""},
               [](Params p) { return willr_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 willr(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
  c.push_back({"cci",
               "commodity channel index",
               In::kHLC,
               {period(14)},
               {""},
               [](Params p) { return cci_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 cci(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
}

void add_volatility(Table& c) {
  using In = Inputs;
  c.push_back({"trange",
               "true range",
               In::kHLC,
               {},
               {""},
               [](Params) { return trange_lookback(); },
               [](const Bars& b, std::span<const double>, Params, Outs o) {
                 trange(b.high, b.low, b.close, o[0]);
               }});
  c.push_back({"atr",
               "Wilder average true range",
               In::kHLC,
               {period(14, 1)},
               {""},
               [](Params p) { return atr_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 atr(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
  c.push_back({"natr",
               "ATR as a percent of close",
               In::kHLC,
               {period(14, 1)},
               {""},
               [](Params p) { return natr_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 natr(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
  c.push_back({"bbands",
               "Bollinger bands (SMA, population sigma)",
               In::kSeries,
               {period(5),
                {"nbdevup", 2, -kMaxReal, kMaxReal, false},
                {"nbdevdn", 2, -kMaxReal, kMaxReal, false}},
               {"upper", "middle", "lower"},
               [](Params p) { return bbands_lookback(I(p, 0)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) {
                 bbands(s, I(p, 0), p[1], p[2], o[0], o[1], o[2]);
               }});
}

void add_trend(Table& c) {
  using In = Inputs;
  c.push_back({"plus_di",
               "plus directional indicator",
               In::kHLC,
               {period(14, 1)},
               {""},
               [](Params p) { return plus_di_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 plus_di(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
  c.push_back({"minus_di",
               "minus directional indicator",
               In::kHLC,
               {period(14, 1)},
               {""},
               [](Params p) { return minus_di_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 minus_di(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
  c.push_back({"adx",
               "average directional index",
               In::kHLC,
               {period(14)},
               {""},
               [](Params p) { return adx_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 adx(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
  c.push_back({"aroon",
               "Aroon up/down",
               In::kHL,
               {period(14)},
               {"up", "down"},
               [](Params p) { return aroon_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 aroon(b.high, b.low, I(p, 0), o[0], o[1]);
               }});
  c.push_back({"supertrend",
               "SuperTrend line and direction (+1/-1)",
               In::kHLC,
               {period(10, 1), {"mult", 3, 0, 100, false}},
               {"line", "direction"},
               [](Params p) { return supertrend_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 supertrend(b.high, b.low, b.close, I(p, 0), p[1], o[0], o[1]);
               }});
  c.push_back({"sar",
               "parabolic SAR",
               In::kHL,
               {{"acceleration", 0.02, 0, kMaxReal, false}, {"maximum", 0.2, 0, kMaxReal, false}},
               {""},
               [](Params) { return sar_lookback(); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 sar(b.high, b.low, p[0], p[1], o[0]);
               }});
}

void add_volume(Table& c) {
  using In = Inputs;
  c.push_back({"obv",
               "on-balance volume (starts at the first volume)",
               In::kCloseVolume,
               {},
               {""},
               [](Params) { return obv_lookback(); },
               [](const Bars& b, std::span<const double>, Params, Outs o) {
                 obv(b.close, b.volume, o[0]);
               }});
  c.push_back({"mfi",
               "money flow index",
               In::kHLCV,
               {period(14)},
               {""},
               [](Params p) { return mfi_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 mfi(b.high, b.low, b.close, b.volume, I(p, 0), o[0]);
               }});
  c.push_back({"vwap",
               "rolling volume-weighted average of the typical price",
               In::kHLCV,
               {period(20, 1)},
               {""},
               [](Params p) { return vwap_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 vwap(b.high, b.low, b.close, b.volume, I(p, 0), o[0]);
               }});
}

void add_channels(Table& c) {
  using In = Inputs;
  c.push_back({"highest",
               "rolling maximum (TA-Lib MAX)",
               In::kSeries,
               {period(30)},
               {""},
               [](Params p) { return highest_lookback(I(p, 0)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) {
                 highest(s, I(p, 0), o[0]);
               }});
  c.push_back(
      {"lowest",
       "rolling minimum (TA-Lib MIN)",
       In::kSeries,
       {period(30)},
       {""},
       [](Params p) { return lowest_lookback(I(p, 0)); },
       [](const Bars&, std::span<const double> s, Params p, Outs o) { lowest(s, I(p, 0), o[0]); }});
  c.push_back({"donchian",
               "Donchian channel of highs and lows",
               In::kHL,
               {period(20, 1)},
               {"upper", "middle", "lower"},
               [](Params p) { return donchian_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 donchian(b.high, b.low, I(p, 0), o[0], o[1], o[2]);
               }});
  c.push_back({"keltner",
               "Keltner channel: EMA(close) +- mult x ATR",
               In::kHLC,
               {period(20, 1), {"mult", 2, 0, 100, false}},
               {"upper", "middle", "lower"},
               [](Params p) { return keltner_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 keltner(b.high, b.low, b.close, I(p, 0), p[1], o[0], o[1], o[2]);
               }});
}

Table build_catalog() {
  Table c;
  add_moving_averages(c);
  add_momentum(c);
  add_volatility(c);
  add_trend(c);
  add_volume(c);
  add_channels(c);
  return c;
}

}  // namespace

const std::vector<IndicatorDef>& catalog() {
  static const std::vector<IndicatorDef> table = build_catalog();
  return table;
}

const IndicatorDef* find_indicator(std::string_view name) {
  std::string n = lower(name);
  if (n == "max") n = "highest";
  if (n == "min") n = "lowest";
  for (const IndicatorDef& d : catalog())
    if (d.name == n) return &d;
  return nullptr;
}

const IndicatorDef& require_indicator(std::string_view name) {
  const IndicatorDef* def = find_indicator(name);
  if (def == nullptr) {
    throw std::logic_error("indicator '" + std::string(name) + "' is not in the registry");
  }
  return *def;
}

std::size_t output_index(const IndicatorDef& def, std::string_view suffix) {
  for (std::size_t i = 0; i < def.outputs.size(); ++i) {
    if (def.outputs[i] == suffix) return i;
  }
  throw std::logic_error("indicator '" + std::string(def.name) + "' has no output '" +
                         std::string(suffix) + "'");
}

std::vector<std::vector<double>> compute_outputs(const IndicatorDef& def, const Bars& bars,
                                                 std::span<const double> series,
                                                 std::span<const double> params) {
  std::vector<std::vector<double>> cols(
      def.outputs.size(),
      std::vector<double>(bars.size(), std::numeric_limits<double>::quiet_NaN()));
  std::vector<std::span<double>> outs(cols.begin(), cols.end());
  def.compute(bars, def.inputs == Inputs::kSeries ? series : std::span<const double>{}, params,
              outs);
  return cols;
}

}  // namespace kiss::ind
