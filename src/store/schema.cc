#include "store/schema.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"
#include "store/store_internal.h"
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

// v5: the original Python tool as a client of this database (docs/persistence.md, "The
// original tool's databases").
// - runs.config_yaml: the whole config.yaml of the run, once per run. strategies.config_snapshot
//   holds from now on only the compact JSON of the settings that shaped the row, as the
//   original writes it (a 1 MB config.yaml used to add 50 MB per run of 50 rows, and the
//   original's analyze-strategies json.loads() the column and failed on YAML text).
// - positions.signal_date loses NOT NULL: the original inserts positions without it (symbol,
//   entry_date, entry_price, status, rule_stack_used) and failed with "NOT NULL constraint
//   failed: positions.signal_date". A trigger derives it from entry_date for such a row (the
//   original enters at the signal's date), and a CHECK keeps a row from having neither.
//   SQLite cannot change a column's constraint in place: the table is rebuilt exactly as v4
//   rebuilt strategies (same columns in the same order, rows copied with their ids, the
//   AUTOINCREMENT counter moved over, old table dropped, new one renamed, indexes made again),
//   in the migration's one transaction.
constexpr std::string_view kV5 = R"sql(
ALTER TABLE runs ADD COLUMN config_yaml TEXT;
CREATE TABLE positions_v5 (
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
    signal_date TEXT,
    shares INTEGER,
    run_id INTEGER REFERENCES runs(id),
    stop_level REAL,
    target_level REAL,
    CHECK(status = 'PENDING' OR (entry_date IS NOT NULL AND entry_price IS NOT NULL)),
    CHECK(status <> 'CLOSED' OR (exit_date IS NOT NULL AND exit_price IS NOT NULL)),
    CHECK(signal_date IS NOT NULL OR entry_date IS NOT NULL)
);
INSERT INTO positions_v5 (id, symbol, entry_date, entry_price, exit_date, exit_price, status,
    rule_stack_used, final_return_pct, exit_reason, final_nifty_return_pct, days_held,
    created_at, signal_date, shares, run_id, stop_level, target_level)
SELECT id, symbol, entry_date, entry_price, exit_date, exit_price, status,
    rule_stack_used, final_return_pct, exit_reason, final_nifty_return_pct, days_held,
    created_at, signal_date, shares, run_id, stop_level, target_level
FROM positions ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'positions_v5';
UPDATE sqlite_sequence SET name = 'positions_v5' WHERE name = 'positions';
DROP TABLE positions;
ALTER TABLE positions_v5 RENAME TO positions;
CREATE UNIQUE INDEX idx_positions_one_active ON positions(symbol) WHERE status <> 'CLOSED';
CREATE INDEX idx_positions_status_symbol ON positions(status, symbol);
CREATE INDEX idx_positions_exit_date ON positions(exit_date);
CREATE TRIGGER positions_signal_date_from_entry AFTER INSERT ON positions
WHEN NEW.signal_date IS NULL
BEGIN
    UPDATE positions SET signal_date = NEW.entry_date WHERE id = NEW.id;
END;
)sql";

// v6: the book the trader controls (docs/positions.md).
// - positions.status may be SKIPPED (`position skip`: a PENDING signal the trader did not take),
//   and the one-active-position index counts PENDING and OPEN only (a SKIPPED row does not
//   block the symbol's next signal). SQLite cannot change a CHECK in place: the table is rebuilt
//   as v5 rebuilt it (same columns and order, ids and AUTOINCREMENT counter kept, indexes and
//   the trigger made again).
// - positions.terms: the frozen terms of the position (stack, exits, execution, hold period,
//   costs, sizing) as JSON; NULL for older rows, which the next run freezes.
// - position_facts: what the trader said (fill, skip, exit), one row per fact, never edited.
constexpr std::string_view kV6 = R"sql(
CREATE TABLE positions_v6 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    symbol TEXT NOT NULL,
    entry_date TEXT,
    entry_price REAL,
    exit_date TEXT,
    exit_price REAL,
    status TEXT NOT NULL CHECK(status IN ('PENDING', 'OPEN', 'CLOSED', 'SKIPPED')),
    rule_stack_used TEXT NOT NULL,
    final_return_pct REAL,
    exit_reason TEXT,
    final_nifty_return_pct REAL,
    days_held INTEGER,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    signal_date TEXT,
    shares INTEGER,
    run_id INTEGER REFERENCES runs(id),
    stop_level REAL,
    target_level REAL,
    terms TEXT,
    CHECK(status IN ('PENDING', 'SKIPPED') OR (entry_date IS NOT NULL AND entry_price IS NOT NULL)),
    CHECK(status <> 'CLOSED' OR (exit_date IS NOT NULL AND exit_price IS NOT NULL)),
    CHECK(signal_date IS NOT NULL OR entry_date IS NOT NULL)
);
INSERT INTO positions_v6 (id, symbol, entry_date, entry_price, exit_date, exit_price, status,
    rule_stack_used, final_return_pct, exit_reason, final_nifty_return_pct, days_held,
    created_at, signal_date, shares, run_id, stop_level, target_level)
