#include "report/chart.h"

#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "report/test_reports.h"

namespace kiss::report {
namespace {

using testing::d;

std::size_t count(const std::string& s, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

// Three bars, closes 10, 20, 30. Range 10..30 padded by 5% of 20 = 1 -> 9..31. Plot x from 46
// to 392 (bars at 46, 219, 392), y from 20 (top) to 186 (bottom):
//   y(10) = 186 - 1/22 * 166 = 178.45 -> 178.5; y(20) = 186 - 11/22 * 166 = 103.0;
//   y(30) = 186 - 21/22 * 166 = 27.55 -> 27.5.
PriceChart three_bars() {
  PriceChart c;
  c.symbol = "ABC";
  c.dates = {d(2025, 8, 6), d(2025, 8, 7), d(2025, 8, 8)};
  c.close = {10, 20, 30};
  return c;
}

TEST(Chart, CloseLineCoordinatesByHand) {
  const std::string svg = render_chart_svg(three_bars());
  EXPECT_NE(svg.find("points=\"46.0,178.5 219.0,103.0 392.0,27.5\""), std::string::npos) << svg;
  EXPECT_EQ(count(svg, "<svg"), 1u);
  EXPECT_NE(svg.find("viewBox=\"0 0 400.0 210.0\""), std::string::npos);  // no equity panel
  EXPECT_NE(svg.find("width=\"100%\""), std::string::npos);
}

TEST(Chart, DateLabelsFirstMiddleLast) {
  const std::string svg = render_chart_svg(three_bars());
  EXPECT_NE(svg.find(">2025-08-06</text>"), std::string::npos);
  EXPECT_NE(svg.find(">2025-08-07</text>"), std::string::npos);
  EXPECT_NE(svg.find(">2025-08-08</text>"), std::string::npos);
}

TEST(Chart, EntryAndExitMarkersAtTheirBarsAndPrices) {
  PriceChart c = three_bars();
  c.entry_date = d(2025, 8, 7);
  c.entry_price = 20;
  c.exit_date = d(2025, 8, 8);
  c.exit_price = 30;
  const std::string svg = render_chart_svg(c);
  EXPECT_NE(svg.find("<circle cx=\"219.0\" cy=\"103.0\" r=\"4\" fill=\"#1a7f37\""),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("<circle cx=\"392.0\" cy=\"27.5\" r=\"4\" fill=\"#cf222e\""),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find(">Entry 20.00</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Exit 30.00</text>"), std::string::npos);
}

// An entry before the window: no marker, and its price does not stretch the y range (the
// close line keeps the coordinates worked out above).
TEST(Chart, EntryBeforeTheWindowHasNoMarker) {
  PriceChart c = three_bars();
  c.entry_date = d(2025, 7, 1);
  c.entry_price = 500;
  const std::string svg = render_chart_svg(c);
  EXPECT_EQ(svg.find("Entry"), std::string::npos);
  EXPECT_NE(svg.find("points=\"46.0,178.5 219.0,103.0 392.0,27.5\""), std::string::npos) << svg;
}

TEST(Chart, TinyRangeDoesNotHang) {
  PriceChart c = three_bars();
  c.close = {1.0, 1.0 + 1e-15, 1.0 + 2e-15};
  c.equity_dates = c.dates;
  c.equity = {0, 5e-324, 5e-324};  // one subnormal step: range/4 underflows to 0
  c.benchmark = {1e-310, 1e-310, 1e-310};
  const std::string svg = render_chart_svg(c);
  // All three lines are still drawn (close, NIFTY, strategy); only the grid is left out.
  EXPECT_EQ(count(svg, "<polyline"), 3u) << svg;
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
}

// Stop 0 and target 40 widen the range to 0..40, padded by 2 -> -2..42; y(v) = 186 -
// (v + 2) / 44 * 166: y(0) = 178.45 -> 178.5, y(40) = 27.55 -> 27.5.
TEST(Chart, StopAndTargetLinesWidenTheRange) {
  PriceChart c = three_bars();
  c.stop_level = 1e-9;  // 0 means "none"; a tiny positive stop still draws at ~0
  c.target_level = 40;
  const std::string svg = render_chart_svg(c);
  EXPECT_NE(svg.find("y1=\"27.5\" x2=\"392.0\" y2=\"27.5\" stroke=\"#1a7f37\""), std::string::npos)
      << svg;
  EXPECT_NE(svg.find("y1=\"178.5\" x2=\"392.0\" y2=\"178.5\" stroke=\"#cf222e\""),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find(">Target 40.00</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Stop 0.00</text>"), std::string::npos);
}

TEST(Chart, NanBreaksTheLine) {
  PriceChart c = three_bars();
  c.dates.push_back(d(2025, 8, 11));
  c.dates.push_back(d(2025, 8, 12));
  c.close = {10, 20, std::numeric_limits<double>::quiet_NaN(), 30, 25};
  const std::string svg = render_chart_svg(c);
  // Two segments: bars 0-1 and bars 3-4; nothing is drawn through bar 2.
  EXPECT_EQ(count(svg, "<polyline"), 2u) << svg;
}

TEST(Chart, SinglePointSegmentIsADot) {
  PriceChart c = three_bars();
  c.close = {10, std::numeric_limits<double>::quiet_NaN(), 30};
  const std::string svg = render_chart_svg(c);
  EXPECT_EQ(count(svg, "<polyline"), 0u);
  EXPECT_EQ(count(svg, "r=\"1.5\""), 2u);
}

TEST(Chart, EquityPanelHasTwoLinesAndALegend) {
  PriceChart c = three_bars();
  c.equity_dates = c.dates;
  c.equity = {100, 104, 108};
  c.benchmark = {100, std::numeric_limits<double>::quiet_NaN(), 101};
  const std::string svg = render_chart_svg(c);
  EXPECT_NE(svg.find("viewBox=\"0 0 400.0 410.0\""), std::string::npos);
  EXPECT_NE(svg.find(">Strategy</text>"), std::string::npos);
  EXPECT_NE(svg.find(">NIFTY</text>"), std::string::npos);
  // Strategy: one polyline in its colour. NIFTY: split by the NaN into two one-point dots.
  EXPECT_EQ(count(svg, "<polyline fill=\"none\" stroke=\"#0969da\""), 1u) << svg;
  EXPECT_EQ(count(svg, "<circle cx=\"46.0\""), 1u) << svg;
  EXPECT_EQ(count(svg, "fill=\"#6e7781\""), 2u) << svg;
}

// 5,000 bars with a NaN at bar 2,500: thinned to every 10th bar plus the segment ends, and
// still two segments with the gap in place.
TEST(Chart, LongSeriesIsThinnedButKeepsGaps) {
  PriceChart c;
  c.symbol = "LONG";
  for (int i = 0; i < 5000; ++i) {
    c.dates.push_back(d(2000, 1, 1) + i);
    c.close.push_back(100 + i % 7);
  }
  c.close[2500] = std::numeric_limits<double>::quiet_NaN();
  const std::string svg = render_chart_svg(c);
  ASSERT_EQ(count(svg, "<polyline"), 2u);
  // Vertices = spaces between coordinate pairs + 1 per polyline. Segment 0..2499: bars 0, 10,
  // ..., 2490 (250) + end 2499 = 251. Segment 2501..4999: start 2501, bars 2510..4990 (249),
  // end 4999 = 251.
  const std::size_t first = svg.find("<polyline");
  const std::size_t pts = svg.find("points=\"", first) + 8;
  const std::string seg1 = svg.substr(pts, svg.find('"', pts) - pts);
  EXPECT_EQ(count(seg1, " ") + 1, 251u);
  const std::size_t pts2 = svg.find("points=\"", svg.find("<polyline", first + 1)) + 8;
  const std::string seg2 = svg.substr(pts2, svg.find('"', pts2) - pts2);
  EXPECT_EQ(count(seg2, " ") + 1, 251u);
}

TEST(Chart, SymbolIsEscaped) {
  PriceChart c = three_bars();
  c.symbol = "M&M";
  const std::string svg = render_chart_svg(c);
  EXPECT_NE(svg.find("<title>M&amp;M</title>"), std::string::npos);
  EXPECT_EQ(svg.find("M&M"), std::string::npos);
}

TEST(Chart, NoDataSaysSo) {
  PriceChart c;
  c.symbol = "EMPTY";
  const std::string svg = render_chart_svg(c);
  EXPECT_NE(svg.find("No price data"), std::string::npos);
  EXPECT_EQ(svg.find("<polyline"), std::string::npos);
}

TEST(Chart, FlatSeriesStillDraws) {
  PriceChart c = three_bars();
  c.close = {50, 50, 50};  // range padded to 49..51: the line sits mid-plot at y = 103.0
  const std::string svg = render_chart_svg(c);
  EXPECT_NE(svg.find("points=\"46.0,103.0 219.0,103.0 392.0,103.0\""), std::string::npos) << svg;
}

}  // namespace
}  // namespace kiss::report
