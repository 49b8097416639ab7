// `kiss-signal track-record` as a library (docs/track-record.md): loads the configuration, the
// rules and the universe as `run` does (daily/setup.h), opens the configured database READ-ONLY
// and loads the bars up to --to (daily/prices.h), replays the daily loop (track/replay.h),
// computes the figures and writes the report files into the output folder. Never writes the
// database nor the live reports (signals_*.md of reports_output_dir).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "daily/events.h"
#include "track/figures.h"
#include "track/replay.h"
#include "util/error.h"

namespace kiss::track {

struct Request {
  std::string config_path = "config.yaml";
  std::string rules_path;  // empty: rules.yaml, then config/rules.yaml
  std::string from, to;    // YYYY-MM-DD, inclusive
  std::optional<std::string>
      output;               // the output folder; default <reports_output_dir>/track_record
  std::optional<int> jobs;  // default: the config's jobs (0: every core)
  std::string command;      // the command line, quoted in the reports
};

struct Outcome {
  Record record;
  Figures figures;
  std::vector<std::string> files;  // written, in this order: md, html, equity.csv, trades.csv
};

// Errors (nothing written): a date that is not YYYY-MM-DD or --from after --to (usage, exit 2),
// every error of the configuration, the rules, the database and the replay.
Result<Outcome> run_track_record(const Request& request, daily::Events& events);

}  // namespace kiss::track
