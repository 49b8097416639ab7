#include "report/markdown.h"

#include <string>
#include <string_view>
#include <vector>

#include "report/format.h"

namespace kiss::report {
namespace {

// Appends one table: header, alignment row, rows. `right[i]` right-aligns numeric columns.
// Cells arrive already formatted; every text value has been through md_escape.
void table(std::string& out, const std::vector<std::string_view>& header,
           const std::vector<bool>& right, const std::vector<std::vector<std::string>>& rows) {
  out += '|';
  for (const auto h : header) {
    out += ' ';
    out += h;
    out += " |";
  }
  out += "\n|";
  for (const bool r : right) out += r ? "---:|" : ":---|";
  out += '\n';
  for (const auto& row : rows) {
    out += '|';
    for (const auto& cell : row) {
      out += ' ';
      out += cell;
      out += " |";
    }
    out += '\n';
  }
}

void section(std::string& out, std::string_view title) {
  out += "\n## ";
  out += title;
  out += "\n\n";
}

std::string text_or_na(const std::string& s) { return s.empty() ? "n/a" : md_escape(s); }

}  // namespace

std::string summary_line(const DailyReport& r) {
  // Counts agree with their nouns: "1 New Buy Signal", "2 Open Positions" (docs/report.md).
  const auto count = [](std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  return "Summary: " + count(r.new_buys.size(), "New Buy Signal", "New Buy Signals") + ", " +
         count(r.open_positions.size(), "Open Position", "Open Positions") + ", " +
         count(r.to_sell.size(), "Position to Sell", "Positions to Sell") + ".";
}

std::string render_markdown(const DailyReport& r) {
  std::string out = summary_line(r);
  out += "\n\n# KISS Signal report for ";
  out += format_date(r.report_date);
  out += '\n';

  // Banners come before any table: a trader must not act on in-sample or unsaved figures
  // without having read why they are special.
  if (r.in_sample) {
    out +=
        "\n> **IN-SAMPLE RESULTS.** Walk-forward validation is disabled: every figure below "
        "was measured on the data the rules were chosen on and overstates what to expect.\n";
  }
  if (!r.results_saved) {
    out +=
        "\n> **RESULTS NOT SAVED.** Saving this run to the database failed: these signals and "
        "positions are not in the position book and the next run will not know them.\n";
  }

  section(out, "NEW BUYS");
  if (r.new_buys.empty()) {
    out += "No new buy signals today.\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& b : r.new_buys) {
      rows.push_back({md_escape(b.symbol), format_date(b.buy_date), format_price(b.entry_price),
                      md_escape(b.rule_stack), fixed(b.edge_score, 2), std::to_string(b.oos_trades),
                      std::to_string(b.training_trades)});
    }
    table(out,
          {"Ticker", "Recommended Buy Date", "Entry Price", "Rule Stack", "Edge Score",
           "OOS Trades", "Training Trades"},
          {false, false, true, false, true, true, true}, rows);
  }

  section(out, "OPEN POSITIONS");
  if (r.open_positions.empty()) {
    out += "No open positions.\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    bool any_pending = false;
    for (const auto& p : r.open_positions) {
      const bool pending = p.status == "PENDING";
      any_pending = any_pending || pending;
      rows.push_back({md_escape(p.symbol) + (pending ? " (PENDING)" : ""),
                      format_date(p.entry_date), format_price(p.entry_price),
                      format_price(p.current_price), format_return(p.return_pct),
                      format_return(p.nifty_return_pct),
                      std::to_string(p.day_in_trade) + " / " + std::to_string(p.hold_period)});
    }
    table(out,
          {"Ticker", "Entry Date", "Entry Price", "Current Price", "Return %",
           "NIFTY Period Return %", "Day in Trade"},
          {false, false, true, true, true, true, true}, rows);
    if (any_pending) {
      out +=
          "\nPENDING: bought at the next bar's open, which is not in the data yet; entry date "
          "and price shown are the signal bar's.\n";
    }
  }

  section(out, "POSITIONS TO SELL");
  if (r.to_sell.empty()) {
    out += "No positions to sell today.\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : r.to_sell) {
      rows.push_back({md_escape(s.symbol), format_date(s.entry_date), format_price(s.entry_price),
                      format_price(s.exit_price), format_return(s.return_pct),
                      std::to_string(s.days_held), md_escape(s.reason)});
    }
    table(out,
          {"Ticker", "Entry Date", "Entry Price", "Exit Price", "Return %", "Days Held", "Reason"},
          {false, false, true, true, true, true, false}, rows);
  }

  section(out, "RECENT SIGNALS (last 20 trading days)");
  if (r.recent_signals.empty()) {
    out += "No signals in the last 20 trading days.\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : r.recent_signals) {
      rows.push_back({format_date(s.date), md_escape(s.symbol), md_escape(s.rule_stack),
                      format_price(s.price)});
    }
    table(out, {"Date", "Ticker", "Rule Stack", "Price"}, {false, false, false, true}, rows);
  }

  section(out, "WARNINGS");
  if (r.warnings.empty()) {
    out += "No warnings.\n";
  } else {
    for (const auto& w : r.warnings) {
      out += "- ";
      out += md_escape(w);
      out += '\n';
    }
  }

  // The run timestamp is deliberately absent: re-running on the same data must give the same
  // report bytes (docs/positions.md), and the data date plus config hash identify what it was
  // computed on.
  out += "\n---\n\nKISS Signal ";
  out += text_or_na(r.version);
  out += " | data date ";
  out += format_date(r.report_date);
  out += " | config hash ";
  out += text_or_na(r.config_hash);
  out += '\n';
  return out;
}

}  // namespace kiss::report
