// The day's plan (docs/positions.md) on hand-written bars: which stocks qualify, today's NEW BUYS,
// the rows of a replayed position (open, pending, sold), what is written back, idempotency,
// backdated runs and a missing benchmark. Bars, rules and config: signals/test_support.h
// (ACME: signal on bar 20 closing at 99, filled at bar 21's open 100, stop 95, target 110,
// hold 5 bars; NIFTY 995 on bar 20, 1000 on bar 21, then 1005, 1010, 1020, 1030, 1040; zero
// costs).
#include "signals/daily.h"

#include <cmath>
#include <initializer_list>

#include <gtest/gtest.h>

#include "signals/test_support.h"

namespace kiss::signals {
namespace {

using testing::acme;
using testing::day;
using testing::nifty;
using testing::SignalFixture;
using testing::stock_result;
using testing::stored_position;

constexpr double kEps = 1e-9;

DayInput make_input(const SignalFixture& f, Date data_date, const std::vector<StockResult>& results,
                    std::initializer_list<const Bars*> bars, const Bars* benchmark,
                    std::vector<BookPosition> positions = {}) {
  DayInput in;
  in.data_date = data_date;
  in.results = &results;
  for (const Bars* b : bars) in.bars[b->symbol] = b;
  in.benchmark = benchmark;
  in.rules = &f.rules;
  in.config = &f.config;
  in.min_trades = f.config.min_trades_threshold;
  in.positions = std::move(positions);
  return in;
}

DayPlan plan_ok(const DayInput& in) {
  auto p = plan_day(in);
  EXPECT_TRUE(p) << (p ? "" : p.error().to_string());
  return p ? *p : DayPlan{};
}

// ---- qualifies(): threshold 0.50, min_trades 10 -------------------------------------------

TEST(Qualifies, NeedsAValidResultWithASignalStack) {
  SignalFixture f;
  const Bars bars = acme(23);
  StockResult r = stock_result(f.rules, bars, true, 0.9, 50);
  EXPECT_TRUE(qualifies(r, f.config, 10));
  r.has_signal_stack = false;  // no candidate was eligible in the latest training window
  EXPECT_FALSE(qualifies(r, f.config, 10));
  r.has_signal_stack = true;
  r.ok = false;  // skipped stock
  EXPECT_FALSE(qualifies(r, f.config, 10));
}

TEST(Qualifies, EdgeScoreMustReachTheThreshold) {
  SignalFixture f;
  const Bars bars = acme(23);
  EXPECT_FALSE(qualifies(stock_result(f.rules, bars, true, 0.49, 12), f.config, 10));
  EXPECT_TRUE(qualifies(stock_result(f.rules, bars, true, 0.50, 12), f.config, 10));  // at: >=
  EXPECT_TRUE(qualifies(stock_result(f.rules, bars, true, 0.51, 12), f.config, 10));
}

TEST(Qualifies, TradesMustReachMinTrades) {
  SignalFixture f;
  const Bars bars = acme(23);
  EXPECT_FALSE(qualifies(stock_result(f.rules, bars, true, 0.62, 9), f.config, 10));
  EXPECT_TRUE(qualifies(stock_result(f.rules, bars, true, 0.62, 10), f.config, 10));  // at: >=
  // The argument (--min-trades) decides, not config.min_trades_threshold (10).
  EXPECT_TRUE(qualifies(stock_result(f.rules, bars, true, 0.62, 3), f.config, 3));
  EXPECT_FALSE(qualifies(stock_result(f.rules, bars, true, 0.62, 10), f.config, 11));
}

// ---- NEW BUYS ------------------------------------------------------------------------------

// ACME fires on bar 23 (open 102, close 103), the data date: one NEW BUY at the close 103 dated
// 2024-01-24, and one PENDING position to insert, signalled that day, not filled yet.
TEST(PlanDay, QualifyingStockFiringOnTheDataDateIsOneNewBuy) {
  SignalFixture f;
  const Bars bars = acme(23);
  const Bars bench = nifty(23);
  std::vector<StockResult> results{stock_result(f.rules, bars, true)};
  results[0].signal_training_trades = 4;
  const DayPlan plan = plan_ok(make_input(f, day(23), results, {&bars}, &bench));
  ASSERT_EQ(plan.new_buys.size(), 1u);
  const NewBuy& b = plan.new_buys[0];
  EXPECT_EQ(b.symbol, "ACME");
  EXPECT_EQ(b.buy_date, day(23));
  EXPECT_EQ(format_date(b.buy_date), "2024-01-24");
  EXPECT_EQ(b.entry_price, 103.0);
  EXPECT_EQ(b.rule_stack, "cross");
  EXPECT_EQ(b.edge_score, 0.62);
  EXPECT_EQ(b.oos_trades, 12);      // the stored result's closed out-of-sample trades
  EXPECT_EQ(b.training_trades, 4);  // the signal stack's trades in the latest training window
  ASSERT_EQ(plan.inserts.size(), 1u);
  const BookPosition& p = plan.inserts[0];
  EXPECT_EQ(p.id, 0);
  EXPECT_EQ(p.symbol, "ACME");
  EXPECT_EQ(p.status, PositionStatus::kPending);
  EXPECT_EQ(p.signal_date, day(23));
  EXPECT_EQ(p.rule_stack, std::vector<std::string>{"cross"});
  EXPECT_FALSE(p.entry_date);
  EXPECT_FALSE(p.entry_price);
  EXPECT_TRUE(plan.updates.empty());
  EXPECT_TRUE(plan.open_positions.empty());
  EXPECT_TRUE(plan.to_sell.empty());
  EXPECT_TRUE(plan.warnings.empty());
  ASSERT_EQ(plan.charted.size(), 1u);
  EXPECT_EQ(plan.charted[0].signal_date, day(23));
}

TEST(PlanDay, StockNotFiringGivesNothing) {
  SignalFixture f;
  const Bars bars = acme(23);
  const std::vector<StockResult> results{stock_result(f.rules, bars, false)};
  const DayPlan plan = plan_ok(make_input(f, day(23), results, {&bars}, nullptr));
  EXPECT_TRUE(plan.new_buys.empty());
  EXPECT_TRUE(plan.inserts.empty());
  EXPECT_TRUE(plan.charted.empty());
}

TEST(PlanDay, NonQualifyingStockFiringGivesNothing) {
  SignalFixture f;
  const Bars bars = acme(23);
  for (const StockResult& r : {stock_result(f.rules, bars, true, 0.49, 12),    // edge score
                               stock_result(f.rules, bars, true, 0.62, 9)}) {  // trades
    const std::vector<StockResult> results{r};
    const DayPlan plan = plan_ok(make_input(f, day(23), results, {&bars}, nullptr));
    EXPECT_TRUE(plan.new_buys.empty());
    EXPECT_TRUE(plan.inserts.empty());
  }
}

// The stock's last bar is day 22 (no bar on the data date 23): its signal is not today's.
TEST(PlanDay, SignalOnAnEarlierBarIsNoNewBuy) {
  SignalFixture f;
  const Bars bars = acme(22);
  const std::vector<StockResult> results{stock_result(f.rules, bars, true)};
  const DayPlan plan = plan_ok(make_input(f, day(23), results, {&bars}, nullptr));
  EXPECT_TRUE(plan.new_buys.empty());
  EXPECT_TRUE(plan.inserts.empty());
}

// Capital 50 cannot buy one share at the close 103 (slipped 103.0515): not taken, no cash.
TEST(PlanDay, ZeroSharesIsNotTakenForWantOfCash) {
  SignalFixture f;
  f.config.portfolio_initial_capital = 50;
  const Bars bars = acme(23);
  std::vector<StockResult> results{stock_result(f.rules, bars, true)};
  const DayPlan plan = plan_ok(make_input(f, day(23), results, {&bars}, nullptr));
  EXPECT_TRUE(plan.new_buys.empty());
  EXPECT_TRUE(plan.inserts.empty());
  ASSERT_EQ(plan.not_taken.size(), 1u);
  EXPECT_EQ(plan.not_taken[0].symbol, "ACME");
  EXPECT_EQ(plan.not_taken[0].reason, "no cash (\u20b950.00 free)");
}

TEST(PlanDay, StockInATradeFiringIsNoNewBuy) {
  SignalFixture f;
  const Bars bars = acme(23);
  const std::vector<StockResult> results{stock_result(f.rules, bars, true)};
  const DayPlan plan = plan_ok(
      make_input(f, day(23), results, {&bars}, nullptr, {stored_position("ACME", day(20))}));
  EXPECT_TRUE(plan.new_buys.empty());
  EXPECT_TRUE(plan.inserts.empty());
  EXPECT_EQ(plan.open_positions.size(), 1u);
}

// Rows are sorted by symbol whatever the universe order.
TEST(PlanDay, NewBuysAreListedBySymbol) {
  SignalFixture f;
  const Bars zeta = acme(23, {101, 103, 100, 102}, "ZETA");
  const Bars acme23 = acme(23);
  const std::vector<StockResult> results{stock_result(f.rules, zeta, true),
                                         stock_result(f.rules, acme23, true)};
  const DayPlan plan = plan_ok(make_input(f, day(23), results, {&zeta, &acme23}, nullptr));
  ASSERT_EQ(plan.new_buys.size(), 2u);
  EXPECT_EQ(plan.new_buys[0].symbol, "ACME");
  EXPECT_EQ(plan.new_buys[1].symbol, "ZETA");
  EXPECT_EQ(plan.inserts.size(), 2u);
}

// execution: close fills on the signal bar itself: the insert is OPEN at bar 23's close 103,
// stop 103 × 0.95 = 97.85, target 103 × 1.10 = 113.3.
TEST(PlanDay, CloseExecutionInsertsAnOpenPositionAtTheSignalClose) {
  SignalFixture f;
  f.config.execution = Execution::kClose;
  const Bars bars = acme(23);
  const std::vector<StockResult> results{stock_result(f.rules, bars, true)};
  const DayPlan plan = plan_ok(make_input(f, day(23), results, {&bars}, nullptr));
  ASSERT_EQ(plan.inserts.size(), 1u);
  const BookPosition& p = plan.inserts[0];
  EXPECT_EQ(p.status, PositionStatus::kOpen);
  EXPECT_EQ(p.entry_date, day(23));
  EXPECT_EQ(p.entry_price, 103.0);
  ASSERT_TRUE(p.stop_level && p.target_level);
  EXPECT_NEAR(*p.stop_level, 97.85, kEps);
  EXPECT_NEAR(*p.target_level, 113.3, kEps);
  // Re-run with the stored OPEN row: the same rows, nothing to insert or update.
  const DayPlan again = plan_ok(
      make_input(f, day(23), results, {&bars}, nullptr, testing::apply({}, plan)));
  testing::expect_same_rows(plan, again);
  EXPECT_TRUE(again.inserts.empty());
  EXPECT_TRUE(again.updates.empty());
}

// ---- an open position replayed --------------------------------------------------------------

// Data date bar 23: filled at bar 21's open 100; bars 21, 22, 23 held, so day 3 / 5; return
// 103 / 100 − 1 = +3%; NIFTY from the entry date's close 1000 to 1010 = +1%. The stored PENDING
// row becomes OPEN (one update: entry, shares, levels).
TEST(PlanDay, OpenPositionRowAndUpdate) {
  SignalFixture f;
  const Bars bars = acme(23);
  const Bars bench = nifty(23);
  const std::vector<StockResult> results{stock_result(f.rules, bars, false)};
  const DayPlan plan = plan_ok(
      make_input(f, day(23), results, {&bars}, &bench, {stored_position("ACME", day(20))}));
  ASSERT_EQ(plan.open_positions.size(), 1u);
  const OpenPosition& o = plan.open_positions[0];
  EXPECT_EQ(o.symbol, "ACME");
  EXPECT_EQ(o.status, "OPEN");
  EXPECT_EQ(o.entry_date, day(21));
  EXPECT_EQ(o.entry_price, 100.0);
  EXPECT_EQ(o.current_price, 103.0);
  EXPECT_NEAR(o.return_pct, 3.0, kEps);
  EXPECT_NEAR(o.nifty_return_pct, 1.0, kEps);
  EXPECT_EQ(o.day_in_trade, 3);
  EXPECT_EQ(o.hold_period, 5);
  EXPECT_EQ(o.rule_stack, "cross");
  EXPECT_TRUE(plan.to_sell.empty());
  EXPECT_TRUE(plan.new_buys.empty());
  EXPECT_TRUE(plan.inserts.empty());
  ASSERT_EQ(plan.updates.size(), 1u);
  const BookPosition& u = plan.updates[0];
  EXPECT_EQ(u.id, 1);
  EXPECT_EQ(u.status, PositionStatus::kOpen);
  EXPECT_EQ(u.entry_date, day(21));
  EXPECT_EQ(u.entry_price, 100.0);
  EXPECT_EQ(u.shares, 1000);  // the cap floor(100000 / 100) binds (see position_book_test)
  EXPECT_EQ(u.stop_level, 95.0);
  EXPECT_NEAR(u.target_level.value_or(0), 110.0, kEps);
  EXPECT_FALSE(u.exit_date);
}

// Data date = the entry bar 21: day 1 / 5; return 101 / 100 − 1 = +1%; NIFTY 1000 -> 1000 = 0%.
TEST(PlanDay, DayInTradeIsOneOnTheEntryBar) {
  SignalFixture f;
  const Bars bars = acme(21);
  const Bars bench = nifty(21);
  const std::vector<StockResult> results{stock_result(f.rules, bars, false)};
  const DayPlan plan = plan_ok(
      make_input(f, day(21), results, {&bars}, &bench, {stored_position("ACME", day(20))}));
  ASSERT_EQ(plan.open_positions.size(), 1u);
  EXPECT_EQ(plan.open_positions[0].day_in_trade, 1);
  EXPECT_NEAR(plan.open_positions[0].return_pct, 1.0, kEps);
  EXPECT_NEAR(plan.open_positions[0].nifty_return_pct, 0.0, kEps);
}

// Bar 24: day 4 / 5, still open (the time exit is the close of bar 25).
TEST(PlanDay, OpenUntilTheHoldPeriodIsComplete) {
  SignalFixture f;
  const Bars bars = acme(24);
  const Bars bench = nifty(24);
  const std::vector<StockResult> results{stock_result(f.rules, bars, false)};
  const DayPlan plan = plan_ok(
      make_input(f, day(24), results, {&bars}, &bench, {stored_position("ACME", day(20))}));
  ASSERT_EQ(plan.open_positions.size(), 1u);
  EXPECT_EQ(plan.open_positions[0].day_in_trade, 4);
  EXPECT_NEAR(plan.open_positions[0].return_pct, 4.0, kEps);
  EXPECT_NEAR(plan.open_positions[0].nifty_return_pct, 2.0, kEps);  // 1020 / 1000
  EXPECT_TRUE(plan.to_sell.empty());
}

// ACME has no bar after its signal bar 20 yet (the data date 21 comes from the other series):
// PENDING, shown with the signal date and close 99, return 0, nothing to write. Once bar 21 is
// stored, the next run fills it at bar 21's open 100 (not the signal close 99).
TEST(PlanDay, PendingUntilTheNextBarThenFilledAtItsOpen) {
  SignalFixture f;
  const Bars bench = nifty(21);
  {
    const Bars bars = acme(20);
    const std::vector<StockResult> results{stock_result(f.rules, bars, false)};
    const DayPlan plan = plan_ok(
        make_input(f, day(21), results, {&bars}, &bench, {stored_position("ACME", day(20))}));
    ASSERT_EQ(plan.open_positions.size(), 1u);
    const OpenPosition& o = plan.open_positions[0];
    EXPECT_EQ(o.status, "PENDING");
    EXPECT_EQ(o.entry_date, day(20));
    EXPECT_EQ(o.entry_price, 99.0);
    EXPECT_EQ(o.current_price, 99.0);
    EXPECT_EQ(o.return_pct, 0.0);
    EXPECT_EQ(o.day_in_trade, 0);  // not in the trade yet
    EXPECT_TRUE(std::isnan(o.nifty_return_pct));
    // A row stored without frozen terms gets them from this run: the only change.
    ASSERT_EQ(plan.updates.size(), 1u);
    BookPosition frozen = stored_position("ACME", day(20));
    frozen.terms = plan.updates[0].terms;
    EXPECT_EQ(plan.updates[0], frozen);
    EXPECT_NE(frozen.terms.find("\"hold_period\":5"), std::string::npos) << frozen.terms;
  }
  const Bars bars = acme(21);
  const std::vector<StockResult> results{stock_result(f.rules, bars, false)};
  const DayPlan plan = plan_ok(
      make_input(f, day(21), results, {&bars}, &bench, {stored_position("ACME", day(20))}));
  ASSERT_EQ(plan.open_positions.size(), 1u);
  EXPECT_EQ(plan.open_positions[0].status, "OPEN");
  EXPECT_EQ(plan.open_positions[0].entry_date, day(21));
  EXPECT_EQ(plan.open_positions[0].entry_price, 100.0);
  ASSERT_EQ(plan.updates.size(), 1u);
  EXPECT_EQ(plan.updates[0].status, PositionStatus::kOpen);
}

// ---- exits ------------------------------------------------------------------------------------

struct Sold {
  PositionToSell row;
  BookPosition update;
};

Sold sell_on(const SignalFixture& f, const Bars& bars, const Bars* bench, int data_bar) {
  const std::vector<StockResult> results{stock_result(f.rules, bars, false)};
  const DayPlan plan = plan_ok(
      make_input(f, day(data_bar), results, {&bars}, bench, {stored_position("ACME", day(20))}));
  EXPECT_TRUE(plan.open_positions.empty());
  EXPECT_EQ(plan.to_sell.size(), 1u);
  EXPECT_EQ(plan.updates.size(), 1u);
  if (plan.to_sell.size() != 1 || plan.updates.size() != 1) return {};
  return {plan.to_sell[0], plan.updates[0]};
}

// Hold 5: bars 21..25 in the position; the close of bar 25 (105) is the exit: +5%, 5 days,
// NIFTY 1000 -> 1030 = +3%.
TEST(PlanDay, TimeExitWhenTheHoldPeriodIsReached) {
  SignalFixture f;
  const Bars bars = acme(25);
  const Bars bench = nifty(25);
  const Sold s = sell_on(f, bars, &bench, 25);
  EXPECT_EQ(s.row.symbol, "ACME");
  EXPECT_EQ(s.row.entry_date, day(21));
  EXPECT_EQ(s.row.entry_price, 100.0);
  EXPECT_EQ(s.row.exit_date, day(25));
  EXPECT_EQ(s.row.exit_price, 105.0);
  EXPECT_NEAR(s.row.return_pct, 5.0, kEps);
  EXPECT_NEAR(s.row.nifty_return_pct, 3.0, kEps);
  EXPECT_EQ(s.row.days_held, 5);
  EXPECT_EQ(s.row.reason, "time_exit");
  EXPECT_EQ(s.update.status, PositionStatus::kClosed);
  EXPECT_EQ(s.update.exit_date, day(25));
  EXPECT_EQ(s.update.exit_price, 105.0);
  EXPECT_EQ(s.update.exit_reason, "time_exit");
  EXPECT_NEAR(s.update.final_return_pct.value_or(0), 5.0, kEps);
  EXPECT_NEAR(s.update.final_nifty_return_pct.value_or(0), 3.0, kEps);
  EXPECT_EQ(s.update.days_held, 5);
}

// Bar 22 = 100 100 94 96: the low touches the stop 95, which fills at 95: −5%, 2 days
// (bars 21, 22), NIFTY 1000 -> 1005 = +0.5%.
TEST(PlanDay, StopLossTouchedExitsAtTheStop) {
  SignalFixture f;
  const Bars bars = acme(22, {100, 100, 94, 96});
  const Bars bench = nifty(22);
  const Sold s = sell_on(f, bars, &bench, 22);
  EXPECT_EQ(s.row.exit_date, day(22));
  EXPECT_EQ(s.row.exit_price, 95.0);
  EXPECT_NEAR(s.row.return_pct, -5.0, kEps);
  EXPECT_NEAR(s.row.nifty_return_pct, 0.5, kEps);
  EXPECT_EQ(s.row.days_held, 2);
  EXPECT_EQ(s.row.reason, "stop_loss");
  EXPECT_EQ(s.update.status, PositionStatus::kClosed);
  EXPECT_EQ(s.update.exit_price, 95.0);
  EXPECT_EQ(s.update.exit_reason, "stop_loss");
  EXPECT_EQ(s.update.days_held, 2);
}

// Bar 22 = 93 94 92 93: it opens below the stop 95, so the exit fills at the open 93 (as in the
// backtest, docs/metrics.md step 1): −7%, 2 days.
TEST(PlanDay, GapThroughTheStopFillsAtTheOpen) {
  SignalFixture f;
  const Bars bars = acme(22, {93, 94, 92, 93});
  const Bars bench = nifty(22);
  const Sold s = sell_on(f, bars, &bench, 22);
  EXPECT_EQ(s.row.exit_date, day(22));
  EXPECT_EQ(s.row.exit_price, 93.0);
  EXPECT_NEAR(s.row.return_pct, -7.0, kEps);
  EXPECT_EQ(s.row.days_held, 2);
  EXPECT_EQ(s.row.reason, "stop_loss_gap");
  EXPECT_EQ(s.update.status, PositionStatus::kClosed);
  EXPECT_EQ(s.update.exit_price, 93.0);
  EXPECT_EQ(s.update.exit_reason, "stop_loss_gap");
}

// next_open: an indicator exit true on the close of bar 23 (open 104 > bar 22's high 103) sells
// at bar 24's open. The day-23 plan lists the sale as due (reason, the close 104 as the price
// estimate, +4%, day 3) while the position stays OPEN and holds the stock (no NEW BUY although
// it fires); the day-24 plan closes it at the open 103: +3%, 4 days (bars 21..24).
TEST(PlanDay, IndicatorExitIsDueAtTheNextOpen) {
  SignalFixture f(testing::kSignalRulesWithIndicatorExit);
  testing::BarsBuilder x("ACME");
  x.flat(20, 100).bar(100, 101, 98, 99).bar(100, 102, 99, 101).bar(101, 103, 100, 102);
  x.bar(104, 105, 103, 104).bar(103, 104, 101, 102);
  Bars bars23 = x.b;
  bars23.truncate_after(day(23));
  const Bars& bars24 = x.b;
  const std::vector<StockResult> r23{stock_result(f.rules, bars23, true)};
  const std::vector<BookPosition> stored{stored_position("ACME", day(20))};
  const DayPlan due = plan_ok(make_input(f, day(23), r23, {&bars23}, nullptr, stored));
  ASSERT_EQ(due.to_sell.size(), 1u);
  EXPECT_EQ(due.to_sell[0].reason, "indicator_exit:gap_exit");
  EXPECT_EQ(due.to_sell[0].exit_date, day(23));
  EXPECT_EQ(due.to_sell[0].exit_price, 104.0);
  EXPECT_NEAR(due.to_sell[0].return_pct, 4.0, kEps);
  EXPECT_EQ(due.to_sell[0].days_held, 3);
  EXPECT_TRUE(due.open_positions.empty());
  EXPECT_TRUE(due.new_buys.empty());  // still held until tomorrow's open
  ASSERT_EQ(due.updates.size(), 1u);
  EXPECT_EQ(due.updates[0].status, PositionStatus::kOpen);

  const std::vector<StockResult> r24{stock_result(f.rules, bars24, false)};
  const DayPlan sold = plan_ok(
      make_input(f, day(24), r24, {&bars24}, nullptr, testing::apply(stored, due)));
  ASSERT_EQ(sold.to_sell.size(), 1u);
  EXPECT_EQ(sold.to_sell[0].reason, "indicator_exit:gap_exit");
  EXPECT_EQ(sold.to_sell[0].exit_date, day(24));
  EXPECT_EQ(sold.to_sell[0].exit_price, 103.0);
  EXPECT_NEAR(sold.to_sell[0].return_pct, 3.0, kEps);
  EXPECT_EQ(sold.to_sell[0].days_held, 4);
  ASSERT_EQ(sold.updates.size(), 1u);
  EXPECT_EQ(sold.updates[0].status, PositionStatus::kClosed);
}

// ---- idempotency (docs/positions.md: a re-run on the same data gives the same plan)
// -------------------

// Run 1 inserts the day's NEW BUY; run 2, on the same data with that position stored, shows the
// same rows and writes nothing.
TEST(Idempotency, SameDayNewBuyIsNotInsertedTwice) {
  SignalFixture f;
  const Bars bars = acme(23);
  const Bars bench = nifty(23);
  const std::vector<StockResult> results{stock_result(f.rules, bars, true)};
  const DayPlan first = plan_ok(make_input(f, day(23), results, {&bars}, &bench));
  ASSERT_EQ(first.inserts.size(), 1u);
  const auto book = testing::apply({}, first);
  const DayPlan second = plan_ok(make_input(f, day(23), results, {&bars}, &bench, book));
  testing::expect_same_rows(first, second);
  EXPECT_EQ(second.new_buys.size(), 1u);
  EXPECT_TRUE(second.inserts.empty());
  EXPECT_TRUE(second.updates.empty());
}

// Run 1 on day 23 opens the stored position (one update); run 2 on day 23 with the updated row
// shows the same rows and has nothing to write.
TEST(Idempotency, SameDayUpdateIsNotWrittenTwice) {
  SignalFixture f;
  const Bars bars = acme(23);
  const Bars bench = nifty(23);
  const std::vector<StockResult> results{stock_result(f.rules, bars, false)};
  const std::vector<BookPosition> stored{stored_position("ACME", day(20))};
  const DayPlan first = plan_ok(make_input(f, day(23), results, {&bars}, &bench, stored));
  ASSERT_EQ(first.updates.size(), 1u);
  const auto book = testing::apply(stored, first);
  ASSERT_EQ(book[0].status, PositionStatus::kOpen);
  const DayPlan second = plan_ok(make_input(f, day(23), results, {&bars}, &bench, book));
  testing::expect_same_rows(first, second);
  EXPECT_EQ(second.open_positions.size(), 1u);
  EXPECT_TRUE(second.updates.empty());
  EXPECT_TRUE(second.inserts.empty());
}

// Runs on day 23 (position OPEN) and then day 26: the time exit on day 25 happened since the
// previous data date, so day 26 lists it as a sale (exit date 25, 105, +5%, 5 days) and closes
// it; a re-run on day 26 with the CLOSED row lists the same sale again and writes nothing.
TEST(Idempotency, PositionClosedSinceThePreviousRunIsListedAgain) {
  SignalFixture f;
  const Bars bars23 = acme(23), bars26 = acme(26);
  const Bars bench23 = nifty(23), bench26 = nifty(26);
  const std::vector<StockResult> r23{stock_result(f.rules, bars23, false)};
  const std::vector<StockResult> r26{stock_result(f.rules, bars26, false)};
  std::vector<BookPosition> book{stored_position("ACME", day(20))};
  book = testing::apply(book, plan_ok(make_input(f, day(23), r23, {&bars23}, &bench23, book)));
  ASSERT_EQ(book[0].status, PositionStatus::kOpen);

  const DayPlan first = plan_ok(make_input(f, day(26), r26, {&bars26}, &bench26, book));
  ASSERT_EQ(first.to_sell.size(), 1u);
  EXPECT_EQ(first.to_sell[0].exit_date, day(25));
  EXPECT_EQ(first.to_sell[0].exit_price, 105.0);
  EXPECT_EQ(first.to_sell[0].days_held, 5);
  EXPECT_EQ(first.to_sell[0].reason, "time_exit");
  EXPECT_TRUE(first.open_positions.empty());
  ASSERT_EQ(first.updates.size(), 1u);
  EXPECT_EQ(first.updates[0].status, PositionStatus::kClosed);
  book = testing::apply(book, first);

  const DayPlan second = plan_ok(make_input(f, day(26), r26, {&bars26}, &bench26, book));
  testing::expect_same_rows(first, second);
  EXPECT_EQ(second.to_sell.size(), 1u);
  EXPECT_TRUE(second.updates.empty());
  EXPECT_TRUE(second.inserts.empty());
}

// The position closes on day 25 and the stock fires again that day: one sale and one NEW BUY
// (the closed position does not hold the stock). The re-run shows both and inserts nothing.
TEST(Idempotency, SaleAndNewBuyOfOneStockOnTheSameDay) {
  SignalFixture f;
  const Bars bars = acme(25);
  const Bars bench = nifty(25);
  const std::vector<StockResult> results{stock_result(f.rules, bars, true)};
  const std::vector<BookPosition> stored{stored_position("ACME", day(20))};
  const DayPlan first = plan_ok(make_input(f, day(25), results, {&bars}, &bench, stored));
  EXPECT_EQ(first.to_sell.size(), 1u);
  EXPECT_EQ(first.new_buys.size(), 1u);
  EXPECT_EQ(first.inserts.size(), 1u);
  EXPECT_EQ(first.updates.size(), 1u);
  const auto book = testing::apply(stored, first);
  ASSERT_EQ(book.size(), 2u);
  const DayPlan second = plan_ok(make_input(f, day(25), results, {&bars}, &bench, book));
  testing::expect_same_rows(first, second);
  EXPECT_TRUE(second.inserts.empty());
  EXPECT_TRUE(second.updates.empty());
}

// ---- backdated run ----------------------------------------------------------------------------

// The same day-23 inputs as an ordinary run that would open ACME's position and insert BETA's
// NEW BUY, but dated before the latest stored run: the rows are shown, nothing is written, and
// a warning says why.
TEST(PlanDay, BackdatedRunWritesNothingAndWarns) {
  SignalFixture f;
  f.config.risk_per_trade_pct = 0.001;  // 233 shares each: both fit in the capital
  const Bars acme23 = acme(23);
  const Bars beta = acme(23, {101, 103, 100, 102}, "BETA");
  const Bars bench = nifty(23);
  const std::vector<StockResult> results{stock_result(f.rules, acme23, false),
                                         stock_result(f.rules, beta, true)};
  DayInput in = make_input(f, day(23), results, {&acme23, &beta}, &bench,
                           {stored_position("ACME", day(20))});
  {
    const DayPlan normal = plan_ok(in);
    EXPECT_EQ(normal.updates.size(), 1u);
    EXPECT_EQ(normal.inserts.size(), 1u);
  }
  in.backdated = true;
  const DayPlan plan = plan_ok(in);
  EXPECT_TRUE(plan.inserts.empty());
  EXPECT_TRUE(plan.updates.empty());
  EXPECT_EQ(plan.open_positions.size(), 1u);
  EXPECT_EQ(plan.new_buys.size(), 1u);
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0],
            "this run is dated before the latest stored run: the position book is shown as it "
            "was on 2024-01-24 and not changed");
}

