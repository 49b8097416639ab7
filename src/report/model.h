// What a daily report shows (docs/report.md). Built by daily/report_model.h from the run's results
// and the day's plan of the position book (or read back from the database for `report --date`),
// then rendered by the pure functions of report/markdown.h and report/html.h. Values are final: the
// renderers only format (prices %.2f, returns %+.2f%%).
#pragma once
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "signals/rows.h"
#include "util/date.h"

namespace kiss::report {

// The three table rows the day's plan produces (signals/rows.h), under their report names.
using NewBuy = signals::NewBuy;
using OpenPosition = signals::OpenPosition;
using PositionToSell = signals::PositionToSell;
using NotTaken = signals::NotTaken;
using BookMoney = signals::BookMoney;
using NearCandidate = signals::NearCandidate;

struct RecentSignal {
  Date date = 0;
  std::string symbol;
  std::string rule_stack;
  double price = 0;  // close of the signal bar
};

// One indicator line drawn over the candles (docs/report.md, "Charts"): a column of the stack's
// entry rules on the price scale, aligned with PriceChart::dates (NaN during its warm-up).
struct ChartLine {
  std::string name;  // "SMA 20", as the legend shows it
  std::vector<double> values;
};

// A price chart (inline SVG in the HTML report) for one signal or position.
struct PriceChart {
  std::string symbol;
  std::vector<Date> dates;  // the last ~120 bars up to the report date
  std::vector<double> close;
  // Open, high, low and volume of the same bars, for the candles and the volume panel. Empty in
  // reports stored before they existed: the chart then draws the close line.
  std::vector<double> open, high, low, volume;
  std::vector<ChartLine> lines;  // the stack's indicator lines on the price scale
  Date entry_date = 0;           // 0 = none
  double entry_price = 0;
  double stop_level = 0;    // 0 = none
  double target_level = 0;  // 0 = none
  Date exit_date = 0;       // 0 = none
  double exit_price = 0;
  // The stack's out-of-sample equity curve and NIFTY over the same dates, both rebased to 100
  // at the first date (NaN where the benchmark has no bar). When exposure_pct is a number,
  // `benchmark` is NIFTY compounded over the stack's invested days only (docs/report.md,
  // "Out-of-sample equity"); NaN (a report stored before it existed): NIFTY buy and hold.
  std::vector<Date> equity_dates;
  std::vector<double> equity;
  std::vector<double> benchmark;
  double exposure_pct = std::numeric_limits<double>::quiet_NaN();  // % of days invested
};

struct DailyReport {
  Date report_date = 0;  // the data date (the freeze date in freeze mode)
  std::string version;   // "1.0.0"
  std::string config_hash;
  std::string run_timestamp;  // ISO-8601
  bool in_sample = false;     // walk-forward disabled: say so prominently
  bool results_saved = true;  // false: persistence failed; the report says "results not saved"
  std::vector<std::string> warnings;  // stale symbols, skipped symbols, benchmark gaps...
  std::vector<NewBuy> new_buys;
  std::vector<NotTaken> not_taken;  // NEW BUYs without cash or a slot
  BookMoney money;                  // the book's capital, cash and slots on the report date
  std::vector<OpenPosition> open_positions;
  std::vector<PositionToSell> to_sell;
  // POSITIONS TO SELL lists the exits after this date: the previous run's data date (0: the
  // first run, every exit since the signal); nullopt in a report stored before it existed.
  std::optional<Date> sales_since;
  // No NEW BUY today: why, in one line, and the nearest candidates (signals/nearest.h). Empty in
  // a report with new buys, and in reports stored before they existed.
  std::string no_buy_reason;
  std::vector<NearCandidate> nearest;
  std::vector<RecentSignal> recent_signals;  // the last 20 trading days, newest first
  std::vector<PriceChart> charts;            // HTML only; one per new buy / position / sale
};

}  // namespace kiss::report
