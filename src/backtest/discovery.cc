#include "backtest/discovery.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "backtest/costs.h"
#include "backtest/metrics.h"
#include "backtest/simulator.h"
#include "backtest/stock_context.h"

namespace kiss {

std::string min_trades_warning(const std::vector<std::string>& rule_names,
                               const std::string& symbol, int trades, int threshold) {
  std::string joined;
  for (std::size_t i = 0; i < rule_names.size(); ++i) {
    if (i > 0) joined += ',';
    joined += rule_names[i];
  }
  return "WARNING: Strategy '" + joined + "' on '" + symbol + "' generated only " +
         std::to_string(trades) + " trades, which is below the threshold of " +
         std::to_string(threshold) + ".";
}

namespace {

// A stack in the search pool. `layers` is the sorted set of RuleSet::layers indices it adds to
// the baseline (the greedy search key); `greedy` is false when the rules' candidates could not
// be mapped onto baseline + layer sets (the search then stays at the first level).
struct Candidate {
  std::unique_ptr<Stack> own;  // deeper stacks built here (first-level ones are the RuleSet's)
  std::unique_ptr<PreparedStack> prep;
  // Its training runs, built at the first one (they share the planned trades across windows).
  std::unique_ptr<ExitEngine> engine;
  std::unique_ptr<TrainingSimulator> trainer;
  std::vector<int> layers;
  bool tested = false;
  int stamp = -1;  // the selection round whose metrics `memo` holds
  Metrics memo;
};

struct Span {
  int begin = 0, end = 0;
};

class Discoverer {
 public:
  Discoverer(StockContext& ctx, const RuleSet& rules, const Config& cfg)
      : ctx_(ctx), rules_(rules), cfg_(cfg), bars_(ctx.bars()) {
    params_.costs = cfg.costs;
    params_.capital = cfg.portfolio_initial_capital;
    params_.risk_pct = cfg.risk_per_trade_pct;
  }

  Status init() {
    if (auto s = ctx_.prepare_shared(rules_); !s) return s;
    const bool prd = rules_.form == RuleSet::Form::kPrd;
    const std::size_t nl = rules_.layers.size();
    greedy_ = cfg_.search.max_layers > 1 && rules_.candidates.size() == (prd ? nl + 1 : nl);
    for (std::size_t i = 0; i < rules_.candidates.size(); ++i) {
      auto p = ctx_.prepare(rules_.candidates[i], rules_);
      if (!p) return tl::unexpected(p.error());
      Candidate c;
      c.prep = std::make_unique<PreparedStack>(std::move(*p));
      if (greedy_) {
        if (!prd) c.layers = {static_cast<int>(i)};
        else if (i > 0) c.layers = {static_cast<int>(i) - 1};
      }
      warmup_ = std::max(warmup_, c.prep->warmup);
      pool_.push_back(std::move(c));
    }
    level1_ = pool_.size();
    return {};
  }

  int warmup() const noexcept { return warmup_; }
  std::size_t pool_size() const noexcept { return pool_.size(); }
  const Candidate& candidate(std::size_t i) const { return pool_[i]; }

  // The winner of a training window (docs/discovery.md): -1 when no candidate is eligible.
  Result<int> select(Span w, Metrics& winner) {
    ++round_;
    int best = -1;
    Metrics best_m;
    bool stop = false;
    auto consider = [&](int ci) {
      const Metrics& m = train(ci, w);
      if (m.total_trades < cfg_.walk_forward.min_trades_per_period) return false;
      // Strictly greater: ties go to the earlier candidate (baseline first).
      const bool better = best < 0 || m.edge_score > best_m.edge_score;
      if (m.edge_score >= cfg_.seeker_min_edge_score && m.total_trades >= cfg_.seeker_min_trades)
        stop = true;
      return better;
    };
    for (std::size_t ci = 0; ci < level1_ && !stop; ++ci) {
      if (consider(static_cast<int>(ci))) {
        best = static_cast<int>(ci);
        best_m = pool_[ci].memo;
      }
    }
    // Greedy deeper stacks: extend the best by one layer while the EdgeScore improves.
    while (greedy_ && !stop && best >= 0 &&
           pool_[static_cast<std::size_t>(best)].layers.size() <
               static_cast<std::size_t>(cfg_.search.max_layers)) {
      const std::vector<int> base = pool_[static_cast<std::size_t>(best)].layers;
      int round_best = -1;
      for (int j = 0; j < static_cast<int>(rules_.layers.size()) && !stop; ++j) {
        if (std::find(base.begin(), base.end(), j) != base.end()) continue;
        std::vector<int> set = base;
        set.push_back(j);
        std::sort(set.begin(), set.end());
        auto ci = get_or_create(set);
        if (!ci) return tl::unexpected(ci.error());
        if (consider(*ci)) {
          best = *ci;  // improves on the best so far (which starts as the base)
          best_m = pool_[static_cast<std::size_t>(*ci)].memo;
          round_best = *ci;
        }
      }
      if (round_best < 0) break;
    }
    winner = best_m;
    return best;
  }

