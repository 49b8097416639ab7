#include "store/schema.h"

#include <optional>
#include <string>
#include <string_view>

#include "store/database.h"
#include "util/crash_point.h"

namespace kiss::store {
namespace {

// v1: exactly story 007's schema, as the original Python tool created it. IF NOT EXISTS so a
// database made by the original (user_version 0, same table) is adopted as version 1 unchanged.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE IF NOT EXISTS strategies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_timestamp TEXT NOT NULL,
    symbol TEXT NOT NULL,
    rule_stack TEXT NOT NULL,
    edge_score REAL NOT NULL,
    win_pct REAL NOT NULL,
    sharpe REAL NOT NULL,
    total_trades INTEGER NOT NULL,
    avg_return REAL NOT NULL,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_strategies_symbol_timestamp ON strategies(symbol, run_timestamp);
)sql";

// v2: everything else. strategies grows by ALTER TABLE ADD COLUMN (O(1): only the schema text
// changes; rows, ids and the AUTOINCREMENT sequence stay as they are), and UNIQUE(symbol,
// rule_stack, run_timestamp) is a UNIQUE INDEX: SQLite enforces a table UNIQUE constraint with
// exactly such an index, so behaviour (including ON CONFLICT) is identical, while a table
// rebuild would copy every row and re-point foreign keys for no gain. Old rows that already
// violate it make the migration fail (and roll back) with a message: no silent de-duplication.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_timestamp TEXT NOT NULL UNIQUE,
    data_as_of TEXT,
    config_hash TEXT,
    version TEXT,
    status TEXT NOT NULL,
    symbols INTEGER NOT NULL DEFAULT 0,
    strategies INTEGER NOT NULL DEFAULT 0,
    new_buys INTEGER NOT NULL DEFAULT 0,
    open_positions INTEGER NOT NULL DEFAULT 0,
    to_sell INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_runs_data_as_of ON runs(data_as_of);

ALTER TABLE strategies ADD COLUMN config_snapshot TEXT;
ALTER TABLE strategies ADD COLUMN config_hash TEXT;
ALTER TABLE strategies ADD COLUMN sortino REAL;
ALTER TABLE strategies ADD COLUMN max_drawdown_pct REAL;
ALTER TABLE strategies ADD COLUMN cagr_pct REAL;
ALTER TABLE strategies ADD COLUMN profit_factor REAL;
ALTER TABLE strategies ADD COLUMN expectancy REAL;
ALTER TABLE strategies ADD COLUMN exposure_pct REAL;
ALTER TABLE strategies ADD COLUMN avg_bars_held REAL;
ALTER TABLE strategies ADD COLUMN alpha_pct REAL;
ALTER TABLE strategies ADD COLUMN beat_benchmark_pct REAL;
ALTER TABLE strategies ADD COLUMN target_hit_pct REAL;
ALTER TABLE strategies ADD COLUMN deflated_sharpe REAL;
ALTER TABLE strategies ADD COLUMN in_sample INTEGER;
ALTER TABLE strategies ADD COLUMN oos_windows INTEGER;
ALTER TABLE strategies ADD COLUMN oos_start TEXT;
ALTER TABLE strategies ADD COLUMN oos_end TEXT;
ALTER TABLE strategies ADD COLUMN run_id INTEGER REFERENCES runs(id);
CREATE UNIQUE INDEX idx_strategies_symbol_stack_timestamp
    ON strategies(symbol, rule_stack, run_timestamp);
CREATE INDEX idx_strategies_config_hash_symbol ON strategies(config_hash, symbol);

CREATE TABLE positions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    symbol TEXT NOT NULL,
    entry_date TEXT,
    entry_price REAL,
    exit_date TEXT,
    exit_price REAL,
    status TEXT NOT NULL CHECK(status IN ('PENDING', 'OPEN', 'CLOSED')),
    rule_stack_used TEXT NOT NULL,
    final_return_pct REAL,
    exit_reason TEXT,
    final_nifty_return_pct REAL,
    days_held INTEGER,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    signal_date TEXT NOT NULL,
    shares INTEGER,
    run_id INTEGER REFERENCES runs(id),
    stop_level REAL,
    target_level REAL,
    CHECK(status = 'PENDING' OR (entry_date IS NOT NULL AND entry_price IS NOT NULL)),
    CHECK(status <> 'CLOSED' OR (exit_date IS NOT NULL AND exit_price IS NOT NULL))
);
CREATE UNIQUE INDEX idx_positions_one_active ON positions(symbol) WHERE status <> 'CLOSED';
CREATE INDEX idx_positions_status_symbol ON positions(status, symbol);
CREATE INDEX idx_positions_exit_date ON positions(exit_date);

CREATE TABLE prices (
    symbol TEXT NOT NULL,
    date INTEGER NOT NULL,
    open REAL NOT NULL,
    high REAL NOT NULL,
    low REAL NOT NULL,
    close REAL NOT NULL,
    volume REAL NOT NULL,
    adj_close REAL,
    PRIMARY KEY(symbol, date)
) WITHOUT ROWID;
CREATE VIEW prices_v AS
    SELECT symbol, date(date * 86400, 'unixepoch') AS date, open, high, low, close, volume,
           adj_close
    FROM prices;