// A position signalled after the data date (the book as seen by an earlier run) is not part of
// that day's plan.
TEST(PlanDay, PositionSignalledAfterTheDataDateIsIgnored) {
  SignalFixture f;
  const Bars bars = acme(23);
  const std::vector<StockResult> results{stock_result(f.rules, bars, false)};
  const DayPlan plan = plan_ok(
      make_input(f, day(23), results, {&bars}, nullptr, {stored_position("ACME", day(24))}));
  EXPECT_TRUE(plan.open_positions.empty());
  EXPECT_TRUE(plan.to_sell.empty());
  EXPECT_TRUE(plan.updates.empty());
  EXPECT_TRUE(plan.warnings.empty());
}

// ---- missing benchmark -------------------------------------------------------------------------

// No benchmark at all: NIFTY returns are NaN (the report prints "n/a"), the final one is not
// stored, and nothing else changes.
TEST(PlanDay, NoBenchmarkGivesNaNNiftyReturns) {
  SignalFixture f;
  const Bars bars23 = acme(23), bars25 = acme(25);
  const std::vector<StockResult> r23{stock_result(f.rules, bars23, false)};
  const DayPlan open = plan_ok(
      make_input(f, day(23), r23, {&bars23}, nullptr, {stored_position("ACME", day(20))}));
  ASSERT_EQ(open.open_positions.size(), 1u);
  EXPECT_TRUE(std::isnan(open.open_positions[0].nifty_return_pct));
  EXPECT_NEAR(open.open_positions[0].return_pct, 3.0, kEps);

  const Sold s = sell_on(f, bars25, nullptr, 25);
  EXPECT_TRUE(std::isnan(s.row.nifty_return_pct));
  EXPECT_NEAR(s.row.return_pct, 5.0, kEps);
  EXPECT_EQ(s.row.reason, "time_exit");
  EXPECT_FALSE(s.update.final_nifty_return_pct);
}

