#include "track/render.h"

#include <cmath>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "report/chart.h"
#include "report/format.h"
#include "report/html.h"
#include "util/text.h"

namespace kiss::track {

namespace {

using report::fixed;

struct FigureRow {
  std::string name, book, nifty, buy_hold;
};

std::string pct(double v) { return report::format_return(v); }
std::string plain_pct(double v) { return fixed(v, 2) + "%"; }

std::string drawdown(const SeriesFigures& s) {
  if (!s.defined) return "n/a";
  if (s.drawdown_peak == 0) return "0.00%";
  // (Built with append: GCC 12's -Wrestrict misfires on "literal" + std::string.)
  std::string out = "-";
  out.append(fixed(s.max_drawdown_pct, 2)).append("%");
  return out;
}

// The max drawdown's peak and trough, on a row of their own so the table stays narrow.
std::string drawdown_dates(const SeriesFigures& s) {
  if (!s.defined || s.drawdown_peak == 0) return "";
  std::string out = format_date(s.drawdown_peak);
  out.append(" to ").append(format_date(s.drawdown_trough));
  return out;
}

// The figures as table rows (the same rows in the console, the markdown and the HTML).
std::vector<FigureRow> figure_rows(const Figures& f) {
  const auto ser = [](const SeriesFigures& s, auto get) {
    return s.defined ? get(s) : std::string("n/a");
  };
  std::vector<FigureRow> rows;
  auto add3 = [&](const std::string& name, auto get) {
    rows.push_back({name, ser(f.book, get), ser(f.nifty, get), ser(f.buy_hold, get)});
  };
  // The book and the buy-and-hold are money; NIFTY is index points.
  const auto value = [&](double SeriesFigures::*field) {
    const auto money = [field](const SeriesFigures& s) { return rupees(s.*field); };
    const auto points = [field](const SeriesFigures& s) { return fixed(s.*field, 2) + " pts"; };
    return FigureRow{"", ser(f.book, money), ser(f.nifty, points), ser(f.buy_hold, money)};
  };
  rows.push_back(value(&SeriesFigures::start));
  rows.back().name = "start value";
  rows.push_back(value(&SeriesFigures::end));
  rows.back().name = "end value";
  add3("total return", [](const SeriesFigures& s) { return pct(s.total_return_pct); });
  add3("CAGR", [](const SeriesFigures& s) { return pct(s.cagr_pct); });
  rows.push_back({"max drawdown", drawdown(f.book), drawdown(f.nifty), drawdown(f.buy_hold)});
  rows.push_back({"  from peak to trough", drawdown_dates(f.book), drawdown_dates(f.nifty),
                  drawdown_dates(f.buy_hold)});
  add3("Sharpe (daily, sqrt 252)", [](const SeriesFigures& s) { return fixed(s.sharpe, 2); });
  rows.push_back({"exposure", plain_pct(f.exposure_pct), "100.00%", "100.00%"});
  rows.push_back({"trades (closed)", std::to_string(f.trades), "", ""});
  rows.push_back({"open at the end", std::to_string(f.open_at_end), "", ""});
  rows.push_back({"win %", f.trades ? plain_pct(f.win_pct) : "n/a", "", ""});
  rows.push_back({"average trade (net)", f.trades ? pct(f.avg_trade_pct) : "n/a", "", ""});
  rows.push_back({"turnover (per year)", fixed(f.turnover, 2) + "x", "", ""});
  return rows;
}

std::string month_name(int year, int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::string period(const Figures& f) {
  return format_date(f.first) + " to " + format_date(f.last) + " (" + std::to_string(f.days) +
         " trading days)";
}

// The equity chart's series: the book, NIFTY and buy-and-hold, each as 100 × value / its first
// value (start = 100, so the three compare on one scale and the labels stay short). Drawn by the
// daily report's own line chart (report/chart.h), in its colours: the book as the report draws a
// stack, NIFTY dashed as the report draws it.
std::vector<report::ChartSeries> equity_series(const Record& r) {
  report::ChartSeries book{"KISS Signal book", {}, "#0969da", false, false};
  report::ChartSeries nifty{"NIFTY", {}, "#57606a", true, false};
  report::ChartSeries bh{"buy-and-hold", {}, "#bf8700", false, false};
  if (r.days.empty()) return {book, nifty, bh};
  const DayRow& first = r.days.front();
  for (const DayRow& d : r.days) {
    book.values.push_back(100.0 * d.equity / first.equity);
    nifty.values.push_back(100.0 * d.nifty / first.nifty);
    bh.values.push_back(100.0 * d.buy_hold / first.buy_hold);
  }
  return {book, nifty, bh};
}

// Each series' drawdown from its running peak, in %; the book's as an area.
std::vector<report::ChartSeries> drawdown_series(const std::vector<report::ChartSeries>& equity) {
  std::vector<report::ChartSeries> out;
  for (const report::ChartSeries& s : equity) {
    report::ChartSeries d{s.name, {}, s.color, s.dashed, out.empty()};
    double peak = std::nan("");
    for (double v : s.values) {
      if (!std::isnan(v) && (std::isnan(peak) || v > peak)) peak = v;
      d.values.push_back(std::isnan(v) ? v : (v / peak - 1.0) * 100.0);
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<Date> dates_of(const Record& r) {
  std::vector<Date> d;
  for (const DayRow& row : r.days) d.push_back(row.date);
  return d;
}

const char* kCaveats[] = {
    "Costs are included: every fill pays the configured charges (STT, exchange, SEBI, stamp "
    "duty, GST, DP) and slippage, as in `run`.",
    "Each signal is taken at the next day's open, the day after the report that shows it; "
    "nothing is bought at the signal's close.",
    "The universe is today's list: stocks that left the index before today are missing "
    "(survivorship), which flatters both the book and the buy-and-hold.",
    "Every day's stack is chosen only from the bars up to that day (walk-forward), as `run "
    "--freeze-data` would have chosen it then; the rules file and the configuration are today's.",
};

}  // namespace

std::string equity_csv(const Record& record) {
  std::string out = "date,equity,cash,exposure_pct,nifty,buy_hold,book_equity,open_positions\n";
  for (const DayRow& d : record.days) {
    out += format_date(d.date) + "," + fixed(d.equity, 4) + "," + fixed(d.cash, 4) + "," +
           fixed(d.equity > 0 ? d.held_value / d.equity * 100.0 : 0.0, 4) + "," +
           (std::isnan(d.nifty) ? std::string() : fixed(d.nifty, 4)) + "," + fixed(d.buy_hold, 4) +
           "," + fixed(d.book_equity, 4) + "," + std::to_string(d.open_positions) + "\n";
  }
  return out;
}

std::string trades_csv(const Record& record) {
  std::string out =
      "symbol,status,signal_date,fill_date,fill_price,exit_date,exit_price,reason,shares,"
      "net_return_pct,stack\n";
  const auto opt_date = [](const std::optional<Date>& d) {
    return d ? format_date(*d) : std::string();
  };
  const auto opt_num = [](const std::optional<double>& v) {
    return v ? fixed(*v, 4) : std::string();
  };
  for (const BookPosition& p : record.positions) {
    out += p.symbol + "," + std::string(to_string(p.status)) + "," + format_date(p.signal_date) +
           "," + opt_date(p.entry_date) + "," + opt_num(p.entry_price) + "," +
           opt_date(p.exit_date) + "," + opt_num(p.exit_price) + "," + p.exit_reason + "," +
           (p.shares ? std::to_string(*p.shares) : std::string()) + "," +
           opt_num(p.final_return_pct) + "," + join(p.rule_stack, '+') + "\n";
  }
  return out;
}

std::string markdown_report(const Record& record, const Figures& f,
                            const std::vector<MonthReturn>& months, const About& about) {
  (void)record;
  std::string md = "# KISS Signal track record, " + period(f) + "\n\n";
  md += "Every report of `kiss-signal run` from " + format_date(f.first) + " to " +
        format_date(f.last) + " followed as one book: capital " + rupees(about.capital) +
        ", at most " + std::to_string(about.max_open_positions) + " positions, " +
        std::to_string(about.stocks) + " stocks, benchmark " + report::md_escape(about.benchmark) +
        ". Command: `" + about.command + "`.\n\n";
  md += "| figure | book | NIFTY | buy-and-hold |\n|---|---|---|---|\n";
  for (const FigureRow& r : figure_rows(f)) {
    md += "| " + r.name + " | " + r.book + " | " + r.nifty + " | " + r.buy_hold + " |\n";
  }
  md += "\n## Monthly returns\n\n| month | book | NIFTY | buy-and-hold |\n|---|---|---|---|\n";
  for (const MonthReturn& m : months) {
    md += "| " + month_name(m.year, m.month) + " | " + pct(m.book) + " | " + pct(m.nifty) + " | " +
          pct(m.buy_hold) + " |\n";
  }
  md += "\n## Caveats\n\n";
  for (const char* c : kCaveats) md += std::string("- ") + c + "\n";
  md +=
      "\nThe equity and drawdown charts are in the HTML report; the daily book is in "
      "equity.csv, every position in trades.csv. Formulas: docs/track-record.md.\n\n";
  md += "KISS Signal " + about.version + " · config " + about.config_hash + "\n";
  return md;
}

std::string html_report(const Record& record, const Figures& f,
                        const std::vector<MonthReturn>& months, const About& about) {
  using report::html_escape;
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>KISS Signal track record " +
      format_date(f.first) + " to " + format_date(f.last) + "</title><style>";
  h += report::page_style();
  h += "td,th{text-align:right}td:first-child,th:first-child{text-align:left}</style></head>"
       "<body>\n";
  h += "<h1>KISS Signal track record</h1>\n<p>" + html_escape(period(f)) +
       ". Every report of <code>kiss-signal run</code> followed as one book: capital " +
       html_escape(rupees(about.capital)) + ", at most " +
       std::to_string(about.max_open_positions) + " positions, " + std::to_string(about.stocks) +
       " stocks, benchmark " + html_escape(about.benchmark) + ". Command: <code>" +
       html_escape(about.command) + "</code>.</p>\n";
  h += "<div class=\"scroll\"><table><tr><th>figure</th><th>book</th><th>NIFTY</th>"
       "<th>buy-and-hold</th></tr>\n";
  for (const FigureRow& r : figure_rows(f)) {
    h += "<tr><td>" + html_escape(r.name) + "</td><td>" + html_escape(r.book) + "</td><td>" +
         html_escape(r.nifty) + "</td><td>" + html_escape(r.buy_hold) + "</td></tr>\n";
  }
  h += "</table></div>\n";
  const std::vector<Date> dates = dates_of(record);
  const std::vector<report::ChartSeries> equity = equity_series(record);
  h += "<h2>Equity</h2>\n" +
       report::render_line_chart(
           {"Equity (start = 100): the book, NIFTY and the buy-and-hold", dates, equity, ""}) +
       "\n";
  h += "<h2>Drawdown</h2>\n" +
       report::render_line_chart(
           {"Drawdown from the running peak (%)", dates, drawdown_series(equity), "%"}) +
       "\n";
  h += "<h2>Monthly returns</h2>\n<table><tr><th>month</th><th>book</th><th>NIFTY</th>"
       "<th>buy-and-hold</th></tr>\n";
  for (const MonthReturn& m : months) {
    h += "<tr><td>" + month_name(m.year, m.month) + "</td><td>" + html_escape(pct(m.book)) +
         "</td><td>" + html_escape(pct(m.nifty)) + "</td><td>" + html_escape(pct(m.buy_hold)) +
         "</td></tr>\n";
  }
  h += "</table>\n<h2>Caveats</h2>\n<ul>\n";
  for (const char* c : kCaveats) h += "<li>" + html_escape(c) + "</li>\n";
  h += "</ul>\n<p>The daily book is in equity.csv, every position in trades.csv.</p>\n<footer>"
       "KISS Signal " +
       html_escape(about.version) + " · config " + html_escape(about.config_hash) +
       "</footer>\n</body></html>\n";
  return h;
}

std::string figures_json(const Figures& f) {
  using nlohmann::json;
  const auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  const auto series = [&](const SeriesFigures& s) {
    if (!s.defined) return json(nullptr);
    return json{{"start", num(s.start)},
                {"end", num(s.end)},
                {"total_return_pct", num(s.total_return_pct)},
                {"cagr_pct", num(s.cagr_pct)},
                {"max_drawdown_pct", num(s.max_drawdown_pct)},
                {"drawdown_peak", s.drawdown_peak ? json(format_date(s.drawdown_peak)) : json()},
                {"drawdown_trough",
                 s.drawdown_trough ? json(format_date(s.drawdown_trough)) : json()},
                {"sharpe", num(s.sharpe)}};
  };
  json j{{"from", format_date(f.first)},
         {"to", format_date(f.last)},
         {"days", f.days},
         {"book", series(f.book)},
         {"nifty", series(f.nifty)},
         {"buy_hold", series(f.buy_hold)},
         {"exposure_pct", num(f.exposure_pct)},
         {"trades", f.trades},
         {"open_at_end", f.open_at_end},
         {"win_pct", num(f.win_pct)},
         {"avg_trade_pct", num(f.avg_trade_pct)},
         {"turnover", num(f.turnover)}};
  return j.dump(2);
}

std::string summary_table(const Figures& f) {
  const std::vector<FigureRow> rows = figure_rows(f);
  std::size_t w0 = 6, w1 = 4, w2 = 5, w3 = 12;
  for (const FigureRow& r : rows) {
    w0 = std::max(w0, display_width(r.name));
    w1 = std::max(w1, display_width(r.book));
    w2 = std::max(w2, display_width(r.nifty));
    w3 = std::max(w3, display_width(r.buy_hold));
  }
  // By screen columns (util/text.h), so the ₹ amounts line up.
  const auto pad = [](const std::string& s, std::size_t w, bool right) {
    return right ? pad_left(s, w) : pad_right(s, w);
  };
  std::string out = "Track record " + period(f) + "\n";
  out += pad("figure", w0, false) + "  " + pad("book", w1, true) + "  " + pad("NIFTY", w2, true) +
         "  " + pad("buy-and-hold", w3, true) + "\n";
  for (const FigureRow& r : rows) {
    out += pad(r.name, w0, false) + "  " + pad(r.book, w1, true) + "  " + pad(r.nifty, w2, true) +
           "  " + pad(r.buy_hold, w3, true) + "\n";
  }
  return out;
}

}  // namespace kiss::track
