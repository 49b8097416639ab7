// Inline SVG charts for the HTML report (docs/report.md, "Charts"). Every chart is one
// `<div class="chart">`: an HTML caption and legend (they wrap on a phone), then a two-column
// grid of two SVGs: the plot, stretched to the width of the page, and a fixed right margin that
// holds every label, so no label ever covers a candle or a line. Text is CSS pixels (the page's
// table size, html.cc), never scaled by a viewBox.
#pragma once
#include <string>
#include <vector>

#include "report/model.h"
#include "util/date.h"

namespace kiss::report {

// Geometry of the price chart, in CSS pixels (the tests check against it).
inline constexpr int kPriceChartHeight = 266;                // the whole SVG
inline constexpr int kMarginWidth = 128;                     // the right margin of the price chart
inline constexpr int kPriceTop = 8, kPriceBottom = 184;      // the candle panel
inline constexpr int kVolumeTop = 192, kVolumeBottom = 238;  // the volume panel
// Geometry of a line chart: the plot panel is kLinePlotHeight high.
inline constexpr int kLinePlotHeight = 150;
inline constexpr int kLineMarginWidth = 72;

// One named series of a line chart, aligned with LineChart::dates (NaN breaks the line).
struct ChartSeries {
  std::string name;
  std::vector<double> values;
  std::string color = "#0969da";
  bool dashed = false;
  bool area = false;  // fill between the line and zero (a drawdown)
};

// A generic line (or area) chart over dates: the out-of-sample equity of a stack, a track
// record's equity and drawdown.
struct LineChart {
  std::string title;  // the caption; says what the lines are
  std::vector<Date> dates;
  std::vector<ChartSeries> series;
  std::string unit;  // appended to the axis labels and the end values ("%" for a drawdown)
};

// Pure and deterministic: coordinates are printed with one decimal through integer formatting.
// The fragment references nothing outside itself; text is HTML-escaped.
std::string render_line_chart(const LineChart& c);

// The price chart of one position or buy: candles of the bars (the close line when the chart
// has no open/high/low), the volume panel, the stack's indicator lines, entry, stop and target
// from the entry bar on (to the exit bar for a sale), entry and exit markers.
std::string render_price_chart(const PriceChart& c);

// The stack's out-of-sample equity against NIFTY on the same invested days (render_line_chart),
// or "" when the chart has no equity curve.
std::string render_equity_chart(const PriceChart& c);

// Both of the above, as the HTML report shows them.
std::string render_chart_svg(const PriceChart& c);

}  // namespace kiss::report