// The benchmark ends before the data date (as the bundled sample's index does): NaN too.
TEST(PlanDay, BenchmarkEndingBeforeTheDataDateGivesNaN) {
  SignalFixture f;
  const Bars bars = acme(23);
  const Bars bench = nifty(22);
  const std::vector<StockResult> results{stock_result(f.rules, bars, false)};
  const DayPlan plan = plan_ok(
      make_input(f, day(23), results, {&bars}, &bench, {stored_position("ACME", day(20))}));
  ASSERT_EQ(plan.open_positions.size(), 1u);
  EXPECT_TRUE(std::isnan(plan.open_positions[0].nifty_return_pct));
}

// A position whose stock has no bars: a warning, no crash, the position is kept (not sold).
TEST(PlanDay, PositionWithoutPricesIsKeptWithAWarning) {
  SignalFixture f;
  const Bars empty = testing::BarsBuilder("ACME").b;
  const std::vector<StockResult> results;
  const DayPlan plan = plan_ok(
      make_input(f, day(23), results, {&empty}, nullptr, {stored_position("ACME", day(20))}));
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0], "ACME: no prices in the store; its position is not updated");
  EXPECT_TRUE(plan.open_positions.empty());
  EXPECT_TRUE(plan.to_sell.empty());
  EXPECT_TRUE(plan.updates.empty());
}

