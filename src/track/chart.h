// The track record's charts as inline SVG (docs/track-record.md): one small self-contained line
// chart, several series over the same dates, with a y-axis scale, the first and last dates and a
// legend. Kept apart from report/chart.cc (the daily report's charts) so the two can be unified
// later without touching either's callers. Pure; the same input gives the same bytes.
#pragma once
#include <string>
#include <vector>

#include "util/date.h"

namespace kiss::track {

struct ChartSeries {
  std::string name;            // legend text (escaped here)
  std::string colour;          // CSS colour, e.g. "#1f77b4"
  std::vector<double> values;  // one per date; NaN: no point (the line breaks)
};

// A line chart of `series` over `dates`, `width` × `height` pixels; `unit` follows each axis
// label ("%" or "" for rupees). Empty dates: an SVG saying "no data".
std::string line_chart_svg(const std::string& title, const std::vector<Date>& dates,
                           const std::vector<ChartSeries>& series, const std::string& unit,
                           int width = 720, int height = 260);

}  // namespace kiss::track
