// Discovery (docs/discovery.md) on deterministic random walks, with rules loaded by the real
// loader. Window layout, selection ties, eligibility, the seeker, greedy layers, in-sample mode,
// the min-trades warning text and determinism across thread counts.
#include "backtest/discovery.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <string>

#include "backtest/test_bars.h"
#include "config/rules_loader.h"
#include "config/test_files.h"

namespace kiss {
namespace {

// Baseline sma_crossover(5, 10) and two layers; the first two layers are the same rule under
// two names, so their EdgeScores always tie. Exits: 5% stop, 10% target, time exit.
constexpr const char* kRules = R"(baseline:
  name: cross
  type: sma_crossover
  params: {fast_period: 5, slow_period: 10}
layers:
  - name: above20
    type: price_above_sma
    params: {period: 20}
  - name: above20_twin
    type: price_above_sma
    params: {period: 20}
  - name: rsi_up
    type: rsi_above
    params: {period: 14, threshold: 50}
exit_conditions:
  - name: stop5
    type: stop_loss_pct
    params: {percentage: 0.05}
  - name: tp10
    type: take_profit_pct
    params: {percentage: 0.10}
)";

struct Fixture {
  testing::TempDir dir;
  Config config;
  RuleSet rules;
  Fixture() {
    config = default_config(dir.path());
    config.hold_period = 10;
    config.walk_forward.training_period = {100, Duration::Unit::kBars};
    config.walk_forward.testing_period = {50, Duration::Unit::kBars};
    config.walk_forward.step_size = {50, Duration::Unit::kBars};
    auto r = load_rules(dir.write("rules.yaml", kRules), config);
    if (!r) ADD_FAILURE() << r.error().to_string();
    else rules = *r;
  }
};

TEST(Discovery, MinTradesWarningExactText) {
  EXPECT_EQ(min_trades_warning({"baseline", "rsi_confirm"}, "RELIANCE", 4, 10),
            "WARNING: Strategy 'baseline,rsi_confirm' on 'RELIANCE' generated only 4 trades, "
            "which is below the threshold of 10.");
}

// 400 bars. The first bar where every input of every candidate is defined: SMA(20) of
// price_above_sma at bar 19 (sma_crossover(5, 10) at 10, RSI(14) and ATR(14) at 14), so s0 = 19.
// Training 100, test 50, step 50: windows train [19 + 50k, 119 + 50k) while the training end
// is before bar 400, each followed by its test window; the test windows tile up to bar 399.
TEST(Discovery, WalkForwardWindowLayoutAndStitching) {
  Fixture f;
  const Bars bars = testing::random_walk(400, 7, "RW7");
  auto r = discover_stock(bars, nullptr, f.rules, f.config);
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_TRUE(r->ok) << r->skip_reason;
  EXPECT_FALSE(r->in_sample);
  ASSERT_GE(r->windows.size(), 2u);
  const int s0 = r->windows[0].train_begin;
  EXPECT_EQ(s0, 19);
  EXPECT_EQ(r->windows.size(), 7u);  // training ends 119, 169, ..., 369 (< 400), plus latest
  const std::size_t nw = r->windows.size() - 1;  // the last one is the latest training window
  std::size_t test_bars = 0;
  for (std::size_t k = 0; k < nw; ++k) {
    const WindowResult& w = r->windows[k];
    EXPECT_EQ(w.train_begin, s0 + 50 * static_cast<int>(k));
    EXPECT_EQ(w.train_end, w.train_begin + 100);
    EXPECT_EQ(w.test_begin, w.train_end);
    EXPECT_EQ(w.test_end, std::min(w.test_begin + 50, 400));
    test_bars += static_cast<std::size_t>(w.test_end - w.test_begin);
  }
  EXPECT_EQ(r->windows[nw - 1].test_end, 400);  // the final test window ends at the last bar
  const WindowResult& latest = r->windows.back();
  EXPECT_EQ(latest.train_begin, 300);
  EXPECT_EQ(latest.train_end, 400);
  EXPECT_EQ(latest.test_begin, latest.test_end);
  EXPECT_EQ(r->equity.size(), test_bars);
  EXPECT_EQ(r->equity_dates.size(), test_bars);
  EXPECT_EQ(r->equity_dates.front(), bars.date[static_cast<std::size_t>(s0 + 100)]);
  EXPECT_EQ(r->equity_dates.back(), bars.date.back());
  // Every OOS trade lies inside one test window and is closed (window_end at the latest).
  for (const Trade& t : r->result.trades) {
    EXPECT_FALSE(t.open);
    EXPECT_GE(t.signal_index, s0 + 100);
    bool inside = false;
    for (std::size_t k = 0; k < nw; ++k) {
      const WindowResult& w = r->windows[k];
      if (t.signal_index >= w.test_begin && t.exit_index < w.test_end) inside = true;
    }
    EXPECT_TRUE(inside) << t.signal_index << ".." << t.exit_index;
  }
  // The signal stack is the latest window's winner.
  if (latest.winner >= 0) {
    EXPECT_TRUE(r->has_signal_stack);
    EXPECT_EQ(r->result.name, latest.winner_name);
    EXPECT_EQ(r->today.bar_index, 399);
    // Its trade count there (the report's "Training Trades"); eligible means at least one.
    EXPECT_EQ(r->signal_training_trades, latest.winner_train_metrics.total_trades);
    EXPECT_GE(r->signal_training_trades, 1);
  } else {
    EXPECT_FALSE(r->has_signal_stack);
  }
  EXPECT_EQ(r->trials, static_cast<int>(r->tested.size()));
}

// Twins tie: whenever the twin could win, the earlier layer wins instead.
TEST(Discovery, TiesGoToTheEarlierCandidate) {
  Fixture f;
  int first_twin_won = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    auto r = discover_stock(testing::random_walk(500, seed), nullptr, f.rules, f.config);
    ASSERT_TRUE(r && r->ok);
    for (const WindowResult& w : r->windows) {
      EXPECT_NE(w.winner_name, "cross+above20_twin");
      first_twin_won += w.winner_name == "cross+above20";
    }
  }
  EXPECT_GT(first_twin_won, 0);  // the tie did occur at the top
}

