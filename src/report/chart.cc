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

constexpr std::size_t kMaxPoints = 500;  // vertices per line before thinning
constexpr std::size_t kFutureSlots = 4;  // empty bars right of the last one: live levels show
constexpr double kLabelGap = 17;         // px between label baselines (14 px text, 16 px line)
constexpr std::size_t npos = static_cast<std::size_t>(-1);

constexpr std::string_view kUpColor = "#1a7f37";
constexpr std::string_view kDownColor = "#cf222e";
constexpr std::string_view kEntryColor = "#0969da";
constexpr std::string_view kTextColor = "#1f2328";
constexpr std::string_view kAxisColor = "#57606a";
constexpr std::string_view kGridColor = "#d0d7de";
// Indicator lines, in the order the stack's columns come (amber, purple, teal, brown, pink).
constexpr std::string_view kLineColors[] = {"#bf8700", "#8250df", "#1b7c83", "#953800", "#bf3989"};

std::string num(double v) { return fixed(v, 1); }

// Appends a coordinate with one decimal, without a temporary string: the polyline loop is the
// hot path (~100k coordinates in a 50-chart report) and fixed-precision to_chars on a double is
// several times slower than integer formatting. Coordinates are small, so tenths fit an
// integer exactly; llround is IEEE-deterministic. Halfway cases may round differently from
// to_chars, which does not matter for a pixel position.
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

// `name="v"` with v printed by put().
void attr(std::string& out, std::string_view name, double v) {
  out += ' ';
  out += name;
  out += "=\"";
  put(out, v);
  out += '"';
}

