// Momentum rules: RSI, stochastic, Williams %R, MFI, rate of change.
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

ParamSpec rsi_period() { return period("period", 14, 2, 500, "RSI period (bars, Wilder)"); }

Result<Mask> rsi_oversold(const Args& a, const RuleInput& in, IndicatorCache& c) {
  const Col& rsi = cols::column(stock(in), c, "rsi", {a.integer("period")});
  const double thr = a.number("oversold_threshold");
  Mask m(rsi.size(), 0);
  for (std::size_t t = 0; t < rsi.size(); ++t) {
    if (!ok(rsi[t])) continue;
    const bool momentum = cmp::gt(rsi[t], 40.0);
    const bool recovering = t >= 1 && ok(rsi[t - 1]) && cmp::ge(rsi[t], thr) &&
                            cmp::lt(rsi[t - 1], thr);
    m[t] = momentum || recovering;
  }
  return m;
}

RuleSpec rsi_oversold_entry() {
  RuleSpec s =
      make_spec("rsi_oversold", "RSI shows momentum (> 40) or recovers through the threshold",
                "RSI[t] > 40 or (RSI[t] >= oversold_threshold and RSI[t-1] < oversold_threshold)",
                {rsi_period(), number("oversold_threshold", 30.0, 0.0, 100.0, "RSI level")});
  s.warmup = [](const Args& a) { return cols::lookback("rsi", {a.integer("period")}); };
  s.warmup_doc = "period";
  s.signal = rsi_oversold;
  return s;
}

Result<Mask> rsi_above(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return above(cols::column(stock(in), c, "rsi", {a.integer("period")}), a.number("threshold"));
}

RuleSpec rsi_above_entry() {
  RuleSpec s = make_spec("rsi_above", "RSI above a level (momentum)", "RSI(period)[t] > threshold",
                         {rsi_period(), number("threshold", 50.0, 0.0, 100.0, "RSI level")});
  s.warmup = [](const Args& a) { return cols::lookback("rsi", {a.integer("period")}); };
  s.warmup_doc = "period";
  s.signal = rsi_above;
  return s;
}

Result<Mask> rsi_below(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return below(cols::column(stock(in), c, "rsi", {a.integer("period")}), a.number("threshold"));
}

RuleSpec rsi_below_entry() {
  RuleSpec s = make_spec("rsi_below", "RSI below a level (oversold)", "RSI(period)[t] < threshold",
                         {rsi_period(), number("threshold", 30.0, 0.0, 100.0, "RSI level")});
  s.warmup = [](const Args& a) { return cols::lookback("rsi", {a.integer("period")}); };
  s.warmup_doc = "period";
  s.signal = rsi_below;
  return s;
}

Result<Mask> stochastic_oversold(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return below(cols::column(stock(in), c, "stoch",
                            {a.integer("k_period"), a.integer("k_slowing"), a.integer("d_period")},
                            "k"),
               a.number("threshold"));
}

RuleSpec stochastic_oversold_entry() {
  RuleSpec s = make_spec("stochastic_oversold", "slow stochastic %K below a level",
                         "slow %K(k_period, k_slowing, d_period)[t] < threshold",
                         {period("k_period", 14, 1, 500, "fast %K period"),
                          period("k_slowing", 3, 1, 100, "SMA smoothing of %K"),
                          period("d_period", 3, 1, 100, "SMA period of %D"),
                          number("threshold", 20.0, 0.0, 100.0, "%K level")});
  s.warmup = [](const Args& a) {
    return cols::lookback("stoch",
                          {a.integer("k_period"), a.integer("k_slowing"), a.integer("d_period")});
  };
  s.warmup_doc = "k_period + k_slowing + d_period − 3";
  s.signal = stochastic_oversold;
  return s;
}

Result<Mask> williams_r_oversold(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return below(cols::column(stock(in), c, "willr", {a.integer("period")}), a.number("threshold"));
}

RuleSpec williams_r_oversold_entry() {
  RuleSpec s = make_spec("williams_r_oversold", "Williams %R below a level",
                         "%R(period)[t] < threshold",
                         {period("period", 14, 1, 500, "lookback"),
                          number("threshold", -80.0, -100.0, 0.0, "%R level (−100 .. 0)")});
  s.warmup = [](const Args& a) { return cols::lookback("willr", {a.integer("period")}); };
  s.warmup_doc = "period − 1";
  s.signal = williams_r_oversold;
  return s;
}

Result<Mask> mfi_oversold(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return below(cols::column(stock(in), c, "mfi", {a.integer("period")}), a.number("threshold"));
}

RuleSpec mfi_oversold_entry() {
  RuleSpec s = make_spec("mfi_oversold", "money flow index below a level",
                         "MFI(period)[t] < threshold",
                         {period("period", 14, 1, 500, "MFI period"),
                          number("threshold", 20.0, 0.0, 100.0, "MFI level")});
  s.warmup = [](const Args& a) { return cols::lookback("mfi", {a.integer("period")}); };
  s.warmup_doc = "period";
  s.signal = mfi_oversold;
  return s;
}

Result<Mask> roc_above(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return above(cols::column(stock(in), c, "roc", {a.integer("period")}), a.number("threshold"));
}

RuleSpec roc_above_entry() {
  RuleSpec s = make_spec("roc_above", "rate of change above a level (percent)",
                         "ROC(period)[t] = (close[t]/close[t-period] − 1) × 100 > threshold",
                         {period("period", 12, 1, 1000, "lookback"),
                          number("threshold", 0.0, -100.0, 10000.0, "percent")});
  s.warmup = [](const Args& a) { return cols::lookback("roc", {a.integer("period")}); };
  s.warmup_doc = "period";
  s.signal = roc_above;
  return s;
}

}  // namespace

void add_momentum_rules(Family& v) {
  v.push_back(rsi_oversold_entry());
  v.push_back(rsi_above_entry());
  v.push_back(rsi_below_entry());
  v.push_back(stochastic_oversold_entry());
  v.push_back(williams_r_oversold_entry());
  v.push_back(mfi_oversold_entry());
  v.push_back(roc_above_entry());
}

}  // namespace kiss::catalog
