// Hand-computed trade lists for the simulator (docs/metrics.md). Unless a test says otherwise:
// zero costs and slippage, capital 100,000, risk 1%, sizing ATR 5 on every bar, m = 2, so
// shares = floor(100000 × 0.01 / (2 × 5)) = 100 (cap floor(100000 / 100) = 1000 not binding).
#include "backtest/simulator.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "backtest/test_bars.h"

namespace kiss {
namespace {

using testing::make_bars;
using testing::Ohlc;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

LevelExit level(LevelExit::Kind k, double v, const char* name) {
  LevelExit l;
  l.kind = k;
  l.value = v;
  l.name = name;
  return l;
}

struct Sim {
  Bars bars;
  Mask entry;
  ExitSpec exits;
  std::vector<Mask> ind_masks;  // owned here, spans in `exits`
  std::vector<double> atr;      // sizing ATR (and the ATR of ATR levels unless level_atr set)
  std::vector<std::vector<double>> level_atr;
  Execution execution = Execution::kNextOpen;
  int hold = 20;
  WindowMode mode = WindowMode::kFullData;
  SimParams params;
  std::vector<Trade> trades;
  std::vector<double> equity;
  SimSummary summary;

  explicit Sim(Bars b) : bars(std::move(b)) {
    entry.assign(bars.size(), 0);
    atr.assign(bars.size(), 5.0);
    params.costs = testing::zero_costs();
  }
  void signal(std::initializer_list<int> at) {
    for (int i : at) entry[static_cast<std::size_t>(i)] = 1;
  }
  void add_level(LevelExit l) { add_level(std::move(l), atr); }
  void add_level(LevelExit l, std::vector<double> col) {
    exits.levels.push_back(std::move(l));
    level_atr.push_back(std::move(col));
  }
  void add_indicator(const char* name, std::initializer_list<int> at) {
    Mask m(bars.size(), 0);
    for (int i : at) m[static_cast<std::size_t>(i)] = 1;
    ind_masks.push_back(std::move(m));
    exits.indicator_names.push_back(name);
  }
  void run(int begin = 0, int end = -1) {
    if (end < 0) end = static_cast<int>(bars.size());
    exits.level_atr.clear();
    for (const auto& c : level_atr) exits.level_atr.emplace_back(c);
    exits.indicator_masks.clear();
    for (const auto& m : ind_masks) exits.indicator_masks.emplace_back(m);
    exits.finalize(bars.size());
    const ExitEngine engine(exits, execution, hold);
    const SimInput in{&bars, entry, &engine, atr, exits.atr_multiple()};
    trades.clear();
    equity.assign(static_cast<std::size_t>(end - begin), -1.0);
    summary = simulate(in, params, begin, end, mode, params.capital, trades, equity);
    // Every scenario also checks the return sums the simulator accumulates for training
    // windows against the curve it wrote, and that a run without a curve gives the same.
    double sum = 0, sq = 0;
    for (std::size_t i = 1; i < equity.size(); ++i) {
      const double r = equity[i] / equity[i - 1] - 1.0;
      sum += r;
      sq += r * r;
    }
    EXPECT_EQ(summary.returns, static_cast<int>(equity.size()) - 1);
    EXPECT_NEAR(summary.ret_sum, sum, 1e-12);
    EXPECT_NEAR(summary.ret_sq, sq, 1e-12);
    std::vector<Trade> again;
    const SimSummary s2 = simulate(in, params, begin, end, mode, params.capital, again, {});
    EXPECT_EQ(again.size(), trades.size());
    EXPECT_EQ(s2.ret_sum, summary.ret_sum);
    EXPECT_EQ(s2.held_closes, summary.held_closes);
    // closed / wins count the closed trades of the list.
    int closed = 0, wins = 0;
    for (const Trade& t : trades) {
      if (t.open) continue;
      ++closed;
      if (t.net_return > 0.0) ++wins;
    }
    EXPECT_EQ(summary.closed, closed);
    EXPECT_EQ(summary.wins, wins);
    // Every scenario as a training window: the training-only loop (no Trade built) gives the
    // same summary as the full loop in kTraining mode, bit for bit.
    std::vector<Trade> train_trades;
    const SimSummary st = simulate(in, params, begin, end, WindowMode::kTraining, params.capital,
                                   train_trades, {});
    const SimSummary s3 = simulate_summary(in, params, begin, end, params.capital);
    EXPECT_EQ(s3.end_cash, st.end_cash);
    EXPECT_EQ(s3.held_closes, st.held_closes);
    EXPECT_EQ(s3.returns, st.returns);
    EXPECT_EQ(s3.ret_sum, st.ret_sum);
    EXPECT_EQ(s3.ret_sq, st.ret_sq);
    EXPECT_EQ(s3.closed, st.closed);
    EXPECT_EQ(s3.wins, st.wins);
    EXPECT_EQ(s3.closed, static_cast<int>(train_trades.size()));
  }
};

const Ohlc F{100, 100, 100, 100};  // a flat bar

// next_open, hold 3: signal bar 1, fill at open of bar 2 (100); time exit at the close of bar
// E + hold − 1 = 4 (105). 100 shares: +500, +5%. Equity: 100000 until the fill; bar 2:
// 90000 + 100 × 101; bar 3: 90000 + 100 × 102; bar 4 onwards: cash 100500.
TEST(Simulator, TimeExitNextOpenCountsTheEntryBar) {
  Sim s(make_bars({F,
                   F,
                   {100, 102, 99, 101},
                   {101, 103, 100, 102},
                   {102, 106, 101, 105},
                   {105, 105, 105, 105},
                   F}));
  s.hold = 3;
  s.signal({1});
  s.run();
  ASSERT_EQ(s.trades.size(), 1u);
  const Trade& t = s.trades[0];
  EXPECT_EQ(t.signal_index, 1);
  EXPECT_EQ(t.entry_index, 2);
  EXPECT_DOUBLE_EQ(t.entry_price, 100.0);
  EXPECT_EQ(t.exit_index, 4);
  EXPECT_DOUBLE_EQ(t.exit_price, 105.0);
  EXPECT_EQ(t.exit_reason, "time_exit");
  EXPECT_EQ(t.shares, 100);
  EXPECT_EQ(t.bars_held, 3);
  EXPECT_NEAR(t.net_return, 0.05, 1e-12);
  EXPECT_DOUBLE_EQ(t.pnl, 500.0);
  EXPECT_FALSE(t.open);
  EXPECT_EQ(s.equity,
            (std::vector<double>{100000, 100000, 100100, 100200, 100500, 100500, 100500}));
  // Exposure counts closes still held after the bar's checks: bars 2 and 3 (bar 4 sold).
  EXPECT_EQ(s.summary.held_closes, 2);
  EXPECT_DOUBLE_EQ(s.summary.end_cash, 100500.0);
}

// close execution, hold 3: fill at the close of the signal bar 1 (100); time exit at the close
// of bar T + hold = 4 (105), 3 bars held.
TEST(Simulator, TimeExitCloseCountsFromTheNextBar) {
  Sim s(make_bars({F,
                   F,
                   {100, 102, 99, 101},
                   {101, 103, 100, 102},
                   {102, 106, 101, 105},
                   {105, 105, 105, 105},
                   F}));
  s.execution = Execution::kClose;
  s.hold = 3;
  s.signal({1});
  s.run();
  ASSERT_EQ(s.trades.size(), 1u);
  EXPECT_EQ(s.trades[0].entry_index, 1);
  EXPECT_EQ(s.trades[0].exit_index, 4);
  EXPECT_EQ(s.trades[0].bars_held, 3);
  EXPECT_EQ(s.trades[0].exit_reason, "time_exit");
  EXPECT_DOUBLE_EQ(s.trades[0].exit_price, 105.0);
  EXPECT_EQ(s.equity,
            (std::vector<double>{100000, 100000, 100100, 100200, 100500, 100500, 100500}));
}

// Stop 5% from the fill 100 = 95. Bar 3 opens at 99 and trades down to 94: stop_loss at 95.
TEST(Simulator, StopLossTouchedExitsAtTheLevel) {
  Sim s(make_bars({F, F, {100, 101, 97, 98}, {99, 99.5, 94, 96}, F}));
  s.add_level(level(LevelExit::Kind::kStopPct, 0.05, "stop5"));
  s.signal({1});
  s.run();
  ASSERT_EQ(s.trades.size(), 1u);
  EXPECT_EQ(s.trades[0].exit_index, 3);
  EXPECT_DOUBLE_EQ(s.trades[0].exit_price, 95.0);
  EXPECT_EQ(s.trades[0].exit_reason, "stop_loss");
  EXPECT_DOUBLE_EQ(s.trades[0].stop_level, 95.0);
  EXPECT_DOUBLE_EQ(s.trades[0].target_level, 0.0);
  EXPECT_NEAR(s.trades[0].net_return, -0.05, 1e-12);
}

// Bar 3 opens at 93, below the 95 stop: the fill is the open, stop_loss_gap.
TEST(Simulator, GapThroughTheStopExitsAtTheOpen) {
  Sim s(make_bars({F, F, {100, 101, 97, 98}, {93, 94, 90, 92}, F}));
  s.add_level(level(LevelExit::Kind::kStopPct, 0.05, "stop5"));
  s.signal({1});
  s.run();
  ASSERT_EQ(s.trades.size(), 1u);
  EXPECT_DOUBLE_EQ(s.trades[0].exit_price, 93.0);
  EXPECT_EQ(s.trades[0].exit_reason, "stop_loss_gap");
  EXPECT_NEAR(s.trades[0].net_return, -0.07, 1e-12);
}

// Target 10% = 110: touched on bar 3 (high 111) -> 110; in the second run bar 3 opens at 112
// above the target -> take_profit_gap at 112.
TEST(Simulator, TargetTouchedAndGapped) {
  Sim a(make_bars({F, F, {100, 101, 99, 100}, {101, 111, 100, 108}, F}));
  a.add_level(level(LevelExit::Kind::kTargetPct, 0.10, "tp10"));
  a.signal({1});
  a.run();
  ASSERT_EQ(a.trades.size(), 1u);
  EXPECT_DOUBLE_EQ(a.trades[0].exit_price, 110.0);
  EXPECT_EQ(a.trades[0].exit_reason, "take_profit");
  EXPECT_DOUBLE_EQ(a.trades[0].target_level, 110.0);

  Sim b(make_bars({F, F, {100, 101, 99, 100}, {112, 113, 108, 109}, F}));
  b.add_level(level(LevelExit::Kind::kTargetPct, 0.10, "tp10"));
  b.signal({1});
  b.run();
  ASSERT_EQ(b.trades.size(), 1u);
  EXPECT_DOUBLE_EQ(b.trades[0].exit_price, 112.0);
  EXPECT_EQ(b.trades[0].exit_reason, "take_profit_gap");
}

// Bar 3 touches both the stop 95 (low 94) and the target 110 (high 111): the stop wins.
TEST(Simulator, StopAndTargetInOneBarStopWins) {
  Sim s(make_bars({F, F, {100, 101, 99, 100}, {100, 111, 94, 105}, F}));
  s.add_level(level(LevelExit::Kind::kTargetPct, 0.10, "tp10"));
  s.add_level(level(LevelExit::Kind::kStopPct, 0.05, "stop5"));
  s.signal({1});
  s.run();
  ASSERT_EQ(s.trades.size(), 1u);
  EXPECT_DOUBLE_EQ(s.trades[0].exit_price, 95.0);
  EXPECT_EQ(s.trades[0].exit_reason, "stop_loss");
}

// ATR stop 3× with the signal bar's ATR 2.5 (other bars 4): stop = 100 − 7.5 = 92.5, fixed at
// entry; sizing uses m = 3 and the signal bar's ATR: floor(1000 / 7.5) = 133 shares. Bar 4's
// ATR (4) must not move the stop: bar 3 low 93 survives, bar 4 low 92.5 exits at 92.5.
TEST(Simulator, AtrStopFixedFromTheSignalBarAndSizesTheTrade) {
  Sim s(make_bars({F, F, {100, 101, 99, 100}, {99, 100, 93, 95}, {95, 96, 92.5, 94}, F}));
  s.atr = {4, 2.5, 4, 4, 4, 4};
  s.add_level(level(LevelExit::Kind::kStopAtr, 3.0, "atr_stop"), s.atr);
  s.signal({1});
  s.run();
  ASSERT_EQ(s.trades.size(), 1u);
  EXPECT_EQ(s.trades[0].shares, 133);
  EXPECT_DOUBLE_EQ(s.trades[0].stop_level, 92.5);
  EXPECT_EQ(s.trades[0].exit_index, 4);
  EXPECT_DOUBLE_EQ(s.trades[0].exit_price, 92.5);
  EXPECT_EQ(s.trades[0].exit_reason, "stop_loss");
}

// Trailing 10% (next_open, fill bar 2 at 100). Bar 2 has no trailing level yet (no previous bar
// in the position), so its low of 80 does not exit. Bar 3: level = 105 × 0.9 = 94.5, low 95
// survives. Bar 4: level = max(105, 110) × 0.9 = 99, low 98.5 -> trailing_stop at 99.
TEST(Simulator, TrailingStopAnchoredToTheEntry) {
  Sim s(make_bars({{100, 130, 100, 100},
                   F,
                   {100, 105, 80, 104},
                   {104, 110, 95, 108},
                   {108, 108, 98.5, 99.5},
                   F}));
  s.add_level(level(LevelExit::Kind::kTrailingPct, 0.10, "trail10"));
  s.signal({1});
  s.run();
  ASSERT_EQ(s.trades.size(), 1u);
  EXPECT_EQ(s.trades[0].exit_index, 4);
  EXPECT_DOUBLE_EQ(s.trades[0].exit_price, 99.0);
  EXPECT_EQ(s.trades[0].exit_reason, "trailing_stop");
}

// close execution: the entry bar's high counts (entry bar included). Fill at the close of bar
// 1 (100) whose high is 120: on bar 2 the level is 108 and the open 100 is below it, so the
// position leaves at the open, stop_loss_gap.
TEST(Simulator, TrailingStopCloseModeIncludesTheEntryBarHigh) {
  Sim s(make_bars({F, {100, 120, 99, 100}, {100, 101, 99, 100}, F}));
  s.execution = Execution::kClose;
  s.add_level(level(LevelExit::Kind::kTrailingPct, 0.10, "trail10"));
  s.signal({1});
  s.run();
  ASSERT_EQ(s.trades.size(), 1u);
  EXPECT_EQ(s.trades[0].exit_index, 2);
  EXPECT_DOUBLE_EQ(s.trades[0].exit_price, 100.0);
  EXPECT_EQ(s.trades[0].exit_reason, "stop_loss_gap");
}

// Chandelier 3 × ATR of the previous bar below the highest high since entry. ATR 2 except bar
// 3 (3). Bar 3: 105 − 3 × 2 = 99, low 104 survives. Bar 4: 110 − 3 × 3 = 101, low 100.5 -> 101.
TEST(Simulator, ChandelierUsesThePreviousBarsAtr) {
  Sim s(make_bars({F, F, {100, 105, 99, 104}, {104, 110, 104, 108}, {108, 109, 100.5, 101}, F}));
  s.add_level(level(LevelExit::Kind::kChandelier, 3.0, "chandelier"), {2, 2, 2, 3, 2, 2});
  s.signal({1});
  s.run();
  ASSERT_EQ(s.trades.size(), 1u);
  EXPECT_EQ(s.trades[0].exit_index, 4);
  EXPECT_DOUBLE_EQ(s.trades[0].exit_price, 101.0);
  EXPECT_EQ(s.trades[0].exit_reason, "trailing_stop");
}

// Indicator exit true on bar 3's close. next_open: exit at bar 4's open (103), 3 bars held
// (2, 3, 4). close: exit at bar 3's close (102), 2 bars held; the rule being true on the entry
// bar 1 is ignored in close mode (checks start the bar after the fill).
TEST(Simulator, IndicatorExitBothModes) {
  const Bars b = make_bars(
      {F, F, {100, 101, 99, 101}, {101, 103, 100, 102}, {103, 104, 102, 103}, F});
  Sim a(b);
  a.add_indicator("rsi_high", {3});
  a.signal({1});
  a.run();
  ASSERT_EQ(a.trades.size(), 1u);
  EXPECT_EQ(a.trades[0].exit_index, 4);
  EXPECT_DOUBLE_EQ(a.trades[0].exit_price, 103.0);
  EXPECT_EQ(a.trades[0].exit_reason, "indicator_exit:rsi_high");
  EXPECT_EQ(a.trades[0].bars_held, 3);

  Sim c(b);
  c.execution = Execution::kClose;
  c.add_indicator("rsi_high", {1, 3});
  c.signal({1});
  c.run();
  ASSERT_EQ(c.trades.size(), 1u);
  EXPECT_EQ(c.trades[0].exit_index, 3);
  EXPECT_DOUBLE_EQ(c.trades[0].exit_price, 102.0);
  EXPECT_EQ(c.trades[0].bars_held, 2);
}

// A pending indicator exit is filled at the next open before that bar's other checks: bar 4
// gaps below the 95 stop, but the reason is the indicator exit at the open (90).
TEST(Simulator, PendingIndicatorExitBeatsTheGapCheck) {
  Sim s(make_bars({F, F, {100, 101, 99, 100}, {100, 101, 99, 100}, {90, 91, 89, 90}, F}));
  s.add_level(level(LevelExit::Kind::kStopPct, 0.05, "stop5"));
  s.add_indicator("macd_down", {3});
  s.signal({1});
  s.run();
  ASSERT_EQ(s.trades.size(), 1u);
  EXPECT_EQ(s.trades[0].exit_index, 4);
  EXPECT_DOUBLE_EQ(s.trades[0].exit_price, 90.0);
  EXPECT_EQ(s.trades[0].exit_reason, "indicator_exit:macd_down");
}

// next_open, hold 2, indicator true on bar 3 = the time-exit bar (2 + 2 − 1): the close of
// bar 3 comes before the next open, so the reason is time_exit at 100.
TEST(Simulator, TimeExitBeforeAPendingIndicatorExit) {
  Sim s(make_bars({F, F, F, F, {90, 91, 89, 90}, F}));
  s.hold = 2;
  s.add_indicator("macd_down", {3});
  s.signal({1});
  s.run();
  ASSERT_EQ(s.trades.size(), 1u);
  EXPECT_EQ(s.trades[0].exit_index, 3);
  EXPECT_EQ(s.trades[0].exit_reason, "time_exit");
}

// Re-entry on an exit bar. close mode, hold 2: trade 1 fills at bar 1's close, time exit at
// bar 3's close; the signal on bar 3 (same close) opens trade 2, time exit at bar 5. The signal
// on bar 2 (while held) is ignored.
TEST(Simulator, ReentryOnTheExitBarCloseMode) {
  Sim s(testing::flat_bars(7));
  s.execution = Execution::kClose;
  s.hold = 2;
  s.signal({1, 2, 3});
  s.run();
  ASSERT_EQ(s.trades.size(), 2u);
  EXPECT_EQ(s.trades[0].entry_index, 1);
  EXPECT_EQ(s.trades[0].exit_index, 3);
  EXPECT_EQ(s.trades[1].signal_index, 3);
  EXPECT_EQ(s.trades[1].entry_index, 3);
  EXPECT_EQ(s.trades[1].exit_index, 5);
}

// next_open re-entry: the stop exits on bar 3 (open 99, low 94 -> 95) and the signal on bar
// 3's close fills at bar 4's open (96).
TEST(Simulator, ReentryOnTheExitBarNextOpen) {
  Sim s(make_bars({F, F, {100, 101, 99, 100}, {99, 99, 94, 96}, {96, 97, 95, 96}, F}));
  s.add_level(level(LevelExit::Kind::kStopPct, 0.05, "stop5"));
  s.signal({1, 3});
  s.run();
  ASSERT_EQ(s.trades.size(), 2u);
  EXPECT_EQ(s.trades[0].exit_index, 3);
  EXPECT_EQ(s.trades[1].signal_index, 3);
  EXPECT_EQ(s.trades[1].entry_index, 4);
  EXPECT_DOUBLE_EQ(s.trades[1].entry_price, 96.0);
  EXPECT_TRUE(s.trades[1].open);
}

// The three window modes on one position still held after the last bar (bars 0..4, fill at
// bar 2's open 100, closes 101, 102, 104).
// kFullData: reported open (end_of_data) marked at 104, equity 90000 + 100 × close.
// kTest: closed at the last close 104 (window_end), +4%; the last equity value is the cash.
// kTraining: removed as if never entered (docs/metrics.md): no trade, no held close, and the
// equity curve is flat at the capital from the entry on.
TEST(Simulator, OpenTradeAtTheEndPerWindowMode) {
  const Bars b = make_bars({F, F, {100, 101, 99, 101}, {101, 102, 100, 102}, {102, 104, 101, 104}});
  Sim full(b);
  full.signal({1});
  full.run();
  ASSERT_EQ(full.trades.size(), 1u);
  EXPECT_TRUE(full.trades[0].open);
  EXPECT_EQ(full.trades[0].exit_reason, "end_of_data");
  EXPECT_EQ(full.trades[0].exit_index, 4);
  EXPECT_DOUBLE_EQ(full.trades[0].exit_price, 104.0);
  EXPECT_EQ(full.equity, (std::vector<double>{100000, 100000, 100100, 100200, 100400}));
  EXPECT_DOUBLE_EQ(full.summary.end_cash, 100400.0);

  Sim test(b);
  test.mode = WindowMode::kTest;
  test.signal({1});
  test.run();
  ASSERT_EQ(test.trades.size(), 1u);
  EXPECT_FALSE(test.trades[0].open);
  EXPECT_EQ(test.trades[0].exit_reason, "window_end");
  EXPECT_NEAR(test.trades[0].net_return, 0.04, 1e-12);
  EXPECT_EQ(test.equity, (std::vector<double>{100000, 100000, 100100, 100200, 100400}));
  EXPECT_EQ(test.summary.held_closes, 3);

  Sim train(b);
  train.mode = WindowMode::kTraining;
  train.signal({1});
  train.run();
  EXPECT_TRUE(train.trades.empty());
  EXPECT_EQ(train.equity, (std::vector<double>(5, 100000.0)));
  EXPECT_EQ(train.summary.held_closes, 0);
}

// A window [2, 6) of a longer series: the signal on bar 1 lies outside it; the signal on the
// window's last bar (5) has no fill in the window; the one on bar 3 fills at bar 4's open and
// is closed at bar 5's close (window_end).
TEST(Simulator, WindowSlicesTheSameColumns) {
  Sim s(make_bars({F, F, F, F, {100, 101, 99, 100}, {100, 103, 100, 102}, F, F}));
  s.mode = WindowMode::kTest;
  s.signal({1, 3, 5});
  s.run(2, 6);
  ASSERT_EQ(s.trades.size(), 1u);
  EXPECT_EQ(s.trades[0].signal_index, 3);
  EXPECT_EQ(s.trades[0].exit_index, 5);
  EXPECT_EQ(s.trades[0].exit_reason, "window_end");
  EXPECT_DOUBLE_EQ(s.trades[0].exit_price, 102.0);
  EXPECT_EQ(s.equity.size(), 4u);
  EXPECT_DOUBLE_EQ(s.equity.back(), 100200.0);
}

// A signal on the last bar has no fill, in both modes: it is today's signal.
TEST(Simulator, SignalOnTheLastBarHasNoFill) {
  for (Execution e : {Execution::kNextOpen, Execution::kClose}) {
    Sim s(testing::flat_bars(5));
    s.execution = e;
    s.signal({4});
    s.run();
    EXPECT_TRUE(s.trades.empty());
    EXPECT_EQ(s.summary.held_closes, 0);
  }
}

// Warm-up: the sizing ATR is NaN on bar 1, so its signal is no signal; the signal on bar 2
// (ATR defined) fills at bar 3. An ATR stop whose ATR is NaN on the signal bar also blocks it.
TEST(Simulator, UndefinedInputsOnTheSignalBarAreNoSignal) {
  Sim s(testing::flat_bars(6));
  s.atr = {kNaN, kNaN, 5, 5, 5, 5};
  s.signal({1, 2});
  s.run();
  ASSERT_EQ(s.trades.size(), 1u);
  EXPECT_EQ(s.trades[0].signal_index, 2);
  EXPECT_EQ(s.trades[0].entry_index, 3);

  Sim t(testing::flat_bars(6));
  t.add_level(level(LevelExit::Kind::kStopAtr, 2.0, "atr_stop"), {kNaN, kNaN, kNaN, 5, 5, 5});
  t.signal({1});
  t.run();
  EXPECT_TRUE(t.trades.empty());
}

// Fewer than one share: no trade. Price 200,000 > capital (cap 0); and ATR 600 gives
// floor(1000 / 1200) = 0.
TEST(Simulator, LessThanOneShareIsNoTrade) {
  Sim a(testing::flat_bars(5, 200000.0));
  a.signal({1});
  a.run();
  EXPECT_TRUE(a.trades.empty());
  EXPECT_EQ(a.equity, (std::vector<double>(5, 100000.0)));

  Sim b(testing::flat_bars(5));
  b.atr.assign(5, 600.0);
  b.signal({1});
  b.run();
  EXPECT_TRUE(b.trades.empty());
  EXPECT_EQ(position_size(100000, 0.01, 2.0, 600.0, 100.0), 0);
  EXPECT_EQ(position_size(100000, 0.01, 2.0, 5.0, 100.0), 100);
  EXPECT_EQ(position_size(100000, 0.01, 2.0, 0.1, 100.0), 1000);  // capped by capital
  EXPECT_EQ(position_size(100000, 0.01, 2.0, kNaN, 100.0), 0);
}

// Costs and slippage (defaults of docs/metrics.md, 5 bps) on one trade, to the paisa. 10 shares
// (capital 100,000, risk 1%, ATR 50: floor(1000 / 100) = 10; cap floor(100000 / 1000.5) = 99).
// Buy at 1000 × 1.0005 = 1000.50, value 10005.00:
//   STT 10.005, exchange 0.2971485, SEBI 0.010005, stamp 1.50075,
//   GST 0.18 × (0.2971485 + 0.010005) = 0.05528763; total 11.86819113.
// Sell at the time-exit close 1100 × 0.9995 = 1099.45, value 10994.50:
//   STT 10.9945, exchange 0.32653665, SEBI 0.0109945, GST 0.18 × 0.33753115 = 0.06075561,
//   DP 15.93; total 27.32278676.
// Net return = (10994.50 − 27.32278676) / (10005.00 + 11.86819113) − 1 = 0.0948709...
TEST(Simulator, CostsAndSlippageOnOneTradeToThePaisa) {
  Sim s(make_bars({{1000, 1000, 1000, 1000},
                   {1000, 1000, 1000, 1000},
                   {1000, 1000, 1000, 1000},
                   {1100, 1100, 1100, 1100},
                   {1100, 1100, 1100, 1100}}));
  s.params.costs = Costs{};
  s.atr.assign(5, 50.0);
  s.hold = 2;
  s.signal({1});
  s.run();
  ASSERT_EQ(s.trades.size(), 1u);
  const Trade& t = s.trades[0];
  EXPECT_EQ(t.shares, 10);
  EXPECT_DOUBLE_EQ(t.entry_price, 1000.5);
  EXPECT_DOUBLE_EQ(t.exit_price, 1099.45);
  EXPECT_NEAR(t.buy_costs, 11.86819113, 1e-8);
  EXPECT_NEAR(t.sell_costs, 27.32278676, 1e-8);
  EXPECT_NEAR(t.net_return, (10994.5 - 27.32278676) / (10005.0 + 11.86819113) - 1.0, 1e-12);
  EXPECT_NEAR(t.pnl, (10994.5 - 27.32278676) - (10005.0 + 11.86819113), 1e-8);
  // Costs are booked at the fills: after the buy, equity at bar 2's close (1000) is
  // 100000 − 10016.86819113 + 10000 = 99983.13180887.
  EXPECT_NEAR(s.equity[2], 99983.13180887, 1e-8);
  EXPECT_NEAR(s.equity[4], 100000 + t.pnl, 1e-8);
}

// The exit engine alone, as the position book drives it: open, then step bar by bar.
TEST(ExitEngine, DrivesALivePositionBarByBar) {
  const Bars b = make_bars({F, F, {100, 101, 99, 100}, {99, 99.5, 94, 96}});
  ExitSpec spec;
  spec.levels.push_back(level(LevelExit::Kind::kStopPct, 0.05, "stop5"));
  spec.level_atr.emplace_back();
  spec.finalize(b.size());
  const ExitEngine e(spec, Execution::kNextOpen, 20);
  Position p;
  ASSERT_TRUE(e.open(b, 1, 100.0, p));
  EXPECT_EQ(p.entry_index, 2);
  EXPECT_EQ(e.first_check(p), 2);
  EXPECT_EQ(e.time_exit_bar(p), 21);
  EXPECT_DOUBLE_EQ(p.stop, 95.0);
  EXPECT_FALSE(e.step(p, b, 2).exits());
  const ExitDecision d = e.step(p, b, 3);
  EXPECT_EQ(d.reason, ExitReason::kStopLoss);
  EXPECT_DOUBLE_EQ(d.raw_price, 95.0);
}

}  // namespace
}  // namespace kiss