// Maps a value to a y in px inside [top, bottom]. Invariant: vmax > vmin.
struct YScale {
  double top, bottom, vmin, vmax;
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

// The tick values at nice steps inside [vmin, vmax] (none for an absurd or sub-resolution
// range: no grid rather than a hang), and the decimals to print them with.
std::vector<double> ticks(double vmin, double vmax, int& decimals) {
  std::vector<double> out;
  const double range = vmax - vmin;
  if (!std::isfinite(range) || range <= 0) return out;
  const double step = nice_step(range);
  if (!(step > 0) || !std::isfinite(step)) return out;
  decimals = decimals_for(step);
  // Integer tick counter: accumulating `v += step` would drift and could drop the last tick.
  const double first = std::ceil(vmin / step), last = std::floor(vmax / step);
  for (double k = first; k <= last && k - first < 12; k += 1) out.push_back(k * step);
  return out;
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

void text(std::string& out, std::string_view x, double y, std::string_view anchor,
          std::string_view cls, std::string_view color, std::string_view body) {
  out += "<text x=\"";
  out += x;
  out += '"';
  attr(out, "y", y);
  if (anchor != "start") {
    out += " text-anchor=\"";
    out += anchor;
    out += '"';
  }
  out += " class=\"";
  out += cls;
  out += "\" fill=\"";
  out += color;
  out += "\">";
  out += html_escape(body);
  out += "</text>\n";
}

std::string percent(double v) {
  std::string s;
  put(s, v);
  return s + "%";
}

// ---- The two SVGs of a chart --------------------------------------------------------------

// A label of the right margin: wanted at `at` (the y of its level), placed at `y`.
struct MarginLabel {
  double at = 0;
  double y = 0;
  std::string body;
  std::string_view color;
  std::string_view cls;
};

// Spreads the labels so that no two are closer than kLabelGap, keeping each as near its level
// as the others allow, all inside [lo, hi] (a forward pass pushes down, a backward pass pulls
// back up from the bottom). Labels are sorted by their level.
void spread(std::vector<MarginLabel>& labels, double lo, double hi) {
  std::stable_sort(labels.begin(), labels.end(),
                   [](const MarginLabel& a, const MarginLabel& b) { return a.at < b.at; });
  for (std::size_t k = 0; k < labels.size(); ++k) {
    labels[k].y = std::clamp(labels[k].at, lo, hi);
    if (k > 0) labels[k].y = std::max(labels[k].y, labels[k - 1].y + kLabelGap);
  }
  for (std::size_t k = labels.size(); k-- > 0;) {
    const double cap = k + 1 < labels.size() ? labels[k + 1].y - kLabelGap : hi;
    labels[k].y = std::min(labels[k].y, cap);
  }
}

// The right margin: for each label, a 4 px tick at its level and its text beside it. Axis
// ticks (grey numbers) are added only where they do not crowd a label.
std::string margin_svg(int width, int height, std::vector<MarginLabel> labels,
                       const std::vector<double>& tick_values, int decimals, const YScale& s,
                       std::string_view unit) {
  spread(labels, s.top + 5, s.bottom);
  std::string out = "<svg class=\"mg\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(width) + "\" height=\"" + std::to_string(height) + "\">\n";
  for (const double v : tick_values) {
    const double y = s.y(v);
    const bool crowded = std::any_of(labels.begin(), labels.end(), [&](const MarginLabel& l) {
      return std::abs(l.y - y) < kLabelGap;
    });
    if (crowded) continue;
    text(out, "8", y + 5, "start", "ax", kAxisColor, fixed(v, decimals) + std::string(unit));
  }
  for (const MarginLabel& l : labels) {
    out += "<line x1=\"0\" x2=\"5\"";
    attr(out, "y1", l.at);
    attr(out, "y2", l.y);
    out += " stroke=\"";
    out += l.color;
    out += "\" stroke-width=\"2\"/>\n";
    text(out, "8", l.y + 5, "start", l.cls, l.color, l.body);
  }
  out += "</svg>\n";
  return out;
}

// A polyline (or a dot for a lone point) per run of finite values, in the stretched layer where
// bar i sits at x = i + offset. Long series are thinned to about kMaxPoints vertices (the plot
// is at most ~800 px wide, so more only bloats the file); every segment keeps its first and last
// point, so gaps stay exactly where the data has them. With `area_to`, each segment is also
// filled down (or up) to that y.
void series_line(std::string& out, const std::vector<double>& v, double offset, const YScale& s,
                 std::string_view color, std::string_view cls, bool dashed,
                 const double* area_to = nullptr) {
  std::vector<std::size_t> seg;
  auto flush = [&] {
    if (seg.size() == 1) {
      // A one-point polyline is invisible: a zero-length line with a round cap is a dot that
      // stays round in the stretched layer.
      const double x = static_cast<double>(seg[0]) + offset, y = s.y(v[seg[0]]);
      out += "<line class=\"";
      out += cls;
      out += " dot\"";
      attr(out, "x1", x);
      attr(out, "y1", y);
      attr(out, "x2", x);
      attr(out, "y2", y);
      out += " stroke=\"";
      out += color;
      out +=
          "\" stroke-width=\"4\" stroke-linecap=\"round\" vector-effect=\"non-scaling-stroke\"/>\n";
    } else if (seg.size() > 1) {
      auto points = [&] {
        for (std::size_t k = 0; k < seg.size(); ++k) {
          if (k) out += ' ';
          put(out, static_cast<double>(seg[k]) + offset);
          out += ',';
          put(out, s.y(v[seg[k]]));
        }
      };
      if (area_to != nullptr) {
        out += "<polygon class=\"area\" fill=\"";
        out += color;
        out += "\" fill-opacity=\"0.15\" points=\"";
        points();
        out += ' ';
        put(out, static_cast<double>(seg.back()) + offset);
        out += ',';
        put(out, *area_to);
        out += ' ';
        put(out, static_cast<double>(seg.front()) + offset);
        out += ',';
        put(out, *area_to);
        out += "\"/>\n";
      }
      out += "<polyline class=\"";
      out += cls;
      out += "\" fill=\"none\" stroke=\"";
      out += color;
      out += dashed ? "\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\""
                    : "\" stroke-width=\"1.5\"";
      out += " vector-effect=\"non-scaling-stroke\" points=\"";
      points();
      out += "\"/>\n";
    }
    seg.clear();
  };
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

void grid_lines(std::string& out, const std::vector<double>& tick_values, const YScale& s,
                double width) {
  for (const double v : tick_values) {
    out += "<line class=\"grid\" x1=\"0\"";
    attr(out, "x2", width);
    attr(out, "y1", s.y(v));
    attr(out, "y2", s.y(v));
    out += " stroke=\"";
    out += kGridColor;
    out += "\" stroke-width=\"1\" vector-effect=\"non-scaling-stroke\"/>\n";
  }
}

// The opening of the plot SVG (px units, no viewBox, as wide as its grid cell) and of its
// stretched layer (viewBox `slots` wide: one unit per bar, y in px).
void open_plot(std::string& out, std::string_view label, int height, double slots) {
  out += "<svg class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" height=\"" +
         std::to_string(height) + "\" role=\"img\" aria-label=\"" + html_escape(label) + "\">\n";
  out += "<title>" + html_escape(label) + "</title>\n";
  out += "<svg class=\"k\" width=\"100%\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0";
  out += ' ';
  put(out, slots);
  out += ' ' + std::to_string(height) + "\" preserveAspectRatio=\"none\">\n";
}

// A chart without data: the plot says `message` in its middle, an empty margin beside it, and
// the chart's two open <div>s closed.
void empty_plot(std::string& out, std::string_view label, int height, int margin_width,
                std::string_view message) {
  open_plot(out, label, height, 1);
  out += "</svg>\n";
  text(out, "50%", height / 2.0, "middle", "ax", kAxisColor, message);
  out += "</svg>\n";
  out += margin_svg(margin_width, height, {}, {}, 0, YScale{0, 1, 0, 1}, "");
  out += "</div>\n</div>\n";
}

// Date labels at the first, middle and last bar, positioned in percent of the plot width (bar
// i's centre is at (i + 0.5) / slots).
void date_labels(std::string& out, const std::vector<Date>& dates, double slots, double y) {
  if (dates.empty()) return;
  const std::size_t last = dates.size() - 1;
  const auto at = [&](std::size_t i) {
    return percent((static_cast<double>(i) + 0.5) / slots * 100);
  };
  text(out, "0", y, "start", "ax", kAxisColor, format_date(dates[0]));
  if (dates.size() >= 5) {
    text(out, at(last / 2), y, "middle", "ax", kAxisColor, format_date(dates[last / 2]));
  }
  if (dates.size() >= 2) text(out, at(last), y, "end", "ax", kAxisColor, format_date(dates[last]));
}

void legend_item(std::string& out, std::string_view color, bool dashed, std::string_view name) {
  out += "<span class=\"li\"><i style=\"border-top:3px ";
  out += dashed ? "dashed " : "solid ";
  out += color;
  out += "\"></i>";
  out += html_escape(name);
  out += "</span>";
}

// ---- The price chart ------------------------------------------------------------------------

// Index of the bar dated `d`, or of the first bar after it; npos when outside the chart.
std::size_t bar_index(const std::vector<Date>& dates, Date d) {
  if (dates.empty() || d < dates.front() || d > dates.back()) return npos;
  return static_cast<std::size_t>(std::lower_bound(dates.begin(), dates.end(), d) - dates.begin());
}

bool has_candles(const PriceChart& c, std::size_t n) {
  return c.open.size() >= n && c.high.size() >= n && c.low.size() >= n;
}

// Candles: per bar a wick (one path per colour) and a body rect of class "cd" (up when the
// close is at or above the open). A bar with a missing value is left out.
void candles(std::string& out, const PriceChart& c, std::size_t n, const YScale& s) {
  std::string wick_up, wick_dn;
  for (std::size_t i = 0; i < n; ++i) {
    const double o = c.open[i], h = c.high[i], l = c.low[i], cl = c.close[i];
    if (!std::isfinite(o) || !std::isfinite(h) || !std::isfinite(l) || !std::isfinite(cl)) {
      continue;
    }
    const bool up = cl >= o;
    std::string& w = up ? wick_up : wick_dn;
    w += 'M';
    put(w, static_cast<double>(i) + 0.5);
    w += ' ';
    put(w, s.y(h));
    w += 'V';
    put(w, s.y(l));
    const double top = s.y(std::max(o, cl));
    const double height = std::max(s.y(std::min(o, cl)) - top, 1.0);
    out += up ? "<rect class=\"cd up\"" : "<rect class=\"cd dn\"";
    attr(out, "x", static_cast<double>(i) + 0.15);
    attr(out, "y", top);
    out += " width=\"0.7\"";
    attr(out, "height", height);
    out += " fill=\"";
    out += up ? kUpColor : kDownColor;
    out += "\"/>\n";
  }
  for (const auto& [path, color] :
       {std::pair{&wick_up, kUpColor}, std::pair{&wick_dn, kDownColor}}) {
    if (path->empty()) continue;
    out += "<path class=\"wick\" d=\"" + *path + "\" stroke=\"";
    out += color;
    out += "\" stroke-width=\"1\" vector-effect=\"non-scaling-stroke\"/>\n";
  }
}

// Volume bars (class "vol") scaled to the largest volume of the window.
void volume_bars(std::string& out, const PriceChart& c, std::size_t n) {
  if (c.volume.size() < n) return;
  double top = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isfinite(c.volume[i])) top = std::max(top, c.volume[i]);
  }
  if (!(top > 0)) return;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = c.volume[i];
    if (!std::isfinite(v) || v <= 0) continue;
    const bool up = !has_candles(c, n) || c.close[i] >= c.open[i];
    const double h = std::max(v / top * (kVolumeBottom - kVolumeTop), 0.5);
    out += "<rect class=\"vol\"";
    attr(out, "x", static_cast<double>(i) + 0.15);
    attr(out, "y", kVolumeBottom - h);
    out += " width=\"0.7\"";
    attr(out, "height", h);
    out += " fill=\"";
    out += up ? kUpColor : kDownColor;
    out += "\" fill-opacity=\"0.45\"/>\n";
  }
}

