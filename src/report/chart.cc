#include "report/chart.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string_view>
#include <vector>

#include "report/format.h"

namespace kiss::report {
namespace {

// Geometry in viewBox units. 400 wide keeps 10-unit text readable when the SVG shrinks to a
// 390 px phone (scale ~0.9).
constexpr double kWidth = 400;
constexpr double kLeft = 46;  // room for the y labels
constexpr double kRight = 392;
constexpr double kPriceHeight = 210;
constexpr double kEquityHeight = 200;
constexpr std::size_t kMaxPoints = 500;  // vertices per line before thinning

constexpr std::string_view kCloseColor = "#1f4e79";
constexpr std::string_view kUpColor = "#1a7f37";
constexpr std::string_view kDownColor = "#cf222e";
constexpr std::string_view kStrategyColor = "#0969da";
constexpr std::string_view kBenchColor = "#6e7781";

std::string num(double v) { return fixed(v, 1); }

// Appends a coordinate with one decimal, without a temporary string: the polyline loop is the
// hot path (~100k coordinates in a 50-chart report) and fixed-precision to_chars on a double is
// several times slower than integer formatting. Coordinates are small (the viewBox is 400
// wide), so tenths fit an integer exactly; llround is IEEE-deterministic. Halfway cases may
// round differently from to_chars, which does not matter for a pixel position.
void put(std::string& out, double v) {
  if (!std::isfinite(v) || std::abs(v) > 1e12) {  // off any sane plot: keep the slow path
    out += num(v);
    return;
  }
  long long t = std::llround(v * 10);
  if (t < 0) {
    out += '-';
    t = -t;
  }
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, t / 10);
  out.append(buf, r.ptr);
  out += '.';
  out += static_cast<char>('0' + t % 10);
}

// Maps bar index and value to a plot rectangle. Invariant: vmax > vmin, n >= 1.
struct Frame {
  double top, bottom;
  double vmin, vmax;
  std::size_t n;
  double x(std::size_t i) const {
    if (n <= 1) return (kLeft + kRight) / 2;
    return kLeft + (kRight - kLeft) * static_cast<double>(i) / static_cast<double>(n - 1);
  }
  double y(double v) const { return bottom - (v - vmin) / (vmax - vmin) * (bottom - top); }
};

// The smallest 1, 2 or 5 x 10^k step that splits `range` into at most ~4 intervals.
double nice_step(double range) {
  const double raw = range / 4;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * mag >= raw) return m * mag;
  }
  return 10 * mag;
}

int decimals_for(double step) {
  const int d = static_cast<int>(-std::floor(std::log10(step) + 1e-9));
  return std::clamp(d, 0, 4);
}

// Range of the finite values of several series plus extra levels, padded by 5% (or ±1 when
// flat) so lines never touch the frame. Returns false when there is no finite value at all.
bool value_range(const std::vector<const std::vector<double>*>& series,
                 const std::vector<double>& levels, double& lo, double& hi) {
  lo = std::numeric_limits<double>::infinity();
  hi = -lo;
  auto take = [&](double v) {
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  };
  for (const auto* s : series) {
    for (const double v : *s) take(v);
  }
  for (const double v : levels) take(v);
  if (!(lo <= hi)) return false;
  const double pad = hi > lo ? (hi - lo) * 0.05 : std::max(std::abs(lo) * 0.01, 1.0);
  lo -= pad;
  hi += pad;
  return true;
}

void text(std::string& out, double x, double y, std::string_view anchor, std::string_view cls,
          std::string_view body) {
  out += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"";
  out += anchor;
  out += "\" class=\"";
  out += cls;
  out += "\">";
  out += html_escape(body);
  out += "</text>\n";
}

void hline(std::string& out, double y, std::string_view color, bool dashed) {
  out += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(y) + "\" x2=\"" + num(kRight) + "\" y2=\"" +
         num(y) + "\" stroke=\"";
  out += color;
  out += dashed ? "\" stroke-width=\"1.2\" stroke-dasharray=\"5 3\"/>\n"
                : "\" stroke-width=\"0.5\"/>\n";
}