// ---- capital, cash and slots (docs/positions.md) ---------------------------------------------
//
// Three stocks with ACME's bars fire on day 23 (close 103). Zero costs: the estimated fill is the
// close. ATR(14), Wilder, on bar 23: TRs are 0 on bars 1..19 and 3 on bars 20..23, so ATR = 3/14,
// then (13 ATR + 3) / 14 three times = 29565/38416 = 0.769601...; m = 2 (no ATR stop):
// risk-sized shares = floor(100000 × 0.01 / (2 × 0.769601)) = floor(649.69) = 649.

std::vector<StockResult> three_signals(const SignalFixture& f, const Bars& a, const Bars& b,
                                       const Bars& c) {
  return {stock_result(f.rules, a, true, 0.65), stock_result(f.rules, b, true, 0.70),
          stock_result(f.rules, c, true, 0.60)};
}

// In order of edge: BETA (0.70) takes 649 × 103 = 66,847, leaving 33,153; ACME (0.65) is capped
// by the cash at floor(33,153 / 103) = 321 shares (33,063), leaving 90; CARL (0.60) finds both
// slots of max_open_positions 2 held.
TEST(Capital, BuysInOrderOfEdgeCappedByCashAndSlots) {
  SignalFixture f;
  f.config.max_open_positions = 2;
  const Bars acme23 = acme(23);
  const Bars beta = acme(23, {101, 103, 100, 102}, "BETA");
  const Bars carl = acme(23, {101, 103, 100, 102}, "CARL");
  const std::vector<StockResult> results = three_signals(f, acme23, beta, carl);
  const DayPlan plan = plan_ok(make_input(f, day(23), results, {&acme23, &beta, &carl}, nullptr));
  ASSERT_EQ(plan.new_buys.size(), 2u);  // listed by symbol
  EXPECT_EQ(plan.new_buys[0].symbol, "ACME");
  EXPECT_EQ(plan.new_buys[0].shares, 321);
  EXPECT_DOUBLE_EQ(plan.new_buys[0].estimated_cost, 33063.0);
  EXPECT_EQ(plan.new_buys[1].symbol, "BETA");
  EXPECT_EQ(plan.new_buys[1].shares, 649);
  EXPECT_DOUBLE_EQ(plan.new_buys[1].estimated_cost, 66847.0);
  ASSERT_EQ(plan.inserts.size(), 2u);
  for (const BookPosition& p : plan.inserts) {
    EXPECT_EQ(p.shares, p.symbol == "ACME" ? 321 : 649);
    EXPECT_FALSE(p.terms.empty());
  }
  ASSERT_EQ(plan.not_taken.size(), 1u);
  EXPECT_EQ(plan.not_taken[0].symbol, "CARL");
  EXPECT_EQ(plan.not_taken[0].reason, "no slot (2 of 2 positions held)");
  EXPECT_DOUBLE_EQ(plan.money.equity, 100000.0);
  EXPECT_DOUBLE_EQ(plan.money.cash, 90.0);
  EXPECT_DOUBLE_EQ(plan.money.invested, 99910.0);
  EXPECT_EQ(plan.money.open_positions, 2);
  EXPECT_EQ(plan.money.max_open_positions, 2);

  // A third slot: CARL fits no share in the 90 left.
  f.config.max_open_positions = 3;
  const DayPlan three = plan_ok(make_input(f, day(23), results, {&acme23, &beta, &carl}, nullptr));
  ASSERT_EQ(three.not_taken.size(), 1u);
  EXPECT_EQ(three.not_taken[0].reason, "no cash (\u20b990.00 free)");

  // A re-run on the same data with the rows stored: the same tickets, nothing inserted again.
  const DayPlan again = plan_ok(
      make_input(f, day(23), results, {&acme23, &beta, &carl}, nullptr, testing::apply({}, plan)));
  f.config.max_open_positions = 2;
  const DayPlan again2 = plan_ok(
      make_input(f, day(23), results, {&acme23, &beta, &carl}, nullptr, testing::apply({}, plan)));
  testing::expect_same_rows(plan, again2);
  EXPECT_TRUE(again2.inserts.empty());
  EXPECT_TRUE(again2.updates.empty());
  ASSERT_EQ(again2.new_buys.size(), 2u);
  EXPECT_EQ(again2.new_buys[0].shares, 321);
  EXPECT_EQ(again2.not_taken.size(), 1u);
  EXPECT_DOUBLE_EQ(again2.money.cash, 90.0);
  EXPECT_EQ(again.new_buys.size(), 2u);
}

