// kiss-signal clear-and-recalculate: replaces the strategies of the current configuration
// (config hash of config.yaml and rules.yaml, docs/configuration.md) by a fresh recalculation,
// after a y/N confirmation unless --force. All or nothing (docs/persistence.md): the delete
// is done inside the recalculating run's one transaction, so when the run fails nothing is
// deleted either. --preserve-all deletes nothing and only recalculates. Positions and past
// runs are never deleted: they are the history of what was recommended.
#include <cstdio>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/open_database.h"
#include "config/config.h"
#include "config/config_loader.h"
#include "config/rules_loader.h"
#include "store/database.h"

namespace kiss::cli {

namespace {

// The configuration hash the recalculating run will store (and delete) under.
Result<Config> load_hashed_config(const GlobalOptions& g) {
  auto cfg = load_config(g.config_path);
  if (!cfg) return tl::unexpected(std::move(cfg.error()));
  auto rules_path = find_rules_path(g.rules_path, *cfg);
  if (!rules_path) return tl::unexpected(std::move(rules_path.error()));
  auto rules = load_rules(*rules_path, *cfg);
  if (!rules) return tl::unexpected(std::move(rules.error()));
  include_rules_in_hash(*cfg, *rules);
  return cfg;
}

Result<std::int64_t> count_for_config(store::Database& db, const std::string& hash) {
  auto st = db.prepare("SELECT COUNT(*) FROM strategies WHERE config_hash = ?1");
  if (!st) return tl::unexpected(std::move(st.error()));
  if (auto b = st->bind_text(1, hash); !b) return tl::unexpected(std::move(b.error()));
  auto row = st->step();
  if (!row) return tl::unexpected(std::move(row.error()));
  return st->column_int64(0);
}

// How many rows the recalculation will delete, or -1 when the user declined. Writes nothing.
Result<std::int64_t> confirm_clear(const ClearOptions& o, const Config& cfg, std::istream& in) {
  std::int64_t n = 0;
  {
    auto db = open_existing_database(cfg);
    if (!db) return tl::unexpected(std::move(db.error()));
    auto count = count_for_config(*db, cfg.hash);
    if (!count) return tl::unexpected(std::move(count.error()));
    n = *count;
  }  // closed before the run opens it
  if (!o.force && n > 0) {
    std::fprintf(stderr, "Delete %lld strategies of configuration %s from %s? [y/N] ",
                 static_cast<long long>(n), cfg.hash.c_str(), cfg.database_path.c_str());
    std::fflush(stderr);
    std::string answer;
    std::getline(in, answer);
    if (answer != "y" && answer != "Y" && answer != "yes" && answer != "YES" && answer != "Yes") {
      return -1;
    }
  }
  return n;
}

}  // namespace

int cmd_clear_and_recalculate(const GlobalOptions& g, const ClearOptions& o) {
  auto cfg = load_hashed_config(g);
  if (!cfg) return fail(cfg.error());
  RunOptions run;
  run.freeze_data = o.freeze_data;
  if (o.preserve_all) return cmd_run(g, run);
  auto n = confirm_clear(o, *cfg, std::cin);
  if (!n) return fail(n.error());
  if (*n < 0) {
    std::printf("Aborted: nothing deleted.\n");
    return 0;
  }
  run.clear_strategies = true;
  // A failed run (its one error already printed) deleted nothing: the delete was part of its
  // transaction. Exit 4 (report not written) comes after the commit: deleted and recalculated.
  const int code = cmd_run(g, run);
  if (code != 0) return code;
  if (g.json) {
    std::printf("{\"deleted\":%lld}\n", static_cast<long long>(*n));
  } else if (!g.quiet) {
    std::printf("Replaced %lld strategies of configuration %s by the recalculation.\n",
                static_cast<long long>(*n), cfg->hash.c_str());
  }
  return 0;
}

}  // namespace kiss::cli
