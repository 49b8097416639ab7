#include "report/html.h"

#include <string>

#include <gtest/gtest.h>

#include "report/test_reports.h"

namespace kiss::report {
namespace {

std::size_t count(const std::string& s, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

std::string without(std::string s, const std::string& needle) {
  for (std::size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p)) {
    s.erase(p, needle.size());
  }
  return s;
}

// Every chart of the fixture has an equity curve: a price chart and an equity chart each, and
// each chart is three SVGs (plot, its stretched layer, margin; chart.h).
TEST(Html, PriceAndEquityChartPerPosition) {
  const DailyReport r = testing::full_report();
  const std::string html = render_html(r);
  EXPECT_EQ(count(html, "<div class=\"chart price\">"), r.charts.size());
  EXPECT_EQ(count(html, "<div class=\"chart line\">"), r.charts.size());
  EXPECT_EQ(count(html, "<svg"), 6 * r.charts.size());
  EXPECT_EQ(count(html, "</svg>"), 6 * r.charts.size());
  EXPECT_EQ(count(render_html(testing::empty_report()), "<svg"), 0u);
}

TEST(Html, SelfContained) {
  const std::string html = render_html(testing::full_report());
  const std::string rest = without(html, "xmlns=\"http://www.w3.org/2000/svg\"");
  EXPECT_EQ(rest.find("http://"), std::string::npos);
  EXPECT_EQ(rest.find("https://"), std::string::npos);
  EXPECT_EQ(rest.find("//"), std::string::npos);  // no protocol-relative URLs either
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
}

TEST(Html, PhoneLayout) {
  const std::string html = render_html(testing::full_report());
  EXPECT_NE(html.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"),
            std::string::npos);
  // Every table sits in its own horizontally scrolling box.
  EXPECT_EQ(count(html, "<div class=\"scroll\"><table>"), count(html, "<table>"));
  // New buys, not taken, open positions, positions to sell, recent signals.
  EXPECT_EQ(count(html, "<table>"), 5u);
  EXPECT_NE(html.find(".scroll{overflow-x:auto"), std::string::npos);
  // Per chart (5, each with an equity chart): two plots, each as wide as the page with one
  // stretched layer; labels sit in fixed-width margins (chart.h).
  EXPECT_EQ(count(html, "viewBox="), 10u);
  EXPECT_EQ(count(html, "width=\"100%\""), 20u);
  EXPECT_NE(html.find(".chart{font-size:14px"), std::string::npos);
  EXPECT_NE(html.find("table,.chart{font-size:13px}"), std::string::npos);
}

TEST(Html, EveryTextIsEscaped) {
  DailyReport r = testing::full_report();
  r.warnings.push_back("<script>alert('x')</script>");
  r.config_hash = "a\"b";
  const std::string html = render_html(r);
  EXPECT_NE(html.find("<td>M&amp;M</td>"), std::string::npos);
  EXPECT_NE(html.find("<h3>M&amp;M</h3>"), std::string::npos) << "chart title";
  EXPECT_EQ(html.find("M&M"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("config hash a&quot;b"), std::string::npos);
}

TEST(Html, SameTablesAsTheMarkdown) {
  const std::string html = render_html(testing::full_report());
  EXPECT_NE(html.find("<p class=\"summary\">Summary: 2 New Buy Signals, 2 Open Positions, 3 "
                      "Positions to Sell.</p>"),
            std::string::npos);
  // The order ticket, money in rupees, the stack wrapping after '+'.
  EXPECT_NE(html.find(
                "<tr><td>RELIANCE</td><td>2025-08-08</td><td>BUY 7 at next open</td>"
                "<td class=\"n\">1393.70</td><td class=\"n\">\u20b99777.99</td>"
                "<td class=\"n\">1324.00</td><td class=\"n\">1533.07</td>"
                "<td class=\"n\">\u20b9497.66</td><td>close of day 20</td>"
                "<td class=\"w\">sma_10_20_crossover+<wbr>rsi_momentum</td>"
                "<td class=\"n\">0.62</td><td class=\"n\">14</td><td class=\"n\">9</td></tr>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>Signal<br>Date</th>"), std::string::npos);
  EXPECT_NE(html.find("<th class=\"n\">Return %<br>(net)</th>"), std::string::npos);
  EXPECT_NE(html.find("<td>TCS (PENDING)</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"n\">1580.00 (yours)</td><td class=\"n\">1578.42</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"n dn\">-4.91%</td><td class=\"n dn\">-1.23%</td>"
                      "<td class=\"n\">14 / 20</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"w\">holding period | 20 bars</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"w\">opened below the stop: sold at that open</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"w\">no slot (10 of 10 positions held)</td>"), std::string::npos);
  EXPECT_NE(html.find("<h2>Today</h2>"), std::string::npos);
  EXPECT_NE(html.find("<li>SELL 40 WIPRO at next open (exit rule rsi_70 true at the close)</li>"),
            std::string::npos);
  EXPECT_NE(html.find("<h2>Legend</h2>"), std::string::npos);
  EXPECT_EQ(html.find("IN-SAMPLE"), std::string::npos);
}

// No buy: the reason and the nearest candidates, as in the markdown.
TEST(Html, QuietDaySaysWhyAndShowsTheNearest) {
  const std::string html = render_html(testing::quiet_report());
  EXPECT_NE(html.find("No new buy signals today: market filter off: ^NSEI 24611.00 below its "
                      "50-day average 24882.00"),
            std::string::npos);
  EXPECT_NE(html.find("<td>TCS</td><td class=\"w\">sma_10_20_crossover</td>"
                      "<td class=\"n\">0.71</td><td class=\"n\">15</td>"
                      "<td class=\"w\">entry true on 2025-08-06 (2 bars ago)</td>"),
            std::string::npos);
}

TEST(Html, EmptyDayAndBanners) {
  const std::string empty = render_html(testing::empty_report());
  EXPECT_NE(empty.find("No new buy signals today."), std::string::npos);
  EXPECT_NE(empty.find("No open positions."), std::string::npos);
  EXPECT_NE(empty.find("No positions to sell today."), std::string::npos);
  EXPECT_EQ(empty.find("<h2>Charts</h2>"), std::string::npos);
  const std::string banners = render_html(testing::banner_report());
  EXPECT_NE(banners.find("class=\"banner insample\""), std::string::npos);
  EXPECT_NE(banners.find("class=\"banner unsaved\""), std::string::npos);
}

TEST(Html, DeterministicAndIndependentOfRunTimestamp) {
  DailyReport a = testing::full_report();
  DailyReport b = a;
  b.run_timestamp = "2030-01-01T00:00:00";
  EXPECT_EQ(render_html(a), render_html(b));
}

}  // namespace
}  // namespace kiss::report
