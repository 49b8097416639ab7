// `report [--date D]`: rewrites a day's report from the database alone. Each run stores the
// report model it showed (runs.report_json, in the run's own transaction), so the files written
// here are byte-identical to the ones the run wrote.
#include <cstdio>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/open_database.h"
#include "report/model_json.h"
#include "report/write.h"
#include "store/runs.h"

namespace kiss::cli {

int cmd_report(const GlobalOptions& g, const ReportOptions& o) {
  std::optional<Date> date;
  if (o.date) {
    date = parse_iso_date(*o.date);
    if (!date) {
      std::fprintf(stderr, "kiss-signal: --date: '%s' is not a date YYYY-MM-DD\n", o.date->c_str());
      return static_cast<int>(ExitCode::kUsage);
    }
  }
  auto config = load_config(g.config_path);
  if (!config) return fail(config.error());
  auto db = open_database_to_read(*config);
  if (!db) return fail(db.error());
  if (!date) {
    auto latest = store::latest_run(*db);
    if (!latest) return fail(latest.error());
    if (!*latest || !(*latest)->data_as_of) {
      return fail(
          Error{config->database_path, 0, 0, "runs", "no run stored yet", ExitCode::kBadInput});
    }
    date = (*latest)->data_as_of;
  }
  auto json = store::report_of_date(*db, *date);
  if (!json) return fail(json.error());
  if (!*json) {
    return fail(Error{config->database_path, 0, 0, "runs",
                      "no stored report for " + format_date(*date) +
                          " (runs before schema version 3 did not store theirs)",
                      ExitCode::kBadInput});
  }
  auto model = report::from_json(**json);
  if (!model) {
    Error e = model.error();
    e.file = config->database_path;
    return fail(e);
  }
  if (auto w = report::write_report_files(config->reports_output_dir, *model); !w) {
    return fail(w.error());
  }
  if (!g.quiet) {
    std::printf("Report for %s written to %s\n", format_date(*date).c_str(),
                report::report_path(config->reports_output_dir, *date, "md").c_str());
  }
  return 0;
}

}  // namespace kiss::cli
