// The figures of docs/track-record.md on a four-day record computed by hand, the monthly
// returns, the outputs' shapes, and
// their charts (the daily report's line chart).
#include "track/figures.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "report/html.h"
#include "track/render.h"

namespace kiss::track {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

BookPosition position(const char* symbol, PositionStatus status, double entry,
                      std::optional<double> exit, std::int64_t shares, double ret) {
  BookPosition p;
  p.symbol = symbol;
  p.status = status;
  p.signal_date = days_from_civil(2025, 1, 29);
  p.entry_date = days_from_civil(2025, 1, 30);
  p.entry_price = entry;
  if (exit) {
    p.exit_date = days_from_civil(2025, 2, 3);
    p.exit_price = *exit;
    p.final_return_pct = ret;
    p.exit_reason = "stop_loss";
  }
  p.shares = shares;
  p.rule_stack = {"a", "b"};
  return p;
}

// Equity 100000, 110000, 99000, 121000 on 2025-01-30, 01-31, 02-03, 02-04; NIFTY from the
// second day 200, 210, 189; buy-and-hold flat; half the equity held on the middle two days.
Record four_days() {
  Record r;
  const Date d[] = {days_from_civil(2025, 1, 30), days_from_civil(2025, 1, 31),
                    days_from_civil(2025, 2, 3), days_from_civil(2025, 2, 4)};
  const double equity[] = {100000, 110000, 99000, 121000};
  const double held[] = {0, 55000, 49500, 0};
  const double nifty[] = {kNaN, 200, 210, 189};
  for (int i = 0; i < 4; ++i) {
    DayRow row;
    row.date = d[i];
    row.equity = equity[i];
    row.cash = equity[i] - held[i];
    row.book_equity = 100000;
    row.held_value = held[i];
    row.nifty = nifty[i];
    row.buy_hold = 100000;
    r.days.push_back(row);
  }
  r.positions = {position("A", PositionStatus::kClosed, 100, 105.5, 10, 5.0),
                 position("B", PositionStatus::kClosed, 50, 48.6, 20, -3.0),
                 position("C", PositionStatus::kOpen, 200, std::nullopt, 5, 0)};
  return r;
}

TEST(Figures, HandComputedFourDays) {
  const Figures f = compute_figures(four_days());
  EXPECT_EQ(f.days, 4);
  EXPECT_EQ(format_date(f.first), "2025-01-30");
  EXPECT_EQ(format_date(f.last), "2025-02-04");
  ASSERT_TRUE(f.book.defined);
  EXPECT_DOUBLE_EQ(f.book.total_return_pct, 21.0);
  EXPECT_NEAR(f.book.cagr_pct, 899437640.3477199, 1e-3);  // 1.21^(252/3) − 1: 3 returns
  EXPECT_DOUBLE_EQ(f.book.max_drawdown_pct, 10.0);        // 110000 -> 99000
  EXPECT_EQ(format_date(f.book.drawdown_peak), "2025-01-31");
  EXPECT_EQ(format_date(f.book.drawdown_trough), "2025-02-03");
  // returns 0.1, −0.1, 2/9: mean / sample std × √252
  EXPECT_NEAR(f.book.sharpe, 7.2287657613418626, 1e-9);
  // NIFTY from its first close in the period: 200 -> 189
  ASSERT_TRUE(f.nifty.defined);
  EXPECT_DOUBLE_EQ(f.nifty.start, 200);
  EXPECT_NEAR(f.nifty.total_return_pct, -5.5, 1e-12);
  EXPECT_NEAR(f.nifty.cagr_pct, -99.91975686786846, 1e-9);
  EXPECT_NEAR(f.nifty.max_drawdown_pct, 10.0, 1e-12);  // 210 -> 189
  EXPECT_NEAR(f.nifty.sharpe, -3.7416573867739413, 1e-9);
  // Buy-and-hold flat: no drawdown, Sharpe undefined (0).
  EXPECT_DOUBLE_EQ(f.buy_hold.total_return_pct, 0.0);
  EXPECT_EQ(f.buy_hold.drawdown_peak, 0);
  EXPECT_DOUBLE_EQ(f.buy_hold.sharpe, 0.0);
  EXPECT_DOUBLE_EQ(f.exposure_pct, 25.0);  // (0 + 0.5 + 0.5 + 0) / 4
  EXPECT_EQ(f.trades, 2);
  EXPECT_EQ(f.open_at_end, 1);
  EXPECT_DOUBLE_EQ(f.win_pct, 50.0);
  EXPECT_DOUBLE_EQ(f.avg_trade_pct, 1.0);
  // (1000 + 1055 + 1000 + 972 + 1000) / 2 / 107500 mean equity / (3 / 252) years
  EXPECT_NEAR(f.turnover, 1.9640372093023255, 1e-12);
}

TEST(Figures, MonthlyReturns) {
  const auto m = monthly_returns(four_days());
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].year, 2025);
  EXPECT_EQ(m[0].month, 1);
  EXPECT_NEAR(m[0].book, 10.0, 1e-12);
  EXPECT_NEAR(m[0].nifty, 0.0, 1e-12);  // from its first close, 200
  EXPECT_NEAR(m[0].buy_hold, 0.0, 1e-12);
  EXPECT_EQ(m[1].month, 2);
  EXPECT_NEAR(m[1].book, 10.0, 1e-12);   // 110000 -> 121000
  EXPECT_NEAR(m[1].nifty, -5.5, 1e-12);  // 200 -> 189
}

