// kiss-signal clear-and-recalculate: deletes the strategies of the current configuration
// (config hash of config.yaml), after a y/N confirmation unless --force, then recalculates by
// running the daily pipeline (cmd_run). --preserve-all deletes nothing and only recalculates.
// Positions and past runs are never deleted: they are the history of what was recommended.
#include <cstdio>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/open_database.h"
#include "config/config.h"
#include "store/database.h"
#include "store/strategies.h"

namespace kiss::cli {

namespace {

Result<std::int64_t> count_for_config(store::Database& db, const std::string& hash) {
  auto st = db.prepare("SELECT COUNT(*) FROM strategies WHERE config_hash = ?1");
  if (!st) return tl::unexpected(std::move(st.error()));
  if (auto b = st->bind_text(1, hash); !b) return tl::unexpected(std::move(b.error()));
  auto row = st->step();
  if (!row) return tl::unexpected(std::move(row.error()));
  return st->column_int64(0);
}

}  // namespace

// The deletion step alone: returns the number of rows deleted, or -1 when the user declined.
Result<std::int64_t> clear_strategies(const GlobalOptions& g, const ClearOptions& o,
                                      const Config& cfg, std::istream& in) {
  auto db = open_existing_database(cfg);
  if (!db) return tl::unexpected(std::move(db.error()));
  auto n = count_for_config(*db, cfg.hash);
  if (!n) return tl::unexpected(std::move(n.error()));
  if (!o.force && *n > 0) {
    std::fprintf(stderr, "Delete %lld strategies of configuration %s from %s? [y/N] ",
                 static_cast<long long>(*n), cfg.hash.c_str(), cfg.database_path.c_str());
    std::fflush(stderr);
    std::string answer;
    std::getline(in, answer);
    if (answer != "y" && answer != "Y" && answer != "yes" && answer != "YES" && answer != "Yes") {
      return -1;
    }
  }
  auto txn = store::Transaction::begin(*db);
  if (!txn) return tl::unexpected(std::move(txn.error()));
  auto deleted = store::delete_strategies_for_config(*db, cfg.hash);
  if (!deleted) return tl::unexpected(std::move(deleted.error()));
  if (auto st = txn->commit(); !st) return tl::unexpected(std::move(st.error()));
  if (!g.quiet && !g.json) {
    std::printf("Deleted %lld strategies of configuration %s.\n", static_cast<long long>(*deleted),
                cfg.hash.c_str());
  }
  return *deleted;
}

// The recalculation step: the normal run pipeline with the same --freeze-data.
int recalculate(const GlobalOptions& g, const ClearOptions& o) {
  RunOptions run;
  run.freeze_data = o.freeze_data;
  return cmd_run(g, run);
}

int cmd_clear_and_recalculate(const GlobalOptions& g, const ClearOptions& o) {
  auto cfg = load_config(g.config_path);
  if (!cfg) return fail(cfg.error());
  if (!o.preserve_all) {
    auto deleted = clear_strategies(g, o, *cfg, std::cin);
    if (!deleted) return fail(deleted.error());
    if (*deleted < 0) {
      std::printf("Aborted: nothing deleted.\n");
      return 0;
    }
    if (g.json) std::printf("{\"deleted\":%lld}\n", static_cast<long long>(*deleted));
  }
  return recalculate(g, o);
}

}  // namespace kiss::cli
