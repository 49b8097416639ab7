// Inline SVG charts for the HTML report: for one PriceChart, one <svg> element with a price
// panel (close line, entry and exit markers, stop and target lines, date labels) and, when the
// chart carries an equity curve, a panel with the stack's out-of-sample equity against NIFTY.
#pragma once
#include <string>

#include "report/model.h"

namespace kiss::report {

// Pure and deterministic: coordinates are printed with one decimal through std::to_chars.
// The SVG has a viewBox and width 100% so it scales to any screen; it references nothing
// outside itself. NaN values break the lines (no interpolation across a gap). Text is
// HTML-escaped.
std::string render_chart_svg(const PriceChart& c);

}  // namespace kiss::report
