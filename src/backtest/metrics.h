// Metrics of docs/metrics.md from a trade list and an equity curve. Formulas: docs/metrics.md.
#pragma once
#include <span>

#include "backtest/result.h"
#include "config/config.h"
#include "util/bars.h"

namespace kiss {

// Moments of the daily equity returns r_i = E_i / E_{i−1} − 1 (n closes: n − 1 returns).
struct ReturnStats {
  int n = 0;  // number of returns
  double mean = 0.0;
  double stdev = 0.0;     // sample (n − 1)
  double downside = 0.0;  // sqrt(Σ min(r, 0)² / n)
  double skew = 0.0;      // population skewness
  double kurt = 3.0;      // population kurtosis (not excess): 3 for a normal
};
ReturnStats return_stats(std::span<const double> equity) noexcept;

// mean / stdev × √252; 0 when fewer than 2 returns or stdev == 0.
double annualised_sharpe(const ReturnStats& s) noexcept;

// The cheap metrics a training window needs to rank candidates: total_trades, win_pct, sharpe,
// edge_score (closed trades only; open ones are skipped).
Metrics quick_metrics(std::span<const Trade> trades, std::span<const double> equity,
                      const EdgeScoreWeights& w) noexcept;

// The same from the return sums the simulator accumulates (no pass over an equity curve):
// sharpe = mean / sample sd × √252 with mean = sum / n, var = (sq − sum × mean) / (n − 1).
Metrics quick_metrics(std::span<const Trade> trades, int returns, double ret_sum, double ret_sq,
                      const EdgeScoreWeights& w) noexcept;
// The same from the counts alone: `closed` trades of which `wins` have net_return > 0
// (SimSummary::closed / wins).
Metrics quick_metrics(int closed, int wins, int returns, double ret_sum, double ret_sq,
                      const EdgeScoreWeights& w) noexcept;

// Everything else also needs the bars (target_hit_pct), the benchmark (alpha; may be null) and
// how many stacks were tried with the variance of their per-day Sharpe ratios (deflated Sharpe).
struct MetricsContext {
  const Bars* bars = nullptr;
  const Bars* benchmark = nullptr;  // may be null: alpha and beat_benchmark stay 0
  std::span<const int> bench_idx;   // align_by_date(*bars, *benchmark)
  Execution execution = Execution::kNextOpen;
  EdgeScoreWeights weights;
  int trials = 1;                      // stacks tried
  double trial_sr_variance = 0.0;      // variance of the per-day Sharpe ratios of the trials
  const ReturnStats* stats = nullptr;  // return_stats(equity) when already computed
};
// `held_closes`: closes with a position (exposure), as returned by the simulator.
Metrics compute_metrics(std::span<const Trade> trades, std::span<const double> equity,
                        int held_closes, const MetricsContext& ctx);

// Bailey & López de Prado (2014): probability that the true Sharpe exceeds the expected
// maximum of `trials` unskilled trials. s: the daily returns; sr_variance: variance across the
// trials of their per-day Sharpe ratios. 0 when undefined (fewer than 3 returns, stdev 0).
double deflated_sharpe(const ReturnStats& s, int trials, double sr_variance) noexcept;

// Standard normal CDF and its inverse (Acklam's rational approximation, one Newton step).
double normal_cdf(double x) noexcept;
double normal_inv(double p) noexcept;

}  // namespace kiss