// Horizontal grid lines with y labels at nice values inside [vmin, vmax].
void grid(std::string& out, const Frame& f) {
  const double range = f.vmax - f.vmin;
  if (!std::isfinite(range) || range <= 0) return;  // absurd values: no grid rather than a hang
  const double step = nice_step(range);
  if (!(step > 0) || !std::isfinite(step)) return;  // range below double resolution
  const int dec = decimals_for(step);
  // Integer tick counter: accumulating `v += step` would drift and could drop the last tick.
  const double first = std::ceil(f.vmin / step), last = std::floor(f.vmax / step);
  for (double k = first; k <= last && k - first < 12; k += 1) {
    const double v = k * step;
    const double y = f.y(v);
    hline(out, y, "#d0d7de", false);
    text(out, kLeft - 4, y + 3.5, "end", "ax", fixed(v, dec));
  }
}

// Date labels under the plot at the first, middle and last bar (three fit a phone screen).
void date_axis(std::string& out, const Frame& f, const std::vector<Date>& dates) {
  if (dates.empty()) return;
  const double y = f.bottom + 14;
  const std::size_t last = dates.size() - 1;
  text(out, f.x(0), y, dates.size() == 1 ? "middle" : "start", "ax", format_date(dates[0]));
  if (dates.size() >= 3) text(out, f.x(last / 2), y, "middle", "ax", format_date(dates[last / 2]));
  if (dates.size() >= 2) text(out, f.x(last), y, "end", "ax", format_date(dates[last]));
}

// A line through the finite points; every NaN ends the current segment. A segment of one
// point is drawn as a dot, since a one-point polyline is invisible.
void series_line(std::string& out, const Frame& f, const std::vector<double>& v,
                 std::string_view color, bool dashed) {
  std::vector<std::size_t> seg;
  auto flush = [&] {
    if (seg.size() == 1) {
      out += "<circle cx=\"" + num(f.x(seg[0])) + "\" cy=\"" + num(f.y(v[seg[0]])) +
             "\" r=\"1.5\" fill=\"";
      out += color;
      out += "\"/>\n";
    } else if (seg.size() > 1) {
      out += "<polyline fill=\"none\" stroke=\"";
      out += color;
      out += dashed ? "\" stroke-width=\"1.4\" stroke-dasharray=\"4 2\" points=\""
                    : "\" stroke-width=\"1.6\" points=\"";
      for (std::size_t k = 0; k < seg.size(); ++k) {
        if (k) out += ' ';
        put(out, f.x(seg[k]));
        out += ',';
        put(out, f.y(v[seg[k]]));
      }
      out += "\"/>\n";
    }
    seg.clear();
  };
  // Long series (years of out-of-sample equity) are thinned to about kMaxPoints vertices: the
  // plot is ~350 units wide, so more only bloats the file. Every segment keeps its first and
  // last point, so gaps stay exactly where the data has them.
  const std::size_t stride = std::max<std::size_t>(1, (v.size() + kMaxPoints - 1) / kMaxPoints);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      flush();
      continue;
    }
    const bool segment_start = i == 0 || !std::isfinite(v[i - 1]);
    const bool segment_end = i + 1 == v.size() || !std::isfinite(v[i + 1]);
    if (segment_start || segment_end || i % stride == 0) seg.push_back(i);
  }
  flush();
}

// Index of the bar dated `d`, or of the first bar after it; npos when outside the chart.
std::size_t bar_index(const std::vector<Date>& dates, Date d) {
  if (dates.empty() || d < dates.front() || d > dates.back()) return static_cast<std::size_t>(-1);
  return static_cast<std::size_t>(std::lower_bound(dates.begin(), dates.end(), d) - dates.begin());
}