// Nothing is eligible: no winner anywhere, the OOS curve is flat at the capital, no signal.
TEST(Discovery, NoEligibleCandidateHoldsNoPosition) {
  Fixture f;
  f.config.walk_forward.min_trades_per_period = 1000;
  auto r = discover_stock(testing::random_walk(400, 3), nullptr, f.rules, f.config);
  ASSERT_TRUE(r && r->ok);
  for (const WindowResult& w : r->windows) EXPECT_EQ(w.winner, -1);
  EXPECT_FALSE(r->has_signal_stack);
  EXPECT_TRUE(r->result.trades.empty());
  for (double e : r->equity) EXPECT_EQ(e, f.config.portfolio_initial_capital);
  EXPECT_FALSE(r->today.entry);
}

// Seeker: a threshold every eligible stack meets stops the search at the first eligible
// candidate, so the deeper candidates are never tested when the baseline is eligible.
TEST(Discovery, SeekerStopsEarly) {
  Fixture f;
  f.config.seeker_min_edge_score = -1e9;
  f.config.seeker_min_trades = 0;
  auto r = discover_stock(testing::random_walk(400, 5), nullptr, f.rules, f.config);
  ASSERT_TRUE(r && r->ok);
  for (const WindowResult& w : r->windows) {
    if (w.winner >= 0) {
      EXPECT_EQ(w.winner_name, "cross");
    }
  }
}