// A level (entry, stop, target) from bar `from` (its centre) to x = `to`, class "lvl NAME".
void level_line(std::string& out, std::string_view name, double y, double from, double to,
                std::string_view color, bool dashed) {
  out += "<line class=\"lvl ";
  out += name;
  out += '"';
  attr(out, "x1", from);
  attr(out, "x2", to);
  attr(out, "y1", y);
  attr(out, "y2", y);
  out += " stroke=\"";
  out += color;
  out += dashed ? "\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"" : "\" stroke-width=\"1.5\"";
  out += " vector-effect=\"non-scaling-stroke\"/>\n";
}

void marker(std::string& out, std::string_view name, std::size_t i, double slots, double y,
            std::string_view color) {
  out += "<circle class=\"mk ";
  out += name;
  out += "\" cx=\"" + percent((static_cast<double>(i) + 0.5) / slots * 100) + '"';
  attr(out, "cy", y);
  out += " r=\"5\" fill=\"";
  out += color;
  out += "\" stroke=\"#fff\" stroke-width=\"1.5\"/>\n";
}

}  // namespace

// The price chart in three parts (docs/report.md, "Charts"): the HTML legend, the plot (its
// stretched layer holds grid, volume, candles, indicator lines and levels; its px layer the
// markers and dates) and the margin of labels. Long because the parts share one y scale and
// one list of labels; each mark is a helper above.
std::string render_price_chart(const PriceChart& c) {
  const std::size_t n = std::min(c.dates.size(), c.close.size());
  const std::vector<double> close(c.close.begin(),
                                  c.close.begin() + static_cast<std::ptrdiff_t>(n));
  const std::vector<Date> dates(c.dates.begin(), c.dates.begin() + static_cast<std::ptrdiff_t>(n));
  const bool candle = has_candles(c, n);

  // The levels and where they start: from the entry bar (its centre), or from the left edge
  // when the entry is before the window; to the exit bar for a sale, else through the empty
  // slots right of the last bar.
  const std::size_t entry_i = c.entry_date != 0 ? bar_index(dates, c.entry_date) : npos;
  const std::size_t exit_i = c.exit_date != 0 ? bar_index(dates, c.exit_date) : npos;
  const bool entry_before = c.entry_date != 0 && !dates.empty() && c.entry_date < dates.front();
  const double slots = static_cast<double>(n + kFutureSlots);
  const double from = entry_i != npos ? static_cast<double>(entry_i) + 0.5 : 0.0;
  const double to = exit_i != npos ? static_cast<double>(exit_i) + 0.5 : slots;
  const bool levels_shown = (entry_i != npos || entry_before) &&
                            !(c.exit_date != 0 && exit_i == npos);

  // The y range covers the bars and the levels drawn: an entry price only when its marker is in
  // the window (an old entry must not squash the recent prices).
  std::vector<const std::vector<double>*> series{&close};
  std::vector<std::vector<double>> line_values;
  line_values.reserve(c.lines.size());
  for (const ChartLine& l : c.lines) {
    line_values.emplace_back(l.values.begin(),
                             l.values.begin() +
                                 static_cast<std::ptrdiff_t>(std::min(n, l.values.size())));
  }
  series.reserve(line_values.size() + 3);
  for (const auto& v : line_values) series.push_back(&v);
  const std::vector<double> high(c.high.begin(),
                                 c.high.begin() + (candle ? static_cast<std::ptrdiff_t>(n) : 0));
  const std::vector<double> low(c.low.begin(),
                                c.low.begin() + (candle ? static_cast<std::ptrdiff_t>(n) : 0));
  series.push_back(&high);
  series.push_back(&low);
  std::vector<double> levels;
  if (entry_i != npos) levels.push_back(c.entry_price);
  if (exit_i != npos) levels.push_back(c.exit_price);
  if (levels_shown && c.stop_level != 0) levels.push_back(c.stop_level);
  if (levels_shown && c.target_level != 0) levels.push_back(c.target_level);

  std::string out = "<div class=\"chart price\">\n<p class=\"lg\">";
  legend_item(out, kTextColor, false,
              candle ? "Candles, last " + std::to_string(n) + " bars"
                     : "Close, last " + std::to_string(n) + " bars");
  for (std::size_t k = 0; k < c.lines.size(); ++k) {
    legend_item(out, kLineColors[k % std::size(kLineColors)], false, c.lines[k].name);
  }
  out += "</p>\n<div class=\"cg\" style=\"grid-template-columns:minmax(0,1fr) " +
         std::to_string(kMarginWidth) + "px\">\n";
  const std::string label = c.symbol + " price chart";
  double lo = 0, hi = 0;
  if (n == 0 || !value_range(series, levels, lo, hi)) {
    empty_plot(out, label, kPriceChartHeight, kMarginWidth, "No price data");
    return out;
  }
  const YScale s{kPriceTop, kPriceBottom, lo, hi};
  int decimals = 0;
  const std::vector<double> tick_values = ticks(lo, hi, decimals);

  open_plot(out, label, kPriceChartHeight, slots);
  grid_lines(out, tick_values, s, slots);
  volume_bars(out, c, n);
  if (candle) {
    candles(out, c, n, s);
  } else {
    series_line(out, close, 0.5, s, kTextColor, "close", false);
  }
  for (std::size_t k = 0; k < line_values.size(); ++k) {
    series_line(out, line_values[k], 0.5, s, kLineColors[k % std::size(kLineColors)], "ma", false);
  }
  std::vector<MarginLabel> labels;
  labels.push_back({s.y(close[n - 1]), 0, "Last " + format_price(close[n - 1]), kTextColor, "lv"});
  if (levels_shown && entry_i != npos) {
    level_line(out, "entry", s.y(c.entry_price), from, to, kEntryColor, false);
    labels.push_back(
        {s.y(c.entry_price), 0, "Entry " + format_price(c.entry_price), kEntryColor, "lv"});
  }
  if (levels_shown && c.stop_level != 0) {
    level_line(out, "stop", s.y(c.stop_level), from, to, kDownColor, true);
    labels.push_back(
        {s.y(c.stop_level), 0, "Stop " + format_price(c.stop_level), kDownColor, "lv"});
  }
  if (levels_shown && c.target_level != 0) {
    level_line(out, "target", s.y(c.target_level), from, to, kUpColor, true);
    labels.push_back(
        {s.y(c.target_level), 0, "Target " + format_price(c.target_level), kUpColor, "lv"});
  }
  if (exit_i != npos) {
    labels.push_back(
        {s.y(c.exit_price), 0, "Exit " + format_price(c.exit_price), kDownColor, "lv"});
  }
  out += "</svg>\n";  // the stretched layer
  // The px layer: markers at the trade's own price (the fill, not the bar's close), dates, and
  // the volume panel's name.
  if (entry_i != npos && std::isfinite(c.entry_price)) {
    marker(out, "entry", entry_i, slots, s.y(c.entry_price), kEntryColor);
  }
  if (exit_i != npos && std::isfinite(c.exit_price)) {
    marker(out, "exit", exit_i, slots, s.y(c.exit_price), kDownColor);
  }
  date_labels(out, dates, slots, kPriceChartHeight - 10);
  out += "</svg>\n";
  out += margin_svg(kMarginWidth, kPriceChartHeight, std::move(labels), tick_values, decimals, s,
                    "");
  // The volume panel's name, in the margin beside it (below every price label).
  if (c.volume.size() >= n)
    out.insert(out.rfind("</svg>"), "<text x=\"8\" y=\"" + std::to_string(kVolumeBottom - 4) +
                                        "\" class=\"ax\" fill=\"" + std::string(kAxisColor) +
                                        "\">Volume</text>\n");
  out += "</div>\n</div>\n";
  return out;
}