void price_panel(std::string& out, const PriceChart& c) {
  const std::size_t n = std::min(c.dates.size(), c.close.size());
  text(out, 4, 12, "start", "tt", "Price (close), last " + std::to_string(n) + " bars");
  const std::vector<double> close(c.close.begin(),
                                  c.close.begin() + static_cast<std::ptrdiff_t>(n));
  const std::vector<Date> dates(c.dates.begin(), c.dates.begin() + static_cast<std::ptrdiff_t>(n));
  constexpr std::size_t npos = static_cast<std::size_t>(-1);
  // The y range covers the levels drawn: stop and target always, a trade's price only when its
  // marker is inside the window (an old entry must not squash the recent prices).
  std::vector<double> levels;
  if (c.entry_date != 0 && bar_index(dates, c.entry_date) != npos) levels.push_back(c.entry_price);
  if (c.exit_date != 0 && bar_index(dates, c.exit_date) != npos) levels.push_back(c.exit_price);
  if (c.stop_level != 0) levels.push_back(c.stop_level);
  if (c.target_level != 0) levels.push_back(c.target_level);
  double lo = 0, hi = 0;
  if (n == 0 || !value_range({&close}, levels, lo, hi)) {
    text(out, kWidth / 2, kPriceHeight / 2, "middle", "ax", "No price data");
    return;
  }
  const Frame f{20, kPriceHeight - 24, lo, hi, n};
  grid(out, f);
  date_axis(out, f, dates);
  if (c.stop_level != 0) {
    hline(out, f.y(c.stop_level), kDownColor, true);
    // Level labels at the left end: the markers of recent trades sit at the right.
    text(out, kLeft + 2, f.y(c.stop_level) - 3, "start", "lv dn",
         "Stop " + format_price(c.stop_level));
  }
  if (c.target_level != 0) {
    hline(out, f.y(c.target_level), kUpColor, true);
    text(out, kLeft + 2, f.y(c.target_level) - 3, "start", "lv up",
         "Target " + format_price(c.target_level));
  }
  series_line(out, f, close, kCloseColor, false);
  // Markers sit at the trade's own price (the fill), not the bar's close: they can differ.
  const auto marker = [&](Date d, double price, std::string_view color, std::string_view label) {
    const std::size_t i = bar_index(dates, d);
    if (i == npos || !std::isfinite(price)) return;
    const double x = f.x(i), y = f.y(price);
    out += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"4\" fill=\"";
    out += color;
    out += "\" stroke=\"#fff\" stroke-width=\"1\"/>\n";
    // Label beside the marker, on the side with room, above it unless at the top of the plot.
    const bool left = x > (kLeft + kRight) / 2;
    const double ly = y - f.top > 14 ? y - 7 : y + 14;
    text(out, left ? x - 6 : x + 6, ly, left ? "end" : "start", "lv",
         std::string(label) + " " + format_price(price));
  };
  if (c.entry_date != 0) marker(c.entry_date, c.entry_price, kUpColor, "Entry");
  if (c.exit_date != 0) marker(c.exit_date, c.exit_price, kDownColor, "Exit");
}

void equity_panel(std::string& out, const PriceChart& c) {
  const std::size_t n = std::min({c.equity_dates.size(), c.equity.size(), c.benchmark.size()});
  const std::vector<double> eq(c.equity.begin(), c.equity.begin() + static_cast<std::ptrdiff_t>(n));
  const std::vector<double> bm(c.benchmark.begin(),
                               c.benchmark.begin() + static_cast<std::ptrdiff_t>(n));
  const std::vector<Date> dates(c.equity_dates.begin(),
                                c.equity_dates.begin() + static_cast<std::ptrdiff_t>(n));
  text(out, 4, 12, "start", "tt", "Out-of-sample equity vs NIFTY (start = 100)");
  double lo = 0, hi = 0;
  if (!value_range({&eq, &bm}, {}, lo, hi)) {
    text(out, kWidth / 2, kEquityHeight / 2, "middle", "ax", "No equity data");
    return;
  }
  // Legend: a short line sample and the name of each series.
  out += "<line x1=\"" + num(kLeft) + "\" y1=\"24\" x2=\"" + num(kLeft + 18) +
         "\" y2=\"24\" stroke=\"" + std::string(kStrategyColor) + "\" stroke-width=\"2\"/>\n";
  text(out, kLeft + 22, 27.5, "start", "ax", "Strategy");
  out += "<line x1=\"" + num(kLeft + 90) + "\" y1=\"24\" x2=\"" + num(kLeft + 108) +
         "\" y2=\"24\" stroke=\"" + std::string(kBenchColor) +
         "\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>\n";
  text(out, kLeft + 112, 27.5, "start", "ax", "NIFTY");
  const Frame f{34, kEquityHeight - 24, lo, hi, n};
  grid(out, f);
  date_axis(out, f, dates);
  series_line(out, f, bm, kBenchColor, true);
  series_line(out, f, eq, kStrategyColor, false);
}

}  // namespace

std::string render_chart_svg(const PriceChart& c) {
  const bool has_equity = !c.equity_dates.empty();
  const double height = kPriceHeight + (has_equity ? kEquityHeight : 0);
  std::string out;
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(kWidth) + ' ' +
         num(height) + "\" width=\"100%\" role=\"img\" aria-label=\"" + html_escape(c.symbol) +
         " price chart\">\n";
  out += "<title>" + html_escape(c.symbol) + "</title>\n";
  price_panel(out, c);
  if (has_equity) {
    out += "<g transform=\"translate(0 " + num(kPriceHeight) + ")\">\n";
    equity_panel(out, c);
    out += "</g>\n";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace kiss::report