// max_layers 2: the best first-level stack is extended greedily, so stacks of two layers are
// tested (named baseline+layer+layer in file order).
TEST(Discovery, GreedyDeeperLayers) {
  Fixture f;
  f.config.search.max_layers = 2;
  auto r = discover_stock(testing::random_walk(600, 11), nullptr, f.rules, f.config);
  ASSERT_TRUE(r && r->ok);
  bool deeper = false;
  for (const StackResult& s : r->tested) deeper |= s.rule_names.size() == 3;
  EXPECT_TRUE(deeper);
  EXPECT_GT(r->tested.size(), f.rules.candidates.size());
}

// Walk-forward off: in-sample, labelled; one (latest = whole history) window.
TEST(Discovery, InSampleWhenWalkForwardIsOff) {
  Fixture f;
  f.config.walk_forward.enabled = false;
  auto r = discover_stock(testing::random_walk(300, 9), nullptr, f.rules, f.config);
  ASSERT_TRUE(r && r->ok);
  EXPECT_TRUE(r->in_sample);
  ASSERT_EQ(r->windows.size(), 1u);
  EXPECT_EQ(r->windows[0].train_end, 300);
  EXPECT_EQ(r->equity.size(), static_cast<std::size_t>(300 - r->windows[0].train_begin));
}

// Too short for one training window plus a test bar: skipped with the reason, not an error.
TEST(Discovery, ShortHistoryIsSkipped) {
  Fixture f;
  auto r = discover_stock(testing::random_walk(110, 2), nullptr, f.rules, f.config);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->ok);
  EXPECT_NE(r->skip_reason.find("not enough history"), std::string::npos);
}

// Warnings: min_trades_threshold above any count gives one exact warning per tested stack.
TEST(Discovery, MinTradesWarnings) {
  Fixture f;
  f.config.min_trades_threshold = 100000;
  auto r = discover_stock(testing::random_walk(400, 4, "INFY"), nullptr, f.rules, f.config);
  ASSERT_TRUE(r && r->ok);
  ASSERT_GE(r->warnings.size(), r->tested.size());
  EXPECT_EQ(r->warnings[0], min_trades_warning(r->tested[0].rule_names, "INFY",
                                               r->tested[0].metrics.total_trades, 100000));
}

// (Built with append: GCC 12 warns falsely on "S" + std::to_string under -O2 -Werror.)
std::string symbol_of(int i) {
  std::string s = "S";
  s.append(std::to_string(i));
  return s;
}

bool same(const Trade& a, const Trade& b) {
  return a.signal_index == b.signal_index && a.entry_index == b.entry_index &&
         a.exit_index == b.exit_index && a.entry_price == b.entry_price &&
         a.exit_price == b.exit_price && a.exit_reason == b.exit_reason && a.shares == b.shares &&
         a.net_return == b.net_return && a.open == b.open;
}

// docs/discovery.md: the same results, bit for bit, for 1 and 2 threads (and slot order = input
// order).
TEST(Discovery, DeterministicForAnyThreadCount) {
  Fixture f;
  std::vector<Bars> stocks;
  for (int i = 0; i < 12; ++i) {
    stocks.push_back(
        testing::random_walk(350 + 10 * i, static_cast<std::uint64_t>(100 + i), symbol_of(i)));
  }
  std::vector<const Bars*> ptrs;
  for (const Bars& b : stocks) ptrs.push_back(&b);
  int calls = 0;
  auto one = analyze_all(ptrs, nullptr, f.rules, f.config, 1, [&](int, int) { ++calls; });
  auto two = analyze_all(ptrs, nullptr, f.rules, f.config, 2);
  ASSERT_TRUE(one && two);
  EXPECT_EQ(calls, 12);
  ASSERT_EQ(one->size(), 12u);
  ASSERT_EQ(two->size(), 12u);
  for (std::size_t i = 0; i < 12; ++i) {
    const StockResult& a = (*one)[i];
    const StockResult& b = (*two)[i];
    EXPECT_EQ(a.symbol, symbol_of(static_cast<int>(i)));
    EXPECT_EQ(a.symbol, b.symbol);
    EXPECT_EQ(a.result.name, b.result.name);
    EXPECT_EQ(a.equity, b.equity);
    EXPECT_EQ(a.result.metrics.sharpe, b.result.metrics.sharpe);
    EXPECT_EQ(a.result.metrics.deflated_sharpe, b.result.metrics.deflated_sharpe);
    ASSERT_EQ(a.result.trades.size(), b.result.trades.size());
    for (std::size_t k = 0; k < a.result.trades.size(); ++k) {
      EXPECT_TRUE(same(a.result.trades[k], b.result.trades[k]));
    }
    EXPECT_EQ(a.warnings, b.warnings);
  }
}

