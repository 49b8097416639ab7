// The daily loop of `kiss-signal run` (docs/architecture.md, "The daily loop"), as a library:
// configuration -> refresh -> discovery -> signals and positions -> one transaction -> report.
// The clock and the caller's console come in as parameters; the database and the report folder
// are the ones config.yaml names. Each step is a function of its own (setup.h, prices.h,
// analyse.h, book.h, report_model.h, persist.h); this file only sequences them.
#pragma once
#include <string>

#include "daily/events.h"
#include "daily/setup.h"
#include "report/model.h"
#include "util/clock.h"
#include "util/error.h"

namespace kiss::daily {

struct Outcome {
  report::DailyReport report;  // what the report files show (also stored in runs.report_json)
  std::string report_md;       // path of the markdown report
  bool saved = true;           // false: the transaction failed (the report says so); exit 3
};

// Runs the loop once. An error means nothing was stored and no report was written (except
// a failed publication of the report files after a successful commit: exit 3).
Result<Outcome> run_daily(const Request& request, const Clock& clock, Events& events);

}  // namespace kiss::daily