CREATE TABLE price_refresh (
    symbol TEXT PRIMARY KEY,
    source TEXT,
    last_refresh TEXT,
    last_attempt_date TEXT,
    status TEXT,
    message TEXT,
    warnings TEXT
);
)sql";

// v3: the column cache of `prices` (one row per symbol: every date and price as one packed
// little-endian array each, so a run reads 50 rows instead of 62,000; rebuilt by every write to
// prices, in the same transaction; `prices` stays the source of truth and a symbol missing here
// is read from `prices`), and the report each run showed (for `report --date`).
constexpr std::string_view kV3 = R"sql(
CREATE TABLE price_columns (
    symbol TEXT PRIMARY KEY,
    bars INTEGER NOT NULL,
    first_date INTEGER,
    last_date INTEGER,
    date BLOB NOT NULL,
    open BLOB NOT NULL,
    high BLOB NOT NULL,
    low BLOB NOT NULL,
    close BLOB NOT NULL,
    volume BLOB NOT NULL
) WITHOUT ROWID;
ALTER TABLE runs ADD COLUMN report_json TEXT;
)sql";

// v4: strategies.run_id's foreign key becomes DEFERRABLE INITIALLY DEFERRED (checked at COMMIT
// instead of after each statement). Why: SQLite must be able to undo a failing multi-row
// INSERT on its own when any constraint of the statement could abort it part-way, so for an
// immediate foreign key it keeps a statement journal: about 15 pages copied per 100-row
// statement, 240 MB of temporary-file writes for a 100,000-row batch (docs/perf/store.md).
// Deferred, a dangling run_id still fails the transaction (at COMMIT, which rolls back), and
// save_strategies checks run_ids before inserting so that the message names the row.
// SQLite cannot change a constraint in place, so the table is rebuilt as its documented
// procedure says (https://sqlite.org/lang_altertable.html#otheralter): a new table with the
// same columns in the same order, every row copied with its id, the AUTOINCREMENT counter
// moved over (it may be above MAX(id) after deletes: ids are never reused), the old table
// dropped, the new one renamed, the three indexes made again. One transaction: all or none.
constexpr std::string_view kV4 = R"sql(
CREATE TABLE strategies_v4 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_timestamp TEXT NOT NULL,
    symbol TEXT NOT NULL,
    rule_stack TEXT NOT NULL,
    edge_score REAL NOT NULL,
    win_pct REAL NOT NULL,
    sharpe REAL NOT NULL,
    total_trades INTEGER NOT NULL,
    avg_return REAL NOT NULL,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    config_snapshot TEXT,
    config_hash TEXT,
    sortino REAL,
    max_drawdown_pct REAL,
    cagr_pct REAL,
    profit_factor REAL,
    expectancy REAL,
    exposure_pct REAL,
    avg_bars_held REAL,
    alpha_pct REAL,
    beat_benchmark_pct REAL,
    target_hit_pct REAL,
    deflated_sharpe REAL,
    in_sample INTEGER,
    oos_windows INTEGER,
    oos_start TEXT,
    oos_end TEXT,
    run_id INTEGER REFERENCES runs(id) DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO strategies_v4 (id, run_timestamp, symbol, rule_stack, edge_score, win_pct, sharpe,
    total_trades, avg_return, created_at, config_snapshot, config_hash, sortino,
    max_drawdown_pct, cagr_pct, profit_factor, expectancy, exposure_pct, avg_bars_held,
    alpha_pct, beat_benchmark_pct, target_hit_pct, deflated_sharpe, in_sample, oos_windows,
    oos_start, oos_end, run_id)
SELECT id, run_timestamp, symbol, rule_stack, edge_score, win_pct, sharpe,
    total_trades, avg_return, created_at, config_snapshot, config_hash, sortino,
    max_drawdown_pct, cagr_pct, profit_factor, expectancy, exposure_pct, avg_bars_held,
    alpha_pct, beat_benchmark_pct, target_hit_pct, deflated_sharpe, in_sample, oos_windows,
    oos_start, oos_end, run_id
FROM strategies ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'strategies_v4';
UPDATE sqlite_sequence SET name = 'strategies_v4' WHERE name = 'strategies';
DROP TABLE strategies;
ALTER TABLE strategies_v4 RENAME TO strategies;
CREATE INDEX idx_strategies_symbol_timestamp ON strategies(symbol, run_timestamp);
CREATE UNIQUE INDEX idx_strategies_symbol_stack_timestamp
    ON strategies(symbol, rule_stack, run_timestamp);
CREATE INDEX idx_strategies_config_hash_symbol ON strategies(config_hash, symbol);
)sql";

constexpr Migration kMigrations[] = {
    {1, "story 007 strategies table", kV1},
    {2, "runs, positions, prices, price_refresh; strategies extras and UNIQUE", kV2},
    {3, "price column cache; the report of each run", kV3},
    {4, "strategies.run_id checked at commit (deferred foreign key)", kV4},
};