// The last bars of the signal stack (TodaySignal::recent_*): on a steadily rising series the
// stack's own entry (close above its 5-bar SMA) is true on every bar after its warm-up, while the
// precondition RSI(14) < 1 is false everywhere (RSI of a rising series is 100). So the full
// entry is false on the last five bars, the stack alone true, and the precondition is named
// as the filter that is off today.
TEST(Discovery, RecentBarsSayWhenOnlyTheFiltersBlock) {
  testing::TempDir dir;
  Config config = default_config(dir.path());
  config.walk_forward.enabled = false;
  config.walk_forward.min_trades_per_period = 0;
  config.hold_period = 5;
  auto rules = load_rules(dir.write("rules.yaml", R"(preconditions:
  - name: never
    type: rsi_below
    params: {period: 14, threshold: 1}
baseline:
  name: up
  type: price_above_sma
  params: {period: 5}
exit_conditions:
  - name: stop5
    type: stop_loss_pct
    params: {percentage: 0.05}
)"),
                          config);
  ASSERT_TRUE(rules) << rules.error().to_string();
  Bars bars;
  bars.symbol = "UP";
  for (int i = 0; i < 60; ++i) {
    const double c = 100.0 + i;
    bars.push_back(days_from_civil(2024, 1, 1) + i, c - 0.5, c + 0.5, c - 1.0, c, 1000.0);
  }
  auto r = discover_stock(bars, nullptr, *rules, config);
  ASSERT_TRUE(r && r->ok);
  ASSERT_TRUE(r->has_signal_stack);
  const TodaySignal& t = r->today;
  ASSERT_EQ(t.recent_dates.size(), 5U);
  EXPECT_EQ(t.recent_dates.front(), bars.date[55]);
  EXPECT_EQ(t.recent_dates.back(), bars.date[59]);
  EXPECT_EQ(t.recent_entry, std::vector<std::uint8_t>(5, 0));
  EXPECT_EQ(t.recent_stack_only, std::vector<std::uint8_t>(5, 1));
  EXPECT_EQ(t.filters_off, std::vector<std::string>{"never"});
  EXPECT_FALSE(t.entry);
}

// Without the blocking precondition the full entry is the stack's own entry, and no filter is
// off; a history shorter than five bars after the warm-up still gives five recent bars.
TEST(Discovery, RecentBarsWithoutFilters) {
  testing::TempDir dir;
  Config config = default_config(dir.path());
  config.walk_forward.enabled = false;
  config.walk_forward.min_trades_per_period = 0;
  config.hold_period = 5;
  auto rules = load_rules(dir.write("rules.yaml", R"(baseline:
  name: up
  type: price_above_sma
  params: {period: 5}
exit_conditions:
  - name: stop5
    type: stop_loss_pct
    params: {percentage: 0.05}
)"),
                          config);
  ASSERT_TRUE(rules) << rules.error().to_string();
  Bars bars;
  bars.symbol = "UP";
  for (int i = 0; i < 30; ++i) {
    // Rising, except bar 27 which drops below the 5-bar average.
    const double c = i == 27 ? 50.0 : 100.0 + i;
    bars.push_back(days_from_civil(2024, 1, 1) + i, c, c + 0.5, c - 1.0, c, 1000.0);
  }
  auto r = discover_stock(bars, nullptr, *rules, config);
  ASSERT_TRUE(r && r->ok);
  ASSERT_TRUE(r->has_signal_stack);
  const TodaySignal& t = r->today;
  // Bars 25..29: 125 > SMA5, 126 > SMA5, 50 < SMA5, 128 > (124+125+126+50+128)/5, 129 > SMA5.
  EXPECT_EQ(t.recent_stack_only, (std::vector<std::uint8_t>{1, 1, 0, 1, 1}));
  EXPECT_EQ(t.recent_entry, t.recent_stack_only);
  EXPECT_TRUE(t.filters_off.empty());
  EXPECT_TRUE(t.entry);
}

}  // namespace
}  // namespace kiss