SELECT id, symbol, entry_date, entry_price, exit_date, exit_price, status,
    rule_stack_used, final_return_pct, exit_reason, final_nifty_return_pct, days_held,
    created_at, signal_date, shares, run_id, stop_level, target_level
FROM positions ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'positions_v6';
UPDATE sqlite_sequence SET name = 'positions_v6' WHERE name = 'positions';
DROP TABLE positions;
ALTER TABLE positions_v6 RENAME TO positions;
CREATE UNIQUE INDEX idx_positions_one_active ON positions(symbol)
    WHERE status IN ('PENDING', 'OPEN');
CREATE INDEX idx_positions_status_symbol ON positions(status, symbol);
CREATE INDEX idx_positions_exit_date ON positions(exit_date);
CREATE TRIGGER positions_signal_date_from_entry AFTER INSERT ON positions
WHEN NEW.signal_date IS NULL
BEGIN
    UPDATE positions SET signal_date = NEW.entry_date WHERE id = NEW.id;
END;
CREATE TABLE position_facts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    position_id INTEGER NOT NULL REFERENCES positions(id),
    kind TEXT NOT NULL CHECK(kind IN ('fill', 'skip', 'exit')),
    fact_date TEXT,
    price REAL CHECK(price IS NULL OR price > 0),
    shares INTEGER CHECK(shares IS NULL OR shares > 0),
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL,
    CHECK(kind = 'skip' OR (fact_date IS NOT NULL AND price IS NOT NULL))
);
CREATE INDEX idx_position_facts_position ON position_facts(position_id, id);
)sql";

constexpr Migration kMigrations[] = {
    {1, "story 007 strategies table", kV1},
    {2, "runs, positions, prices, price_refresh; strategies extras and UNIQUE", kV2},
    {3, "price column cache; the report of each run", kV3},
    {4, "strategies.run_id checked at commit (deferred foreign key)", kV4},
    {5, "runs.config_yaml; positions.signal_date derived when the original omits it", kV5},
    {6, "positions: SKIPPED, frozen terms; position_facts", kV6},
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
    case 2: return precheck_v2(db);
    case 4: return precheck_v4(db);
    default: return {};
  }
}

// ------------------------------------------------------------------ what a file holds

// Names of the rows of `sql` (first column), in order.
Result<std::vector<std::string>> names(Database& db, std::string_view sql, std::string_view arg) {
  auto st = db.prepare(sql);
  if (!st) return tl::unexpected(std::move(st.error()));
  if (!arg.empty()) KISS_STORE_TRY(st->bind_text(1, arg));
  std::vector<std::string> out;
  for (;;) {
    auto row = st->step();
    if (!row) return tl::unexpected(std::move(row.error()));
    if (!*row) break;
    out.push_back(st->column_text(0));
  }
  return out;
}

bool contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
  return out;
}

// The columns of story 007's strategies table, which every version of the original and every
// version of ours has.
constexpr std::string_view kStoryColumns[] = {"id",         "run_timestamp", "symbol",
                                              "rule_stack", "edge_score",    "win_pct",
                                              "sharpe",     "total_trades",  "avg_return",
                                              "created_at"};
// What the original's later strategies table adds (story 016 on).
constexpr std::string_view kOriginalConfigColumns[] = {"config_snapshot", "config_hash"};
// The original's positions table (story 009 on; exit_reason from story 014 on).
constexpr std::string_view kOriginalPositionColumns[] = {"id",
                                                         "symbol",
                                                         "entry_date",
                                                         "entry_price",
                                                         "exit_date",
                                                         "exit_price",
                                                         "status",
                                                         "rule_stack_used",
                                                         "final_return_pct",
                                                         "exit_reason",
                                                         "final_nifty_return_pct",
                                                         "days_held",
                                                         "created_at"};
