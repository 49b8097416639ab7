#include "report/markdown.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "report/format.h"
#include "report/tables.h"
#include "util/text.h"

namespace kiss::report {
namespace {

std::string header_text(std::string_view h) {
  std::string s(h);
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

// Appends one table, every column padded to its widest cell in screen columns (₹ is one
// column, three bytes) so the table lines up under `cat`; numbers right-aligned.
void table(std::string& out, const Table& t) {
  const std::size_t n = t.header.size();
  std::vector<std::string> head(n);
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> width(n, 3);
  for (std::size_t i = 0; i < n; ++i) {
    head[i] = header_text(t.header[i]);
    width[i] = std::max(width[i], display_width(head[i]));
  }
  for (const auto& row : t.rows) {
    std::vector<std::string> line;
    for (std::size_t i = 0; i < n; ++i) {
      line.push_back(md_escape(row[i].text));
      width[i] = std::max(width[i], display_width(line.back()));
    }
    cells.push_back(std::move(line));
  }
  const auto emit = [&](const std::vector<std::string>& line) {
    out += '|';
    for (std::size_t i = 0; i < n; ++i) {
      out += ' ';
      out += t.numeric[i] ? pad_left(line[i], width[i]) : pad_right(line[i], width[i]);
      out += " |";
    }
    out += '\n';
  };
  emit(head);
  out += '|';
  for (std::size_t i = 0; i < n; ++i) {
    // Dashes fill the cell's width plus its two spaces; the colon says the alignment.
    if (!t.numeric[i]) out += ':';
    out.append(width[i] + 1, '-');
    if (t.numeric[i]) out += ':';
    out += '|';
  }

  out += '\n';
  for (const auto& line : cells) emit(line);
}

void section(std::string& out, std::string_view title) {
  out += "\n## ";
  out += title;
  out += "\n\n";
}

void bullets(std::string& out, const std::vector<std::string>& items) {
  for (const auto& s : items) {
    out += "- ";
    out += md_escape(s);
    out += '\n';
  }
}

std::string text_or_na(const std::string& s) { return s.empty() ? "n/a" : md_escape(s); }

void new_buys(std::string& out, const DailyReport& r) {
  section(out, "NEW BUYS");
  if (r.new_buys.empty()) {
    out += "No new buy signals today";
    out += r.no_buy_reason.empty() ? "." : ": " + md_escape(r.no_buy_reason) + ".";
    out += '\n';
    if (r.nearest.empty() && !r.no_buy_reason.empty()) {
      out += "\nNearest candidates: none (no stack's entry was true in the last 5 bars).\n";
    }
    if (!r.nearest.empty()) {
      out +=
          "\nNearest candidates (the stack's entry true within the last 5 bars, or blocked "
          "only by the filters today):\n\n";
      table(out, nearest_table(r));
    }
  } else {
    table(out, new_buys_table(r));
    out += "\nRule stacks in words:\n\n";
    std::vector<std::string> words;
    for (const NewBuy& b : r.new_buys) {
      words.push_back(b.symbol + ": " + b.rule_stack +
                      (b.stack_words.empty() ? "" : " = " + b.stack_words));
    }
    bullets(out, words);
  }
  if (!r.not_taken.empty()) {
    out += "\nNot taken (the book's cash or slots):\n\n";
    table(out, not_taken_table(r));
  }
}

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

  section(out, "TODAY");
  bullets(out, action_lines(r));

  new_buys(out, r);

  section(out, "OPEN POSITIONS");
  if (r.open_positions.empty()) {
    out += "No open positions.\n";
  } else {
    table(out, open_positions_table(r));
    bool any_pending = false, any_recorded = false;
    for (const auto& p : r.open_positions) {
      any_pending = any_pending || p.status == "PENDING";
      any_recorded = any_recorded || p.recorded_fill;
    }
    if (any_pending) {
      out +=
          "\nPENDING: to be bought at the next open, which is not in the data yet; stop and "
          "target are from the latest close and move to the real fill.\n";
    }
    if (any_recorded) {
      out +=
          "\n(yours): the fill you recorded with `position fill`; Model Entry is the model's own "
          "fill for comparison.\n";
    }
  }

  section(out, "POSITIONS TO SELL");
  if (const std::string since = sales_since_text(r); !since.empty()) {
    out += "Since the previous report: " + md_escape(since) + ".\n\n";
  }
  if (r.to_sell.empty()) {
    out += "No positions to sell today.\n";
  } else {
    table(out, to_sell_table(r));
  }

  section(out, "RECENT SIGNALS (last 20 trading days)");
  if (r.recent_signals.empty()) {
    const std::string first = first_report_text(r);
    out += first.empty() ? "No signals in the last 20 trading days.\n"
                         : "No signals recorded yet. " + first + ".\n";
  } else {
    table(out, recent_signals_table(r));
  }

  section(out, "LEGEND");
  bullets(out, legend_lines(r));

  section(out, "WARNINGS");
  if (r.warnings.empty()) {
    out += "No warnings.\n";
  } else {
    bullets(out, r.warnings);
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
