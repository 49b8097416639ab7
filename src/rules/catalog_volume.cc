// Volume rules: volume spikes and averages, OBV, turnover (liquidity).
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

Result<Mask> volume_spike(const Args& a, const RuleInput& in, IndicatorCache& c) {
  const Bars& b = *in.bars;
  const Col& avg = cols::column(stock(in), c, "sma", {a.integer("period")}, "",
                                cols::Source::kVolume);
  const double mult = a.number("spike_multiplier");
  const double thr = a.number("price_change_threshold");
  Mask m(b.size(), 0);
  const double* close = b.close.data();
  const double* volume = b.volume.data();
  const double* pa = avg.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 1; t < m.size(); ++t) {
    // A NaN average (warm-up) makes the volume comparison false.
    const double change = std::fabs(close[t] / close[t - 1] - 1.0);
    out[t] = static_cast<std::uint8_t>(cmp::gt(volume[t], mult * pa[t]) && cmp::gt(change, thr));
  }
  return m;
}

RuleSpec volume_spike_entry() {
  RuleSpec s = make_spec(
      "volume_spike", "volume spike on a large price move",
      "volume[t] > spike_multiplier × SMA(volume,period)[t] and |close[t]/close[t-1] − 1| "
      "> price_change_threshold",
      {period("period", 20, 1, 500, "volume average period"),
       number("spike_multiplier", 2.0, 1.0, 100.0, "volume multiple of the average", true),
       number("price_change_threshold", 0.01, 0.0, 1.0, "absolute close change (0.01 = 1%)",
              true)});
  s.warmup = [](const Args& a) {
    return std::max(1, cols::lookback("sma", {a.integer("period")}));
  };
  s.warmup_doc = "period − 1 (at least 1)";
  s.signal = volume_spike;
  return s;
}

Result<Mask> obv_rising(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return greater(cols::column(stock(in), c, "obv", {}),
                 cols::column(stock(in), c, "sma", {a.integer("period")}, "", cols::Source::kObv));
}

RuleSpec obv_rising_entry() {
  RuleSpec s = make_spec("obv_rising", "on-balance volume above its SMA",
                         "OBV[t] > SMA(OBV,period)[t]",
                         {period("period", 20, 1, 500, "SMA period of OBV")});
  s.warmup = [](const Args& a) { return cols::lookback("sma", {a.integer("period")}); };
  s.warmup_doc = "period − 1";
  s.signal = obv_rising;
  return s;
}

Result<Mask> min_avg_turnover(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return above(cols::column(stock(in), c, "sma", {a.integer("period")}, "",
                            cols::Source::kTurnover),
               a.number("min_turnover"));
}

RuleSpec min_avg_turnover_entry() {
  RuleSpec s = make_spec("min_avg_turnover", "average traded value above a minimum (liquidity)",
                         "SMA(close × volume, period)[t] > min_turnover",
                         {period("period", 20, 1, 500, "averaging period"),
                          number("min_turnover", 1e7, 0.0, kInf,
                                 "rupees per day (1e7 = 1 crore)")});
  s.warmup = [](const Args& a) { return cols::lookback("sma", {a.integer("period")}); };
  s.warmup_doc = "period − 1";
  s.signal = min_avg_turnover;
  return s;
}

Result<Mask> volume_above_avg(const Args& a, const RuleInput& in, IndicatorCache& c) {
  const Col& avg = cols::column(stock(in), c, "sma", {a.integer("period")}, "",
                                cols::Source::kVolume);
  const double mult = a.number("multiplier");
  Mask m(avg.size(), 0);
  for (std::size_t t = 0; t < avg.size(); ++t) {
    m[t] = ok(avg[t]) && cmp::gt(in.bars->volume[t], mult * avg[t]);
  }
  return m;
}

RuleSpec volume_above_avg_entry() {
  RuleSpec s = make_spec("volume_above_avg", "volume above a multiple of its average",
                         "volume[t] > multiplier × SMA(volume,period)[t]",
                         {period("period", 20, 1, 500, "averaging period"),
                          number("multiplier", 1.5, 0.0, 100.0, "multiple of the average", true)});
  s.warmup = [](const Args& a) { return cols::lookback("sma", {a.integer("period")}); };
  s.warmup_doc = "period − 1";
  s.signal = volume_above_avg;
  return s;
}

}  // namespace

void add_volume_rules(Family& v) {
  v.push_back(volume_spike_entry());
  v.push_back(obv_rising_entry());
  v.push_back(min_avg_turnover_entry());
  v.push_back(volume_above_avg_entry());
}

}  // namespace kiss::catalog
