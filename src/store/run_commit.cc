#include "store/run_commit.h"

#include "store/store_internal.h"
#include "util/crash_point.h"

namespace kiss::store {

Result<std::int64_t> save_run(Database& db, const RunWrite& write) {
  auto txn = Transaction::begin(db);
  if (!txn) return tl::unexpected(std::move(txn.error()));
  crash_point("save_run.after_begin");  // kill -9 test instants (util/crash_point.h)
  if (!write.clear_config_hash.empty()) {
    KISS_STORE_TRY(delete_strategies_for_config(db, write.clear_config_hash));
    crash_point("save_run.after_clear");
  }
  auto run_id = insert_run(db, write.run);
  if (!run_id) return tl::unexpected(std::move(run_id.error()));
  crash_point("save_run.after_run_row");
  if (!write.report_json.empty()) KISS_STORE_TRY(set_run_report(db, *run_id, write.report_json));

  std::vector<StrategyRecord> strategies = write.strategies;
  for (auto& s : strategies) s.run_id = *run_id;
  KISS_STORE_TRY(save_strategies(db, strategies, write.run.run_timestamp));
  crash_point("save_run.after_strategies");
  for (const BookPosition& p : write.position_updates) KISS_STORE_TRY(update_position(db, p));
  for (BookPosition p : write.new_positions) {
    p.run_id = *run_id;
    KISS_STORE_TRY(insert_position(db, p));
  }
  crash_point("save_run.before_commit");
  KISS_STORE_TRY(txn->commit());
  crash_point("save_run.after_commit");
  return *run_id;
}

}  // namespace kiss::store
