// The position book (docs/positions.md) on hand-written bars: find_stack, benchmark_return_pct and
// update_position (pending, fill, sizing, slippage, stored state, errors), and that a replayed
// position exits exactly where the backtest simulator's trade does (one exit implementation).
// Bars, rules and config: signals/test_support.h.
#include "signals/position_book.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "backtest/simulator.h"
#include "backtest/stock_context.h"
#include "signals/test_support.h"

namespace kiss::signals {
namespace {

using testing::acme;
using testing::day;
using testing::nifty;
using testing::SignalFixture;
using testing::stored_position;

constexpr double kEps = 1e-9;

Result<PositionView> replay(const SignalFixture& f, const Bars& bars, const Bars* bench,
                            const BookPosition& p) {
  auto terms = position_terms(p, f.rules, f.config);
  if (!terms) return tl::unexpected(terms.error());
  return update_position(p, bars, bench, *terms, f.config);
}

PositionView replay_ok(const SignalFixture& f, const Bars& bars, const Bars* bench,
                       const BookPosition& p) {
  auto v = replay(f, bars, bench, p);
  EXPECT_TRUE(v) << (v ? "" : v.error().to_string());
  return v ? *v : PositionView{};
}

// ---- find_stack -------------------------------------------------------------------------------

TEST(FindStack, RebuildsTheStackFromItsRuleNames) {
  SignalFixture f;
  auto s = find_stack(f.rules, {"cross", "above5"});  // the baseline and a layer's entry
  ASSERT_TRUE(s) << s.error().to_string();
  ASSERT_EQ(s->entries.size(), 2u);
  EXPECT_EQ(s->entries[0].type, "sma_crossover");
  EXPECT_EQ(s->entries[1].type, "price_above_sma");
  EXPECT_TRUE(s->extra_exits.empty());
  EXPECT_EQ(s->name(), "cross+above5");
}

TEST(FindStack, ARuleNoLongerInTheFileIsAnError) {
  SignalFixture f;
  auto s = find_stack(f.rules, {"cross", "gone"});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().to_string().find("rule 'gone' of an open position is no longer in"),
            std::string::npos)
      << s.error().to_string();
}

// ---- benchmark_return_pct
// ------------------------------------------------------------------------

TEST(BenchmarkReturn, CloseToCloseBetweenTwoDates) {
  const Bars bench = nifty(26);
  EXPECT_NEAR(benchmark_return_pct(&bench, day(21), day(23)), 1.0, kEps);  // 1000 -> 1010
  EXPECT_NEAR(benchmark_return_pct(&bench, day(20), day(21)), (1000.0 / 995 - 1) * 100, kEps);
  EXPECT_NEAR(benchmark_return_pct(&bench, day(23), day(26)), (1040.0 / 1010 - 1) * 100, kEps);
  EXPECT_EQ(benchmark_return_pct(&bench, day(5), day(5)), 0.0);
}

TEST(BenchmarkReturn, NaNWhenEitherDateIsMissing) {
  const Bars bench = nifty(22);
  EXPECT_TRUE(std::isnan(benchmark_return_pct(nullptr, day(21), day(22))));
  EXPECT_TRUE(std::isnan(benchmark_return_pct(&bench, day(21), day(23))));  // after its end
  EXPECT_TRUE(std::isnan(benchmark_return_pct(&bench, day(-1), day(22))));  // before its start
}

// ---- update_position ----------------------------------------------------------------------------

// Only the signal bar 20 exists: still PENDING, nothing filled, the last close 99 shown.
TEST(UpdatePosition, PendingWhileThereIsNoBarAfterTheSignal) {
  SignalFixture f;
  const Bars bars = acme(20);
  const Bars bench = nifty(20);
  const PositionView v = replay_ok(f, bars, &bench, stored_position("ACME", day(20)));
  EXPECT_EQ(v.position.status, PositionStatus::kPending);
  EXPECT_FALSE(v.position.entry_date);
  EXPECT_FALSE(v.position.entry_price);
  EXPECT_FALSE(v.position.shares);
  EXPECT_EQ(v.current_price, 99.0);
  EXPECT_FALSE(v.to_sell);
  EXPECT_EQ(v.day_in_trade, 0);
  EXPECT_TRUE(std::isnan(v.nifty_return_pct));
}

// Bar 21 exists: filled at its open 100 (not the signal close 99). Levels from the fill: stop
// 100 × 0.95 = 95, target 100 × 1.10 = 110. Size: ATR(14) on the signal bar = 3/14 (TRs 0 on
// bars 1..19, 3 on bar 20; Wilder), m = 2 (no ATR stop): floor(100000 × 0.01 / (6/14)) = 2333,
// capped at floor(100000 / 100) = 1000 -> 1000 shares. Day 1, return 101 / 100 − 1 = +1%.
TEST(UpdatePosition, FillsAtTheNextBarsOpen) {
  SignalFixture f;
  const Bars bars = acme(21);
  const Bars bench = nifty(21);
  const PositionView v = replay_ok(f, bars, &bench, stored_position("ACME", day(20)));
  const BookPosition& p = v.position;
  EXPECT_EQ(p.status, PositionStatus::kOpen);
  EXPECT_EQ(p.entry_date, day(21));
  EXPECT_EQ(p.entry_price, 100.0);
  EXPECT_EQ(p.shares, 1000);
  EXPECT_EQ(p.stop_level, 95.0);
  EXPECT_NEAR(p.target_level.value_or(0), 110.0, kEps);
  EXPECT_EQ(v.current_price, 101.0);
  EXPECT_NEAR(v.return_pct, 1.0, kEps);
  EXPECT_EQ(v.day_in_trade, 1);
  EXPECT_NEAR(v.nifty_return_pct, 0.0, kEps);
  EXPECT_FALSE(v.to_sell);
}

// Risk 0.1% of 100000: floor(100 / (2 × 3/14)) = floor(233.3) = 233 shares, under the cap
// 1000. Capital 1000 at 1%: floor(10 / (6/14)) = 23, but the cap floor(1000 / 100) = 10 binds.
TEST(UpdatePosition, EqualRiskSizingOnTheSignalBarsAtr) {
  SignalFixture f;
  f.config.risk_per_trade_pct = 0.001;
  const Bars bars = acme(21);
  EXPECT_EQ(replay_ok(f, bars, nullptr, stored_position("ACME", day(20))).position.shares, 233);
  f.config.risk_per_trade_pct = 0.01;
  f.config.portfolio_initial_capital = 1000;
  EXPECT_EQ(replay_ok(f, bars, nullptr, stored_position("ACME", day(20))).position.shares, 10);
}

// The stored size wins over today's sizing parameters.
TEST(UpdatePosition, StoredSharesWin) {
  SignalFixture f;
  const Bars bars = acme(23);
  BookPosition p = stored_position("ACME", day(20));
  p.shares = 7;
  EXPECT_EQ(replay_ok(f, bars, nullptr, p).position.shares, 7);
}

// 5 bps slippage both ways: fill 100 × 1.0005 = 100.05, stop 100.05 × 0.95 = 95.0475, target
// 100.05 × 1.1 = 110.055; on bar 23 the return is 103 × 0.9995 / 100.05 − 1 (other charges 0).
TEST(UpdatePosition, SlippageMovesTheFillAndTheLevels) {
  SignalFixture f;
  f.config.costs.slippage_bps = 5;
  const Bars bars = acme(23);
  const PositionView v = replay_ok(f, bars, nullptr, stored_position("ACME", day(20)));
  EXPECT_NEAR(v.position.entry_price.value_or(0), 100.05, kEps);
  EXPECT_NEAR(v.position.stop_level.value_or(0), 95.0475, kEps);
  EXPECT_NEAR(v.position.target_level.value_or(0), 110.055, kEps);
  EXPECT_NEAR(v.return_pct, (103 * 0.9995 / 100.05 - 1) * 100, kEps);
}

// A CLOSED position is shown as stored, not replayed.
TEST(UpdatePosition, ClosedPositionIsShownAsStored) {
  SignalFixture f;
  const Bars bars = acme(26);
  BookPosition p = stored_position("ACME", day(20));
  p.status = PositionStatus::kClosed;
  p.exit_price = 123.0;
  p.final_return_pct = 23.0;
  p.days_held = 4;
  const PositionView v = replay_ok(f, bars, nullptr, p);
  EXPECT_EQ(v.position.status, PositionStatus::kClosed);
  EXPECT_EQ(v.current_price, 123.0);
  EXPECT_EQ(v.return_pct, 23.0);
  EXPECT_EQ(v.day_in_trade, 4);
  EXPECT_TRUE(std::isnan(v.nifty_return_pct));  // no final NIFTY return stored
}

TEST(UpdatePosition, SignalDateNotABarIsAnError) {
  SignalFixture f;
  const Bars bars = acme(23);
  auto v = replay(f, bars, nullptr, stored_position("ACME", day(40)));
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().to_string().find("2024-02-10 is not a bar of the stored prices"),
            std::string::npos)
      << v.error().to_string();
}

