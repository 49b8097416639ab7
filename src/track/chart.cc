#include "track/chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace kiss::track {

namespace {

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string label(double v, const std::string& unit) {
  char buf[48];
  if (unit == "%") std::snprintf(buf, sizeof buf, "%.1f%%", v);
  else std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

}  // namespace

// A screen: the frame, the scale, one polyline per series (broken at NaN) and the legend.
std::string line_chart_svg(const std::string& title, const std::vector<Date>& dates,
                           const std::vector<ChartSeries>& series, const std::string& unit,
                           int width, int height) {
  const double left = 64, right = 12, top = 40, bottom = 24;  // title, then legend, above
  const double w = width - left - right, h = height - top - bottom;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(height) +
                    "\" width=\"100%\" role=\"img\" aria-label=\"" + esc(title) +
                    "\" style=\"max-width:" + std::to_string(width) + "px;font:11px sans-serif\">";
  svg += "<text x=\"" + num(left) + "\" y=\"16\" font-weight=\"bold\">" + esc(title) + "</text>";
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const ChartSeries& s : series) {
    for (double v : s.values) {
      if (std::isnan(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (dates.size() < 2 || !(lo <= hi))
    return svg + "<text x=\"" + num(left) + "\" y=\"60\">no data</text></svg>";
  if (hi == lo) {
    hi += 1;
    lo -= 1;
  }
  const auto x = [&](std::size_t i) {
    return left + w * static_cast<double>(i) / static_cast<double>(dates.size() - 1);
  };
  const auto y = [&](double v) { return top + h * (hi - v) / (hi - lo); };
  svg += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(w) + "\" height=\"" +
         num(h) + "\" fill=\"none\" stroke=\"#ccc\"/>";
  for (int k = 0; k <= 4; ++k) {  // five horizontal grid lines with their values
    const double v = lo + (hi - lo) * k / 4.0;
    svg += "<line x1=\"" + num(left) + "\" x2=\"" + num(left + w) + "\" y1=\"" + num(y(v)) +
           "\" y2=\"" + num(y(v)) + "\" stroke=\"#eee\"/><text x=\"" + num(left - 4) + "\" y=\"" +
           num(y(v) + 4) + "\" text-anchor=\"end\">" + label(v, unit) + "</text>";
  }
  svg += "<text x=\"" + num(left) + "\" y=\"" + num(top + h + 16) + "\">" +
         format_date(dates.front()) + "</text><text x=\"" + num(left + w) + "\" y=\"" +
         num(top + h + 16) + "\" text-anchor=\"end\">" + format_date(dates.back()) + "</text>";
  double legend_x = left;
  for (const ChartSeries& s : series) {
    std::string points;
    auto flush = [&] {
      if (!points.empty()) {
        svg += "<polyline fill=\"none\" stroke=\"" + esc(s.colour) +
               "\" stroke-width=\"1.5\" points=\"" + points + "\"/>";
      }
      points.clear();
    };
    for (std::size_t i = 0; i < s.values.size() && i < dates.size(); ++i) {
      if (std::isnan(s.values[i])) {
        flush();
        continue;
      }
      if (!points.empty()) points += ' ';
      points += num(x(i)) + "," + num(y(s.values[i]));
    }
    flush();
    svg += "<rect x=\"" + num(legend_x) + "\" y=\"22\" width=\"10\" height=\"10\" fill=\"" +
           esc(s.colour) + "\"/><text x=\"" + num(legend_x + 14) + "\" y=\"31\">" + esc(s.name) +
           "</text>";
    legend_x += 150;
  }
  return svg + "</svg>";
}

}  // namespace kiss::track
