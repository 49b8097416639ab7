// Report fixtures shared by the report tests (header only: the stage library globs *.cc).
// Values are chosen so the expected text can be worked out by hand: see the goldens in
// testdata/ and the comments below.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "report/model.h"
#include "util/date.h"

namespace kiss::report::testing {

inline Date d(int y, int m, int dd) { return days_from_civil(y, m, dd); }

// `n` weekdays ending on `last` (inclusive), oldest first.
inline std::vector<Date> weekdays_ending(Date last, int n) {
  std::vector<Date> out;
  for (Date x = last; static_cast<int>(out.size()) < n; --x) {
    if (weekday(x) < 5) out.insert(out.begin(), x);
  }
  return out;
}

// A gently rising, wavy close series (deterministic, no randomness).
inline std::vector<double> wave(int n, double base, double drift, double amp) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) {
    v.push_back(base + drift * i + amp * std::sin(i / 6.0));
  }
  return v;
}

// A chart whose close series ends at `last_close` on `last`.
inline PriceChart chart(const std::string& symbol, double last_close, Date last) {
  PriceChart c;
  c.symbol = symbol;
  c.dates = weekdays_ending(last, 120);
  c.close = wave(120, last_close, last_close * 0.0008, last_close * 0.03);
  const double shift = last_close - c.close.back();
  for (double& v : c.close) v += shift;
  // Candles around the closes: the open is the previous close, high and low 0.6% beyond the
  // body; volume rises and falls with the wave. Two moving averages of the closes (NaN until
  // their period is full) stand for the stack's lines.
  for (std::size_t i = 0; i < c.close.size(); ++i) {
    const double open = i == 0 ? c.close[0] : c.close[i - 1];
    c.open.push_back(open);
    c.high.push_back(std::max(open, c.close[i]) * 1.006);
    c.low.push_back(std::min(open, c.close[i]) * 0.994);
    c.volume.push_back(1e6 * (2 + std::sin(static_cast<double>(i) / 4.0)));
  }
  for (const int period : {10, 20}) {
    ChartLine l{"SMA " + std::to_string(period), {}};
    for (std::size_t i = 0; i < c.close.size(); ++i) {
      if (i + 1 < static_cast<std::size_t>(period)) {
        l.values.push_back(std::numeric_limits<double>::quiet_NaN());
        continue;
      }
      double sum = 0;
      for (std::size_t k = i + 1 - static_cast<std::size_t>(period); k <= i; ++k) sum += c.close[k];
      l.values.push_back(sum / period);
    }
    c.lines.push_back(std::move(l));
  }
  c.exposure_pct = 23.6;
  c.equity_dates = weekdays_ending(last, 250);
  c.equity = wave(250, 100, 0.06, 3);
  c.benchmark = wave(250, 100, 0.03, 2);
  // A benchmark gap (holiday of the index only): the NIFTY line must break here.
  c.benchmark[100] = std::numeric_limits<double>::quiet_NaN();
  c.benchmark[101] = std::numeric_limits<double>::quiet_NaN();
  return c;
}

// Every section filled: two new buys, a PENDING and an OPEN position, a sale, recent signals,
// warnings. "M&M" and the `|` in a warning and a reason exercise escaping.
inline DailyReport full_report() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  DailyReport r;
  r.report_date = d(2025, 8, 8);
  r.version = "1.0.0";
  r.config_hash = "3f9a2c1d";
  r.run_timestamp = "2025-08-08T18:02:11";
  r.warnings = {"TATAMOTORS: last bar 2025-08-01 is 5 trading days old (stale)",
                "NIFTY has no bar on 2025-07-15 | equity curve has a gap"};
  r.new_buys = {{"RELIANCE", d(2025, 8, 8), 1393.7, "sma_10_20_crossover+rsi_momentum", 0.6234, 14,
                 9},
                {"M&M", d(2025, 8, 8), 3187.05, "ema_crossover", 0.575, 11, 7}};
  r.open_positions = {{"TCS", "PENDING", d(2025, 8, 8), 3021.4, 3021.4, 0.0, nan, 0, 20,
                       "macd_crossover"},
                      {"INFY", "OPEN", d(2025, 7, 21), 1580.0, 1502.35, -4.914556962, -1.2345, 14,
                       20, "bollinger_squeeze+volume_spike"}};
  r.to_sell = {{"HDFCBANK", d(2025, 7, 10), 1990.5, d(2025, 8, 8), 2010.0, 0.7512, 0.5, 20,
                "holding period | 20 bars"}};
  r.recent_signals = {{d(2025, 8, 8), "RELIANCE", "sma_10_20_crossover+rsi_momentum", 1393.7},
                      {d(2025, 8, 8), "M&M", "ema_crossover", 3187.05},
                      {d(2025, 8, 7), "TCS", "macd_crossover", 3021.4},
                      {d(2025, 7, 18), "INFY", "bollinger_squeeze+volume_spike", 1575.2}};
  PriceChart rel = chart("RELIANCE", 1393.7, d(2025, 8, 8));
  rel.entry_date = d(2025, 8, 8);
  rel.entry_price = 1393.7;
  rel.stop_level = 1324.0;
  rel.target_level = 1533.07;
  PriceChart mm = chart("M&M", 3187.05, d(2025, 8, 8));
  mm.entry_date = d(2025, 8, 8);
  mm.entry_price = 3187.05;
  mm.stop_level = 3028.0;
  PriceChart tcs = chart("TCS", 3021.4, d(2025, 8, 8));
  tcs.entry_date = d(2025, 8, 8);  // PENDING: the signal bar
  tcs.entry_price = 3021.4;
  tcs.stop_level = 2870.33;
  tcs.target_level = 3323.54;
  PriceChart infy = chart("INFY", 1502.35, d(2025, 8, 8));
  infy.entry_date = d(2025, 7, 21);
  infy.entry_price = 1580.0;
  infy.stop_level = 1501.0;
  PriceChart hdfc = chart("HDFCBANK", 2010.0, d(2025, 8, 8));
  hdfc.entry_date = d(2025, 7, 10);
  hdfc.entry_price = 1990.5;
  hdfc.exit_date = d(2025, 8, 8);
  hdfc.exit_price = 2010.0;
  r.charts = {rel, mm, tcs, infy, hdfc};  // one per new buy, position and sale
  return r;
}

// A day with nothing to do.
inline DailyReport empty_report() {
  DailyReport r;
  r.report_date = d(2025, 8, 8);
  r.version = "1.0.0";
  r.config_hash = "3f9a2c1d";
  r.run_timestamp = "2025-08-08T18:02:11";
  return r;
}

// Walk-forward off and the database write failed: both banners.
inline DailyReport banner_report() {
  DailyReport r = empty_report();
  r.in_sample = true;
  r.results_saved = false;
  r.new_buys = {{"SBIN", d(2025, 8, 8), 812.45, "rsi_oversold", 0.41, 6, 4}};
  r.warnings = {"walk_forward.enabled is false: results are in-sample"};
  return r;
}

}  // namespace kiss::report::testing
