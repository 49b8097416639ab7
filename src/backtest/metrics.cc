#include "backtest/metrics.h"

#include <cmath>
#include <limits>
#include <memory>
#include <new>

namespace kiss {

namespace {

// The central moments pass of return_stats over returns r[0..n).
struct Moments {
  double m2 = 0.0, m3 = 0.0, m4 = 0.0, down = 0.0;
};
Moments central_moments(const double* r, std::size_t n, double mean) noexcept {
  Moments m;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = r[i] - mean;
    const double d2 = d * d;
    m.m2 += d2;
    m.m3 += d2 * d;
    m.m4 += d2 * d2;
    if (r[i] < 0.0) m.down += r[i] * r[i];
  }
  return m;
}

}  // namespace

ReturnStats return_stats(std::span<const double> equity) noexcept {
  ReturnStats s;
  if (equity.size() < 2) return s;
  const std::size_t n = equity.size() - 1;
  // Each return is computed once (one division per close) and kept for the second pass; the
  // sums run in the same order as before, so every result is bit-identical. Without memory
  // for the buffer, the second pass recomputes the returns.
  std::unique_ptr<double[]> buf(new (std::nothrow) double[n]);
  double sum = 0.0;
  if (buf) {
    for (std::size_t i = 1; i < equity.size(); ++i) {
      const double r = equity[i] / equity[i - 1] - 1.0;
      buf[i - 1] = r;
      sum += r;
    }
  } else {
    for (std::size_t i = 1; i < equity.size(); ++i) sum += equity[i] / equity[i - 1] - 1.0;
  }
  s.n = static_cast<int>(n);
  s.mean = sum / static_cast<double>(n);
  double m2 = 0.0, m3 = 0.0, m4 = 0.0, down = 0.0;
  if (buf) {
    const Moments m = central_moments(buf.get(), n, s.mean);
    m2 = m.m2;
    m3 = m.m3;
    m4 = m.m4;
    down = m.down;
  } else {
    for (std::size_t i = 1; i < equity.size(); ++i) {
      const double r = equity[i] / equity[i - 1] - 1.0;
      const double d = r - s.mean;
      const double d2 = d * d;
      m2 += d2;
      m3 += d2 * d;
      m4 += d2 * d2;
      if (r < 0.0) down += r * r;
    }
  }
  const double dn = static_cast<double>(n);
  s.stdev = n >= 2 ? std::sqrt(m2 / (dn - 1.0)) : 0.0;
  s.downside = std::sqrt(down / dn);
  const double var_pop = m2 / dn;
  if (var_pop > 0.0) {
    s.skew = (m3 / dn) / std::pow(var_pop, 1.5);
    s.kurt = (m4 / dn) / (var_pop * var_pop);
  }
  return s;
}

double annualised_sharpe(const ReturnStats& s) noexcept {
  if (s.n < 2 || !(s.stdev > 0.0)) return 0.0;
  return s.mean / s.stdev * std::sqrt(252.0);
}

Metrics quick_metrics(std::span<const Trade> trades, std::span<const double> equity,
                      const EdgeScoreWeights& w) noexcept {
  Metrics m;
  int wins = 0;
  for (const Trade& t : trades) {
    if (t.open) continue;
    ++m.total_trades;
    if (t.net_return > 0.0) ++wins;
  }
  m.win_pct = m.total_trades > 0 ? static_cast<double>(wins) / m.total_trades : 0.0;
  // Sharpe in one pass (Welford), without the higher moments the full metrics need.
  double mean = 0.0, m2 = 0.0;
  int n = 0;
  for (std::size_t i = 1; i < equity.size(); ++i) {
    const double r = equity[i] / equity[i - 1] - 1.0;
    ++n;
    const double d = r - mean;
    mean += d / n;
    m2 += d * (r - mean);
  }
  if (n >= 2 && m2 > 0.0) m.sharpe = mean / std::sqrt(m2 / (n - 1)) * std::sqrt(252.0);
  m.edge_score = w.win_pct * m.win_pct + w.sharpe * m.sharpe;
  return m;
}

