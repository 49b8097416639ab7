#include "signals/position_book.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "backtest/costs.h"
#include "backtest/simulator.h"
#include "backtest/stock_context.h"

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

const PositionFact* latest_fact(const BookPosition& p, FactKind kind) {
  const PositionFact* out = nullptr;
  for (const PositionFact& f : p.facts) {
    if (f.kind == kind) out = &f;  // facts are oldest first: the last one wins
  }
  return out;
}

Result<Terms> position_terms(const BookPosition& p, const RuleSet& rules, const Config& config) {
  if (!p.terms.empty()) return terms_from_json(p.terms, "position of " + p.symbol);
  auto stack = find_stack(rules, p.rule_stack);
  if (!stack) return tl::unexpected(stack.error());
  return freeze_terms(*stack, rules, config, config.portfolio_initial_capital);
}

BookPosition replay_start(const BookPosition& p) {
  BookPosition start = p;
  start.status = PositionStatus::kPending;
  start.entry_date.reset();
  start.entry_price.reset();
  start.exit_date.reset();
  start.exit_price.reset();
  start.exit_reason.clear();
  start.final_return_pct.reset();
  start.final_nifty_return_pct.reset();
  start.days_held.reset();
  start.stop_level.reset();
  start.target_level.reset();
  return start;
}

double buy_cost_total(const Costs& costs, std::int64_t shares, double fill) {
  const double value = static_cast<double>(shares) * fill;
  return value + buy_costs(costs, value);
}

double sell_proceeds(const Costs& costs, std::int64_t shares, double price) {
  const double value = static_cast<double>(shares) * price;
  return value - sell_costs(costs, value);
}

double realised_pnl(const BookPosition& p, const Costs& costs) {
  if (p.status != PositionStatus::kClosed || !p.shares || !p.entry_price || !p.exit_price) {
    return 0.0;
  }
  return sell_proceeds(costs, *p.shares, *p.exit_price) -
         buy_cost_total(costs, *p.shares, *p.entry_price);
}

namespace {

// Closes `view` on bar/date `exit_date` at the sell price `px` (already slipped, or the trader's
// own price) with `reason`.
void close_view(PositionView& view, const Bars* benchmark, const Costs& costs, Date entry_date,
                Date exit_date, double px, const std::string& reason, int days) {
  BookPosition& out = view.position;
  const std::int64_t shares = out.shares.value_or(0);
  const double cost = buy_cost_total(costs, shares, out.entry_price.value_or(0.0));
  out.status = PositionStatus::kClosed;
  out.exit_date = exit_date;
  out.exit_price = px;
  out.exit_reason = reason;
  out.final_return_pct = (sell_proceeds(costs, shares, px) / cost - 1.0) * 100;
  const double nifty = benchmark_return_pct(benchmark, entry_date, exit_date);
  out.final_nifty_return_pct = std::isnan(nifty) ? std::nullopt : std::optional<double>(nifty);
  out.days_held = days;
  view.to_sell = true;
  view.sell_reason = reason;
  view.current_price = px;
  view.return_pct = *out.final_return_pct;
  view.nifty_return_pct = nifty;
  view.day_in_trade = days;
}

}  // namespace

