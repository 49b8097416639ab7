// Step 1 of the daily loop (docs/architecture.md, "The daily loop"): the configuration, the
// rules and the universe of a run, with the command line's overrides applied.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/universe.h"
#include "rules/model.h"
#include "util/clock.h"
#include "util/date.h"
#include "util/error.h"

namespace kiss::daily {

// What the caller asks of one run (the options of `kiss-signal run`).
struct Request {
  std::string config_path = "config.yaml";
  std::string rules_path;                  // empty: rules.yaml, then config/rules.yaml
  std::optional<std::string> freeze_data;  // YYYY-MM-DD: use only bars dated on or before it
  std::optional<int> min_trades;           // overrides min_trades_threshold
  std::optional<int> jobs;                 // overrides jobs
  bool no_refresh = false;
  bool verbose = false;  // also write run_log_YYYY-MM-DD.txt and report the phase timings
  // clear-and-recalculate: the run's transaction first deletes the stored strategies of its
  // configuration hash (store/run_commit.h), so both commit together or not at all.
  bool clear_strategies = false;
};

struct RunSetup {
  Config config;
  RuleSet rules;
  std::vector<UniverseEntry> universe;  // the universe, in its file's order, with each line
  std::optional<Date> freeze;           // --freeze-data, else the config's freeze_date
  std::string freeze_text;              // as the user wrote it (for the console)
  bool freeze_from_config = false;      // the freeze date is config.yaml's freeze_date
};

// Loads config.yaml, rules.yaml and the universe. Errors: --freeze-data not a date (usage,
// exit 2), freeze_date not a date (names config.yaml and the key), and every error of the
// loaders.
Result<RunSetup> load_setup(const Request& request);

// A freeze date after today (Asia/Kolkata) would make the book's "today" a day that has not
// happened: a usage error naming --freeze-data (or config.yaml's freeze_date), before anything
// is read or written.
Status check_freeze_not_future(const RunSetup& setup, const Clock& clock);

// The freeze date of a command that reads no setup of a run (backtest, validate): `option`
// (--freeze-data) wins over config.yaml's freeze_date; nullopt when neither is given. Errors,
// as run gives them: not a date, or after `today` (Asia/Kolkata): --freeze-data is a usage
// error (exit 2), freeze_date exit 1 naming config.yaml and the key.
Result<std::optional<Date>> resolve_freeze_date(const Config& config,
                                                const std::optional<std::string>& option,
                                                Date today);

// "Configuration loaded (50 symbols, 12 candidate stacks, 3 exit rules)"
std::string setup_text(const RunSetup& setup);

// The symbols whose prices the run needs: the universe, then the benchmark when it is not in it.
std::vector<std::string> wanted_symbols(const RunSetup& setup);

// Worker threads of the analysis: config jobs, or the number of cores when 0.
int worker_count(const Config& config);

}  // namespace kiss::daily
