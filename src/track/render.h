// Every output of a track record as text (docs/track-record.md): equity.csv, trades.csv, the
// markdown and HTML reports (with the daily report's inline SVG line charts, report/chart.h), the
// --json figures and the console's summary table. Pure: same record, same bytes.
#pragma once
#include <string>
#include <vector>

#include "track/figures.h"
#include "track/replay.h"

namespace kiss::track {

// What the reports say about how the record was made.
struct About {
  std::string command;      // the command line that reproduces it
  std::string version;      // kiss::version()
  std::string config_hash;  // Config::hash
  std::string benchmark;    // e.g. "^NSEI"
  int stocks = 0;           // universe stocks with prices
  double capital = 0;       // portfolio_initial_capital
  int max_open_positions = 0;
};

// date,equity,cash,exposure_pct,nifty,buy_hold,book_equity,open_positions (rupees %.4f)
std::string equity_csv(const Record& record);
// One row per position of the book: symbol,status,signal_date,fill_date,fill_price,exit_date,
// exit_price,reason,shares,net_return_pct,stack
std::string trades_csv(const Record& record);
std::string markdown_report(const Record& record, const Figures& f,
                            const std::vector<MonthReturn>& months, const About& about);
std::string html_report(const Record& record, const Figures& f,
                        const std::vector<MonthReturn>& months, const About& about);
std::string figures_json(const Figures& f);
// The console table: one row per figure, columns book | NIFTY | buy-and-hold.
std::string summary_table(const Figures& f);

}  // namespace kiss::track