  // Out-of-sample run of `ci` (-1: flat) over one test window, appended to the outputs.
  void run_test(int ci, Span w, double& cash, std::vector<Trade>& trades,
                std::vector<double>& equity, int& held) {
    const auto first = equity.size();
    equity.resize(first + static_cast<std::size_t>(w.end - w.begin), cash);
    if (ci < 0) return;  // no eligible candidate: no position, flat days count
    const PreparedStack& p = *pool_[static_cast<std::size_t>(ci)].prep;
    const ExitEngine engine(p.exits, cfg_.execution, cfg_.hold_period);
    const SimInput in{&bars_, p.entry, &engine, p.sizing_atr, p.atr_multiple};
    const SimSummary s = simulate(in, params_, w.begin, w.end, WindowMode::kTest, cash, trades,
                                  std::span<double>(equity.data() + first,
                                                    static_cast<std::size_t>(w.end - w.begin)));
    cash = s.end_cash;
    held += s.held_closes;
  }

  // In-sample run over [begin, end) with the open trade reported (walk-forward off, backtest).
  SimSummary run_full(int ci, Span w, std::vector<Trade>& trades, std::vector<double>& equity) {
    equity.assign(static_cast<std::size_t>(w.end - w.begin), params_.capital);
    const PreparedStack& p = *pool_[static_cast<std::size_t>(ci)].prep;
    const ExitEngine engine(p.exits, cfg_.execution, cfg_.hold_period);
    const SimInput in{&bars_, p.entry, &engine, p.sizing_atr, p.atr_multiple};
    return simulate(in, params_, w.begin, w.end, WindowMode::kFullData, params_.capital, trades,
                    equity);
  }

  const SimParams& params() const noexcept { return params_; }

 private:
  const Metrics& train(int ci, Span w) {
    Candidate& c = pool_[static_cast<std::size_t>(ci)];
    if (c.stamp == round_) return c.memo;
    if (!c.trainer) {
      const PreparedStack& p = *c.prep;
      c.engine = std::make_unique<ExitEngine>(p.exits, cfg_.execution, cfg_.hold_period);
      const SimInput in{&bars_, p.entry, c.engine.get(), p.sizing_atr, p.atr_multiple};
      c.trainer = std::make_unique<TrainingSimulator>(in, params_);
    }
    // No equity curve and no trade list: the closed trades, wins and return sums are all the
    // ranking needs (TrainingSimulator: identical to simulate() in kTraining mode).
    const SimSummary s = c.trainer->run(w.begin, w.end, params_.capital);
    c.memo = quick_metrics(s.closed, s.wins, s.returns, s.ret_sum, s.ret_sq,
                           cfg_.edge_score_weights);
    c.stamp = round_;
    c.tested = true;
    return c.memo;
  }

  Result<int> get_or_create(const std::vector<int>& set) {
    auto it = by_layers_.find(set);
    if (it != by_layers_.end()) return it->second;
    for (std::size_t i = 0; i < pool_.size(); ++i) {
      if (pool_[i].layers == set) {
        by_layers_.emplace(set, static_cast<int>(i));
        return static_cast<int>(i);
      }
    }
    auto s = std::make_unique<Stack>(rules_.form == RuleSet::Form::kPrd ? rules_.baseline
                                                                        : Stack{});
    for (int j : set) {
      const Stack& l = rules_.layers[static_cast<std::size_t>(j)];
      s->entries.insert(s->entries.end(), l.entries.begin(), l.entries.end());
      s->extra_exits.insert(s->extra_exits.end(), l.extra_exits.begin(), l.extra_exits.end());
    }
    auto p = ctx_.prepare(*s, rules_);
    if (!p) return tl::unexpected(p.error());
    Candidate c;
    c.own = std::move(s);
    c.prep = std::make_unique<PreparedStack>(std::move(*p));
    c.layers = set;
    pool_.push_back(std::move(c));
    const int id = static_cast<int>(pool_.size()) - 1;
    by_layers_.emplace(set, id);
    return id;
  }