// A position closed before the previous run (settled) with 100 shares bought at 100 and sold
// at 110: realised P&L 1,000, equity 101,000. BETA is sized from the equity: floor(1,010 /
// 1.539202) = 656 shares.
TEST(Capital, EquityIsTheCapitalPlusRealisedProfit) {
  SignalFixture f;
  const Bars beta = acme(23, {101, 103, 100, 102}, "BETA");
  const std::vector<StockResult> results{stock_result(f.rules, beta, true, 0.70)};
  DayInput in = make_input(f, day(23), results, {&beta}, nullptr);
  BookPosition old = stored_position("OLD", day(2));
  old.status = PositionStatus::kClosed;
  old.entry_date = day(3);
  old.entry_price = 100.0;
  old.exit_date = day(8);
  old.exit_price = 110.0;
  old.shares = 100;
  in.settled = {old};
  const DayPlan plan = plan_ok(in);
  EXPECT_DOUBLE_EQ(plan.money.realised_pnl, 1000.0);
  EXPECT_DOUBLE_EQ(plan.money.equity, 101000.0);
  ASSERT_EQ(plan.new_buys.size(), 1u);
  EXPECT_EQ(plan.new_buys[0].shares, 656);
}

// An OPEN position costs its shares at its fill: ACME filled 1000 × 100 on day 21 leaves
// 0 cash, so BETA is not taken.
TEST(Capital, AnOpenPositionHoldsItsCost) {
  SignalFixture f;
  const Bars acme23 = acme(23);
  const Bars beta = acme(23, {101, 103, 100, 102}, "BETA");
  const std::vector<StockResult> results{stock_result(f.rules, acme23, false),
                                         stock_result(f.rules, beta, true, 0.70)};
  const DayPlan plan = plan_ok(make_input(f, day(23), results, {&acme23, &beta}, nullptr,
                                          {stored_position("ACME", day(20))}));
  EXPECT_DOUBLE_EQ(plan.money.invested, 100000.0);
  EXPECT_DOUBLE_EQ(plan.money.cash, 0.0);
  EXPECT_TRUE(plan.new_buys.empty());
  ASSERT_EQ(plan.not_taken.size(), 1u);
  EXPECT_EQ(plan.not_taken[0].reason, "no cash (\u20b90.00 free)");
}

