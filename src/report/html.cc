#include "report/html.h"

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "report/chart.h"
#include "report/format.h"
#include "report/markdown.h"

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
Cell price(double v) { return {format_price(v), true, {}}; }
Cell ret(double v) {
  // Colour carries the sign at a glance; the sign is in the text too (colour-blind readers).
  const std::string_view cls = !std::isfinite(v) ? "" : v > 0 ? "up" : v < 0 ? "dn" : "";
  return {format_return(v), true, cls};
}
Cell count(int v) { return {std::to_string(v), true, {}}; }
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

void new_buys(std::string& out, const DailyReport& r) {
  out += "<h2>New buys</h2>\n";
  if (r.new_buys.empty()) {
    empty(out, "No new buy signals today.");
    return;
  }
  std::vector<std::vector<Cell>> rows;
  for (const auto& b : r.new_buys) {
    rows.push_back({txt(b.symbol),
                    txt(format_date(b.buy_date)),
                    price(b.entry_price),
                    stack(b.rule_stack),
                    {fixed(b.edge_score, 2), true, {}},
                    {std::to_string(b.oos_trades), true, {}},
                    {std::to_string(b.training_trades), true, {}}});
  }
  table(out,
        {"Ticker", "Recommended<br>Buy Date", "Entry<br>Price", "Rule Stack", "Edge<br>Score",
         "OOS<br>Trades", "Training<br>Trades"},
        {false, false, true, false, true, true, true}, rows);
}

void open_positions(std::string& out, const DailyReport& r) {
  out += "<h2>Open positions</h2>\n";
  if (r.open_positions.empty()) {
    empty(out, "No open positions.");
    return;
  }
  std::vector<std::vector<Cell>> rows;
  bool any_pending = false;
  for (const auto& p : r.open_positions) {
    const bool pending = p.status == "PENDING";
    any_pending = any_pending || pending;
    Cell ticker = txt(p.symbol);
    if (pending) ticker.html += "<span class=\"tag\">PENDING</span>";
    rows.push_back(
        {ticker,
         txt(format_date(p.entry_date)),
         price(p.entry_price),
         price(p.current_price),
         ret(p.return_pct),
         ret(p.nifty_return_pct),
         {std::to_string(p.day_in_trade) + " / " + std::to_string(p.hold_period), true, {}}});
  }
  table(out,
        {"Ticker", "Entry<br>Date", "Entry<br>Price", "Current<br>Price", "Return<br>%",
         "NIFTY Period<br>Return %", "Day in<br>Trade"},
        {false, false, true, true, true, true, true}, rows);
  if (any_pending) {
    out +=
        "<p class=\"note\">PENDING: bought at the next bar's open, which is not in the data "
        "yet; entry date and price shown are the signal bar's.</p>\n";
  }
}

void to_sell(std::string& out, const DailyReport& r) {
  out += "<h2>Positions to sell</h2>\n";
  if (r.to_sell.empty()) {
    empty(out, "No positions to sell today.");
    return;
  }
  std::vector<std::vector<Cell>> rows;
  for (const auto& s : r.to_sell) {
    rows.push_back({txt(s.symbol),
                    txt(format_date(s.entry_date)),
                    price(s.entry_price),
                    price(s.exit_price),
                    ret(s.return_pct),
                    count(s.days_held),
                    {html_escape(s.reason), false, "w"}});
  }
  table(out,
        {"Ticker", "Entry<br>Date", "Entry<br>Price", "Exit<br>Price", "Return<br>%",
         "Days<br>Held", "Reason"},
        {false, false, true, true, true, true, false}, rows);
}

void recent_signals(std::string& out, const DailyReport& r) {
  out += "<h2>Recent signals <span class=\"note\">(last 20 trading days)</span></h2>\n";
  if (r.recent_signals.empty()) {
    empty(out, "No signals in the last 20 trading days.");
    return;
  }
  std::vector<std::vector<Cell>> rows;
  for (const auto& s : r.recent_signals) {
    rows.push_back({txt(format_date(s.date)), txt(s.symbol), stack(s.rule_stack), price(s.price)});
  }
  table(out, {"Date", "Ticker", "Rule Stack", "Price"}, {false, false, false, true}, rows);
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

std::string render_html(const DailyReport& r) {
  const std::string date = format_date(r.report_date);
  std::string out;
  head_and_banners(out, r, date);
  new_buys(out, r);
  open_positions(out, r);
  to_sell(out, r);
  recent_signals(out, r);
  warnings_and_charts(out, r);
  // No run timestamp, as in the markdown: a re-run on the same data gives the same bytes.
  out += "<footer>KISS Signal " + text_or_na(r.version) + " &middot; data date " + date +
         " &middot; config hash " + text_or_na(r.config_hash) + "</footer>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace kiss::report
