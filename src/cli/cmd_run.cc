// kiss-signal run: the daily loop (daily/run.h) on the system clock, its steps printed on the
// console. With --json, stdout holds the run's report model only (docs/report.md, "--json").
#include <cstdio>

#include "cli/commands.h"
#include "cli/console.h"
#include "daily/run.h"
#include "report/model_json.h"
#include "report/tables.h"
#include "util/clock.h"
#include "util/version.h"

namespace kiss::cli {

int cmd_run(const GlobalOptions& g, const RunOptions& o) {
  Console console(g.quiet, g.json);
  if (!g.quiet && !g.json) console.info("KISS Signal " + version());
  daily::Request request;
  request.config_path = g.config_path;
  request.rules_path = g.rules_path;
  request.freeze_data = o.freeze_data;
  request.min_trades = o.min_trades;
  request.jobs = o.jobs;
  request.no_refresh = o.no_refresh;
  request.verbose = g.verbose;
  request.clear_strategies = o.clear_strategies;
  const SystemClock clock;
  ConsoleEvents events(console);
  auto outcome = daily::run_daily(request, clock, events);
  if (!outcome) {
    console.end_progress();
    return fail(outcome.error());
  }
  if (g.json) {
    std::printf("%s\n", report::to_json(outcome->report).c_str());
  } else {
    // What to do at the next open, as the report's TODAY section says it (docs/report.md).
    console.info("Today:");
    for (const std::string& line : report::action_lines(outcome->report)) {
      console.info("  - " + line);
    }
    std::fflush(stdout);  // before any warning the caller prints on stderr
  }
  return outcome->saved ? 0 : static_cast<int>(ExitCode::kRunFailed);
}

}  // namespace kiss::cli