constexpr std::string_view kOriginalPositionRequired[] = {"id",         "symbol",
                                                          "entry_date", "entry_price",
                                                          "status",     "rule_stack_used"};

template <std::size_t N>
bool subset_of(const std::vector<std::string>& cols, const std::string_view (&allowed)[N],
               const std::vector<std::string_view>& more = {}) {
  for (const auto& c : cols) {
    const bool known = std::find(std::begin(allowed), std::end(allowed), c) != std::end(allowed) ||
                       std::find(more.begin(), more.end(), c) != more.end();
    if (!known) return false;
  }
  return true;
}

template <std::size_t N>
bool has_all(const std::vector<std::string>& cols, const std::string_view (&needed)[N]) {
  for (std::string_view c : needed) {
    if (!contains(cols, c)) return false;
  }
  return true;
}

}  // namespace

Result<Shape> detect_shape(Database& db) {
  Shape shape;
  auto tables = names(db,
                      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                      "'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                      {});
  if (!tables) return tl::unexpected(std::move(tables.error()));
  shape.tables = *tables;
  if (tables->empty()) {
    shape.kind = Shape::Kind::kEmpty;
    return shape;
  }
  shape.kind = Shape::Kind::kForeign;
  if (!contains(*tables, "strategies")) return shape;
  const std::string_view kColumns = "SELECT name FROM pragma_table_info(?1)";
  auto strategies = names(db, kColumns, "strategies");
  if (!strategies) return tl::unexpected(std::move(strategies.error()));
  shape.strategies_columns = *strategies;
  if (!has_all(*strategies, kStoryColumns)) return shape;

  if (contains(*tables, "runs")) {
    // Ours, version 2 or later: each later version leaves a mark the earlier ones lack.
    auto runs = names(db, kColumns, "runs");
    if (!runs) return tl::unexpected(std::move(runs.error()));
    auto strategies_sql =
        names(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'strategies'", {});
    if (!strategies_sql) return tl::unexpected(std::move(strategies_sql.error()));
    if (!contains(*tables, "positions") || !contains(*strategies, "run_id")) return shape;
    shape.kind = Shape::Kind::kOurs;
    shape.version = 2;
    if (contains(*tables, "price_columns") && contains(*runs, "report_json")) shape.version = 3;
    if (shape.version == 3 && !strategies_sql->empty() &&
        strategies_sql->front().find("DEFERRABLE INITIALLY DEFERRED") != std::string::npos) {
      shape.version = 4;
    }
    if (shape.version == 4 && contains(*runs, "config_yaml")) shape.version = 5;
    if (shape.version == 5 && contains(*tables, "position_facts")) shape.version = 6;
    return shape;
  }
  const bool has_positions = contains(*tables, "positions");
  if (!subset_of(*strategies, kStoryColumns,
                 {kOriginalConfigColumns[0], kOriginalConfigColumns[1]})) {
    return shape;
  }
  if (!has_positions && strategies->size() == std::size(kStoryColumns)) {
    // Story 007's table: ours at version 1, and the original's up to story 008 (which may
    // also hold its unused `trades` table): migration 1 adopts it as it is.
    shape.kind = Shape::Kind::kOurs;
    shape.version = 1;
    return shape;
  }
  if (has_positions) {
    auto positions = names(db, kColumns, "positions");
    if (!positions) return tl::unexpected(std::move(positions.error()));
    shape.positions_columns = *positions;
    if (!has_all(*positions, kOriginalPositionRequired) ||
        !subset_of(*positions, kOriginalPositionColumns)) {
      return shape;
    }
  }
  shape.kind = Shape::Kind::kOriginal;
  return shape;
}

std::string Shape::describe() const {
  switch (kind) {
    case Kind::kEmpty: return "an empty database";
    case Kind::kOurs: return "a kiss-signal database at schema version " + std::to_string(version);
    case Kind::kOriginal:
      return std::string("a database of the original Python kiss_signal (strategies") +
             (contains(strategies_columns, "config_hash") ? " with config columns" : "") +
             (positions_columns.empty() ? ""
                                        : (contains(positions_columns, "exit_reason")
                                               ? ", positions"
                                               : ", positions without exit_reason")) +
             ")";
    case Kind::kForeign: return "not a kiss-signal database (tables: " + joined(tables) + ")";
  }
  return {};
}

Result<int> effective_version(const std::string& path, int user_version, const Shape& shape) {
  auto mismatch = [&](int tables_version) {
    return make_error("the tables are those of schema version " + std::to_string(tables_version) +
                          " but PRAGMA user_version is " + std::to_string(user_version) +
                          " (refusing to touch it)",
                      path, 0, 0, "PRAGMA user_version");
  };
  switch (shape.kind) {
    case Shape::Kind::kEmpty:
      if (user_version != 0) return mismatch(0);
      return 0;
    case Shape::Kind::kForeign:
      return make_error(shape.describe() + ": refusing to touch it", path, 0, 0, "database_path");
    case Shape::Kind::kOriginal:
      // The original stamped 2 from story 016 on; its own tests stamped 1; before, 0.
      if (user_version > 2) return mismatch(0);
      return 0;
    case Shape::Kind::kOurs:
      if (user_version == shape.version) return shape.version;
      // Story 007's table, unstamped: the original tool's (or ours, from before the stamp).
      if (shape.version == 1 && user_version == 0) return 1;
      // The original's create_database() stamps user_version = 2 into whatever file it opens,
      // ours included (its CREATE ... IF NOT EXISTS statements change nothing else here).
      if (user_version == 2 && shape.version > 2) return shape.version;
      return mismatch(shape.version);
  }
  return mismatch(0);
}

namespace {

// ------------------------------------------------------------------ the original's database
//
// Before the migrations: its tables step aside (renamed; the indexes whose names ours reuse
// dropped), so that migrations 1..N build our schema as in a new file. After them: its rows
// are copied into our tables with their ids and AUTOINCREMENT counters, and its tables
// dropped. Everything happens in the one migration transaction.

Status adopt_original_before(Database& db, const Shape& shape) {
  KISS_STORE_TRY(
      db.exec("DROP INDEX IF EXISTS idx_strategies_symbol_timestamp;"
              "ALTER TABLE strategies RENAME TO kiss_original_strategies;"));
  if (!shape.positions_columns.empty()) {
    KISS_STORE_TRY(
        db.exec("DROP INDEX IF EXISTS idx_positions_status_symbol;"
                "ALTER TABLE positions RENAME TO kiss_original_positions;"));
  }
  return {};
}

Status refuse_original(Database& db, const std::string& what, std::string_view key) {
  return make_error("cannot migrate this database of the original Python kiss_signal: " + what +
                        "; fix that row, then run again (nothing was changed)",
                    db.path(), 0, 0, std::string(key));
}

Status adopt_original_after(Database& db, const Shape& shape) {
  auto dup = first_row(db,
                       "SELECT symbol, rule_stack, run_timestamp, COUNT(*) FROM "
                       "kiss_original_strategies GROUP BY symbol, rule_stack, run_timestamp "
                       "HAVING COUNT(*) > 1 LIMIT 1");
  if (!dup) return tl::unexpected(std::move(dup.error()));
  if (const auto& st = *dup) {
    return refuse_original(db,
                           std::to_string(st->column_int64(3)) + " strategies rows share (" +
                               st->column_text(0) + ", " + st->column_text(1) + ", " +
                               st->column_text(2) + ")",
                           "strategies");
  }
  const bool config = contains(shape.strategies_columns, "config_hash");
  const std::string cols = std::string(
                               "id, run_timestamp, symbol, rule_stack, edge_score, win_pct, "
                               "sharpe, total_trades, avg_return, created_at") +
                           (config ? ", config_snapshot, config_hash" : "");
  KISS_STORE_TRY(db.exec("INSERT INTO strategies (" + cols + ") SELECT " + cols +
                         " FROM kiss_original_strategies ORDER BY id;"
                         "DELETE FROM sqlite_sequence WHERE name = 'strategies';"
                         "UPDATE sqlite_sequence SET name = 'strategies' "
                         "WHERE name = 'kiss_original_strategies';"
                         "DROP TABLE kiss_original_strategies;"));
  if (shape.positions_columns.empty()) return {};

  // The original could open a symbol twice (its duplicate-position defect); ours allows one
  // PENDING or OPEN position per symbol (idx_positions_one_active).
  auto twice = first_row(db,
                         "SELECT symbol, GROUP_CONCAT(id, ', ') FROM kiss_original_positions "
                         "WHERE status <> 'CLOSED' GROUP BY symbol HAVING COUNT(*) > 1 "
                         "ORDER BY symbol LIMIT 1");
  if (!twice) return tl::unexpected(std::move(twice.error()));
  if (const auto& st = *twice) {
    return refuse_original(db,
                           "positions rows " + st->column_text(1) + " are all open for " +
                               st->column_text(0) + " (one open position per symbol)",
                           "positions.status");
  }
  auto unclosed = first_row(db,
                            "SELECT id, symbol FROM kiss_original_positions WHERE status = "
                            "'CLOSED' AND (exit_date IS NULL OR exit_price IS NULL) "
                            "ORDER BY id LIMIT 1");
  if (!unclosed) return tl::unexpected(std::move(unclosed.error()));
  if (const auto& st = *unclosed) {
    return refuse_original(db,
                           "positions row id " + std::to_string(st->column_int64(0)) + " (" +
                               st->column_text(1) + ") is CLOSED without exit_date or exit_price",
                           "positions.exit_price");
  }
  std::string pcols =
      "id, symbol, entry_date, entry_price, exit_date, exit_price, status, rule_stack_used";
  for (std::string_view c :
       {"final_return_pct", "exit_reason", "final_nifty_return_pct", "days_held", "created_at"}) {
    if (contains(shape.positions_columns, c)) pcols += ", " + std::string(c);
  }
  // The original enters a position at its signal's date: that is its signal_date.
  return db.exec("INSERT INTO positions (" + pcols + ", signal_date) SELECT " + pcols +
                 ", entry_date FROM kiss_original_positions ORDER BY id;"
                 "DELETE FROM sqlite_sequence WHERE name = 'positions';"
                 "UPDATE sqlite_sequence SET name = 'positions' "
                 "WHERE name = 'kiss_original_positions';"
                 "DROP TABLE kiss_original_positions;");
}

}  // namespace

std::span<const Migration> migrations() noexcept { return kMigrations; }

Status migrate(Database& db) {
  // First without the write lock: a database already at kSchemaVersion (every open but the
  // first) must not wait for, or block, another process's write transaction.
  auto current = db.user_version();
  if (!current) return tl::unexpected(std::move(current.error()));
  auto shape = detect_shape(db);
  if (!shape) return tl::unexpected(std::move(shape.error()));
  auto version = effective_version(db.path(), *current, *shape);
  if (!version) return tl::unexpected(std::move(version.error()));
  if (*version == kSchemaVersion && *current == kSchemaVersion) return {};

  // Everything pending in ONE transaction, the number stamped inside it: the file is either
  // as it was or fully at kSchemaVersion, whatever it was (the original's, any of ours).
  auto txn = Transaction::begin(db);
  if (!txn) return tl::unexpected(std::move(txn.error()));
  current = db.user_version();  // re-read under the write lock: another process may have
  if (!current) return tl::unexpected(std::move(current.error()));  // migrated meanwhile
  shape = detect_shape(db);
  if (!shape) return tl::unexpected(std::move(shape.error()));
  version = effective_version(db.path(), *current, *shape);
  if (!version) return tl::unexpected(std::move(version.error()));
  if (*version == kSchemaVersion && *current == kSchemaVersion) return {};  // rolls back
  const bool original = shape->kind == Shape::Kind::kOriginal;
  if (original) {
    if (auto st = adopt_original_before(db, *shape); !st) return st;
  }
  for (const Migration& m : migrations()) {
    if (m.version <= *version) continue;
    if (auto st = precheck(db, m.version); !st) return st;
    if (auto st = db.exec(m.sql); !st) {
      Error e = std::move(st.error());
      e.message = "migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                  ") failed, nothing was changed: " + e.message;
      return tl::unexpected(std::move(e));
    }
  }
  if (original) {
    if (auto st = adopt_original_after(db, *shape); !st) return st;
  }
  if (auto st = db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion)); !st) {
    return st;
  }
  crash_point("migrate.before_commit");  // kill -9 test instants (util/crash_point.h)
  if (auto st = txn->commit(); !st) return st;
  crash_point("migrate.after_commit");
  return {};
}

}  // namespace kiss::store
