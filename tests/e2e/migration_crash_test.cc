// Reliability, crash during a migration (docs/persistence.md: a database is never left
// half-changed). Migration 4 rebuilds the strategies table (copy every row, drop, rename, make the
// indexes again): the largest write any migration makes; migration 5 then rebuilds positions, all
// in the one transaction of the pending migrations. The real binary (`kiss-signal data import`,
// which opens and so migrates the database; the reading commands never migrate) is killed
// with SIGKILL just before and just after that transaction's COMMIT (util/crash_point.h).
// After each kill the file passes integrity_check and is either still version 3 or fully at
// the current version, with every strategies row (all columns, ids included) and the
// AUTOINCREMENT counter exactly as before; the next command migrates (if needed) and succeeds.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reliability_util.h"
#include "store/schema.h"

namespace kiss::e2e {
namespace {

// A version-3 database as migrations 1-3 leave it, holding one run and 20,000 strategies rows
// that use it (enough for the rebuild to spill to the WAL), the highest id deleted so that the
// counter is above MAX(id).
void make_v3_database(const fs::path& path) {
  std::string sql = "PRAGMA page_size=16384; PRAGMA journal_mode=WAL;";
  for (const store::Migration& m : store::migrations()) {
    if (m.version <= 3) sql += std::string(m.sql);
  }
  sql += R"sql(
PRAGMA user_version = 3;
INSERT INTO runs (id, run_timestamp, status) VALUES (1, '2025-06-24T10:00:00', 'ok');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO strategies (run_timestamp, symbol, rule_stack, edge_score, win_pct, sharpe,
    total_trades, avg_return, created_at, config_snapshot, config_hash, sortino, in_sample,
    oos_windows, oos_start, oos_end, run_id)
SELECT '2025-06-24T10:00:00', printf('SYM%04d', i / 20), printf('["rule_%d","rsi"]', i % 20),
       i / 20000.0, 0.5, 1.25, i % 40, 0.0125, '2025-06-24 04:30:00', 'hold_period: 20',
       'h' || (i % 3), CASE WHEN i % 2 = 0 THEN i + 0.5 END, i % 2, 4, '2024-01-01',
       '2024-12-31', CASE WHEN i % 5 = 0 THEN NULL ELSE 1 END
FROM n;
DELETE FROM strategies WHERE id = 20000;
)sql";
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err);
  const std::string message = err != nullptr ? err : "";
  sqlite3_free(err);
  sqlite3_close(h);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

struct State {
  std::string version;
  std::vector<std::string> rows;  // every column of every strategies row, by id
  std::vector<std::string> counter;
  bool operator==(const State&) const = default;
};

State state(const fs::path& db) {
  return {rw_query(db, "PRAGMA user_version").at(0),
          query_rows(db, "SELECT * FROM strategies ORDER BY id"),
          query_rows(db, "SELECT seq FROM sqlite_sequence WHERE name = 'strategies'")};
}

bool deferred_run_id(const fs::path& db) {
  return rw_query(db,
                  "SELECT COUNT(*) FROM sqlite_master WHERE name = 'strategies' AND sql LIKE "
                  "'%REFERENCES runs(id) DEFERRABLE INITIALLY DEFERRED%'") ==
         std::vector<std::string>{"1"};
}

class MigrationCrash : public ::testing::TestWithParam<const char*> {};

TEST_P(MigrationCrash, TheDatabaseIsVersion3OrFullyCurrentWithEveryRow) {
  const std::string point = GetParam();
  TempProject p{"migration_crash"};
  write_w1_project(p);
  const fs::path db = p.path("w1.db");
  make_v3_database(db);
  const State before = state(db);
  ASSERT_EQ(before.version, "3");
  ASSERT_EQ(before.rows.size(), 19999u);
  ASSERT_EQ(before.counter, std::vector<std::string>{"20000"});
  ASSERT_FALSE(deferred_run_id(db));

  ChildOptions o;
  o.crash_point = point;
  const std::string csv = (sample_dir() / "prices" / "TCS.csv").string();
  const Child c = run_child(p.dir(), {"data", "import", csv}, o);
  ASSERT_TRUE(c.killed) << "point not reached; exit " << c.code << "\n" << c.err;

  EXPECT_EQ(rw_query(db, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  EXPECT_EQ(rw_query(db, "PRAGMA foreign_key_check"), std::vector<std::string>{});
  State after = state(db);
  const bool before_commit = point == std::string("migrate.before_commit");
  EXPECT_EQ(after.version, before_commit ? "3" : std::to_string(store::kSchemaVersion));
  EXPECT_EQ(deferred_run_id(db), !before_commit);
  after.version = before.version;
  EXPECT_TRUE(after == before) << "strategies rows or counter changed: " << after.rows.size()
                               << " rows";
  EXPECT_EQ(rw_query(db,
                     "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%_v4' OR name "
                     "LIKE '%_v5'"),
            std::vector<std::string>{"0"});

  // The next command migrates if it still has to, and succeeds.
  const Child next = run_child(p.dir(), {"data", "import", csv});
  EXPECT_EQ(next.code, 0) << next.err;
  State done = state(db);
  EXPECT_EQ(done.version, std::to_string(store::kSchemaVersion));
  EXPECT_TRUE(deferred_run_id(db));
  done.version = before.version;
  EXPECT_TRUE(done == before);
}

INSTANTIATE_TEST_SUITE_P(Points, MigrationCrash,
                         ::testing::Values("migrate.before_commit", "migrate.after_commit"));

}  // namespace
}  // namespace kiss::e2e
