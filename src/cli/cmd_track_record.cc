// kiss-signal track-record: the daily loop replayed as one book over a period (track/run.h),
// its steps on the console, the summary table on stdout (--json: the figures only).
#include <cstdio>

#include "cli/commands.h"
#include "cli/console.h"
#include "track/render.h"
#include "track/run.h"
#include "util/version.h"

namespace kiss::cli {

int cmd_track_record(const GlobalOptions& g, const TrackRecordOptions& o) {
  Console console(g.quiet, g.json);
  if (!g.quiet && !g.json) console.info("KISS Signal " + version());
  track::Request request;
  request.config_path = g.config_path;
  request.rules_path = g.rules_path;
  request.from = o.from;
  request.to = o.to;
  request.output = o.output;
  request.jobs = o.jobs;
  ConsoleEvents events(console);
  auto outcome = track::run_track_record(request, events);
  if (!outcome) {
    console.end_progress();
    return fail(outcome.error());
  }
  if (g.json) {
    std::printf("%s\n", track::figures_json(outcome->figures).c_str());
  } else if (!g.quiet) {
    std::printf("%s", track::summary_table(outcome->figures).c_str());
  }
  return 0;
}

}  // namespace kiss::cli