Metrics quick_metrics(std::span<const Trade> trades, int returns, double ret_sum, double ret_sq,
                      const EdgeScoreWeights& w) noexcept {
  int closed = 0, wins = 0;
  for (const Trade& t : trades) {
    if (t.open) continue;
    ++closed;
    if (t.net_return > 0.0) ++wins;
  }
  return quick_metrics(closed, wins, returns, ret_sum, ret_sq, w);
}

Metrics quick_metrics(int closed, int wins, int returns, double ret_sum, double ret_sq,
                      const EdgeScoreWeights& w) noexcept {
  Metrics m;
  m.total_trades = closed;
  m.win_pct = m.total_trades > 0 ? static_cast<double>(wins) / m.total_trades : 0.0;
  if (returns >= 2) {
    const double n = returns;
    const double mean = ret_sum / n;
    const double var = (ret_sq - ret_sum * mean) / (n - 1.0);
    // Rounding can leave a tiny positive variance on a flat curve: treat |var| at the level of
    // the rounding of ret_sq as zero (a flat curve has no Sharpe).
    if (var > 1e-14 * (ret_sq / n) && var > 0.0)
      m.sharpe = mean / std::sqrt(var) * std::sqrt(252.0);
  }
  m.edge_score = w.win_pct * m.win_pct + w.sharpe * m.sharpe;
  return m;
}