// Signalled on bar 5: ATR(14) is undefined there, so no size can be computed.
TEST(UpdatePosition, UndefinedSizingAtrIsAnError) {
  SignalFixture f;
  const Bars bars = acme(23);
  auto v = replay(f, bars, nullptr, stored_position("ACME", day(5)));
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().to_string().find("sizes to 0 shares"), std::string::npos)
      << v.error().to_string();
}

TEST(UpdatePosition, UnknownRuleIsAnError) {
  SignalFixture f;
  const Bars bars = acme(23);
  BookPosition p = stored_position("ACME", day(20));
  p.rule_stack = {"renamed"};
  auto v = replay(f, bars, nullptr, p);
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().to_string().find("rule 'renamed'"), std::string::npos);
}

// A next_open entry bar can hit its own stop: bar 21 = 100 100 94 96 exits at 95 on day 1.
TEST(UpdatePosition, StopOnTheEntryBarIsDayOne) {
  SignalFixture f;
  testing::BarsBuilder x("ACME");
  x.flat(20, 100).bar(100, 101, 98, 99).bar(100, 100, 94, 96).bar(96, 97, 95, 96);
  const PositionView v = replay_ok(f, x.b, nullptr, stored_position("ACME", day(20)));
  EXPECT_EQ(v.position.status, PositionStatus::kClosed);
  EXPECT_EQ(v.position.exit_date, day(21));
  EXPECT_EQ(v.position.exit_price, 95.0);
  EXPECT_EQ(v.position.exit_reason, "stop_loss");
  EXPECT_EQ(v.position.days_held, 1);
  EXPECT_TRUE(v.to_sell);
  EXPECT_EQ(v.day_in_trade, 1);
}