// The order ticket with the default costs (docs/positions.md): estimated fill 103 × 1.0005 =
// 103.0515; 649 shares (value 66,880.4235); buy charges STT 66.880424 + exchange 1.986349 + SEBI
// 0.066880 + GST 0.369581 + stamp 10.032064 = 79.335298; stop 5% below the estimated fill
// 97.898925, target 10% above 113.35665; rupee risk 649 × 5.152575 = 3,344.021175.
TEST(Capital, OrderTicketWithCosts) {
  SignalFixture f;
  f.config.costs = Costs{};
  const Bars beta = acme(23, {101, 103, 100, 102}, "BETA");
  const std::vector<StockResult> results{stock_result(f.rules, beta, true, 0.70)};
  const DayPlan plan = plan_ok(make_input(f, day(23), results, {&beta}, nullptr));
  ASSERT_EQ(plan.new_buys.size(), 1u);
  const NewBuy& b = plan.new_buys[0];
  EXPECT_EQ(b.shares, 649);
  EXPECT_NEAR(b.estimated_fill, 103.0515, 1e-9);
  EXPECT_NEAR(b.estimated_cost, 66959.758798, 1e-5);
  ASSERT_TRUE(b.stop && b.target && b.rupee_risk);
  EXPECT_NEAR(*b.stop, 97.898925, 1e-9);
  EXPECT_NEAR(*b.target, 113.35665, 1e-9);
  EXPECT_NEAR(*b.rupee_risk, 3344.021175, 1e-6);
  EXPECT_EQ(b.hold_period, 5);
  EXPECT_FALSE(b.close_execution);
}