TEST(Figures, OneDayHasNoSeriesFigures) {
  Record r = four_days();
  r.days.resize(1);
  const Figures f = compute_figures(r);
  EXPECT_FALSE(f.book.defined);
  EXPECT_FALSE(f.nifty.defined);
  EXPECT_NE(summary_table(f).find("n/a"), std::string::npos);
}

TEST(Render, CsvFilesHaveOneRowPerDayAndPosition) {
  const Record r = four_days();
  const std::string eq = equity_csv(r);
  EXPECT_EQ(eq.substr(0, eq.find('\n')),
            "date,equity,cash,exposure_pct,nifty,buy_hold,book_equity,open_positions");
  EXPECT_NE(eq.find("\n2025-01-30,100000.0000,100000.0000,0.0000,,100000.0000,100000.0000,0\n"),
            std::string::npos)
      << eq;
  EXPECT_NE(eq.find("\n2025-01-31,110000.0000,55000.0000,50.0000,200.0000,"), std::string::npos);
  const std::string tr = trades_csv(r);
  EXPECT_NE(tr.find("\nA,CLOSED,2025-01-29,2025-01-30,100.0000,2025-02-03,105.5000,stop_loss,10,"
                    "5.0000,a+b\n"),
            std::string::npos)
      << tr;
  EXPECT_NE(tr.find("\nC,OPEN,2025-01-29,2025-01-30,200.0000,,,,5,,a+b\n"), std::string::npos);
}

TEST(Render, ReportsCarryTheFiguresTheChartsAndTheCaveats) {
  const Record r = four_days();
  const Figures f = compute_figures(r);
  const auto months = monthly_returns(r);
  About about;
  about.command = "kiss-signal track-record --from 2025-01-30 --to 2025-02-04";
  about.version = "1.0.0";
  about.config_hash = "abc";
  about.benchmark = "^NSEI";
  about.capital = 100000;
  const std::string md = markdown_report(r, f, months, about);
  EXPECT_NE(md.find("| total return | +21.00% | -5.50% | +0.00% |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 2025-02 | +10.00% | -5.50% | +0.00% |"), std::string::npos) << md;
  EXPECT_NE(md.find("survivorship"), std::string::npos);
  EXPECT_NE(md.find("next day's open"), std::string::npos);
  EXPECT_NE(md.find("Costs are included"), std::string::npos);
  const std::string html = html_report(r, f, months, about);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://", html.find("<body")), html.find("http://www.w3.org/2000/svg"));
  // Equity and drawdown, drawn by the daily report's line chart (report/chart.h) and styled by
  // its page CSS.
  int charts = 0;
  const std::string mark = "<div class=\"chart line\">";
  for (auto at = html.find(mark); at != std::string::npos; at = html.find(mark, at + 1)) ++charts;
  EXPECT_EQ(charts, 2);
  EXPECT_NE(html.find(std::string(report::page_style())), std::string::npos);
  EXPECT_NE(html.find("KISS Signal book"), std::string::npos);
  EXPECT_EQ(html, html_report(r, f, months, about));
  EXPECT_NE(figures_json(f).find("\"trades\": 2"), std::string::npos) << figures_json(f);
}

}  // namespace
}  // namespace kiss::track
