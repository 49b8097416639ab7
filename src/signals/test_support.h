// Test helpers of the signals stage (used only by *_test.cc): one small rules file loaded by
// the real loader, a config with zero costs and a 5-bar hold, hand-written bars and a
// hand-made StockResult. Reuses the backtest's zero_costs() and the config stage's TempDir.
//
// The standard stock "ACME" (bars on consecutive calendar days from 2024-01-01, so bar i is
// day(i)); zero costs, so every fill is the raw price:
//
//   bars 0..19  o=h=l=c=100            (flat: ATR(14) is 0, defined from bar 14)
//   bar 20      100 101  98  99        the signal bar (TR 3: ATR(14) = 3/14 on it)
//   bar 21      100 102  99 101        entry: filled at the open, 100 -> stop 95, target 110
//   bar 22      101 103 100 102        (the exit tests replace bar 22)
//   bar 23      102 104 101 103
//   bar 24      103 105 102 104
//   bar 25      104 106 103 105        hold_period 5: the close that completes 5 bars (21..25)
//   bar 26      105 107 104 106
//
// The benchmark "^NSEI" closes at 1000 on bars 0..19, 995 on the signal bar 20, 1000 on the
// entry bar 21, then 1005, 1010, 1020, 1030, 1040: the NIFTY return of a position runs from the
// entry date's close (1000), not the signal date's (995).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "backtest/result.h"
#include "backtest/test_bars.h"
#include "config/config.h"
#include "config/rules_loader.h"
#include "config/test_files.h"
#include "signals/daily.h"
#include "util/bars.h"
#include "util/date.h"

namespace kiss::testing {

// The entry rule's mask is never read by these tests (plan_day takes today's signal from the
// StockResult, and the book needs only the stack's exits); it only has to exist in the file so
// that find_stack resolves the stored rule names. No context filter: no benchmark is required.
// No ATR level: the stop and target are exact percentages of the fill.
inline constexpr const char* kSignalRules = R"(baseline:
  name: cross
  type: sma_crossover
  params: {fast_period: 2, slow_period: 3}
layers:
  - name: above5
    type: price_above_sma
    params: {period: 5}
exit_conditions:
  - name: stop5
    type: stop_loss_pct
    params: {percentage: 0.05}
  - name: tp10
    type: take_profit_pct
    params: {percentage: 0.10}
)";

// The same file plus an indicator exit: `gap_exit` is true on a bar that opens above the
// previous bar's high (never on ACME's standard bars, whose opens stay at or below it).
inline constexpr const char* kSignalRulesWithIndicatorExit = R"(baseline:
  name: cross
  type: sma_crossover
  params: {fast_period: 2, slow_period: 3}
exit_conditions:
  - name: stop5
    type: stop_loss_pct
    params: {percentage: 0.05}
  - name: gap_exit
    type: gap_up
    params: {gap_pct: 0.0}
)";

inline Date day(int i) { return days_from_civil(2024, 1, 1) + i; }

struct SignalFixture {
  TempDir dir;
  Config config;
  RuleSet rules;
  explicit SignalFixture(const char* rules_text = kSignalRules) {
    config = default_config(dir.path());
    config.costs = zero_costs();
    config.hold_period = 5;
    config.edge_score_threshold = 0.50;
    config.min_trades_threshold = 10;
    config.execution = Execution::kNextOpen;
    auto r = load_rules(dir.write("rules.yaml", rules_text), config);
    if (!r) ADD_FAILURE() << r.error().to_string();
    else rules = *r;
  }
};

// Appends bars on consecutive days (the first at 2024-01-01).
struct BarsBuilder {
  Bars b;
  explicit BarsBuilder(const char* symbol) { b.symbol = symbol; }
  BarsBuilder& flat(int n, double px) {
    for (int i = 0; i < n; ++i) bar(px, px, px, px);
    return *this;
  }
  BarsBuilder& bar(double o, double h, double l, double c) {
    b.push_back(day(static_cast<int>(b.size())), o, h, l, c, 1000.0);
    return *this;
  }
};

// ACME as in the header comment, bars 0..last. `bar22` replaces bar 22 (the exit scenarios).
inline Bars acme(int last, Ohlc bar22 = {101, 103, 100, 102}, const char* symbol = "ACME") {
  BarsBuilder x(symbol);
  x.flat(20, 100).bar(100, 101, 98, 99).bar(100, 102, 99, 101);
  x.bar(bar22.o, bar22.h, bar22.l, bar22.c);
  x.bar(102, 104, 101, 103).bar(103, 105, 102, 104).bar(104, 106, 103, 105);
  x.bar(105, 107, 104, 106);
  x.b.truncate_after(day(last));
  return x.b;
}