// A line chart: caption, legend, the plot (stretched layer: grid, areas, lines; px layer:
// dates) and the margin (each series' last value, axis ticks).
std::string render_line_chart(const LineChart& c) {
  std::size_t n = c.dates.size();
  for (const ChartSeries& s : c.series) n = std::min(n, s.values.size());
  std::vector<std::vector<double>> values;
  values.reserve(c.series.size());
  std::vector<const std::vector<double>*> ptrs;
  bool any_area = false;
  for (const ChartSeries& s : c.series) {
    values.emplace_back(s.values.begin(), s.values.begin() + static_cast<std::ptrdiff_t>(n));
    any_area = any_area || s.area;
  }
  ptrs.reserve(values.size());
  for (const auto& v : values) ptrs.push_back(&v);
  const std::vector<Date> dates(c.dates.begin(), c.dates.begin() + static_cast<std::ptrdiff_t>(n));

  std::string out = "<div class=\"chart line\">\n<p class=\"ct\">" + html_escape(c.title) +
                    "</p>\n<p class=\"lg\">";
  for (const ChartSeries& s : c.series) legend_item(out, s.color, s.dashed, s.name);
  out += "</p>\n<div class=\"cg\" style=\"grid-template-columns:minmax(0,1fr) " +
         std::to_string(kLineMarginWidth) + "px\">\n";
  constexpr int kTop = 8;
  constexpr int kBottom = kTop + kLinePlotHeight;
  constexpr int kHeight = kBottom + 30;
  // One slot per date; a lone date gets a slot of its own so its point is mid-plot.
  const double slots = n <= 1 ? 1.0 : static_cast<double>(n - 1);
  const double offset = n <= 1 ? 0.5 : 0.0;
  double lo = 0, hi = 0;
  if (n == 0 ||
      !value_range(ptrs, any_area ? std::vector<double>{0.0} : std::vector<double>{}, lo, hi)) {
    empty_plot(out, c.title, kHeight, kLineMarginWidth, "No data");
    return out;
  }
  const YScale s{kTop, kBottom, lo, hi};
  int decimals = 0;
  const std::vector<double> tick_values = ticks(lo, hi, decimals);
  open_plot(out, c.title, kHeight, slots);
  grid_lines(out, tick_values, s, slots);
  std::vector<MarginLabel> labels;
  for (std::size_t k = 0; k < c.series.size(); ++k) {
    const ChartSeries& cs = c.series[k];
    const double zero = s.y(0.0);
    series_line(out, values[k], offset, s, cs.color, "series", cs.dashed,
                cs.area ? &zero : nullptr);
    for (std::size_t i = n; i-- > 0;) {  // the last finite value, named in the margin
      if (!std::isfinite(values[k][i])) continue;
      labels.push_back({s.y(values[k][i]), 0, fixed(values[k][i], 1) + c.unit, cs.color, "lv"});
      break;
    }
  }
  out += "</svg>\n";
  if (n >= 2) {
    text(out, "0", kHeight - 10, "start", "ax", kAxisColor, format_date(dates.front()));
    text(out, "100%", kHeight - 10, "end", "ax", kAxisColor, format_date(dates.back()));
  } else {
    text(out, "50%", kHeight - 10, "middle", "ax", kAxisColor, format_date(dates.front()));
  }
  out += "</svg>\n";
  out += margin_svg(kLineMarginWidth, kHeight, std::move(labels), tick_values, decimals, s, c.unit);
  out += "</div>\n</div>\n";
  return out;
}

std::string render_equity_chart(const PriceChart& c) {
  if (c.equity_dates.empty()) return "";
  LineChart lc;
  lc.dates = c.equity_dates;
  const bool same_days = std::isfinite(c.exposure_pct);
  if (same_days) {
    lc.title = "Out-of-sample equity (start = 100): the stack, invested " +
               fixed(c.exposure_pct, 1) + "% of days, against NIFTY over the same invested days";
    lc.series.push_back({"Stack (invested " + fixed(c.exposure_pct, 1) + "% of days)", c.equity,
                         "#0969da", false, false});
    lc.series.push_back({"NIFTY, same invested days", c.benchmark, "#6e7781", true, false});
  } else {
    lc.title = "Out-of-sample equity vs NIFTY buy and hold (start = 100)";
    lc.series.push_back({"Stack", c.equity, "#0969da", false, false});
    lc.series.push_back({"NIFTY", c.benchmark, "#6e7781", true, false});
  }
  return render_line_chart(lc);
}

std::string render_chart_svg(const PriceChart& c) {
  return render_price_chart(c) + render_equity_chart(c);
}

}  // namespace kiss::report