// ---- frozen terms (docs/positions.md) ----------------------------------------------------------

// ACME is opened under the fixture's rules (stop 5%, target 10%, hold 5). Then the rules file
// renames the baseline and tightens the stop to 1%, and the config halves the capital and sets
// hold 2: the next run manages the position exactly as before (same levels, still open on day
// 23, day 3 of 5) and says it keeps older rules.
TEST(FrozenTerms, EditsOfTheFilesDoNotChangeAnOpenPosition) {
  SignalFixture f;
  const Bars acme23 = acme(23);
  const std::vector<StockResult> results{stock_result(f.rules, acme23, false)};
  const DayPlan before = plan_ok(
      make_input(f, day(23), results, {&acme23}, nullptr, {stored_position("ACME", day(20))}));
  ASSERT_EQ(before.updates.size(), 1u);
  const BookPosition frozen = before.updates[0];
  ASSERT_FALSE(frozen.terms.empty());

  SignalFixture edited(R"(baseline:
  name: renamed_cross
  type: sma_crossover
  params: {fast_period: 2, slow_period: 3}
exit_conditions:
  - name: stop1
    type: stop_loss_pct
    params: {percentage: 0.01}
)");
  edited.config.hold_period = 2;
  edited.config.portfolio_initial_capital = 50000;
  const DayPlan after = plan_ok(make_input(edited, day(23), results, {&acme23}, nullptr, {frozen}));
  EXPECT_TRUE(after.updates.empty());  // nothing about it changed
  EXPECT_TRUE(after.warnings.empty());
  ASSERT_EQ(after.open_positions.size(), 1u);
  const OpenPosition& o = after.open_positions[0];
  EXPECT_EQ(o.stop, 95.0);
  EXPECT_NEAR(o.target.value_or(0), 110.0, kEps);
  EXPECT_EQ(o.day_in_trade, 3);
  EXPECT_EQ(o.hold_period, 5);
  EXPECT_EQ(o.shares, 1000);
  EXPECT_TRUE(o.rules_changed);
  EXPECT_FALSE(before.open_positions.at(0).rules_changed);
}