// ---- one exit implementation: the book exits where the backtest's trade does ----------------

struct Case {
  const char* name;
  testing::Ohlc bar22;
  int exit_bar;
  double exit_price;
  const char* reason;
  int days;
};

// The simulator, given an entry signal on bar 20 only, over the same bars and exits, makes one
// trade; the replayed position closes on the same bar, at the same price, for the same reason,
// after the same number of bars, with the same return. Hand values as in daily_test.
TEST(UpdatePosition, ExitsWhereTheBacktestTradeExits) {
  SignalFixture f;
  for (const Case& c : {Case{"time", {101, 103, 100, 102}, 25, 105.0, "time_exit", 5},
                        Case{"stop", {100, 100, 94, 96}, 22, 95.0, "stop_loss", 2},
                        Case{"gap", {93, 94, 92, 93}, 22, 93.0, "stop_loss_gap", 2}}) {
    SCOPED_TRACE(c.name);
    const Bars bars = acme(26, c.bar22);
    const PositionView v = replay_ok(f, bars, nullptr, stored_position("ACME", day(20)));
    EXPECT_EQ(v.position.status, PositionStatus::kClosed);
    EXPECT_EQ(v.position.exit_date, day(c.exit_bar));
    EXPECT_EQ(v.position.exit_price, c.exit_price);
    EXPECT_EQ(v.position.exit_reason, c.reason);
    EXPECT_EQ(v.position.days_held, c.days);
    EXPECT_TRUE(v.to_sell);

    StockContext ctx(bars, nullptr);
    ASSERT_TRUE(ctx.prepare_shared(f.rules));
    auto prepared = ctx.prepare(f.rules.baseline, f.rules);
    ASSERT_TRUE(prepared);
    Mask entry(bars.size(), 0);
    entry[20] = 1;
    const ExitEngine engine(prepared->exits, f.config.execution, f.config.hold_period);
    const SimInput in{&bars, entry, &engine, prepared->sizing_atr, prepared->atr_multiple};
    SimParams params;
    params.costs = f.config.costs;
    std::vector<Trade> trades;
    simulate(in, params, 0, static_cast<int>(bars.size()), WindowMode::kFullData, params.capital,
             trades, {});
    ASSERT_EQ(trades.size(), 1u);
    const Trade& t = trades[0];
    EXPECT_EQ(t.entry_date, v.position.entry_date);
    EXPECT_EQ(t.entry_price, v.position.entry_price);
    EXPECT_EQ(t.shares, v.position.shares);
    EXPECT_EQ(t.exit_date, v.position.exit_date);
    EXPECT_EQ(t.exit_price, v.position.exit_price);
    EXPECT_EQ(t.exit_reason, v.position.exit_reason);
    EXPECT_EQ(t.bars_held, v.position.days_held);
    EXPECT_NEAR(t.net_return * 100, v.position.final_return_pct.value_or(0), kEps);
  }
}

}  // namespace
}  // namespace kiss::signals
