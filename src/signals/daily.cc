#include "signals/daily.h"

#include "util/text.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "backtest/stock_context.h"

namespace kiss::signals {

namespace {

PositionToSell sale_row(const BookPosition& p, double exit_price, double return_pct,
                        double nifty_pct, int days, const std::string& reason, Date date) {
  PositionToSell row;
  row.symbol = p.symbol;
  row.entry_date = p.entry_date.value_or(p.signal_date);
  row.entry_price = p.entry_price.value_or(0.0);
  row.exit_date = date;
  row.exit_price = exit_price;
  row.return_pct = return_pct;
  row.nifty_return_pct = nifty_pct;
  row.days_held = days;
  row.reason = reason;
  return row;
}

// Whether the replayed state must be written back.
bool differs(const BookPosition& a, const BookPosition& b) {
  return a.status != b.status || a.entry_date != b.entry_date || a.entry_price != b.entry_price ||
         a.exit_date != b.exit_date || a.exit_price != b.exit_price || a.shares != b.shares ||
         a.exit_reason != b.exit_reason || a.final_return_pct != b.final_return_pct ||
         a.final_nifty_return_pct != b.final_nifty_return_pct || a.days_held != b.days_held ||
         a.stop_level != b.stop_level || a.target_level != b.target_level;
}

// A stored position as it stood on its signal bar: what the model derived from the bars since
// (fill, exit, levels) is dropped, so a replay over corrected bars (docs/data.md, "Correcting
// stored bars") never keeps an exit the new bars do not give. The frozen size stays.
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

}  // namespace

bool qualifies(const StockResult& r, const Config& config, int min_trades) {
  return r.ok && r.has_signal_stack && r.result.metrics.edge_score >= config.edge_score_threshold &&
         r.result.metrics.total_trades >= min_trades;
}

Result<DayPlan> plan_day(const DayInput& in) {
  const Config& config = *in.config;
  const RuleSet& rules = *in.rules;
  DayPlan plan;
  std::set<std::string> held;          // symbols with an active position after the update
  std::set<std::string> bought_today;  // symbols whose active position was signalled today

  // 1. Replay every live position with the backtest's exit engine.
  for (const BookPosition& p : in.positions) {
    if (p.signal_date > in.data_date) continue;  // not yet signalled on this data date
    const auto it = in.bars.find(p.symbol);
    if (it == in.bars.end() || it->second->empty()) {
      plan.warnings.push_back(p.symbol + ": no prices in the store; its position is not updated");
      if (p.status != PositionStatus::kClosed) held.insert(p.symbol);
      continue;
    }
    StockContext ctx(*it->second, in.benchmark);
    if (auto s = ctx.prepare_shared(rules); !s) return tl::unexpected(s.error());
    BookPosition start = replay_start(p);
    auto view = update_position(start, ctx, rules, config);
    if (!view) return tl::unexpected(view.error());
    const BookPosition& now = view->position;
    if (differs(now, p)) plan.updates.push_back(now);
    if (now.signal_date == in.data_date) {
      bought_today.insert(p.symbol);
      held.insert(p.symbol);
      continue;  // reported as today's NEW BUY below
    }
    if (view->to_sell) {
      const Date date = now.exit_date.value_or(in.data_date);
      plan.to_sell.push_back(sale_row(now, view->current_price, view->return_pct,
                                      view->nifty_return_pct, view->day_in_trade, view->sell_reason,
                                      date));
      plan.charted.push_back(now);
      if (now.status != PositionStatus::kClosed)
        held.insert(p.symbol);  // exit due at the next open
      continue;
    }
    held.insert(p.symbol);
    OpenPosition row;
    row.symbol = now.symbol;
    row.status = now.status == PositionStatus::kPending ? "PENDING" : "OPEN";
    row.entry_date = now.entry_date.value_or(now.signal_date);
    row.entry_price = now.entry_price.value_or(view->current_price);
    row.current_price = view->current_price;
    row.return_pct = now.status == PositionStatus::kPending ? 0.0 : view->return_pct;
    row.nifty_return_pct = view->nifty_return_pct;
    row.day_in_trade = view->day_in_trade;
    row.hold_period = config.hold_period;
    row.rule_stack = join(now.rule_stack, '+');
    plan.open_positions.push_back(row);
    plan.charted.push_back(now);
  }

  // 3. NEW BUYs: the selected stack qualifies and its entry is true on the data date's bar.
  for (const StockResult& r : *in.results) {
    if (!r.today.entry || r.today.date != in.data_date || !qualifies(r, config, in.min_trades)) {
      continue;
    }
    if (held.count(r.symbol) != 0 && bought_today.count(r.symbol) == 0) continue;  // in a trade
    if (r.today.shares < 1) {
      plan.warnings.push_back(r.symbol + ": buy signal skipped: position size is 0 shares at " +
                              "the latest close");
      continue;
    }
    NewBuy buy;
    buy.symbol = r.symbol;
    buy.buy_date = r.today.date;
    buy.entry_price = r.today.close;
    buy.rule_stack = r.result.name;
    buy.edge_score = r.result.metrics.edge_score;
    plan.new_buys.push_back(buy);
    BookPosition p;
    p.symbol = r.symbol;
    p.signal_date = r.today.date;
    p.rule_stack = r.result.rule_names;
    p.status = PositionStatus::kPending;
    if (bought_today.count(r.symbol) == 0 && !in.backdated) {
      // `close` execution fills on the signal bar itself: replay to set entry and levels.
      if (config.execution == Execution::kClose) {
        StockContext ctx(*in.bars.at(r.symbol), in.benchmark);
        if (auto s = ctx.prepare_shared(rules); !s) return tl::unexpected(s.error());
        auto view = update_position(p, ctx, rules, config);
        if (!view) return tl::unexpected(view.error());
        p = view->position;
      }
      plan.inserts.push_back(p);
    }
    plan.charted.push_back(p);
  }

  if (in.backdated) {
    plan.warnings.push_back(
        "this run is dated before the latest stored run: the position book "
        "is shown as it was on " +
        format_date(in.data_date) + " and not changed");
    plan.updates.clear();
    plan.inserts.clear();
  }

  // The same day gives the same bytes however the rows were found (a re-run finds today's
  // sales among the closed positions, not among the active ones): every list by symbol.
  auto by_symbol = [](const auto& a, const auto& b) { return a.symbol < b.symbol; };
  std::stable_sort(plan.new_buys.begin(), plan.new_buys.end(), by_symbol);
  std::stable_sort(plan.open_positions.begin(), plan.open_positions.end(), by_symbol);
  std::stable_sort(plan.to_sell.begin(), plan.to_sell.end(), by_symbol);
  std::stable_sort(plan.charted.begin(), plan.charted.end(),
                   [](const BookPosition& a, const BookPosition& b) {
                     return a.symbol != b.symbol ? a.symbol < b.symbol
                                                 : a.signal_date < b.signal_date;
                   });
  return plan;
}

}  // namespace kiss::signals
