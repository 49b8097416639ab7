// Price-level exits: stops, targets and trailing stops, applied by the exit engine
// (backtest/exit_engine.h), not as masks.
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

RuleSpec stop_loss_pct_entry() {
  RuleSpec s = make_spec(
      "stop_loss_pct", "price-level exit: fixed stop below the entry fill",
      "stop = fill × (1 − percentage); exits when low <= stop (at the open if it gaps "
      "below)",
      {required_number("percentage", 0.0, 1.0, "fraction below the fill (0.05 = 5%)", true)});
  s.warmup = zero_warmup;
  s.warmup_doc = "0";
  s.level_exit = true;
  s.level_kind = LevelExit::Kind::kStopPct;
  s.value_param = "percentage";
  return s;
}

RuleSpec take_profit_pct_entry() {
  RuleSpec s = make_spec(
      "take_profit_pct", "price-level exit: fixed target above the entry fill",
      "target = fill × (1 + percentage); exits when high >= target (at the open if it "
      "gaps above)",
      {required_number("percentage", 0.0, 100.0, "fraction above the fill (0.15 = 15%)", true)});
  s.warmup = zero_warmup;
  s.warmup_doc = "0";
  s.level_exit = true;
  s.level_kind = LevelExit::Kind::kTargetPct;
  s.value_param = "percentage";
  return s;
}

RuleSpec stop_loss_atr_entry() {
  RuleSpec s =
      make_spec("stop_loss_atr", "price-level exit: stop a multiple of ATR below the fill",
                "stop = fill − multiplier × ATR(period) of the signal bar; exits when low <= stop",
                {period("period", 14, 2, 500, "ATR period (Wilder)"),
                 number("multiplier", 2.0, 0.0, 50.0, "ATR multiple", true)});
  s.warmup = [](const Args& a) { return cols::lookback("atr", {a.integer("period")}); };
  s.warmup_doc = "period";
  s.level_exit = true;
  s.level_kind = LevelExit::Kind::kStopAtr;
  s.value_param = "multiplier";
  s.period_param = "period";
  return s;
}

RuleSpec take_profit_atr_entry() {
  RuleSpec s =
      make_spec("take_profit_atr", "price-level exit: target a multiple of ATR above the fill",
                "target = fill + multiplier × ATR(period) of the signal bar; exits when high >= "
                "target",
                {period("period", 14, 2, 500, "ATR period (Wilder)"),
                 number("multiplier", 4.0, 0.0, 100.0, "ATR multiple", true)});
  s.warmup = [](const Args& a) { return cols::lookback("atr", {a.integer("period")}); };
  s.warmup_doc = "period";
  s.level_exit = true;
  s.level_kind = LevelExit::Kind::kTargetAtr;
  s.value_param = "multiplier";
  s.period_param = "period";
  return s;
}

RuleSpec simple_trailing_stop_entry() {
  RuleSpec s = make_spec(
      "simple_trailing_stop", "price-level exit: trailing stop below the highest high",
      "level = highest high since entry (to the previous bar) × (1 − trail_percent); "
      "exits when low <= level",
      {number("trail_percent", 0.05, 0.0, 1.0, "fraction below the high (0.05 = 5%)", true)});
  s.warmup = zero_warmup;
  s.warmup_doc = "0";
  s.level_exit = true;
  s.level_kind = LevelExit::Kind::kTrailingPct;
  s.value_param = "trail_percent";
  return s;
}

RuleSpec chandelier_exit_entry() {
  RuleSpec s =
      make_spec("chandelier_exit", "price-level exit: ATR trailing stop below the highest high",
                "level = highest high since entry (to the previous bar) − atr_multiplier × "
                "ATR(atr_period) of the previous bar; exits when low <= level",
                {period("atr_period", 22, 2, 500, "ATR period (Wilder)"),
                 number("atr_multiplier", 3.0, 0.0, 50.0, "ATR multiple", true)});
  s.warmup = [](const Args& a) { return cols::lookback("atr", {a.integer("atr_period")}); };
  s.warmup_doc = "atr_period";
  s.level_exit = true;
  s.level_kind = LevelExit::Kind::kChandelier;
  s.value_param = "atr_multiplier";
  s.period_param = "atr_period";
  return s;
}

}  // namespace

void add_exit_rules(Family& v) {
  v.push_back(stop_loss_pct_entry());
  v.push_back(take_profit_pct_entry());
  v.push_back(stop_loss_atr_entry());
  v.push_back(take_profit_atr_entry());
  v.push_back(simple_trailing_stop_entry());
  v.push_back(chandelier_exit_entry());
}

}  // namespace kiss::catalog
