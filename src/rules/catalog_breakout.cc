// Volatility and breakout rules: Bollinger, ATR, Donchian, 52-week high, Keltner.
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

Result<Mask> bollinger_squeeze(const Args& a, const RuleInput& in, IndicatorCache& c) {
  const int p = a.integer("period");
  const double k = a.number("std_dev");
  const double thr = a.number("squeeze_threshold");
  const Col& up = cols::column(stock(in), c, "bbands", {p, k, k}, "upper");
  const Col& mid = cols::column(stock(in), c, "bbands", {p, k, k}, "middle");
  const Col& lo = cols::column(stock(in), c, "bbands", {p, k, k}, "lower");
  const Bars& b = *in.bars;
  Mask m(b.size(), 0);
  for (std::size_t t = 1; t < b.size(); ++t) {
    if (!ok(up[t]) || !ok(up[t - 1]) || !ok(mid[t - 1]) || !ok(lo[t - 1])) continue;
    const double width_prev = (up[t - 1] - lo[t - 1]) / mid[t - 1];
    m[t] = cmp::gt(b.close[t], up[t]) && cmp::lt(width_prev, thr);
  }
  return m;
}

RuleSpec bollinger_squeeze_entry() {
  RuleSpec s =
      make_spec("bollinger_squeeze", "close breaks above the upper band right after a squeeze",
                "close[t] > upper[t] and (upper[t-1] − lower[t-1]) / middle[t-1] < "
                "squeeze_threshold (bands: SMA(period) ± std_dev × population σ)",
                {period("period", 20, 2, 500, "band period"),
                 number("std_dev", 2.0, 0.0, 10.0, "band width in standard deviations", true),
                 number("squeeze_threshold", 0.1, 0.0, 10.0, "band width / middle", true)});
  s.warmup = [](const Args& a) { return cols::lookback("bbands", {a.integer("period")}) + 1; };
  s.warmup_doc = "period";
  s.signal = bollinger_squeeze;
  return s;
}

Result<Mask> is_volatile(const Args& a, const RuleInput& in, IndicatorCache& c) {
  const Col& atr = cols::column(stock(in), c, "atr", {a.integer("period")});
  const double thr = a.number("atr_threshold_pct");
  Mask m(atr.size(), 0);
  const double* pa = atr.data();
  const double* close = in.bars->close.data();
  std::uint8_t* out = m.data();
  // A NaN ATR (warm-up) makes the comparison false.
  for (std::size_t t = 0; t < m.size(); ++t) {
    out[t] = static_cast<std::uint8_t>(cmp::gt(pa[t] / close[t], thr));
  }
  return m;
}

RuleSpec is_volatile_entry() {
  RuleSpec s = make_spec("is_volatile", "ATR as a fraction of the close above a threshold",
                         "ATR(period)[t] / close[t] > atr_threshold_pct",
                         {period("period", 14, 2, 500, "ATR period (Wilder)"),
                          number("atr_threshold_pct", 0.02, 0.0, 1.0, "ATR / close (0.02 = 2%)",
                                 true)});
  s.warmup = [](const Args& a) { return cols::lookback("atr", {a.integer("period")}); };
  s.warmup_doc = "period";
  s.signal = is_volatile;
  return s;
}

Result<Mask> bollinger_breakout(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return greater(in.bars->close,
                 cols::column(stock(in), c, "bbands",
                              {a.integer("period"), a.number("std_dev"), a.number("std_dev")},
                              "upper"));
}

RuleSpec bollinger_breakout_entry() {
  RuleSpec s = make_spec("bollinger_breakout", "close above the upper Bollinger band",
                         "close[t] > SMA(period)[t] + std_dev × population σ(period)[t]",
                         {period("period", 20, 2, 500, "band period"),
                          number("std_dev", 2.0, 0.0, 10.0, "band width in standard deviations",
                                 true)});
  s.warmup = [](const Args& a) { return cols::lookback("bbands", {a.integer("period")}); };
  s.warmup_doc = "period − 1";
  s.signal = bollinger_breakout;
  return s;
}

Result<Mask> donchian_breakout(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return above_previous(in.bars->close, cols::column(stock(in), c, "highest", {a.integer("period")},
                                                     "", cols::Source::kHigh));
}

RuleSpec donchian_breakout_entry() {
  RuleSpec s = make_spec("donchian_breakout", "close above the highest high of the previous bars",
                         "close[t] > max(high[t-period] .. high[t-1])",
                         {period("period", 20, 1, 1000, "channel length (bars)")});
  s.warmup = [](const Args& a) { return a.integer("period"); };
  s.warmup_doc = "period";
  s.signal = donchian_breakout;
  return s;
}

Result<Mask> new_high_52w(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return above_previous(in.bars->high, cols::column(stock(in), c, "highest", {a.integer("period")},
                                                    "", cols::Source::kHigh));
}

RuleSpec new_high_52w_entry() {
  RuleSpec s = make_spec("new_high_52w", "the high makes a new high over the lookback (52 weeks)",
                         "high[t] > max(high[t-period] .. high[t-1])",
                         {period("period", 252, 1, 2000, "lookback (bars; 252 ≈ 52 weeks)")});
  s.warmup = [](const Args& a) { return a.integer("period"); };
  s.warmup_doc = "period";
  s.signal = new_high_52w;
  return s;
}

Result<Mask> keltner_breakout(const Args& a, const RuleInput& in, IndicatorCache& c) {
  return greater(in.bars->close,
                 cols::column(stock(in), c, "keltner",
                              {a.integer("period"), a.number("multiplier")}, "upper"));
}

RuleSpec keltner_breakout_entry() {
  RuleSpec s = make_spec("keltner_breakout", "close above the upper Keltner channel",
                         "close[t] > EMA(close,period)[t] + multiplier × ATR(period)[t]",
                         {period("period", 20, 2, 500, "EMA and ATR period"),
                          number("multiplier", 2.0, 0.0, 50.0, "ATR multiple", true)});
  s.warmup = [](const Args& a) { return cols::lookback("keltner", {a.integer("period")}); };
  s.warmup_doc = "period";
  s.signal = keltner_breakout;
  return s;
}

}  // namespace

void add_breakout_rules(Family& v) {
  v.push_back(bollinger_squeeze_entry());
  v.push_back(is_volatile_entry());
  v.push_back(bollinger_breakout_entry());
  v.push_back(donchian_breakout_entry());
  v.push_back(new_high_52w_entry());
  v.push_back(keltner_breakout_entry());
}

}  // namespace kiss::catalog
