// Report fixtures shared by the report tests (header only: the stage library globs *.cc).
// Values are chosen so the expected text can be worked out by hand: see the goldens in
// testdata/ and the comments below.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
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

inline OpenPosition open_position(const std::string& symbol, const std::string& status, Date entry,
                                  double entry_price, double current, double ret, double nifty,
                                  int day, const std::string& stack) {
  OpenPosition p;
  p.symbol = symbol;
  p.status = status;
  p.entry_date = entry;
  p.entry_price = entry_price;
  p.current_price = current;
  p.return_pct = ret;
  p.nifty_return_pct = nifty;
  p.day_in_trade = day;
  p.hold_period = 20;
  p.rule_stack = stack;
  return p;
}

inline PositionToSell sale(const std::string& symbol, Date entry, double entry_price, Date exit,
                           double exit_price, double ret, double nifty, int days,
                           const std::string& reason, std::int64_t shares) {
  PositionToSell p;
  p.symbol = symbol;
  p.entry_date = entry;
  p.entry_price = entry_price;
  p.exit_date = exit;
  p.exit_price = exit_price;
  p.return_pct = ret;
  p.nifty_return_pct = nifty;
  p.days_held = days;
  p.reason = reason;
  p.shares = shares;
  return p;
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
  // Order tickets: 7 × 1393.70 × 1.001 = 9765.65 + charges 12.34 = 9777.99; risk 7 × (1395.09 −
  // 1324.00) = 497.63 (values as plan_day would give them, rounded by the renderer only).
  NewBuy rel_buy{"RELIANCE",
                 d(2025, 8, 8),
                 1393.7,
                 "sma_10_20_crossover+rsi_momentum",
                 0.6234,
                 14,
                 9,
                 7,
                 1395.0937,
                 9777.99,
                 1324.0,
                 1533.07,
                 497.6559,
                 20,
                 false,
                 "fast SMA crosses above slow SMA (fast_period 10, slow_period 20); and RSI above "
                 "a level (momentum) (period 14, threshold 55)"};
  NewBuy mm_buy{"M&M",      d(2025, 8, 8), 3187.05, "ema_crossover", 0.575,  11, 7,     3,
                3190.23705, 9583.42,       3028.0,  std::nullopt,    486.71, 20, false, ""};
  r.new_buys = {rel_buy, mm_buy};
  r.not_taken = {
      {"SBIN", d(2025, 8, 8), 0.51, "rsi_oversold", "no slot (10 of 10 positions held)"}};
  OpenPosition tcs_pos = open_position("TCS", "PENDING", d(2025, 8, 8), 3021.4, 3021.4, 0.0, nan, 0,
                                       "macd_crossover");
  tcs_pos.shares = 3;
  tcs_pos.stop = 2870.33;
  tcs_pos.target = 3323.54;
  OpenPosition infy_pos = open_position("INFY", "OPEN", d(2025, 7, 21), 1580.0, 1502.35,
                                        -4.914556962, -1.2345, 14,
                                        "bollinger_squeeze+volume_spike");
  infy_pos.shares = 6;
  infy_pos.stop = 1501.0;
  infy_pos.model_entry_price = 1578.42;  // the trader recorded 1580.00
  infy_pos.recorded_fill = true;
  r.open_positions = {tcs_pos, infy_pos};
  // A reason with a `|` (escaping), a gap through the stop, and an exit due at the next open.
  PositionToSell due = sale("WIPRO", d(2025, 7, 25), 250.0, d(2025, 8, 8), 262.5, 4.7, 0.9, 11,
                            "indicator_exit:rsi_70", 40);
  due.exit_due = true;
  r.to_sell = {sale("HDFCBANK", d(2025, 7, 10), 1990.5, d(2025, 8, 8), 2010.0, 0.7512, 0.5, 20,
                    "holding period | 20 bars", 5),
               sale("ITC", d(2025, 7, 30), 412.0, d(2025, 8, 5), 398.1, -3.65, 0.2, 5,
                    "stop_loss_gap", 24),
               due};
  r.sales_since = d(2025, 8, 1);
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
  r.sales_since = 0;  // the first run of its database
  return r;
}

// A day without a buy: the reason and the nearest candidates.
inline DailyReport quiet_report() {
  DailyReport r = empty_report();
  r.no_buy_reason =
      "market filter off: ^NSEI 24611.00 below its 50-day average 24882.00 "
      "(nifty_above_sma50); 0 of 12 qualifying stocks could signal on 2025-08-08";
  r.nearest = {{"TCS", "sma_10_20_crossover", 0.71, 15, d(2025, 8, 6),
                "entry true on 2025-08-06 "
                "(2 bars ago)"},
               {"ITC", "sma_10_20_crossover+rsi_momentum", 0.55, 12, 0,
                "stack's entry true today, blocked by nifty_above_sma50"}};
  return r;
}

// Walk-forward off and the database write failed: both banners.
inline DailyReport banner_report() {
  DailyReport r = empty_report();
  r.in_sample = true;
  r.results_saved = false;
  NewBuy sbin;
  sbin.symbol = "SBIN";
  sbin.buy_date = d(2025, 8, 8);
  sbin.entry_price = 812.45;
  sbin.rule_stack = "rsi_oversold";
  sbin.edge_score = 0.41;
  sbin.oos_trades = 6;
  sbin.training_trades = 4;
  r.new_buys = {sbin};
  r.warnings = {"walk_forward.enabled is false: results are in-sample"};
  return r;
}

}  // namespace kiss::report::testing