// The statement of `sql` stepped to its first row, or nullopt when there is none.
Result<std::optional<Statement>> first_row(Database& db, std::string_view sql) {
  auto st = db.prepare(sql);
  if (!st) return tl::unexpected(std::move(st.error()));
  auto row = st->step();
  if (!row) return tl::unexpected(std::move(row.error()));
  if (!*row) return std::optional<Statement>();
  return std::optional<Statement>(std::move(*st));
}

// Migration 2: old rows must already satisfy the new UNIQUE index.
Status precheck_v2(Database& db) {
  auto dup = first_row(db,
                       "SELECT symbol, rule_stack, run_timestamp, COUNT(*) FROM strategies "
                       "GROUP BY symbol, rule_stack, run_timestamp HAVING COUNT(*) > 1 LIMIT 1");
  if (!dup) return tl::unexpected(std::move(dup.error()));
  if (const auto& st = *dup) {
    return make_error("migration 2 needs (symbol, rule_stack, run_timestamp) to be unique, but " +
                          std::to_string(st->column_int64(3)) + " rows share (" +
                          st->column_text(0) + ", " + st->column_text(1) + ", " +
                          st->column_text(2) +
                          "); remove the duplicates, then run again (nothing was changed)",
                      db.path(), 0, 0, "strategies");
  }
  return {};
}

// Migration 4: copying the rows checks run_id against runs only at COMMIT, which would fail
// with SQLite's bare "FOREIGN KEY constraint failed". Such a row can only exist if something
// wrote the file with foreign_keys off; name it instead.
Status precheck_v4(Database& db) {
  auto dangling = first_row(
      db,
      "SELECT id, run_id FROM strategies WHERE run_id IS NOT NULL AND "
      "NOT EXISTS (SELECT 1 FROM runs WHERE runs.id = strategies.run_id) ORDER BY id LIMIT 1");
  if (!dangling) return tl::unexpected(std::move(dangling.error()));
  if (const auto& st = *dangling) {
    return make_error("migration 4 needs every strategies.run_id to name a run, but row id " +
                          std::to_string(st->column_int64(0)) + " has run_id " +
                          std::to_string(st->column_int64(1)) +
                          ", which is not in runs; fix or remove that row, then run again "
                          "(nothing was changed)",
                      db.path(), 0, 0, "strategies.run_id");
  }
  return {};
}

// Checks that must pass before a migration's SQL runs, inside its transaction.
Status precheck(Database& db, int version) {
  switch (version) {
    case 2:
      return precheck_v2(db);
    case 4:
      return precheck_v4(db);
    default:
      return {};
  }
}

Status apply_one(Database& db, const Migration& m) {
  auto txn = Transaction::begin(db);
  if (!txn) return tl::unexpected(std::move(txn.error()));
  auto current = db.user_version();  // re-read under the write lock
  if (!current) return tl::unexpected(std::move(current.error()));
  if (*current >= m.version) return {};  // another process got here first; txn rolls back
  if (*current != m.version - 1) {
    return make_error("database is at schema version " + std::to_string(*current) +
                          ", cannot apply migration " + std::to_string(m.version),
                      db.path(), 0, 0, "PRAGMA user_version");
  }
  if (auto st = precheck(db, m.version); !st) return st;
  if (auto st = db.exec(m.sql); !st) {
    Error e = std::move(st.error());
    e.message = "migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                ") failed, nothing was changed: " + e.message;
    return tl::unexpected(std::move(e));
  }
  // The stamp is part of the same transaction: either the migration and its number commit
  // together, or neither does.
  if (auto st = db.exec("PRAGMA user_version = " + std::to_string(m.version)); !st) return st;
  crash_point("migrate.before_commit");  // kill -9 test instants (util/crash_point.h)
  if (auto st = txn->commit(); !st) return st;
  crash_point("migrate.after_commit");
  return {};
}

}  // namespace

std::span<const Migration> migrations() noexcept { return kMigrations; }

Status migrate(Database& db) {
  auto current = db.user_version();
  if (!current) return tl::unexpected(std::move(current.error()));
  // The original Python tool's later versions stamped their own user_version 2 (strategies
  // with config columns, positions OPEN/CLOSED, no runs table). Taking that for our v2 would
  // fail later in confusing ways: refuse it now, before anything is written.
  if (*current == 2) {
    auto st = db.prepare(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'runs'");
    if (!st) return tl::unexpected(std::move(st.error()));
    auto row = st->step();
    if (!row) return tl::unexpected(std::move(row.error()));
    if (st->column_int64(0) == 0) {
      return make_error(
          "user_version is 2 but there is no runs table: this looks like a database of the "
          "original Python kiss_signal (its own schema 2), which this program cannot migrate "
          "(refusing to touch it)",
          db.path(), 0, 0, "PRAGMA user_version");
    }
  }
  for (const Migration& m : migrations()) {
    if (m.version <= *current) continue;
    if (auto st = apply_one(db, m); !st) return st;
  }
  return {};
}

}  // namespace kiss::store