double normal_cdf(double x) noexcept { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double normal_inv(double p) noexcept {
  if (!(p > 0.0)) return -std::numeric_limits<double>::infinity();
  if (!(p < 1.0)) return std::numeric_limits<double>::infinity();
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  const double plow = 0.02425;
  double x;
  if (p < plow) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else if (p <= 1.0 - plow) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  } else {
    const double q = std::sqrt(-2.0 * std::log(1.0 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  // One Halley step brings the 1e-9 approximation to full double precision.
  const double e = normal_cdf(x) - p;
  const double u = e * std::sqrt(2.0 * M_PI) * std::exp(x * x / 2.0);
  return x - u / (1.0 + x * u / 2.0);
}

double deflated_sharpe(const ReturnStats& s, int trials, double sr_variance) noexcept {
  if (s.n < 3 || !(s.stdev > 0.0)) return 0.0;
  const double sr = s.mean / s.stdev;  // per day, not annualised
  double sr0 = 0.0;
  if (trials > 1 && sr_variance > 0.0) {
    constexpr double kEulerGamma = 0.5772156649015329;
    const double n = static_cast<double>(trials);
    sr0 = std::sqrt(sr_variance) * ((1.0 - kEulerGamma) * normal_inv(1.0 - 1.0 / n) +
                                    kEulerGamma * normal_inv(1.0 - 1.0 / (n * M_E)));
  }
  const double denom = 1.0 - s.skew * sr + (s.kurt - 1.0) / 4.0 * sr * sr;
  if (!(denom > 0.0)) return 0.0;
  return normal_cdf((sr - sr0) * std::sqrt(static_cast<double>(s.n - 1)) / std::sqrt(denom));
}

namespace {

// Benchmark price at the moment of a fill: the open for fills at the open, else the close.
// NaN when the benchmark has no bar on that stock bar's date.
double bench_price(const MetricsContext& ctx, int stock_index, bool at_open) noexcept {
  const auto i = static_cast<std::size_t>(stock_index);
  if (ctx.benchmark == nullptr || i >= ctx.bench_idx.size()) return std::nan("");
  const int b = ctx.bench_idx[i];
  if (b < 0) return std::nan("");
  const auto bi = static_cast<std::size_t>(b);
  return at_open ? ctx.benchmark->open[bi] : ctx.benchmark->close[bi];
}

bool exits_at_open(const Trade& t, Execution ex) noexcept {
  return t.reason == ExitReason::kStopLossGap || t.reason == ExitReason::kTakeProfitGap ||
         (t.reason == ExitReason::kIndicatorExit && ex == Execution::kNextOpen);
}

// +2% on a close within days 3..30 of the trade (day 1 = the first bar held through its close).
bool hits_target(const Trade& t, const Bars& bars, Execution ex) noexcept {
  const int day1 = ex == Execution::kNextOpen ? t.entry_index : t.entry_index + 1;
  const double level = t.entry_price * 1.02;
  for (int day = 3; day <= 30; ++day) {
    const auto b = static_cast<std::size_t>(day1 + day - 1);
    if (b >= bars.size()) break;
    if (bars.close[b] >= level) return true;
  }
  return false;
}

}  // namespace

Metrics compute_metrics(std::span<const Trade> trades, std::span<const double> equity,
                        int held_closes, const MetricsContext& ctx) {
  Metrics m;
  int wins = 0, hits = 0, beats = 0, bench_n = 0;
  double sum_ret = 0.0, sum_pnl = 0.0, gross_profit = 0.0, gross_loss = 0.0, sum_bars = 0.0;
  double sum_alpha = 0.0;
  for (const Trade& t : trades) {
    if (t.open) continue;
    ++m.total_trades;
    if (t.net_return > 0.0) ++wins;
    sum_ret += t.net_return;
    sum_pnl += t.pnl;
    if (t.pnl > 0.0) gross_profit += t.pnl;
    if (t.pnl < 0.0) gross_loss -= t.pnl;
    sum_bars += t.bars_held;
    if (ctx.bars != nullptr && hits_target(t, *ctx.bars, ctx.execution)) ++hits;
    const double b0 = bench_price(ctx, t.entry_index, ctx.execution == Execution::kNextOpen);
    const double b1 = bench_price(ctx, t.exit_index, exits_at_open(t, ctx.execution));
    if (b0 > 0.0 && b1 > 0.0) {  // both dates exist in the benchmark
      const double br = b1 / b0 - 1.0;
      ++bench_n;
      sum_alpha += t.net_return - br;
      if (t.net_return > br) ++beats;
    }
  }
  const double n = m.total_trades;
  if (m.total_trades > 0) {
    m.win_pct = wins / n;
    m.avg_return = sum_ret / n * 100.0;
    m.expectancy = sum_pnl / n;
    m.avg_bars_held = sum_bars / n;
    m.target_hit_pct = hits / n * 100.0;
    if (gross_loss > 0.0) {
      m.profit_factor = gross_profit / gross_loss;
    } else if (gross_profit > 0.0) {
      m.profit_factor = std::numeric_limits<double>::infinity();
    }
  }
  m.benchmark_trades = bench_n;
  if (bench_n > 0) {
    m.alpha_pct = sum_alpha / bench_n * 100.0;
    m.beat_benchmark_pct = static_cast<double>(beats) / bench_n * 100.0;
  }
  const ReturnStats s = ctx.stats != nullptr ? *ctx.stats : return_stats(equity);
  m.sharpe = annualised_sharpe(s);
  if (s.n >= 1 && s.downside > 0.0) m.sortino = s.mean / s.downside * std::sqrt(252.0);
  m.edge_score = ctx.weights.win_pct * m.win_pct + ctx.weights.sharpe * m.sharpe;
  if (!equity.empty()) {
    // dd = max over closes of (peak − e) / peak, peak the running maximum. While the peak
    // stays the same, that fall (correctly rounded subtraction and division, both monotone)
    // is largest at the lowest close, so one division per peak gives the same maximum.
    double peak = equity[0], low = equity[0], dd = 0.0;
    auto fall = [&] {
      if (low < peak && peak > 0.0 && (peak - low) / peak > dd) dd = (peak - low) / peak;
    };
    for (double e : equity) {
      if (e > peak) {
        fall();
        peak = e;
        low = e;
      } else if (e < low) {
        low = e;
      }
    }
    fall();
    m.max_drawdown_pct = dd * 100.0;
    m.exposure_pct = static_cast<double>(held_closes) / static_cast<double>(equity.size()) * 100.0;
  }
  if (s.n >= 1 && equity.front() > 0.0 && equity.back() > 0.0) {
    m.cagr_pct = (std::pow(equity.back() / equity.front(), 252.0 / s.n) - 1.0) * 100.0;
  }
  m.deflated_sharpe = deflated_sharpe(s, ctx.trials, ctx.trial_sr_variance);
  return m;
}

}  // namespace kiss
