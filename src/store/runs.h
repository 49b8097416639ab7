// One row per completed run (docs/persistence.md): when it ran, on which data, with which
// configuration, and its counts. The run row, its strategies and its position changes commit in ONE
// transaction (see save_run in run_commit.h), so a run is in the database entirely or not at all.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "util/date.h"
#include "util/error.h"

namespace kiss::store {

struct RunRecord {
  std::int64_t id = 0;             // set when read back / returned by insert_run
  std::string run_timestamp;       // ISO-8601, unique per run
  std::optional<Date> data_as_of;  // date of the latest bar used
  std::string config_hash;
  std::string version;  // program version
  std::string status = "COMPLETED";
  std::int64_t symbols = 0;
  std::int64_t strategies = 0;
  std::int64_t new_buys = 0;
  std::int64_t open_positions = 0;
  std::int64_t to_sell = 0;
  std::optional<std::int64_t> duration_ms;
  std::string created_at;  // filled when read back
  // The run's whole config.yaml, as read (schema v5; NULL when empty). Written by insert_run
  // only, never read back by the program: it is there for the person who asks, months later,
  // what a run was configured with (strategies rows hold only the settings that shaped them).
  std::string config_yaml;
};

// Inserts the run and returns its id. run_timestamp must be ISO-8601 and not used before.
Result<std::int64_t> insert_run(Database& db, const RunRecord& run);

// Updates the counts, status and duration of run `run.id` (a run row is usually inserted
// first so strategies and positions can reference it, and completed at the end).
Status update_run(Database& db, const RunRecord& run);

// The most recent run (by run_timestamp), if any.
Result<std::optional<RunRecord>> latest_run(Database& db);

// The most recent run whose data_as_of is `date` (the report of that day).
Result<std::optional<RunRecord>> run_by_data_date(Database& db, Date date);

// Stores the report a run showed (report/model_json.h text) with the run (schema v3).
Status set_run_report(Database& db, std::int64_t run_id, const std::string& report_json);

// The report of the most recent run whose data_as_of is `date`, if that run stored one.
Result<std::optional<std::string>> report_of_date(Database& db, Date date);

// Every run, oldest first.
Result<std::vector<RunRecord>> all_runs(Database& db);

}  // namespace kiss::store