  StockContext& ctx_;
  const RuleSet& rules_;
  const Config& cfg_;
  const Bars& bars_;
  SimParams params_;
  std::vector<Candidate> pool_;
  std::map<std::vector<int>, int> by_layers_;
  std::size_t level1_ = 0;
  bool greedy_ = false;
  int warmup_ = 0;
  int round_ = 0;
};

WindowResult make_window(const Bars& b, Span train, Span test) {
  WindowResult w;
  w.train_begin = train.begin;
  w.train_end = train.end;
  w.test_begin = test.begin;
  w.test_end = test.end;
  w.train_first = b.date[static_cast<std::size_t>(train.begin)];
  w.train_last = b.date[static_cast<std::size_t>(train.end - 1)];
  if (test.end > test.begin) {
    w.test_first = b.date[static_cast<std::size_t>(test.begin)];
    w.test_last = b.date[static_cast<std::size_t>(test.end - 1)];
  }
  return w;
}

double sample_variance(const std::vector<double>& x) {
  if (x.size() < 2) return 0.0;
  double mean = 0.0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  double s = 0.0;
  for (double v : x) s += (v - mean) * (v - mean);
  return s / static_cast<double>(x.size() - 1);
}

// Today's signal on bar `last` (the last bar of the data discovery sees).
void fill_today(StockResult& r, const PreparedStack& p, const Bars& bars, const SimParams& sp,
                std::size_t last) {
  TodaySignal& t = r.today;
  t.bar_index = static_cast<int>(last);
  t.date = bars.date[last];
  t.close = bars.close[last];
  t.sizing_atr = p.sizing_atr[last];
  t.atr_multiple = p.atr_multiple;
  t.levels = p.exits.levels;
  bool defined = !std::isnan(t.sizing_atr);
  for (std::size_t i = 0; i < p.exits.levels.size(); ++i) {
    const auto& col = p.exits.level_atr[i];
    const double a = col.empty() ? std::nan("") : col[last];
    t.level_atr.push_back(a);
    const auto k = p.exits.levels[i].kind;
    if ((k == LevelExit::Kind::kStopAtr || k == LevelExit::Kind::kTargetAtr) && std::isnan(a))
      defined = false;
  }
  t.indicator_exits = p.exits.indicator_names;
  t.entry = defined && p.entry[last] != 0;
  t.shares = position_size(sp.capital, sp.risk_pct, p.atr_multiple, t.sizing_atr,
                           buy_fill(sp.costs, t.close));
}

}  // namespace

namespace {

// The walk-forward layout of one stock: `tests` are the test windows (empty: in-sample).
struct Plan {
  int n = 0;   // bars
  int s0 = 0;  // the longest warm-up of the candidates: the first bar simulated
  int T = 0;   // training bars (in-sample: every bar after the warm-up)
  bool wf = false;
  std::vector<Span> tests;
  std::size_t test_bars = 0;
};

// One candidate's (or the stitched winners') trades and equity over the plan.
struct Run {
  std::vector<Trade> trades;
  std::vector<double> equity;
  int held = 0;
};

MetricsContext metrics_context(const Bars& bars, const Bars* benchmark, const StockContext& ctx,
                               const Config& cfg) {
  MetricsContext mc;
  mc.bars = &bars;
  mc.benchmark = benchmark;
  mc.bench_idx = ctx.bench_idx();
  mc.execution = cfg.execution;
  mc.weights = cfg.edge_score_weights;
  return mc;
}

// Selects the winner of every walk-forward training window and records the windows; false when
// the stock is skipped (r.skip_reason says why).
Result<bool> plan_windows(Discoverer& d, const Bars& bars, const Config& cfg, Plan& plan,
                          StockResult& r) {
  const WalkForward& wf = cfg.walk_forward;
  const int n = plan.n, s0 = plan.s0, T = plan.T;
  if (!wf.enabled) {
    if (s0 < n - 1) return true;
    r.skip_reason = "not enough history: " + std::to_string(n) + " bars, warm-up " +
                    std::to_string(s0);
    return false;
  }
  const int X = wf.testing_period.to_bars();
  const int S = wf.step_size.to_bars();
  if (T < 1 || X < 1 || S < 1) {
    return make_error("walk-forward periods must be at least one bar (training " +
                          std::to_string(T) + ", testing " + std::to_string(X) + ", step " +
                          std::to_string(S) + " bars)",
                      cfg.config_path, 0, 0, "walk_forward");
  }
  if (s0 + T >= n) {
    r.skip_reason = "not enough history for walk-forward: " + std::to_string(n) +
                    " bars, warm-up " + std::to_string(s0) + " + training " + std::to_string(T) +
                    " + at least one test bar needed";
    return false;
  }
  for (int tb = s0;; tb += S) {
    const int te = tb + T;
    if (te >= n) break;
    int xe = std::min(te + X, n);
    if (te + S < n) xe = std::min(xe, te + S);  // the next test window starts there
    Metrics wm;
    auto win = d.select({tb, te}, wm);
    if (!win) return tl::unexpected(win.error());
    WindowResult w = make_window(bars, {tb, te}, {te, xe});
    w.winner = *win;
    w.winner_train_metrics = wm;
    r.windows.push_back(w);
    plan.tests.push_back({te, xe});
  }
  for (const Span& t : plan.tests) plan.test_bars += static_cast<std::size_t>(t.end - t.begin);
  return true;
}

// The latest training window ends at the last bar; its winner (-1: none) gives today's signals.
Result<int> select_latest(Discoverer& d, const Bars& bars, const Plan& plan, StockResult& r) {
  const Span latest{std::max(plan.s0, plan.n - plan.T), plan.n};
  Metrics lm;
  auto lw = d.select(latest, lm);
  if (!lw) return tl::unexpected(lw.error());
  WindowResult w = make_window(bars, latest, {plan.n, plan.n});
  w.winner = *lw;
  w.winner_train_metrics = lm;
  r.windows.push_back(w);
  return *lw;
}

// The run of `choice` (one pool index per test window, -1: flat; in-sample: one index).
Run run_choice(Discoverer& d, const Plan& plan, const std::vector<int>& choice) {
  Run out;
  if (!plan.wf) {
    out.held = d.run_full(choice[0], {plan.s0, plan.n}, out.trades, out.equity).held_closes;
    return out;
  }
  out.equity.reserve(plan.test_bars);
  double cash = d.params().capital;
  for (std::size_t k = 0; k < plan.tests.size(); ++k) {
    d.run_test(choice[k], plan.tests[k], cash, out.trades, out.equity, out.held);
  }
  return out;
}

// Each tested stack's own run (stitched test windows, or in-sample): its metrics, the min-trades
// warnings and the trial count of the deflated Sharpe. Returns the pool index of each tested
// stack; the windows' winners become indices into r.tested.
std::vector<int> score_tested(Discoverer& d, const Plan& plan, const Config& cfg,
                              MetricsContext& mc, StockResult& r) {
  std::vector<int> tested_ids;
  std::vector<Run> tested_runs;
  std::vector<ReturnStats> tested_stats;
  std::vector<double> srs;
  for (std::size_t ci = 0; ci < d.pool_size(); ++ci) {
    if (!d.candidate(ci).tested) continue;
    const std::size_t windows = plan.wf ? plan.tests.size() : 1;
    tested_runs.push_back(run_choice(d, plan, std::vector<int>(windows, static_cast<int>(ci))));
    tested_ids.push_back(static_cast<int>(ci));
    tested_stats.push_back(return_stats(tested_runs.back().equity));
    const ReturnStats& st = tested_stats.back();
    srs.push_back(st.stdev > 0.0 ? st.mean / st.stdev : 0.0);
  }
  r.trials = static_cast<int>(tested_ids.size());
  mc.trials = r.trials;
  mc.trial_sr_variance = sample_variance(srs);
  std::vector<int> pool_to_tested(d.pool_size(), -1);
  for (std::size_t k = 0; k < tested_ids.size(); ++k) {
    const PreparedStack& p = *d.candidate(static_cast<std::size_t>(tested_ids[k])).prep;
    StackResult sr;
    sr.name = p.stack->name();
    sr.rule_names = p.stack->rule_names();
    mc.stats = &tested_stats[k];
    sr.metrics = compute_metrics(tested_runs[k].trades, tested_runs[k].equity, tested_runs[k].held,
                                 mc);
    mc.stats = nullptr;
    if (sr.metrics.total_trades < cfg.min_trades_threshold) {
      r.warnings.push_back(min_trades_warning(sr.rule_names, r.symbol, sr.metrics.total_trades,
                                              cfg.min_trades_threshold));
    }
    r.tested.push_back(std::move(sr));
    pool_to_tested[static_cast<std::size_t>(tested_ids[k])] = static_cast<int>(k);
  }
  for (WindowResult& w : r.windows) {
    if (w.winner >= 0) {
      w.winner = pool_to_tested[static_cast<std::size_t>(w.winner)];
      w.winner_name = r.tested[static_cast<std::size_t>(w.winner)].name;
    }
  }
  return tested_ids;
}

// The stored result: the walk-forward winners stitched (or the in-sample winner's run, or flat
// when there is none), with its equity dates and metrics.
void store_result(Discoverer& d, const Bars& bars, const Plan& plan,
                  const std::vector<int>& tested_ids, int latest, const MetricsContext& mc,
                  StockResult& r) {
  Run result;
  if (plan.wf) {
    std::vector<int> choice;
    for (std::size_t k = 0; k < plan.tests.size(); ++k) {
      const int t = r.windows[k].winner;  // tested index now
      choice.push_back(t < 0 ? -1 : tested_ids[static_cast<std::size_t>(t)]);
    }
    result = run_choice(d, plan, choice);
    r.equity_dates.reserve(result.equity.size());
    for (const Span& s : plan.tests) {
      for (int t = s.begin; t < s.end; ++t) {
        r.equity_dates.push_back(bars.date[static_cast<std::size_t>(t)]);
      }
    }
  } else {
    if (latest >= 0) {
      result = run_choice(d, plan, {latest});
    } else {
      result.equity.assign(static_cast<std::size_t>(plan.n - plan.s0), d.params().capital);
    }
    for (int t = plan.s0; t < plan.n; ++t) {
      r.equity_dates.push_back(bars.date[static_cast<std::size_t>(t)]);
    }
  }
  r.result.metrics = compute_metrics(result.trades, result.equity, result.held, mc);
  r.result.trades = std::move(result.trades);
  r.equity = std::move(result.equity);
}

// The signal stack's last bars: full entry, the stack's own entries alone, and which shared
// filters are off on the last bar (TodaySignal). Masks come from the context's cache.
Status fill_recent(StockContext& ctx, const RuleSet& rules, const PreparedStack& p,
                   const Bars& bars, TodaySignal& t) {
  const std::size_t n = bars.size();
  const auto k = static_cast<std::size_t>(kRecentSignalBars);
  const std::size_t from = n > k ? n - k : 0;
  std::vector<std::uint8_t> own(n - from, 1);
  for (const RuleInstance& rule : p.stack->entries) {
    auto m = ctx.mask(rule);
    if (!m) return tl::unexpected(m.error());
    for (std::size_t i = from; i < n; ++i)
      if ((**m)[i] == 0) own[i - from] = 0;
  }
  for (std::size_t i = from; i < n; ++i) {
    t.recent_dates.push_back(bars.date[i]);
    t.recent_entry.push_back(p.entry[i] != 0 ? 1 : 0);
    t.recent_stack_only.push_back(own[i - from]);
  }
  for (const auto* group : {&rules.context_filters, &rules.preconditions}) {
    for (const RuleInstance& rule : *group) {
      auto m = ctx.mask(rule);
      if (!m) return tl::unexpected(m.error());
      if ((**m)[n - 1] == 0) t.filters_off.push_back(rule.name);
    }
  }
  return {};
}

// Today's signal stack (the latest window's winner) and its min-trades warning.
Status fill_signal(const Discoverer& d, StockContext& ctx, const RuleSet& rules, const Bars& bars,
                   const Config& cfg, int latest, StockResult& r) {
  const PreparedStack& p = *d.candidate(static_cast<std::size_t>(latest)).prep;
  r.has_signal_stack = true;
  r.signal_stack = *p.stack;
  r.signal_training_trades = r.windows.back().winner_train_metrics.total_trades;
  r.result.name = p.stack->name();
  r.result.rule_names = p.stack->rule_names();
  fill_today(r, p, bars, d.params(), bars.size() - 1);
  if (auto s = fill_recent(ctx, rules, p, bars, r.today); !s) return s;
  if (r.result.metrics.total_trades < cfg.min_trades_threshold) {
    std::string w = min_trades_warning(r.result.rule_names, r.symbol, r.result.metrics.total_trades,
                                       cfg.min_trades_threshold);
    if (std::find(r.warnings.begin(), r.warnings.end(), w) == r.warnings.end()) {
      r.warnings.push_back(std::move(w));
    }
  }
  return {};
}

// One stock's discovery: the walk-forward windows and their winners, every tested stack's run,
// the stitched result and today's signal stack (docs/discovery.md).
Result<StockResult> discover(const Bars& bars, const Bars* benchmark, const RuleSet& rules,
                             const Config& cfg, SharedColumns* shared) {
  StockResult r;
  r.symbol = bars.symbol;
  if (rules.candidates.empty()) {
    return make_error("no candidate stacks to test", rules.path, 0, 0, "baseline");
  }
  if (bars.size() < 2) {
    r.skip_reason = "only " + std::to_string(bars.size()) + " bars";
    return r;
  }
  StockContext ctx(bars, benchmark, shared);
  Discoverer d(ctx, rules, cfg);
  if (auto s = d.init(); !s) return tl::unexpected(s.error());
  Plan plan;
  plan.n = static_cast<int>(bars.size());
  plan.s0 = d.warmup();
  plan.wf = cfg.walk_forward.enabled;
  plan.T = plan.wf ? cfg.walk_forward.training_period.to_bars() : plan.n - plan.s0;
  MetricsContext mc = metrics_context(bars, benchmark, ctx, cfg);
  r.in_sample = !plan.wf;

  auto planned = plan_windows(d, bars, cfg, plan, r);
  if (!planned) return tl::unexpected(planned.error());
  if (!*planned) return r;
  auto latest = select_latest(d, bars, plan, r);
  if (!latest) return tl::unexpected(latest.error());
  const std::vector<int> tested_ids = score_tested(d, plan, cfg, mc, r);
  store_result(d, bars, plan, tested_ids, *latest, mc, r);
  if (*latest >= 0) {
    if (auto s = fill_signal(d, ctx, rules, bars, cfg, *latest, r); !s) {
      return tl::unexpected(s.error());
    }
  }
  r.ok = true;
  return r;
}

}  // namespace

Result<StockResult> discover_stock(const Bars& bars, const Bars* benchmark, const RuleSet& rules,
                                   const Config& cfg) {
  return discover(bars, benchmark, rules, cfg, nullptr);
}

struct LatestSignalScanner::Impl {
  Impl(const Bars& b, const Bars* benchmark, const RuleSet& r, const Config& c)
      : bars(b), cfg(c), ctx(b, benchmark), d(ctx, r, c) {}
  const Bars& bars;
  const Config& cfg;
  StockContext ctx;
  Discoverer d;
};

LatestSignalScanner::LatestSignalScanner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LatestSignalScanner::~LatestSignalScanner() = default;

Result<std::unique_ptr<LatestSignalScanner>> LatestSignalScanner::create(const Bars& bars,
                                                                         const Bars* benchmark,
                                                                         const RuleSet& rules,
                                                                         const Config& config) {
  if (rules.candidates.empty()) {
    return make_error("no candidate stacks to test", rules.path, 0, 0, "baseline");
  }
  auto impl = std::make_unique<Impl>(bars, benchmark, rules, config);
  if (!bars.empty()) {
    if (auto s = impl->d.init(); !s) return tl::unexpected(s.error());
  }
  return std::unique_ptr<LatestSignalScanner>(new LatestSignalScanner(std::move(impl)));
}

// The same steps as discover() takes for the latest window (plan_windows' checks, then
// select_latest and fill_signal), on the first n bars of the columns built once.
Result<LatestSignalScanner::Latest> LatestSignalScanner::at(int n) {
  Impl& m = *impl_;
  Latest out;
  const WalkForward& wf = m.cfg.walk_forward;
  const int s0 = m.d.warmup();
  const bool fits = wf.enabled
                        ? (wf.training_period.to_bars() >= 1 && wf.testing_period.to_bars() >= 1 &&
                           wf.step_size.to_bars() >= 1 && s0 + wf.training_period.to_bars() < n)
                        : s0 < n - 1;
  if (n < 2 || n > static_cast<int>(m.bars.size()) || !fits) {
    out.exact = false;  // skipped, or an error, or a warm-up beyond the first n bars
    return out;
  }
  const int T = wf.enabled ? wf.training_period.to_bars() : n - s0;
  Metrics lm;
  auto win = m.d.select({std::max(s0, n - T), n}, lm);
  if (!win) return tl::unexpected(win.error());
  if (*win < 0) return out;
  const PreparedStack& p = *m.d.candidate(static_cast<std::size_t>(*win)).prep;
  out.has_signal_stack = true;
  out.signal_stack = *p.stack;
  StockResult r;
  fill_today(r, p, m.bars, m.d.params(), static_cast<std::size_t>(n - 1));
  out.today = std::move(r.today);
  return out;
}

Result<StackResult> backtest_stack(const Bars& bars, const Bars* benchmark, const Stack& stack,
                                   const RuleSet& rules, const Config& cfg) {
  StockContext ctx(bars, benchmark);
  if (auto s = ctx.prepare_shared(rules); !s) return tl::unexpected(s.error());
  auto p = ctx.prepare(stack, rules);
  if (!p) return tl::unexpected(p.error());
  const int n = static_cast<int>(bars.size());
  if (p->warmup >= n - 1) {
    return make_error("not enough history: " + std::to_string(n) + " bars, warm-up " +
                          std::to_string(p->warmup),
                      {}, 0, 0, bars.symbol);
  }
  SimParams sp;
  sp.costs = cfg.costs;
  sp.capital = cfg.portfolio_initial_capital;
  sp.risk_pct = cfg.risk_per_trade_pct;
  const ExitEngine engine(p->exits, cfg.execution, cfg.hold_period);
  const SimInput in{&bars, p->entry, &engine, p->sizing_atr, p->atr_multiple};
  std::vector<Trade> trades;
  std::vector<double> equity(static_cast<std::size_t>(n - p->warmup));
  const SimSummary s = simulate(in, sp, p->warmup, n, WindowMode::kFullData, sp.capital, trades,
                                equity);
  MetricsContext mc;
  mc.bars = &bars;
  mc.benchmark = benchmark;
  mc.bench_idx = ctx.bench_idx();
  mc.execution = cfg.execution;
  mc.weights = cfg.edge_score_weights;
  StackResult r;
  r.name = stack.name();
  r.rule_names = stack.rule_names();
  r.metrics = compute_metrics(trades, equity, s.held_closes, mc);
  r.trades = std::move(trades);
  return r;
}

Result<std::vector<StockResult>> analyze_all(const std::vector<const Bars*>& stocks,
                                             const Bars* benchmark, const RuleSet& rules,
                                             const Config& config, int jobs,
                                             const ProgressFn& progress) {
  std::vector<Result<StockResult>> slots(stocks.size());
  // The benchmark's columns (e.g. NIFTY's 50-day SMA of a market filter) once for all stocks.
  SharedColumns shared(benchmark);
  std::atomic<int> done{0};
  std::mutex progress_mutex;
  const int total = static_cast<int>(stocks.size());
  auto body = [&](const tbb::blocked_range<std::size_t>& range) {
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      slots[i] = discover(*stocks[i], benchmark, rules, config, &shared);
      const int k = ++done;
      if (progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        progress(k, total);
      }
    }
  };
  if (jobs > 0) {
    tbb::task_arena arena(jobs);
    arena.execute(
        [&] { tbb::parallel_for(tbb::blocked_range<std::size_t>(0, stocks.size(), 1), body); });
  } else {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, stocks.size(), 1), body);
  }
  std::vector<StockResult> out;
  out.reserve(slots.size());
  for (auto& s : slots) {
    if (!s) return tl::unexpected(s.error());
    out.push_back(std::move(*s));
  }
  return out;
}

}  // namespace kiss
