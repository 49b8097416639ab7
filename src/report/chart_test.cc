#include "report/chart.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "report/test_reports.h"

namespace kiss::report {
namespace {

using testing::d;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t count(const std::string& s, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

// The text between the first `open` and the next "</svg>" after it (for the plot: up to the
// end of its stretched layer, whose </svg> comes first).
std::string between(const std::string& s, const std::string& open, const std::string& close) {
  const std::size_t a = s.find(open);
  if (a == std::string::npos) return "";
  const std::size_t b = s.find(close, a);
  return s.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

// The plot SVG whole (its stretched layer and its px layer), and the margin SVG.
std::string plot_of(const std::string& chart) {
  return between(chart, "<svg class=\"plot\"", "<svg class=\"mg\"");
}
std::string margin_of(const std::string& chart) {
  return between(chart, "<svg class=\"mg\"", "</svg>");
}

// The y of every `<text ... class="lv"` in `svg`, in order.
std::vector<double> label_ys(const std::string& svg) {
  std::vector<double> ys;
  for (std::size_t p = svg.find("<text"); p != std::string::npos; p = svg.find("<text", p + 1)) {
    const std::size_t end = svg.find('>', p);
    const std::string tag = svg.substr(p, end - p);
    if (tag.find("class=\"lv\"") == std::string::npos) continue;
    const std::size_t y = tag.find(" y=\"");
    ys.push_back(std::strtod(tag.c_str() + y + 4, nullptr));
  }
  return ys;
}

// Three bars: open 10, 15, 32; high 11, 21, 33; low 9, 14, 29; close 10, 20, 30; volume 100,
// 200, 50; a two-bar line (NaN, 15, 25); entry on bar 1 at 20, stop 15, target 32.
// y range: lows/highs 9..33 with the levels inside, padded by 5% of 24 = 1.2 -> 7.8..34.2, over
// the candle panel 8..184: y(v) = 184 - (v - 7.8) / 26.4 * 176.
//   y(20) = 102.67 -> 102.7; y(15) = 136.0; y(32) = 22.67 -> 22.7; y(30) = 36.0; y(10) = 169.3;
//   y(33) = 16.0; y(29) = 42.67 -> 42.7; y(11) = 162.67 -> 162.7; y(9) = 176.0.
// x: bar i is the unit [i, i + 1] of the stretched layer, 3 bars + 4 empty slots = 7 wide.
PriceChart three_bars() {
  PriceChart c;
  c.symbol = "ABC";
  c.dates = {d(2025, 8, 6), d(2025, 8, 7), d(2025, 8, 8)};
  c.close = {10, 20, 30};
  c.open = {10, 15, 32};
  c.high = {11, 21, 33};
  c.low = {9, 14, 29};
  c.volume = {100, 200, 50};
  c.lines.push_back({"SMA 2", {kNaN, 15, 25}});
  c.entry_date = d(2025, 8, 7);
  c.entry_price = 20;
  c.stop_level = 15;
  c.target_level = 32;
  return c;
}

TEST(Chart, OneCandleAndOneVolumeBarPerBar) {
  const std::string svg = render_price_chart(three_bars());
  EXPECT_EQ(count(svg, "<rect class=\"cd "), 3u) << svg;
  EXPECT_EQ(count(svg, "<rect class=\"cd up\""), 2u);  // bars 0 (doji) and 1
  EXPECT_EQ(count(svg, "<rect class=\"cd dn\""), 1u);  // bar 2 closes below its open
  EXPECT_EQ(count(svg, "<rect class=\"vol\""), 3u);
  // Bodies by hand: bar 1 from y(20) down to y(15); bar 0 a doji, 1 px high.
  EXPECT_NE(svg.find("<rect class=\"cd up\" x=\"1.2\" y=\"102.7\" width=\"0.7\" height=\"33.3\""),
            std::string::npos);
  EXPECT_NE(svg.find("<rect class=\"cd up\" x=\"0.2\" y=\"169.3\" width=\"0.7\" height=\"1.0\""),
            std::string::npos);
  // Wicks, high to low, at each bar's centre, one path per colour.
  EXPECT_NE(svg.find("d=\"M0.5 162.7V176.0M1.5 96.0V142.7\" stroke=\"#1a7f37\""), std::string::npos)
      << svg;
  EXPECT_NE(svg.find("d=\"M2.5 16.0V42.7\" stroke=\"#cf222e\""), std::string::npos);
  // Volume 200 is the panel's full height (192..238), 100 half of it.
  EXPECT_NE(svg.find("<rect class=\"vol\" x=\"1.2\" y=\"192.0\" width=\"0.7\" height=\"46.0\""),
            std::string::npos);
  EXPECT_NE(svg.find("<rect class=\"vol\" x=\"0.2\" y=\"215.0\" width=\"0.7\" height=\"23.0\""),
            std::string::npos);
  EXPECT_NE(svg.find("viewBox=\"0 0 7.0 266\" preserveAspectRatio=\"none\""), std::string::npos);
}

TEST(Chart, IndicatorLinesFromTheirFirstValue) {
  PriceChart c = three_bars();
  c.lines.push_back({"EMA 3", {12, 18, 26}});
  const std::string svg = render_price_chart(c);
  EXPECT_EQ(count(svg, "<polyline class=\"ma\""), 2u);
  // y(15) = 136.0, y(25) = 184 - 17.2 / 26.4 * 176 = 69.33 -> 69.3
  EXPECT_NE(svg.find("stroke=\"#bf8700\" stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\" "
                     "points=\"1.5,136.0 2.5,69.3\""),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("</i>SMA 2</span>"), std::string::npos);  // named in the legend
  EXPECT_NE(svg.find("</i>EMA 3</span>"), std::string::npos);
}

// Entry, stop and target start at the entry bar's centre (x 1.5), not at the left edge, and run
// through the empty slots to the right edge (7.0) while the position is open.
TEST(Chart, LevelsStartAtTheEntryBar) {
  const std::string svg = render_price_chart(three_bars());
  EXPECT_NE(svg.find("<line class=\"lvl entry\" x1=\"1.5\" x2=\"7.0\" y1=\"102.7\""),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("<line class=\"lvl stop\" x1=\"1.5\" x2=\"7.0\" y1=\"136.0\""),
            std::string::npos);
  EXPECT_NE(svg.find("<line class=\"lvl target\" x1=\"1.5\" x2=\"7.0\" y1=\"22.7\""),
            std::string::npos);
  EXPECT_EQ(count(svg, "class=\"lvl "), 3u);
  // The entry marker in the px layer at bar 1's centre: 1.5 / 7 = 21.4% of the plot width.
  EXPECT_NE(svg.find("<circle class=\"mk entry\" cx=\"21.4%\" cy=\"102.7\""), std::string::npos);
  EXPECT_EQ(svg.find("mk exit"), std::string::npos);
}

// A sale: the levels end at the exit bar, which has its marker and its label.
TEST(Chart, SaleEndsTheLevelsAtTheExit) {
  PriceChart c = three_bars();
  c.entry_date = d(2025, 8, 6);
  c.entry_price = 10;
  c.exit_date = d(2025, 8, 8);
  c.exit_price = 30;
  const std::string svg = render_price_chart(c);
  EXPECT_NE(svg.find("<line class=\"lvl stop\" x1=\"0.5\" x2=\"2.5\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("<circle class=\"mk exit\" cx=\"35.7%\" cy=\"36.0\""), std::string::npos);
  EXPECT_NE(svg.find("<circle class=\"mk entry\" cx=\"7.1%\" cy=\"169.3\""), std::string::npos);
  EXPECT_NE(margin_of(svg).find(">Exit 30.00</text>"), std::string::npos);
}

// An entry before the window: the levels run from the left edge, there is no entry marker, and
// the entry price does not stretch the y range (it stays 7.8..34.2).
TEST(Chart, EntryBeforeTheWindow) {
  PriceChart c = three_bars();
  c.entry_date = d(2025, 7, 1);
  c.entry_price = 500;
  const std::string svg = render_price_chart(c);
  EXPECT_EQ(svg.find("mk entry"), std::string::npos);
  EXPECT_EQ(svg.find("Entry"), std::string::npos);
  EXPECT_NE(svg.find("<line class=\"lvl stop\" x1=\"0.0\" x2=\"7.0\" y1=\"136.0\""),
            std::string::npos)
      << svg;
}

// Every level label sits in the margin SVG, none in the plot; each has a tick at its level.
TEST(Chart, LabelsOnlyInTheMargin) {
  const std::string svg = render_price_chart(three_bars());
  const std::string plot = plot_of(svg), margin = margin_of(svg);
  EXPECT_EQ(count(plot, "class=\"lv\""), 0u) << plot;
  EXPECT_EQ(count(margin, "class=\"lv\""), 4u) << margin;  // Last, Entry, Stop, Target
  for (const char* l : {">Last 30.00<", ">Entry 20.00<", ">Stop 15.00<", ">Target 32.00<"}) {
    EXPECT_NE(margin.find(l), std::string::npos) << l;
  }
  EXPECT_NE(margin.find("width=\"128\" height=\"266\""), std::string::npos);
  EXPECT_NE(svg.find("grid-template-columns:minmax(0,1fr) 128px"), std::string::npos);
  // Target (22.7) and Last (36.0) are 13.3 apart: Last is pushed down to 22.7 + 17 = 39.7, its
  // tick still drawn from its level.
  EXPECT_NE(margin.find("<line x1=\"0\" x2=\"5\" y1=\"36.0\" y2=\"39.7\""), std::string::npos)
      << margin;
  // The axis numbers a label would crowd are left out: 10 (169.3) stays, 20 and 30 go.
  EXPECT_NE(margin.find(">10</text>"), std::string::npos);
  EXPECT_EQ(margin.find(">20</text>"), std::string::npos);
  EXPECT_EQ(margin.find(">30</text>"), std::string::npos);
}

// Levels a hair apart still give labels 17 px apart, all inside the candle panel.
TEST(Chart, CrowdedLabelsAreSpreadInsideThePanel) {
  PriceChart c = three_bars();
  c.entry_price = 20;
  c.stop_level = 19.9;
  c.target_level = 20.1;
  c.close = {20, 20, 20};
  c.open = {20, 20, 20};
  c.high = {20.05, 20.05, 20.05};
  c.low = {19.95, 19.95, 19.95};
  const std::vector<double> ys = label_ys(margin_of(render_price_chart(c)));
  ASSERT_EQ(ys.size(), 4u);
  for (std::size_t i = 0; i < ys.size(); ++i) {
    EXPECT_GE(ys[i], kPriceTop + 5.0 + 5.0 - 0.05);  // baseline = centre + 5
    EXPECT_LE(ys[i], kPriceBottom + 5.0 + 0.05);
    for (std::size_t j = i + 1; j < ys.size(); ++j) {
      EXPECT_GE(std::abs(ys[i] - ys[j]), 17.0 - 0.05) << i << " " << j;
    }
  }
}

TEST(Chart, DateLabelsFirstMiddleLast) {
  PriceChart c = three_bars();
  c.dates = testing::weekdays_ending(d(2025, 8, 8), 5);
  c.close = {1, 2, 3, 4, 5};
  c.open.clear();
  const std::string svg = render_price_chart(c);
  EXPECT_NE(svg.find("<text x=\"0\" y=\"256.0\" class=\"ax\" fill=\"#57606a\">2025-08-04</text>"),
            std::string::npos)
      << svg;
  // Bar 2 of 5 + 4 slots: 2.5 / 9 = 27.8%; bar 4: 4.5 / 9 = 50.0%.
  EXPECT_NE(svg.find("x=\"27.8%\" y=\"256.0\" text-anchor=\"middle\" class=\"ax\" "
                     "fill=\"#57606a\">2025-08-06</text>"),
            std::string::npos);
  EXPECT_NE(svg.find("x=\"50.0%\" y=\"256.0\" text-anchor=\"end\" class=\"ax\" "
                     "fill=\"#57606a\">2025-08-08</text>"),
            std::string::npos);
}

// A report stored before open/high/low existed: the close line, no candles, the volume kept.
TEST(Chart, CloseLineWithoutCandles) {
  PriceChart c = three_bars();
  c.open.clear();
  c.high.clear();
  c.low.clear();
  c.lines.clear();
  const std::string svg = render_price_chart(c);
  EXPECT_EQ(count(svg, "class=\"cd "), 0u);
  EXPECT_EQ(count(svg, "<polyline class=\"close\""), 1u);
  EXPECT_EQ(count(svg, "<rect class=\"vol\""), 3u);
  EXPECT_NE(svg.find("Close, last 3 bars"), std::string::npos);
}

TEST(Chart, BarWithAMissingValueHasNoCandle) {
  PriceChart c = three_bars();
  c.high[1] = kNaN;
  const std::string svg = render_price_chart(c);
  EXPECT_EQ(count(svg, "<rect class=\"cd "), 2u);
}

TEST(Chart, TinyRangeDoesNotHang) {
  PriceChart c = three_bars();
  c.open.clear();
  c.lines.clear();
  c.close = {1.0, 1.0 + 1e-15, 1.0 + 2e-15};
  c.entry_date = 0;
  c.equity_dates = c.dates;
  c.equity = {0, 5e-324, 5e-324};  // one subnormal step: range/4 underflows to 0
  c.benchmark = {1e-310, 1e-310, 1e-310};
  const std::string svg = render_chart_svg(c);
  // The lines are still drawn (close, strategy, NIFTY), with at most 12 grid lines a chart.
  EXPECT_EQ(count(svg, "<polyline"), 3u) << svg;
  EXPECT_LE(count(svg, "class=\"grid\""), 24u);
}

TEST(Chart, SymbolIsEscaped) {
  PriceChart c = three_bars();
  c.symbol = "M&M";
  const std::string svg = render_price_chart(c);
  EXPECT_NE(svg.find("<title>M&amp;M price chart</title>"), std::string::npos);
  EXPECT_EQ(svg.find("M&M"), std::string::npos);
}

TEST(LineChart, NoDataSaysSo) {
  LineChart c;
  c.title = "Equity <empty>";
  const std::string svg = render_line_chart(c);
  EXPECT_NE(svg.find(">No data<"), std::string::npos);
  EXPECT_NE(svg.find("<title>Equity &lt;empty&gt;</title>"), std::string::npos);
  EXPECT_EQ(svg.find("<polyline"), std::string::npos);
  EXPECT_EQ(count(svg, "<svg"), count(svg, "</svg>"));
  EXPECT_EQ(count(svg, "<div"), count(svg, "</div>"));
}

TEST(Chart, NoDataSaysSo) {
  PriceChart c;
  c.symbol = "EMPTY";
  const std::string svg = render_chart_svg(c);
  EXPECT_NE(svg.find("No price data"), std::string::npos);
  EXPECT_EQ(svg.find("<polyline"), std::string::npos);
  EXPECT_EQ(count(svg, "<svg"), 3u);
  EXPECT_EQ(count(svg, "</svg>"), 3u);
}

// ---- Line charts ----------------------------------------------------------------------------

// Three dates, 100 -> 110 -> 105 and a dashed 100 -> 102 -> 104. Range 100..110 padded by 0.5
// -> 99.5..110.5 over the plot 8..158: y(v) = 158 - (v - 99.5) / 11 * 150.
//   y(100) = 151.18 -> 151.2; y(110) = 14.82 -> 14.8; y(105) = 83.0; y(102) = 123.9;
//   y(104) = 96.6. x: date i at i (viewBox 2 wide).
LineChart two_lines() {
  LineChart c;
  c.title = "Equity <&> drawdown";
  c.dates = {d(2025, 8, 6), d(2025, 8, 7), d(2025, 8, 8)};
  c.series.push_back({"Stack", {100, 110, 105}, "#0969da", false, false});
  c.series.push_back({"NIFTY", {100, 102, 104}, "#6e7781", true, false});
  return c;
}

TEST(LineChart, SeriesCoordinatesByHand) {
  const std::string svg = render_line_chart(two_lines());
  EXPECT_NE(svg.find("points=\"0.0,151.2 1.0,14.8 2.0,83.0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("stroke-dasharray=\"5 3\" vector-effect=\"non-scaling-stroke\" "
                     "points=\"0.0,151.2 1.0,123.9 2.0,96.6\""),
            std::string::npos);
  EXPECT_NE(svg.find("viewBox=\"0 0 2.0 188\""), std::string::npos);
  EXPECT_NE(svg.find("<p class=\"ct\">Equity &lt;&amp;&gt; drawdown</p>"), std::string::npos);
  EXPECT_NE(svg.find("</i>Stack</span>"), std::string::npos);
  EXPECT_NE(svg.find("border-top:3px dashed #6e7781\"></i>NIFTY</span>"), std::string::npos);
  // The last values, named in the margin in their series' colour.
  const std::string margin = margin_of(svg);
  EXPECT_NE(margin.find("fill=\"#0969da\">105.0</text>"), std::string::npos) << margin;
  EXPECT_NE(margin.find("fill=\"#6e7781\">104.0</text>"), std::string::npos);
  EXPECT_EQ(count(plot_of(svg), "class=\"lv\""), 0u);
}

// A drawdown: the area series is filled to zero, and zero is in the range: -10..0 padded by 0.5
// -> -10.5..0.5: y(0) = 158 - 10.5 / 11 * 150 = 14.8; y(-10) = 151.2; y(-4) = 69.4.
TEST(LineChart, AreaFillsToZero) {
  LineChart c;
  c.title = "Drawdown";
  c.unit = "%";
  c.dates = {d(2025, 8, 6), d(2025, 8, 7), d(2025, 8, 8)};
  c.series.push_back({"Drawdown", {0, -10, -4}, "#cf222e", false, true});
  const std::string svg = render_line_chart(c);
  EXPECT_NE(svg.find("<polygon class=\"area\" fill=\"#cf222e\" fill-opacity=\"0.15\" "
                     "points=\"0.0,14.8 1.0,151.2 2.0,69.4 2.0,14.8 0.0,14.8\""),
            std::string::npos)
      << svg;
  EXPECT_NE(margin_of(svg).find(">-4.0%</text>"), std::string::npos);
}

TEST(LineChart, NanBreaksTheLineAndALonePointIsADot) {
  LineChart c = two_lines();
  c.series.resize(1);
  c.dates.push_back(d(2025, 8, 11));
  c.dates.push_back(d(2025, 8, 12));
  c.series[0].values = {100, kNaN, 105, kNaN, 110};
  const std::string svg = render_line_chart(c);
  EXPECT_EQ(count(svg, "<polyline"), 0u);
  EXPECT_EQ(count(svg, "class=\"series dot\""), 3u) << svg;
  c.series[0].values = {100, 101, kNaN, 105, 110};
  EXPECT_EQ(count(render_line_chart(c), "<polyline"), 2u);
}

// 5,000 dates with a NaN at 2,500: thinned to every 10th point plus the segment ends, and still
// two segments with the gap in place.
TEST(LineChart, LongSeriesIsThinnedButKeepsGaps) {
  LineChart c;
  c.title = "long";
  ChartSeries s{"x", {}, "#000", false, false};
  for (int i = 0; i < 5000; ++i) {
    c.dates.push_back(d(2000, 1, 1) + i);
    s.values.push_back(100 + i % 7);
  }
  s.values[2500] = kNaN;
  c.series.push_back(s);
  const std::string svg = render_line_chart(c);
  ASSERT_EQ(count(svg, "<polyline"), 2u);
  // Segment 0..2499: points 0, 10, ..., 2490 (250) + end 2499 = 251. Segment 2501..4999: start
  // 2501, 2510..4990 (249), end 4999 = 251.
  const std::size_t first = svg.find("<polyline");
  const std::size_t pts = svg.find("points=\"", first) + 8;
  const std::string seg1 = svg.substr(pts, svg.find('"', pts) - pts);
  EXPECT_EQ(count(seg1, " ") + 1, 251u);
  const std::size_t pts2 = svg.find("points=\"", svg.find("<polyline", first + 1)) + 8;
  const std::string seg2 = svg.substr(pts2, svg.find('"', pts2) - pts2);
  EXPECT_EQ(count(seg2, " ") + 1, 251u);
}

// The equity chart says what NIFTY line it draws: over the stack's invested days with the
// exposure, or buy and hold for a report stored before the exposure existed.
TEST(EquityChart, TitleSaysWhatIsCompared) {
  PriceChart c = three_bars();
  c.equity_dates = c.dates;
  c.equity = {100, 104, 108};
  c.benchmark = {100, 101, 103};
  c.exposure_pct = 12.5;
  const std::string svg = render_equity_chart(c);
  EXPECT_NE(svg.find("invested 12.5% of days, against NIFTY over the same invested days"),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("</i>Stack (invested 12.5% of days)</span>"), std::string::npos);
  EXPECT_NE(svg.find("</i>NIFTY, same invested days</span>"), std::string::npos);
  EXPECT_EQ(count(svg, "<polyline"), 2u);
  c.exposure_pct = kNaN;
  EXPECT_NE(render_equity_chart(c).find("NIFTY buy and hold"), std::string::npos);
  c.equity_dates.clear();
  EXPECT_EQ(render_equity_chart(c), "");
  EXPECT_EQ(render_chart_svg(c), render_price_chart(c));
}

}  // namespace
}  // namespace kiss::report
