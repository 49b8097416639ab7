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
  // clear-and-recalculate: non-empty = delete every strategies row of this config hash first,
  // in the same transaction (delete_strategies_for_config), so the delete and the new run
  // commit together or not at all.
  std::string clear_config_hash;
};

// BEGIN IMMEDIATE; [delete the strategies of clear_config_hash]; insert run; save strategies; apply
// updates (before inserts, so a symbol closed and re-entered in the same run passes the
// one-active-position index); insert new positions; COMMIT. Any failure rolls everything back and
// is returned. Returns the run id.
Result<std::int64_t> save_run(Database& db, const RunWrite& write);

}  // namespace kiss::store
