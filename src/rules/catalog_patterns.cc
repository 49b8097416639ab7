// Candle pattern rules: hammer, engulfing, gap up, inside-bar breakout.
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

Result<Mask> hammer_pattern(const Args& a, const RuleInput& in, IndicatorCache&) {
  const Bars& b = *in.bars;
  const double body_ratio = a.number("body_ratio");
  const double shadow_ratio = a.number("shadow_ratio");
  Mask m(b.size(), 0);
  for (std::size_t t = 0; t < b.size(); ++t) {
    const double body = std::fabs(b.close[t] - b.open[t]);
    const double range = b.high[t] - b.low[t];
    const double lower = std::min(b.open[t], b.close[t]) - b.low[t];
    const double upper = b.high[t] - std::max(b.open[t], b.close[t]);
    m[t] = cmp::gt(body, 0.0) && cmp::le(body, body_ratio * range) &&
           cmp::ge(lower, shadow_ratio * body) && cmp::le(upper, lower / 2.0);
  }
  return m;
}

RuleSpec hammer_pattern_entry() {
  RuleSpec s = make_spec(
      "hammer_pattern", "hammer candle: small body, long lower shadow",
      "body = |close−open| > 0 and body <= body_ratio × (high−low) and lower shadow "
      "(min(open,close)−low) >= shadow_ratio × body and upper shadow (high−max(open,close)) "
      "<= lower shadow / 2",
      {number("body_ratio", 0.3, 0.0, 1.0, "max body as a fraction of the range", true),
       number("shadow_ratio", 2.0, 0.0, 100.0, "min lower shadow as a multiple of the body",
              true)});
  s.warmup = zero_warmup;
  s.warmup_doc = "0";
  s.signal = hammer_pattern;
  return s;
}

Result<Mask> engulfing_pattern(const Args& a, const RuleInput& in, IndicatorCache&) {
  const Bars& b = *in.bars;
  const double ratio = a.number("min_body_ratio");
  Mask m(b.size(), 0);
  for (std::size_t t = 1; t < b.size(); ++t) {
    const double body = std::fabs(b.close[t] - b.open[t]);
    const double prev_body = std::fabs(b.close[t - 1] - b.open[t - 1]);
    m[t] = cmp::lt(b.close[t - 1], b.open[t - 1]) && cmp::gt(b.close[t], b.open[t]) &&
           cmp::ge(body, ratio * prev_body) && cmp::gt(b.close[t], b.open[t - 1]) &&
           cmp::le(b.open[t], b.close[t - 1]);
  }
  return m;
}

RuleSpec engulfing_pattern_entry() {
  RuleSpec s = make_spec(
      "engulfing_pattern", "bullish engulfing candle",
      "close[t-1] < open[t-1] and close[t] > open[t] and |close[t]−open[t]| >= "
      "min_body_ratio × |close[t-1]−open[t-1]| and close[t] > open[t-1] and open[t] <= "
      "close[t-1]",
      {number("min_body_ratio", 1.2, 1.0, 100.0, "body multiple of the previous body", true)});
  s.warmup = [](const Args&) { return 1; };
  s.warmup_doc = "1";
  s.signal = engulfing_pattern;
  return s;
}

Result<Mask> gap_up(const Args& a, const RuleInput& in, IndicatorCache&) {
  const Bars& b = *in.bars;
  const double g = a.number("gap_pct");
  Mask m(b.size(), 0);
  for (std::size_t t = 1; t < b.size(); ++t) m[t] = cmp::gt(b.open[t], b.high[t - 1] * (1.0 + g));
  return m;
}

RuleSpec gap_up_entry() {
  RuleSpec s = make_spec("gap_up", "the open gaps above the previous high",
                         "open[t] > high[t-1] × (1 + gap_pct)",
                         {number("gap_pct", 0.0, 0.0, 1.0, "minimum gap above the previous high")});
  s.warmup = [](const Args&) { return 1; };
  s.warmup_doc = "1";
  s.signal = gap_up;
  return s;
}

Result<Mask> inside_bar_breakout(const Args&, const RuleInput& in, IndicatorCache&) {
  const Bars& b = *in.bars;
  Mask m(b.size(), 0);
  for (std::size_t t = 2; t < b.size(); ++t) {
    const bool inside = cmp::lt(b.high[t - 1], b.high[t - 2]) &&
                        cmp::gt(b.low[t - 1], b.low[t - 2]);
    m[t] = inside && cmp::gt(b.close[t], b.high[t - 1]);
  }
  return m;
}

RuleSpec inside_bar_breakout_entry() {
  RuleSpec s = make_spec("inside_bar_breakout", "close breaks above an inside bar",
                         "high[t-1] < high[t-2] and low[t-1] > low[t-2] and close[t] > high[t-1]",
                         {});
  s.warmup = [](const Args&) { return 2; };
  s.warmup_doc = "2";
  s.signal = inside_bar_breakout;
  return s;
}

}  // namespace

void add_pattern_rules(Family& v) {
  v.push_back(hammer_pattern_entry());
  v.push_back(engulfing_pattern_entry());
  v.push_back(gap_up_entry());
  v.push_back(inside_bar_breakout_entry());
}

}  // namespace kiss::catalog
