// The daily report as markdown (docs/report.md): reports/signals_YYYY-MM-DD.md.
#pragma once
#include <string>

#include "report/model.h"

namespace kiss::report {

// Pure: the same report gives the same bytes (no clock, no locale, no environment). The first
// line is always `Summary: N New Buy Signals, M Open Positions, K Positions to Sell.` (singular
// nouns for a count of 1) so that tools and the console can read it; layout in docs/report.md.
std::string render_markdown(const DailyReport& r);

// The first line alone (without the newline); the console prints it after a run.
std::string summary_line(const DailyReport& r);

}  // namespace kiss::report
