// The daily report as one self-contained HTML page (docs/report.md):
// reports/signals_YYYY-MM-DD.html.
#pragma once
#include <string>
#include <string_view>

#include "report/model.h"

namespace kiss::report {

// Pure: same report, same bytes. The page has the markdown report's tables plus one inline SVG
// chart per PriceChart; its CSS is inline and it loads nothing (no scripts, fonts, images or
// links), so it opens offline and from an e-mail attachment. Laid out for a 390 px phone first:
// viewport meta, tables that scroll sideways inside their own box, SVGs at width 100%.
std::string render_html(const DailyReport& r);

// The page's CSS (tables, charts, the phone layout), for every HTML page of the program: the daily
// report and the track record look and lay out the same, and their charts (report/chart.h) are
// styled by it.
std::string_view page_style();

}  // namespace kiss::report