inline Bars nifty(int last) {
  BarsBuilder x("^NSEI");
  x.flat(20, 1000);
  for (double c : {995.0, 1000.0, 1005.0, 1010.0, 1020.0, 1030.0, 1040.0}) x.bar(c, c, c, c);
  x.b.truncate_after(day(last));
  return x.b;
}

// A stock whose selected stack is `cross`, with the given out-of-sample edge score and trade
// count; `entry` says whether the stack fires on the last bar of `bars`.
inline StockResult stock_result(const RuleSet& rules, const Bars& bars, bool entry,
                                double edge = 0.62, int trades = 12) {
  StockResult r;
  r.symbol = bars.symbol;
  r.ok = true;
  r.has_signal_stack = true;
  r.signal_stack = rules.baseline;
  r.result.name = rules.baseline.name();
  r.result.rule_names = rules.baseline.rule_names();
  r.result.metrics.edge_score = edge;
  r.result.metrics.total_trades = trades;
  r.today.entry = entry;
  r.today.bar_index = static_cast<int>(bars.size()) - 1;
  r.today.date = bars.date.back();
  r.today.close = bars.close.back();
  r.today.shares = 10;
  return r;
}

// A stored position of `cross` signalled on `signal` (status PENDING, nothing filled yet).
inline BookPosition stored_position(const char* symbol, Date signal, std::int64_t id = 1) {
  BookPosition p;
  p.id = id;
  p.symbol = symbol;
  p.signal_date = signal;
  p.status = PositionStatus::kPending;
  p.rule_stack = {"cross"};
  return p;
}

// What the store would hold after a run writes `plan`: its updates replace positions by id,
// its inserts get the next ids.
inline std::vector<BookPosition> apply(std::vector<BookPosition> book,
                                       const signals::DayPlan& plan) {
  for (const BookPosition& u : plan.updates) {
    for (BookPosition& p : book) {
      if (p.id == u.id) p = u;
    }
  }
  std::int64_t next = 1;
  for (const BookPosition& p : book) next = std::max(next, p.id + 1);
  for (BookPosition p : plan.inserts) {
    p.id = next++;
    book.push_back(p);
  }
  return book;
}

// NaN equals NaN (a missing NIFTY return is the same row).
inline bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

inline void expect_same_rows(const signals::DayPlan& a, const signals::DayPlan& b) {
  ASSERT_EQ(a.new_buys.size(), b.new_buys.size());
  for (std::size_t i = 0; i < a.new_buys.size(); ++i) {
    const auto &x = a.new_buys[i], &y = b.new_buys[i];
    EXPECT_EQ(x.symbol, y.symbol);
    EXPECT_EQ(x.buy_date, y.buy_date);
    EXPECT_EQ(x.entry_price, y.entry_price);
    EXPECT_EQ(x.rule_stack, y.rule_stack);
    EXPECT_EQ(x.edge_score, y.edge_score);
  }
  ASSERT_EQ(a.open_positions.size(), b.open_positions.size());
  for (std::size_t i = 0; i < a.open_positions.size(); ++i) {
    const auto &x = a.open_positions[i], &y = b.open_positions[i];
    EXPECT_EQ(x.symbol, y.symbol);
    EXPECT_EQ(x.status, y.status);
    EXPECT_EQ(x.entry_date, y.entry_date);
    EXPECT_EQ(x.entry_price, y.entry_price);
    EXPECT_EQ(x.current_price, y.current_price);
    EXPECT_EQ(x.return_pct, y.return_pct);
    EXPECT_TRUE(same(x.nifty_return_pct, y.nifty_return_pct));
    EXPECT_EQ(x.day_in_trade, y.day_in_trade);
    EXPECT_EQ(x.hold_period, y.hold_period);
    EXPECT_EQ(x.rule_stack, y.rule_stack);
  }
  ASSERT_EQ(a.to_sell.size(), b.to_sell.size());
  for (std::size_t i = 0; i < a.to_sell.size(); ++i) {
    const auto &x = a.to_sell[i], &y = b.to_sell[i];
    EXPECT_EQ(x.symbol, y.symbol);
    EXPECT_EQ(x.entry_date, y.entry_date);
    EXPECT_EQ(x.entry_price, y.entry_price);
    EXPECT_EQ(x.exit_date, y.exit_date);
    EXPECT_EQ(x.exit_price, y.exit_price);
    EXPECT_EQ(x.return_pct, y.return_pct);
    EXPECT_TRUE(same(x.nifty_return_pct, y.nifty_return_pct));
    EXPECT_EQ(x.days_held, y.days_held);
    EXPECT_EQ(x.reason, y.reason);
  }
  EXPECT_EQ(a.warnings, b.warnings);
}

}  // namespace kiss::testing
