#include "signals/position_book.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "backtest/costs.h"
#include "backtest/simulator.h"

namespace kiss::signals {

namespace {

const RuleInstance* find_rule(const std::vector<RuleInstance>& rules, const std::string& name) {
  for (const RuleInstance& r : rules) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

// Every stack the rules file can produce draws its rules from these places.
std::vector<const Stack*> all_stacks(const RuleSet& rules) {
  std::vector<const Stack*> out{&rules.baseline};
  for (const Stack& s : rules.layers) out.push_back(&s);
  for (const Stack& s : rules.candidates) out.push_back(&s);
  return out;
}

int index_of(const Bars& bars, Date d) {
  const std::size_t i = bars.lower_bound(d);
  if (i < bars.size() && bars.date[i] == d) return static_cast<int>(i);
  return -1;
}

}  // namespace

Result<Stack> find_stack(const RuleSet& rules, const std::vector<std::string>& rule_names) {
  Stack stack;
  const auto stacks = all_stacks(rules);
  for (const std::string& name : rule_names) {
    const RuleInstance* entry = nullptr;
    const RuleInstance* exit = nullptr;
    for (const Stack* s : stacks) {
      if (entry == nullptr) entry = find_rule(s->entries, name);
      if (exit == nullptr) exit = find_rule(s->extra_exits, name);
    }
    if (entry != nullptr) {
      stack.entries.push_back(*entry);
    } else if (exit != nullptr) {
      stack.extra_exits.push_back(*exit);
    } else {
      return make_error("rule '" + name + "' of an open position is no longer in " + rules.path,
                        rules.path, 0, 0, name);
    }
  }
  return stack;
}

double benchmark_return_pct(const Bars* benchmark, Date from, Date to) {
  if (benchmark == nullptr) return std::numeric_limits<double>::quiet_NaN();
  const int a = index_of(*benchmark, from);
  const int b = index_of(*benchmark, to);
  if (a < 0 || b < 0) return std::numeric_limits<double>::quiet_NaN();
  return (benchmark->close[static_cast<std::size_t>(b)] /
              benchmark->close[static_cast<std::size_t>(a)] -
          1.0) *
         100.0;
}

Result<PositionView> update_position(const BookPosition& p, StockContext& ctx, const RuleSet& rules,
                                     const Config& config) {
  const Bars& bars = ctx.bars();
  PositionView view;
  view.position = p;
  if (p.status == PositionStatus::kClosed) {
    view.current_price = p.exit_price.value_or(0.0);
    view.return_pct = p.final_return_pct.value_or(0.0);
    view.nifty_return_pct = p.final_nifty_return_pct.value_or(
        std::numeric_limits<double>::quiet_NaN());
    view.day_in_trade = static_cast<int>(p.days_held.value_or(0));
    return view;
  }
  const int signal = index_of(bars, p.signal_date);
  if (signal < 0) {
    return make_error("position signal date " + format_date(p.signal_date) +
                          " is not a bar of the stored prices",
                      {}, 0, 0, p.symbol);
  }
  auto stack = find_stack(rules, p.rule_stack);
  if (!stack) return tl::unexpected(stack.error());
  auto prepared = ctx.prepare(*stack, rules);
  if (!prepared) return tl::unexpected(prepared.error());
  const ExitEngine engine(prepared->exits, config.execution, config.hold_period);
  const Costs& costs = config.costs;
  const int last = static_cast<int>(bars.size()) - 1;
  const int entry = engine.entry_index(signal);
  view.current_price = bars.close[static_cast<std::size_t>(last)];
  if (entry > last) {  // next_open and no bar after the signal yet: still PENDING
    view.nifty_return_pct = std::numeric_limits<double>::quiet_NaN();
    return view;
  }

  const auto e = static_cast<std::size_t>(entry);
  const double raw_fill = config.execution == Execution::kNextOpen ? bars.open[e] : bars.close[e];
  const double fill = buy_fill(costs, raw_fill);
  Position pos;
  if (!engine.open(bars, signal, fill, pos)) {
    return make_error("position opened on " + format_date(p.signal_date) +
                          " has an undefined ATR on its signal bar",
                      {}, 0, 0, p.symbol);
  }
  // The stored size wins: sizing parameters may have changed since the position was opened.
  const std::int64_t shares =
      p.shares ? *p.shares
               : position_size(config.portfolio_initial_capital, config.risk_per_trade_pct,
                               prepared->atr_multiple,
                               prepared->sizing_atr.empty()
                                   ? std::numeric_limits<double>::quiet_NaN()
                                   : prepared->sizing_atr[static_cast<std::size_t>(signal)],
                               fill);
  BookPosition& out = view.position;
  out.status = PositionStatus::kOpen;
  out.entry_date = bars.date[e];
  out.entry_price = fill;
  out.shares = shares;
  out.stop_level = std::isfinite(pos.stop) ? std::optional<double>(pos.stop) : std::nullopt;
  out.target_level = std::isfinite(pos.target) ? std::optional<double>(pos.target) : std::nullopt;

  if (shares < 1) {
    return make_error("position opened on " + format_date(p.signal_date) +
                          " sizes to 0 shares (capital too small for one share)",
                      {}, 0, 0, p.symbol);
  }
  const double qty = static_cast<double>(shares);
  const double buy_value = qty * fill;
  const double buy_cost = buy_costs(costs, buy_value);
  auto held = [&](int t) {
    return config.execution == Execution::kNextOpen ? t - entry + 1 : t - entry;
  };

  for (int t = engine.first_check(pos); t <= last; ++t) {
    const ExitDecision d = engine.step(pos, bars, t);
    if (!d.exits()) continue;
    const double px = sell_fill(costs, d.raw_price);
    const double value = qty * px;
    const Date exit_date = bars.date[static_cast<std::size_t>(t)];
    out.status = PositionStatus::kClosed;
    out.exit_date = exit_date;
    out.exit_price = px;
    out.exit_reason = exit_reason_text(prepared->exits, d.reason, d.rule);
    out.final_return_pct = net_return(buy_value, buy_cost, value, sell_costs(costs, value)) * 100;
    const double nifty = benchmark_return_pct(ctx.benchmark(), bars.date[e], exit_date);
    out.final_nifty_return_pct = std::isnan(nifty) ? std::nullopt : std::optional<double>(nifty);
    out.days_held = held(t);
    view.to_sell = true;
    view.sell_reason = out.exit_reason;
    view.current_price = px;
    view.return_pct = *out.final_return_pct;
    view.nifty_return_pct = nifty;
    view.day_in_trade = held(t);
    break;
  }
  if (out.status != PositionStatus::kClosed) {
    const double close = bars.close[static_cast<std::size_t>(last)];
    const double value = qty * sell_fill(costs, close);
    view.return_pct = net_return(buy_value, buy_cost, value, sell_costs(costs, value)) * 100;
    view.nifty_return_pct = benchmark_return_pct(ctx.benchmark(), bars.date[e],
                                                 bars.date[static_cast<std::size_t>(last)]);
    view.day_in_trade = held(last);
    if (pos.pending_indicator) {  // next_open: an indicator exit fired on the last close
      view.to_sell = true;
      view.sell_reason = exit_reason_text(prepared->exits, ExitReason::kIndicatorExit,
                                          pos.pending_rule);
    }
  }
  return view;
}

}  // namespace kiss::signals