// ---- the trader's facts (docs/positions.md) ---------------------------------------------------

PositionFact fact(FactKind kind, std::optional<Date> date, std::optional<double> price,
                  std::optional<std::int64_t> shares = std::nullopt, std::int64_t id = 1) {
  PositionFact f;
  f.id = id;
  f.position_id = 1;
  f.kind = kind;
  f.date = date;
  f.price = price;
  f.shares = shares;
  f.recorded_at = "2024-01-22T04:00:00Z";
  f.source = "cli";
  return f;
}

// Filled by the trader at 101 for 500 shares on day 21 (the model says 100 and 1000): the stop
// and target move to 101 × 0.95 = 95.95 and 101 × 1.10 = 111.1, the return is from 101, and
// the model's fill stays beside it.
TEST(Facts, ARecordedFillReanchorsTheLevels) {
  SignalFixture f;
  const Bars acme23 = acme(23);
  const std::vector<StockResult> results{stock_result(f.rules, acme23, false)};
  BookPosition p = stored_position("ACME", day(20));
  p.facts = {fact(FactKind::kFill, day(21), 101.0, 500)};
  const DayPlan plan = plan_ok(make_input(f, day(23), results, {&acme23}, nullptr, {p}));
  ASSERT_EQ(plan.open_positions.size(), 1u);
  const OpenPosition& o = plan.open_positions[0];
  EXPECT_EQ(o.entry_price, 101.0);
  EXPECT_TRUE(o.recorded_fill);
  EXPECT_EQ(o.model_entry_price, 100.0);
  EXPECT_EQ(o.shares, 500);
  EXPECT_NEAR(o.stop.value_or(0), 95.95, kEps);
  EXPECT_NEAR(o.target.value_or(0), 111.1, kEps);
  EXPECT_NEAR(o.return_pct, (103.0 / 101.0 - 1) * 100, kEps);
  EXPECT_DOUBLE_EQ(plan.money.invested, 50500.0);
}

// A skipped signal holds no cash and no slot, and is never listed again.
TEST(Facts, ASkippedSignalIsNeverOpened) {
  SignalFixture f;
  const Bars acme23 = acme(23);
  const std::vector<StockResult> results{stock_result(f.rules, acme23, false)};
  BookPosition p = stored_position("ACME", day(20));
  p.facts = {fact(FactKind::kSkip, std::nullopt, std::nullopt)};
  const DayPlan plan = plan_ok(make_input(f, day(23), results, {&acme23}, nullptr, {p}));
  EXPECT_TRUE(plan.open_positions.empty());
  EXPECT_TRUE(plan.to_sell.empty());
  ASSERT_EQ(plan.updates.size(), 1u);
  EXPECT_EQ(plan.updates[0].status, PositionStatus::kSkipped);
  EXPECT_DOUBLE_EQ(plan.money.cash, 100000.0);
  EXPECT_EQ(plan.money.open_positions, 0);
}

// Sold by the trader on day 22 at 104 (the model would still hold): CLOSED, reason manual,
// 2 days held, return 104 / 100 − 1 = +4%, listed as a sale; the 4,000 profit is equity.
TEST(Facts, ARecordedExitClosesThePositionAsManual) {
  SignalFixture f;
  const Bars acme23 = acme(23);
  const std::vector<StockResult> results{stock_result(f.rules, acme23, false)};
  BookPosition p = stored_position("ACME", day(20));
  p.facts = {fact(FactKind::kExit, day(22), 104.0)};
  const DayPlan plan = plan_ok(make_input(f, day(23), results, {&acme23}, nullptr, {p}));
  ASSERT_EQ(plan.to_sell.size(), 1u);
  const PositionToSell& s = plan.to_sell[0];
  EXPECT_EQ(s.reason, "manual");
  EXPECT_EQ(s.exit_date, day(22));
  EXPECT_EQ(s.exit_price, 104.0);
  EXPECT_EQ(s.days_held, 2);
  EXPECT_NEAR(s.return_pct, 4.0, kEps);
  EXPECT_FALSE(s.exit_due);
  ASSERT_EQ(plan.updates.size(), 1u);
  EXPECT_EQ(plan.updates[0].status, PositionStatus::kClosed);
  EXPECT_EQ(plan.updates[0].exit_reason, "manual");
  EXPECT_DOUBLE_EQ(plan.money.realised_pnl, 4000.0);
  EXPECT_DOUBLE_EQ(plan.money.equity, 104000.0);
}

}  // namespace
}  // namespace kiss::signals
