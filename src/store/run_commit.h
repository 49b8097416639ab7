// A whole run in one transaction (docs/persistence.md): after a crash at any instant the database
// holds all of a run (its runs row, strategies and position changes) or none of it.
#pragma once
#include <cstdint>
#include <vector>

#include "store/database.h"
#include "store/positions.h"
#include "store/runs.h"
#include "store/strategies.h"

namespace kiss::store {

struct RunWrite {
  RunRecord run;                               // run.id is ignored; the new id is returned
  std::vector<StrategyRecord> strategies;      // run_id is set to the new run's id
  std::vector<BookPosition> position_updates;  // existing rows (by id): fills, exits
  std::vector<BookPosition> new_positions;     // NEW BUYs; run_id is set to the new run's id
  std::string report_json;                     // the run's report (may be empty)
};

// BEGIN IMMEDIATE; insert run; save strategies; apply updates (before inserts, so a symbol
// closed and re-entered in the same run passes the one-active-position index); insert new
// positions; COMMIT. Any failure rolls everything back and is returned. Returns the run id.
Result<std::int64_t> save_run(Database& db, const RunWrite& write);

}  // namespace kiss::store