// One screen and a half: the replay is one story (fill, levels, size, then the bars until an
// exit), and splitting it would pass the engine state through several functions.
Result<PositionView> update_position(const BookPosition& p, const Bars& bars, const Bars* benchmark,
                                     const Terms& terms, const Config& config) {
  PositionView view;
  view.position = p;
  if (p.status == PositionStatus::kClosed) {
    // The caller replays a position from its signal by passing it PENDING; a CLOSED one is
    // shown as stored (the original tool's closed rows, which cannot be replayed, too).
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
  const int last = static_cast<int>(bars.size()) - 1;
  view.current_price = bars.close[static_cast<std::size_t>(last)];
  view.nifty_return_pct = std::numeric_limits<double>::quiet_NaN();
  view.recorded_fill = latest_fact(p, FactKind::kFill);
  view.recorded_exit = latest_fact(p, FactKind::kExit);
  if (latest_fact(p, FactKind::kSkip) != nullptr && view.recorded_fill == nullptr) {
    view.position.status = PositionStatus::kSkipped;
    view.skipped = true;
    return view;
  }

  const RuleSet rules = terms_rules(terms);
  const Config cfg = terms_config(config, terms);
  StockContext ctx(bars, benchmark);
  if (auto s = ctx.prepare_shared(rules); !s) return tl::unexpected(s.error());
  auto prepared = ctx.prepare(rules.candidates.front(), rules);
  if (!prepared) return tl::unexpected(prepared.error());
  const ExitEngine engine(prepared->exits, cfg.execution, cfg.hold_period);
  const Costs& costs = cfg.costs;
  const int model_entry = engine.entry_index(signal);
  if (model_entry <= last) {
    const auto e = static_cast<std::size_t>(model_entry);
    view.model_entry_date = bars.date[e];
    view.model_entry_price = buy_fill(costs, cfg.execution == Execution::kNextOpen ? bars.open[e]
                                                                                   : bars.close[e]);
  }
  // The entry: the trader's recorded fill wins over the model's (docs/positions.md).
  int entry = model_entry;
  double fill = view.model_entry_price.value_or(0.0);
  Date entry_date = view.model_entry_date.value_or(0);
  if (view.recorded_fill != nullptr) {
    entry_date = view.recorded_fill->date.value_or(p.signal_date);
    fill = view.recorded_fill->price.value_or(fill);
    entry = static_cast<int>(bars.lower_bound(entry_date));  // size() when after the last bar
  } else if (model_entry > last) {  // next_open and no bar after the signal yet: PENDING
    return view;
  }

  Position pos;
  if (!engine.open(bars, signal, fill, pos)) {
    return make_error("position opened on " + format_date(p.signal_date) +
                          " has an undefined ATR on its signal bar",
                      {}, 0, 0, p.symbol);
  }
  pos.entry_index = entry;
  // The stored size wins (sized when the signal was given); a row stored without one (older
  // versions) is sized as the backtest sizes.
  std::int64_t shares =
      p.shares ? *p.shares
               : position_size(config.portfolio_initial_capital, cfg.risk_per_trade_pct,
                               prepared->atr_multiple,
                               prepared->sizing_atr.empty()
                                   ? std::numeric_limits<double>::quiet_NaN()
                                   : prepared->sizing_atr[static_cast<std::size_t>(signal)],
                               fill);
  if (view.recorded_fill != nullptr && view.recorded_fill->shares) {
    shares = *view.recorded_fill->shares;
  }
  BookPosition& out = view.position;
  out.status = PositionStatus::kOpen;
  out.entry_date = entry_date;
  out.entry_price = fill;
  out.shares = shares;
  out.stop_level = std::isfinite(pos.stop) ? std::optional<double>(pos.stop) : std::nullopt;
  out.target_level = std::isfinite(pos.target) ? std::optional<double>(pos.target) : std::nullopt;
  out.exit_date.reset();
  out.exit_price.reset();
  out.exit_reason.clear();
  out.final_return_pct.reset();
  out.final_nifty_return_pct.reset();
  out.days_held.reset();
  if (shares < 1) {
    return make_error("position opened on " + format_date(p.signal_date) +
                          " sizes to 0 shares (capital too small for one share)",
                      {}, 0, 0, p.symbol);
  }
  auto held = [&](int t) {
    return cfg.execution == Execution::kNextOpen ? t - entry + 1 : t - entry;
  };
  if (view.recorded_exit != nullptr) {  // the trader sold: the model's exits do not apply
    const Date d = view.recorded_exit->date.value_or(entry_date);
    const int t = index_of(bars, d);
    const int days = t >= 0 ? held(t) : held(static_cast<int>(bars.lower_bound(d)));
    close_view(view, benchmark, costs, entry_date, d, view.recorded_exit->price.value_or(fill),
               "manual", days);
    return view;
  }
  for (int t = std::max(engine.first_check(pos), 0); t <= last && entry <= last; ++t) {
    const ExitDecision d = engine.step(pos, bars, t);
    if (!d.exits()) continue;
    close_view(view, benchmark, costs, entry_date, bars.date[static_cast<std::size_t>(t)],
               sell_fill(costs, d.raw_price), exit_reason_text(prepared->exits, d.reason, d.rule),
               held(t));
    return view;
  }
  const double close = bars.close[static_cast<std::size_t>(last)];
  view.return_pct = (sell_proceeds(costs, shares, sell_fill(costs, close)) /
                         buy_cost_total(costs, shares, fill) -
                     1.0) *
                    100;
  if (entry <= last) {
    view.nifty_return_pct = benchmark_return_pct(benchmark, entry_date,
                                                 bars.date[static_cast<std::size_t>(last)]);
    view.day_in_trade = held(last);
  }
  if (pos.pending_indicator) {  // next_open: an indicator exit fired on the last close
    view.to_sell = true;
    view.sell_reason = exit_reason_text(prepared->exits, ExitReason::kIndicatorExit,
                                        pos.pending_rule);
  }
  return view;
}

}  // namespace kiss::signals