namespace kiss {
namespace {

// LatestSignalScanner::at(n) against discover_stock on the first n bars, for every n: the
// signal stack and every field of today's signal, bit for bit; a day it cannot answer exactly
// (too little history for the latest window) is one discover_stock skips. Walk-forward with
// greedy layers, and in-sample.
// `stacks`: the signal stacks seen.
void expect_scanner_matches(const Config& config, const RuleSet& rules, const Bars& bars,
                            std::set<std::string>& stacks) {
  auto scanner = LatestSignalScanner::create(bars, nullptr, rules, config);
  ASSERT_TRUE(scanner) << scanner.error().to_string();
  int exact = 0, entries = 0;
  for (std::size_t n = 1; n <= bars.size(); ++n) {
    SCOPED_TRACE("first " + std::to_string(n) + " bars");
    Bars cut = bars;
    cut.truncate_after(bars.date[n - 1]);
    auto r = discover_stock(cut, nullptr, rules, config);
    ASSERT_TRUE(r) << r.error().to_string();
    auto latest = (*scanner)->at(static_cast<int>(n));
    ASSERT_TRUE(latest) << latest.error().to_string();
    if (!latest->exact) {
      EXPECT_FALSE(r->ok);
      continue;
    }
    ++exact;
    ASSERT_TRUE(r->ok) << r->skip_reason;
    ASSERT_EQ(latest->has_signal_stack, r->has_signal_stack);
    if (!r->has_signal_stack) continue;
    EXPECT_EQ(latest->signal_stack.name(), r->signal_stack.name());
    stacks.insert(r->signal_stack.name());
    const TodaySignal& a = latest->today;
    const TodaySignal& b = r->today;
    EXPECT_EQ(a.entry, b.entry);
    EXPECT_EQ(a.date, b.date);
    EXPECT_EQ(a.bar_index, b.bar_index);
    EXPECT_EQ(std::memcmp(&a.sizing_atr, &b.sizing_atr, sizeof(double)), 0);
    EXPECT_EQ(a.shares, b.shares);
    EXPECT_EQ(a.indicator_exits, b.indicator_exits);
    entries += b.entry ? 1 : 0;
  }
  EXPECT_GT(exact, 100);
  EXPECT_GT(entries, 3);
}

TEST(LatestSignalScanner, EqualsDiscoveryOnTheFirstNBarsWalkForwardGreedy) {
  Fixture f;
  f.config.search.max_layers = 2;
  std::set<std::string> stacks;
  expect_scanner_matches(f.config, f.rules, testing::random_walk(400, 10, "RW10"), stacks);
  // The greedy search reached a two-layer stack on some day.
  EXPECT_TRUE(std::any_of(stacks.begin(), stacks.end(), [](const std::string& s) {
    return std::count(s.begin(), s.end(), '+') == 2;
  })) << ::testing::PrintToString(stacks);
}

TEST(LatestSignalScanner, EqualsDiscoveryOnTheFirstNBarsInSample) {
  Fixture f;
  f.config.walk_forward.enabled = false;
  std::set<std::string> stacks;
  expect_scanner_matches(f.config, f.rules, testing::random_walk(300, 5, "RW5"), stacks);
  EXPECT_FALSE(stacks.empty());
}

}  // namespace
}  // namespace kiss
