#include "signals/daily.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "backtest/costs.h"
#include "backtest/simulator.h"
#include "backtest/stock_context.h"
#include "rules/catalog.h"
#include "signals/nearest.h"
#include "util/text.h"

namespace kiss::signals {

namespace {

PositionToSell sale_row(const PositionView& v, Date date) {
  const BookPosition& p = v.position;
  PositionToSell row;
  row.symbol = p.symbol;
  row.entry_date = p.entry_date.value_or(p.signal_date);
  row.entry_price = p.entry_price.value_or(0.0);
  row.exit_date = date;
  row.exit_price = v.current_price;
  row.return_pct = v.return_pct;
  row.nifty_return_pct = v.nifty_return_pct;
  row.days_held = v.day_in_trade;
  row.reason = v.sell_reason;
  row.shares = p.shares.value_or(0);
  row.exit_due = p.status != PositionStatus::kClosed;
  return row;
}

// The working state of one plan: what is held and what it costs.
struct Book {
  double realised = 0;
  double invested = 0;
  int active = 0;
  std::set<std::string> held;  // symbols with a PENDING or OPEN position (not today's)
  // Today's stored PENDING positions (a re-run on the same data): taken again, as stored.
  std::map<std::string, BookPosition> today;
};

// The estimated cost of a PENDING position: its shares at the last close, slipped, with charges.
double pending_cost(const BookPosition& p, const Bars& bars, const Costs& costs) {
  if (!p.shares || bars.empty()) return 0.0;
  return buy_cost_total(costs, *p.shares, buy_fill(costs, bars.close.back()));
}

OpenPosition open_row(const PositionView& v, const Terms& terms, const Terms& current) {
  const BookPosition& now = v.position;
  OpenPosition row;
  row.symbol = now.symbol;
  row.status = now.status == PositionStatus::kPending ? "PENDING" : "OPEN";
  row.entry_date = now.entry_date.value_or(now.signal_date);
  row.entry_price = now.entry_price.value_or(v.current_price);
  row.current_price = v.current_price;
  row.return_pct = now.status == PositionStatus::kPending ? 0.0 : v.return_pct;
  row.nifty_return_pct = v.nifty_return_pct;
  row.day_in_trade = v.day_in_trade;
  row.hold_period = terms.hold_period;
  row.rule_stack = join(now.rule_stack, '+');
  row.shares = now.shares.value_or(0);
  row.stop = now.stop_level;
  row.target = now.target_level;
  row.model_entry_price = v.model_entry_price;
  row.recorded_fill = v.recorded_fill != nullptr;
  row.rules_changed = !terms.same_management(current);
  return row;
}

// 1. Replays every live position (docs/positions.md) and fills the OPEN and SELL rows.
// One screen: each position goes through the same few outcomes in order.
Status replay_positions(const DayInput& in, DayPlan& plan, Book& book) {
  const Config& config = *in.config;
  const RuleSet& rules = *in.rules;
  for (const BookPosition& p : in.positions) {
    if (p.signal_date > in.data_date) continue;  // not yet signalled on this data date
    const auto it = in.bars.find(p.symbol);
    if (it == in.bars.end() || it->second->empty()) {
      plan.warnings.push_back(p.symbol + ": no prices in the store; its position is not updated");
      if (is_active(p.status)) book.held.insert(p.symbol);
      continue;
    }
    auto terms = position_terms(p, rules, config);
    if (!terms) {  // a row without frozen terms whose rules are gone: shown as stored
      plan.warnings.push_back(p.symbol + ": position not updated: " + terms.error().message);
      if (is_active(p.status)) {
        book.held.insert(p.symbol);
        ++book.active;
        if (p.entry_price && p.shares) {
          book.invested += buy_cost_total(config.costs, *p.shares, *p.entry_price);
        }
      }
      continue;
    }
    BookPosition start = replay_start(p);  // whatever the stored status says
    if (start.terms.empty()) start.terms = terms_to_json(*terms);  // frozen from now on
    auto view = update_position(start, *it->second, in.benchmark, *terms, config);
    if (!view) return tl::unexpected(view.error());
    const BookPosition& now = view->position;
    if (now != p) plan.updates.push_back(now);  // every field: BookPosition::operator==
    const Terms current = freeze_terms(terms->stack, rules, config,
                                       terms->sizing_equity);  // what the files say
    if (now.status == PositionStatus::kSkipped) continue;
    if (now.status == PositionStatus::kClosed) {
      book.realised += realised_pnl(now, terms->costs);
      if (view->to_sell) {
        plan.to_sell.push_back(sale_row(*view, now.exit_date.value_or(in.data_date)));
        plan.charted.push_back(now);
      }
      continue;
    }
    if (now.signal_date == in.data_date && now.facts.empty()) {
      book.today.emplace(p.symbol, now);  // today's NEW BUY (a re-run), allocated again below
      continue;
    }
    book.held.insert(p.symbol);
    ++book.active;
    book.invested += now.status == PositionStatus::kPending
                         ? pending_cost(now, *it->second, terms->costs)
                         : buy_cost_total(terms->costs, now.shares.value_or(0),
                                          now.entry_price.value_or(0.0));
    if (view->to_sell) {  // an exit due at the next open: still held until then
      plan.to_sell.push_back(sale_row(*view, in.data_date));
      plan.charted.push_back(now);
      continue;
    }
    plan.open_positions.push_back(open_row(*view, *terms, current));
    plan.charted.push_back(now);
  }
  for (const BookPosition& p : in.settled) {
    auto terms = position_terms(p, rules, config);
    book.realised += realised_pnl(p, terms ? terms->costs : config.costs);
  }
  return {};
}

// The order ticket of a NEW BUY sized from `equity` and capped by `cash` (docs/positions.md).
// The latest close, slipped, stands for the fill; shares = 0 when not even one share fits.
Result<NewBuy> ticket(const StockResult& r, const Bars& bars, const Bars* benchmark,
                      const Terms& terms, double equity, double cash) {
  const RuleSet rules = terms_rules(terms);
  StockContext ctx(bars, benchmark);
  if (auto s = ctx.prepare_shared(rules); !s) return tl::unexpected(s.error());
  auto prepared = ctx.prepare(rules.candidates.front(), rules);
  if (!prepared) return tl::unexpected(prepared.error());
  const ExitEngine engine(prepared->exits, terms.execution, terms.hold_period);
  const int signal = static_cast<int>(bars.size()) - 1;
  NewBuy buy;
  buy.symbol = r.symbol;
  buy.buy_date = r.today.date;
  buy.entry_price = r.today.close;
  buy.rule_stack = r.result.name;
  buy.stack_words = describe_stack(rules.candidates.front());
  buy.edge_score = r.result.metrics.edge_score;
  buy.oos_trades = r.result.metrics.total_trades;
  buy.training_trades = r.signal_training_trades;
  buy.hold_period = terms.hold_period;
  buy.close_execution = terms.execution == Execution::kClose;
  buy.estimated_fill = buy_fill(terms.costs, r.today.close);
  const double atr = prepared->sizing_atr.empty()
                         ? std::numeric_limits<double>::quiet_NaN()
                         : prepared->sizing_atr[static_cast<std::size_t>(signal)];
  std::int64_t n = position_size(equity, terms.risk_per_trade_pct, prepared->atr_multiple, atr,
                                 buy.estimated_fill);
  if (cash <= 0) n = 0;
  n = std::min<std::int64_t>(n,
                             cash > 0 ? static_cast<std::int64_t>(cash / buy.estimated_fill) : 0);
  while (n > 0 && buy_cost_total(terms.costs, n, buy.estimated_fill) > cash) --n;
  buy.shares = std::max<std::int64_t>(n, 0);
  Position pos;
  if (engine.open(bars, signal, buy.estimated_fill, pos)) {
    if (std::isfinite(pos.stop)) buy.stop = pos.stop;
    if (std::isfinite(pos.target)) buy.target = pos.target;
  }
  buy.estimated_cost = buy_cost_total(terms.costs, buy.shares, buy.estimated_fill);
  if (buy.stop) buy.rupee_risk = static_cast<double>(buy.shares) * (buy.estimated_fill - *buy.stop);
  return buy;
}

// The NEW BUYs of the day in order of edge score (ties: symbol).
std::vector<const StockResult*> candidates(const DayInput& in) {
  std::vector<const StockResult*> out;
  for (const StockResult& r : *in.results) {
    if (r.today.entry && r.today.date == in.data_date && qualifies(r, *in.config, in.min_trades)) {
      out.push_back(&r);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const StockResult* a, const StockResult* b) {
    if (a->result.metrics.edge_score != b->result.metrics.edge_score) {
      return a->result.metrics.edge_score > b->result.metrics.edge_score;
    }
    return a->symbol < b->symbol;
  });
  return out;
}

NotTaken not_taken(const StockResult& r, std::string reason) {
  return NotTaken{r.symbol, r.today.date, r.result.metrics.edge_score, r.result.name,
                  std::move(reason)};
}

// 2. The NEW BUYs: sized from the equity, capped by the cash and the slots, in order of edge
// score (docs/positions.md, "Capital, cash and slots").
Status allocate_buys(const DayInput& in, DayPlan& plan, Book& book) {
  const Config& config = *in.config;
  const RuleSet& rules = *in.rules;
  const double equity = config.portfolio_initial_capital + book.realised;
  double cash = equity - book.invested;
  int active = book.active;
  for (const StockResult* r : candidates(in)) {
    if (book.held.count(r->symbol) != 0) continue;  // in a trade already
    const Bars& bars = *in.bars.at(r->symbol);
    const auto stored = book.today.find(r->symbol);
    const Terms terms = stored != book.today.end()
                            ? *terms_from_json(stored->second.terms, r->symbol)
                            : freeze_terms(r->signal_stack, rules, config, equity);
    auto buy = ticket(*r, bars, in.benchmark, terms, equity, std::max(cash, 0.0));
    if (!buy) return tl::unexpected(buy.error());
    if (stored != book.today.end()) {  // already ordered by an earlier run of this day
      buy->shares = stored->second.shares.value_or(buy->shares);
      buy->estimated_cost = buy_cost_total(terms.costs, buy->shares, buy->estimated_fill);
      if (buy->stop) {
        buy->rupee_risk = static_cast<double>(buy->shares) * (buy->estimated_fill - *buy->stop);
      }
    } else if (active >= config.max_open_positions) {
      plan.not_taken.push_back(not_taken(*r, "no slot (" + std::to_string(active) + " of " +
                                                 std::to_string(config.max_open_positions) +
                                                 " positions held)"));
      continue;
    } else if (buy->shares < 1) {
      plan.not_taken.push_back(
          not_taken(*r, cash < buy_cost_total(terms.costs, 1, buy->estimated_fill)
                            ? "no cash (" + rupees(std::max(cash, 0.0)) + " free)"
                            : "position size is 0 shares at the latest close"));
      continue;
    }
    cash -= buy->estimated_cost;
    ++active;
    BookPosition p;
    p.symbol = r->symbol;
    p.signal_date = r->today.date;
    p.rule_stack = r->result.rule_names;
    p.status = PositionStatus::kPending;
    p.shares = buy->shares;
    p.terms = terms_to_json(terms);
    if (stored != book.today.end()) {
      p = stored->second;
    } else if (!in.backdated) {
      if (terms.execution == Execution::kClose) {  // fills on the signal bar itself
        auto view = update_position(p, bars, in.benchmark, terms, config);
        if (!view) return tl::unexpected(view.error());
        p = view->position;
      }
      plan.inserts.push_back(p);
    }
    plan.charted.push_back(p);
    plan.new_buys.push_back(*buy);
  }
  plan.money.initial_capital = config.portfolio_initial_capital;
  plan.money.realised_pnl = book.realised;
  plan.money.equity = equity;
  plan.money.cash = cash;
  plan.money.invested = equity - cash;
  plan.money.open_positions = active;
  plan.money.max_open_positions = config.max_open_positions;
  return {};
}

}  // namespace

bool qualifies(const StockResult& r, const Config& config, int min_trades) {
  return r.ok && r.has_signal_stack && r.result.metrics.edge_score >= config.edge_score_threshold &&
         r.result.metrics.total_trades >= min_trades;
}

Result<DayPlan> plan_day(const DayInput& in) {
  DayPlan plan;
  Book book;
  if (auto st = replay_positions(in, plan, book); !st) return tl::unexpected(st.error());
  if (auto st = allocate_buys(in, plan, book); !st) return tl::unexpected(st.error());
  NoBuyExplanation why = explain_no_buys(in, book.held, plan.new_buys.size(),
                                         plan.not_taken.size());
  plan.no_buy_reason = std::move(why.reason);
  plan.nearest = std::move(why.nearest);

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
  std::stable_sort(plan.not_taken.begin(), plan.not_taken.end(), by_symbol);
  std::stable_sort(plan.charted.begin(), plan.charted.end(),
                   [](const BookPosition& a, const BookPosition& b) {
                     return a.symbol != b.symbol ? a.symbol < b.symbol
                                                 : a.signal_date < b.signal_date;
                   });
  return plan;
}

}  // namespace kiss::signals
