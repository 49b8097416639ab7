// Metrics of docs/metrics.md on hand-computed equity curves and trade lists (docs/metrics.md).
#include "backtest/metrics.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "backtest/test_bars.h"

namespace kiss {
namespace {

Trade closed(double ret, double pnl, int bars) {
  Trade t;
  t.net_return = ret;
  t.pnl = pnl;
  t.bars_held = bars;
  t.reason = ExitReason::kTimeExit;
  return t;
}

// Equity 100, 110, 99, 108.9: returns +10%, −10%, +10%. mean 1/30, sample variance
// ((2/30)² × 2 + (4/30)²) / 2 = 0.0133.., sd 0.1154701, Sharpe = (1/30) / 0.1154701 × √252
// = 4.582576. Max drawdown (110 − 99) / 110 = 10%. Downside sqrt(0.01 / 3) = 0.0577350:
// Sortino = (1/30) / 0.0577350 × √252 = 9.165151.
// Trades +10% (₹100), −5% (₹−50), +2% (₹20) and an open one (ignored): 3 closed, win 2/3,
// avg 2.3333%, expectancy ₹23.33, profit factor 120 / 50 = 2.4, avg bars (4 + 6 + 8) / 3 = 6.
// EdgeScore (0.6, 0.4) = 0.6 × 2/3 + 0.4 × 4.582576 = 2.233030.
TEST(Metrics, HandComputedCurveAndTrades) {
  const std::vector<double> eq{100, 110, 99, 108.9};
  std::vector<Trade> trades{closed(0.10, 100, 4), closed(-0.05, -50, 6), closed(0.02, 20, 8)};
  Trade open = closed(0.5, 500, 1);
  open.open = true;
  trades.push_back(open);
  MetricsContext ctx;
  const Metrics m = compute_metrics(trades, eq, 2, ctx);
  EXPECT_EQ(m.total_trades, 3);
  EXPECT_NEAR(m.win_pct, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(m.avg_return, 7.0 / 3.0, 1e-12);
  EXPECT_NEAR(m.expectancy, 70.0 / 3.0, 1e-9);
  EXPECT_NEAR(m.profit_factor, 2.4, 1e-12);
  EXPECT_NEAR(m.avg_bars_held, 6.0, 1e-12);
  EXPECT_NEAR(m.sharpe, 4.582576, 1e-6);
  EXPECT_NEAR(m.sortino, 9.165151, 1e-6);
  EXPECT_NEAR(m.max_drawdown_pct, 10.0, 1e-9);
  EXPECT_NEAR(m.exposure_pct, 50.0, 1e-12);
  EXPECT_NEAR(m.edge_score, 0.6 * 2.0 / 3.0 + 0.4 * m.sharpe, 1e-12);
  // CAGR: (108.9 / 100)^(252 / 3) − 1.
  EXPECT_NEAR(m.cagr_pct, (std::pow(1.089, 84.0) - 1.0) * 100.0, 1e-6);
  const Metrics q = quick_metrics(trades, eq, EdgeScoreWeights{});
  EXPECT_EQ(q.total_trades, 3);
  EXPECT_NEAR(q.sharpe, m.sharpe, 1e-12);
  EXPECT_NEAR(q.edge_score, m.edge_score, 1e-12);
}

// A flat curve has no defined Sharpe: 0, not NaN. No trades: every trade metric is 0.
TEST(Metrics, UndefinedIsZero) {
  const std::vector<double> eq(10, 100000.0);
  const Metrics m = compute_metrics({}, eq, 0, MetricsContext{});
  EXPECT_EQ(m.total_trades, 0);
  EXPECT_EQ(m.sharpe, 0.0);
  EXPECT_EQ(m.sortino, 0.0);
  EXPECT_EQ(m.win_pct, 0.0);
  EXPECT_EQ(m.profit_factor, 0.0);
  EXPECT_EQ(m.deflated_sharpe, 0.0);
  EXPECT_EQ(m.cagr_pct, 0.0);
}

// Win rate counts closed trades only, and only returns > 0 (a zero return is not a win);
// no losing trade gives an infinite profit factor.
TEST(Metrics, WinRateOverClosedTradesOnly) {
  Trade open = closed(0.3, 300, 2);
  open.open = true;
  const std::vector<Trade> trades{closed(0.0, 0, 2), closed(0.01, 10, 2), open};
  const Metrics m = compute_metrics(trades, std::vector<double>{1, 1}, 0, MetricsContext{});
  EXPECT_EQ(m.total_trades, 2);
  EXPECT_DOUBLE_EQ(m.win_pct, 0.5);
  EXPECT_TRUE(std::isinf(m.profit_factor));
}

// Alpha over the identical holding period, the benchmark found by date. Stock bars 0..4 on
// consecutive days; the benchmark lacks the stock's bar 3. Trade A: fill at the open of bar 1,
// time exit at the close of bar 2: benchmark open[1] = 200 -> close[2] = 210, +5%; trade +8%:
// alpha +3%, beats. Trade B: exit on bar 3, which the benchmark lacks: left out.
// Trade C: stop_loss_gap (exit at the open) on bar 4, entry at bar 2's open: benchmark
// 205 -> open[4] 195, −4.878%; trade −2%: alpha +2.878%, beats.
TEST(Metrics, AlphaAgainstTheBenchmarkByDate) {
  const Bars stock = testing::make_bars(
      {{10, 10, 10, 10}, {10, 10, 10, 10}, {10, 10, 10, 10}, {10, 10, 10, 10}, {10, 10, 10, 10}});
  Bars bench;
  bench.push_back(stock.date[0], 199, 199, 199, 199, 0);
  bench.push_back(stock.date[1], 200, 200, 200, 203, 0);
  bench.push_back(stock.date[2], 205, 210, 205, 210, 0);
  bench.push_back(stock.date[4], 195, 196, 190, 191, 0);
  const std::vector<int> idx = align_by_date(stock, bench);
  ASSERT_EQ(idx, (std::vector<int>{0, 1, 2, -1, 3}));
  Trade a = closed(0.08, 80, 2);
  a.entry_index = 1;
  a.exit_index = 2;
  Trade b = closed(0.01, 10, 2);
  b.entry_index = 1;
  b.exit_index = 3;
  Trade c = closed(-0.02, -20, 3);
  c.entry_index = 2;
  c.exit_index = 4;
  c.reason = ExitReason::kStopLossGap;
  MetricsContext ctx;
  ctx.bars = &stock;
  ctx.benchmark = &bench;
  ctx.bench_idx = idx;
  const Metrics m = compute_metrics(std::vector<Trade>{a, b, c}, std::vector<double>{1, 1}, 0, ctx);
  EXPECT_EQ(m.benchmark_trades, 2);
  const double alpha_c = -0.02 - (195.0 / 205.0 - 1.0);
  EXPECT_NEAR(m.alpha_pct, (0.03 + alpha_c) / 2.0 * 100.0, 1e-9);
  EXPECT_DOUBLE_EQ(m.beat_benchmark_pct, 100.0);
}

// target_hit_pct: +2% over the fill on a close of days 3..30 of the trade (next_open: day 1 =
// the fill bar). Closes from bar 1: 101, 103, 101.5, 101.9, 102.
// t1 (next_open, fill 100 at bar 1, needs 102): day 2 (bar 2, 103) is too early; days 3, 4
// (101.5, 101.9) miss; day 5 (bar 5, 102) hits. t2 (fill at bar 2): day 4 = bar 5 hits.
// t3 (fill 100.5 at bar 1, needs 102.51): never. t4 (close mode, fill 99.95 at bar 1, needs
// 101.949): day 1 = bar 2, so days 3, 4 = bars 4 (101.9, miss) and 5 (102, hit).
TEST(Metrics, TargetHitWithinThreeToThirtyBars) {
  const Bars b = testing::make_bars({{100, 100, 100, 100},
                                     {100, 101, 100, 101},
                                     {101, 103, 101, 103},
                                     {101, 102, 101, 101.5},
                                     {101, 102, 101, 101.9},
                                     {102, 102, 102, 102}});
  Trade t1 = closed(0.0, 0, 4);
  t1.entry_index = 1;
  t1.entry_price = 100.0;
  Trade t2 = t1;
  t2.entry_index = 2;
  MetricsContext ctx;
  ctx.bars = &b;
  const std::vector<double> eq{1, 1};
  EXPECT_DOUBLE_EQ(compute_metrics(std::vector<Trade>{t1, t2}, eq, 0, ctx).target_hit_pct, 100.0);
  Trade t3 = t1;
  t3.entry_price = 100.5;
  EXPECT_DOUBLE_EQ(compute_metrics(std::vector<Trade>{t3}, eq, 0, ctx).target_hit_pct, 0.0);
  // And 50% for the pair (t1 hit, t3 not).
  EXPECT_DOUBLE_EQ(compute_metrics(std::vector<Trade>{t1, t3}, eq, 0, ctx).target_hit_pct, 50.0);
  ctx.execution = Execution::kClose;
  Trade t4 = t1;
  t4.entry_price = 99.95;
  EXPECT_DOUBLE_EQ(compute_metrics(std::vector<Trade>{t4}, eq, 0, ctx).target_hit_pct, 100.0);
  // A bar earlier the level would be missed: with 100.0 (needs 102) bar 5 still hits, with
  // the data cut at bar 4 it would not.
  Bars cut = b;
  cut.truncate_after(cut.date[4]);
  ctx.bars = &cut;
  EXPECT_DOUBLE_EQ(compute_metrics(std::vector<Trade>{t4}, eq, 0, ctx).target_hit_pct, 0.0);
}

TEST(Metrics, NormalQuantiles) {
  EXPECT_NEAR(normal_inv(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(normal_inv(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_inv(0.001), -3.090232306167813, 1e-12);
  EXPECT_NEAR(normal_cdf(1.0), 0.8413447460685429, 1e-15);
}

// Deflated Sharpe. One trial: the probabilistic Sharpe ratio Φ(SR √(T−1) / sqrt(1 − γ3 SR +
// (γ4 − 1)/4 SR²)). With returns +10%, −10%, +10% (SR 0.288675, skew −0.707107, kurt 1.5):
// Φ(0.288675 × √2 / sqrt(1 + 0.204124 + 0.010417)) = Φ(0.370440) = 0.644473.
// More trials with spread-out Sharpe ratios raise the bar and lower the probability.
TEST(Metrics, DeflatedSharpe) {
  const ReturnStats s = return_stats(std::vector<double>{100, 110, 99, 108.9});
  EXPECT_EQ(s.n, 3);
  EXPECT_NEAR(s.skew, -0.7071067811865476, 1e-12);
  EXPECT_NEAR(s.kurt, 1.5, 1e-12);
  const double psr = deflated_sharpe(s, 1, 0.0);
  EXPECT_NEAR(psr,
              normal_cdf(0.2886751345948129 * std::sqrt(2.0) /
                         std::sqrt(1.0 + 0.7071067811865476 * 0.2886751345948129 +
                                   0.125 * 0.2886751345948129 * 0.2886751345948129)),
              1e-12);
  EXPECT_NEAR(psr, 0.644473, 1e-6);
  const double dsr = deflated_sharpe(s, 7, 0.01);
  EXPECT_LT(dsr, psr);
  EXPECT_GT(dsr, 0.0);
}

}  // namespace
}  // namespace kiss
