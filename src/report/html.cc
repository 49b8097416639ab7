#include "report/html.h"

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "report/chart.h"
#include "report/format.h"
#include "report/markdown.h"
#include "report/tables.h"

namespace kiss::report {
namespace {

// System fonts only: the page must not fetch anything.
constexpr std::string_view kStyle = R"(
*{box-sizing:border-box}
body{margin:0 auto;padding:12px;max-width:960px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1f2328;background:#fff}
h1{font-size:20px;margin:4px 0 8px}
h2{font-size:16px;margin:22px 0 8px;padding-bottom:4px;border-bottom:2px solid #d0d7de;text-transform:uppercase;letter-spacing:.03em}
h3{font-size:15px;margin:16px 0 4px}
.summary{font-weight:600;margin:0 0 8px}
.banner{padding:8px 10px;margin:8px 0;border-radius:6px;border:1px solid}
.banner.insample{background:#fff8c5;border-color:#d4a72c}
.banner.unsaved{background:#ffebe9;border-color:#cf222e}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:0 -4px}
table{border-collapse:collapse;font-size:14px;white-space:nowrap}
th,td{padding:5px 8px;border-bottom:1px solid #d0d7de;text-align:left}
th{background:#f6f8fa;font-weight:600;vertical-align:bottom}
.nw{white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.up{color:#1a7f37}.dn{color:#cf222e}
.tag{display:inline-block;font-size:11px;padding:0 5px;margin-left:4px;border-radius:8px;background:#ddf4ff;color:#0969da}
.empty{color:#57606a;font-style:italic}
.note{color:#57606a;font-size:13px}
figure{margin:8px 0 16px}
.chart{font-size:14px;margin:4px 0 12px}
.chart p{margin:0 0 4px}
.chart .ct{font-weight:600}
.chart .lg{color:#57606a}
.chart .li{display:inline-block;margin-right:12px;white-space:nowrap}
.chart .li i{display:inline-block;width:16px;margin-right:4px;vertical-align:middle}
.chart .cg{display:grid}
.chart svg{display:block;max-width:100%;overflow:hidden;background:#fff;font-family:inherit}
.chart svg text{font-size:inherit}
ul.warn{padding-left:20px}
td.w{white-space:normal;min-width:11em}
@media (max-width:480px){body{padding:10px}h1{font-size:18px}table,.chart{font-size:13px}th,td{padding:4px 6px}}
footer{margin-top:24px;padding-top:8px;border-top:1px solid #d0d7de;color:#57606a;font-size:13px}
)";

struct Cell {
  std::string html;  // already escaped / formatted
  bool numeric = false;
  std::string_view cls = {};
};

Cell txt(const std::string& s) { return {html_escape(s), false, {}}; }
Cell ret(double v) {
  // Colour carries the sign at a glance; the sign is in the text too (colour-blind readers).
  const std::string_view cls = !std::isfinite(v) ? "" : v > 0 ? "up" : v < 0 ? "dn" : "";
  return {format_return(v), true, cls};
}
// Rule stacks are long ("sma_10_20_crossover+rsi_momentum"): the cell may wrap after each '+'
// so the table stays narrow on a phone.
Cell stack(const std::string& s) {
  std::string h;
  for (const char c : html_escape(s)) {
    h.push_back(c);
    if (c == '+') h += "<wbr>";
  }
  return {h, false, "w"};
}

// Header labels are trusted constants and may hold <br> (two-line headers keep the columns
// narrow on a phone); every cell has been escaped by its Cell constructor.
void table(std::string& out, const std::vector<std::string_view>& header,
           const std::vector<bool>& numeric, const std::vector<std::vector<Cell>>& rows) {
  out += "<div class=\"scroll\"><table>\n<thead><tr>";
  for (std::size_t i = 0; i < header.size(); ++i) {
    out += numeric[i] ? "<th class=\"n\">" : "<th>";
    out += header[i];
    out += "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (const auto& c : row) {
      if (c.numeric || !c.cls.empty()) {
        out += "<td class=\"";
        if (c.numeric) out += 'n';
        if (c.numeric && !c.cls.empty()) out += ' ';
        out += c.cls;
        out += "\">";
      } else {
        out += "<td>";
      }
      out += c.html;
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table></div>\n";
}

void empty(std::string& out, std::string_view message) {
  out += "<p class=\"empty\">";
  out += message;
  out += "</p>\n";
}

std::string text_or_na(const std::string& s) { return s.empty() ? "n/a" : html_escape(s); }

void head_and_banners(std::string& out, const DailyReport& r, const std::string& date) {
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>KISS Signal " +
      date + "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
  out += "<h1>KISS Signal report for <span class=\"nw\">" + date + "</span></h1>\n";
  out += "<p class=\"summary\">" + html_escape(summary_line(r)) + "</p>\n";
  if (r.in_sample) {
    out +=
        "<p class=\"banner insample\"><strong>IN-SAMPLE RESULTS.</strong> Walk-forward "
        "validation is disabled: every figure below was measured on the data the rules were "
        "chosen on and overstates what to expect.</p>\n";
  }
  if (!r.results_saved) {
    out +=
        "<p class=\"banner unsaved\"><strong>RESULTS NOT SAVED.</strong> Saving this run to "
        "the database failed: these signals and positions are not in the position book and "
        "the next run will not know them.</p>\n";
  }
}

// A table of report/tables.h as HTML: each cell escaped and classed by its kind.
void table(std::string& out, const Table& t) {
  std::vector<std::string> labels;
  for (const std::string_view h : t.header) {
    std::string label;
    for (const char c : h) label += c == '\n' ? std::string("<br>") : std::string(1, c);
    labels.push_back(std::move(label));
  }
  std::vector<std::string_view> header(labels.begin(), labels.end());
  std::vector<std::vector<Cell>> rows;
  for (const auto& row : t.rows) {
    std::vector<Cell> cells;
    for (const TableCell& c : row) {
      switch (c.kind) {
        case CellKind::kText: cells.push_back(txt(c.text)); break;
        case CellKind::kNumber: cells.push_back({html_escape(c.text), true, {}}); break;
        case CellKind::kReturn: {
          Cell r = ret(c.value);
          r.html = html_escape(c.text);
          cells.push_back(std::move(r));
          break;
        }
        case CellKind::kStack: cells.push_back(stack(c.text)); break;
        case CellKind::kWrap: cells.push_back({html_escape(c.text), false, "w"}); break;
      }
    }
    rows.push_back(std::move(cells));
  }
  table(out, header, t.numeric, rows);
}

void list(std::string& out, const std::vector<std::string>& items) {
  out += "<ul class=\"warn\">\n";
  for (const auto& s : items) out += "<li>" + html_escape(s) + "</li>\n";
  out += "</ul>\n";
}

void today(std::string& out, const DailyReport& r) {
  out += "<h2>Today</h2>\n";
  list(out, action_lines(r));
}

void new_buys(std::string& out, const DailyReport& r) {
  out += "<h2>New buys</h2>\n";
  if (r.new_buys.empty()) {
    empty(out, r.no_buy_reason.empty()
                   ? std::string("No new buy signals today.")
                   : "No new buy signals today: " + html_escape(r.no_buy_reason) + ".");
    if (r.nearest.empty() && !r.no_buy_reason.empty()) {
      out +=
          "<p class=\"note\">Nearest candidates: none (no stack's entry was true in the last 5 "
          "bars).</p>\n";
    }
    if (!r.nearest.empty()) {
      out +=
          "<p class=\"note\">Nearest candidates (the stack's entry true within the last 5 "
          "bars, or blocked only by the filters today):</p>\n";
      table(out, nearest_table(r));
    }
  } else {
    table(out, new_buys_table(r));
    std::vector<std::string> words;
    for (const NewBuy& b : r.new_buys) {
      if (!b.stack_words.empty()) words.push_back(b.symbol + ": " + b.stack_words);
    }
    if (!words.empty()) {
      out += "<p class=\"note\">Rule stacks in words:</p>\n";
      list(out, words);
    }
  }
  if (!r.not_taken.empty()) {
    out += "<p class=\"note\">Not taken (the book's cash or slots):</p>\n";
    table(out, not_taken_table(r));
  }
}

void open_positions(std::string& out, const DailyReport& r) {
  out += "<h2>Open positions</h2>\n";
  if (r.open_positions.empty()) {
    empty(out, "No open positions.");
    return;
  }
  table(out, open_positions_table(r));
  bool any_pending = false, any_recorded = false;
  for (const auto& p : r.open_positions) {
    any_pending = any_pending || p.status == "PENDING";
    any_recorded = any_recorded || p.recorded_fill;
  }
  if (any_pending) {
    out +=
        "<p class=\"note\">PENDING: to be bought at the next open, which is not in the data "
        "yet; stop and target are from the latest close and move to the real fill.</p>\n";
  }
  if (any_recorded) {
    out +=
        "<p class=\"note\">(yours): the fill you recorded with <code>position fill</code>; "
        "Model Entry is the model's own fill for comparison.</p>\n";
  }
}

void to_sell(std::string& out, const DailyReport& r) {
  out += "<h2>Positions to sell</h2>\n";
  if (const std::string since = sales_since_text(r); !since.empty()) {
    out += "<p class=\"note\">Since the previous report: " + html_escape(since) + ".</p>\n";
  }
  if (r.to_sell.empty()) {
    empty(out, "No positions to sell today.");
    return;
  }
  table(out, to_sell_table(r));
}

void recent_signals(std::string& out, const DailyReport& r) {
  out += "<h2>Recent signals <span class=\"note\">(last 20 trading days)</span></h2>\n";
  if (r.recent_signals.empty()) {
    const std::string first = first_report_text(r);
    empty(out, first.empty() ? "No signals in the last 20 trading days."
                             : html_escape("No signals recorded yet. " + first + "."));
    return;
  }
  table(out, recent_signals_table(r));
}

void legend(std::string& out, const DailyReport& r) {
  out += "<h2>Legend</h2>\n";
  list(out, legend_lines(r));
}

void warnings_and_charts(std::string& out, const DailyReport& r) {
  out += "<h2>Warnings</h2>\n";
  if (r.warnings.empty()) {
    empty(out, "No warnings.");
  } else {
    out += "<ul class=\"warn\">\n";
    for (const auto& w : r.warnings) out += "<li>" + html_escape(w) + "</li>\n";
    out += "</ul>\n";
  }
  // Charts last: the tables are what the trader acts on; the charts are the evidence.
  if (r.charts.empty()) return;
  out += "<h2>Charts</h2>\n";
  for (const auto& c : r.charts) {
    out += "<figure>\n<h3>" + html_escape(c.symbol) + "</h3>\n";
    out += render_chart_svg(c);
    out += "</figure>\n";
  }
}

}  // namespace

std::string_view page_style() { return kStyle; }

std::string render_html(const DailyReport& r) {
  const std::string date = format_date(r.report_date);
  std::string out;
  head_and_banners(out, r, date);
  today(out, r);
  new_buys(out, r);
  open_positions(out, r);
  to_sell(out, r);
  recent_signals(out, r);
  legend(out, r);
  warnings_and_charts(out, r);
  // No run timestamp, as in the markdown: a re-run on the same data gives the same bytes.
  out += "<footer>KISS Signal " + text_or_na(r.version) + " &middot; data date " + date +
         " &middot; config hash " + text_or_na(r.config_hash) + "</footer>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace kiss::report
