#include "store/schema.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/positions.h"
#include "store/strategies.h"
#include "store/test_support.h"

namespace kiss::store {
namespace {

using testing::raw_exec;
using testing::TempDir;

struct Column {
  std::string name, type;
  bool notnull;
  std::string dflt;  // "" = no default
  int pk;
  bool operator==(const Column&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Column& c) {
  return os << c.name << ' ' << c.type << (c.notnull ? " NOT NULL" : "") << " default=" << c.dflt
            << " pk=" << c.pk;
}

std::vector<Column> table_info(Database& db, const std::string& table) {
  auto st = db.prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1)");
  EXPECT_TRUE(st);
  EXPECT_TRUE(st->bind_text(1, table));
  std::vector<Column> out;
  while (st->step().value()) {
    out.push_back({st->column_text(0), st->column_text(1), st->column_int64(2) != 0,
                   st->column_text(3), static_cast<int>(st->column_int64(4))});
  }
  return out;
}

std::vector<std::string> index_columns(Database& db, const std::string& index) {
  auto st = db.prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno");
  EXPECT_TRUE(st);
  EXPECT_TRUE(st->bind_text(1, index));
  std::vector<std::string> out;
  while (st->step().value()) out.push_back(st->column_text(0));
  return out;
}

// (unique, partial) of an index of `table`, or (-1, -1) when absent.
std::pair<int, int> index_flags(Database& db, const std::string& table, const std::string& index) {
  auto st = db.prepare("SELECT \"unique\", partial FROM pragma_index_list(?1) WHERE name = ?2");
  EXPECT_TRUE(st);
  EXPECT_TRUE(st->bind_text(1, table));
  EXPECT_TRUE(st->bind_text(2, index));
  if (!st->step().value()) return {-1, -1};
  return {static_cast<int>(st->column_int64(0)), static_cast<int>(st->column_int64(1))};
}

std::int64_t scalar(Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  EXPECT_TRUE(st) << sql;
  EXPECT_TRUE(st->step().value()) << sql;
  return st->column_int64(0);
}

// The columns of the one row of `sql`, as ints, read through a raw connection (outside the
// store layer, which would migrate the file).
std::vector<int> raw_ints(const std::string& path, const std::string& sql) {
  std::vector<int> out;
  sqlite3* raw = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_open(path.c_str(), &raw) == SQLITE_OK &&
      sqlite3_prepare_v2(raw, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(st); ++i) out.push_back(sqlite3_column_int(st, i));
  }
  sqlite3_finalize(st);
  sqlite3_close(raw);
  return out;
}

// The story's table, column by column (story 007, "Database Schema").
const std::vector<Column> kStoryColumns = {
    {"id", "INTEGER", false, "", 1},     {"run_timestamp", "TEXT", true, "", 0},
    {"symbol", "TEXT", true, "", 0},     {"rule_stack", "TEXT", true, "", 0},
    {"edge_score", "REAL", true, "", 0}, {"win_pct", "REAL", true, "", 0},
    {"sharpe", "REAL", true, "", 0},     {"total_trades", "INTEGER", true, "", 0},
    {"avg_return", "REAL", true, "", 0}, {"created_at", "TEXT", false, "CURRENT_TIMESTAMP", 0},
};

TEST(Schema, MigrationsAreNumberedInOrder) {
  const auto all = migrations();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kSchemaVersion));
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(all[i].sql.empty());
  }
}

TEST(Schema, StrategiesStartsWithTheStoryColumnsThenTheMigration2Extras) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  const auto cols = table_info(*db, "strategies");
  ASSERT_EQ(cols.size(), kStoryColumns.size() + 18);
  for (std::size_t i = 0; i < kStoryColumns.size(); ++i) EXPECT_EQ(cols[i], kStoryColumns[i]);
  const std::vector<std::pair<std::string, std::string>> extras = {{"config_snapshot", "TEXT"},
                                                                   {"config_hash", "TEXT"},
                                                                   {"sortino", "REAL"},
                                                                   {"max_drawdown_pct", "REAL"},
                                                                   {"cagr_pct", "REAL"},
                                                                   {"profit_factor", "REAL"},
                                                                   {"expectancy", "REAL"},
                                                                   {"exposure_pct", "REAL"},
                                                                   {"avg_bars_held", "REAL"},
                                                                   {"alpha_pct", "REAL"},
                                                                   {"beat_benchmark_pct", "REAL"},
                                                                   {"target_hit_pct", "REAL"},
                                                                   {"deflated_sharpe", "REAL"},
                                                                   {"in_sample", "INTEGER"},
                                                                   {"oos_windows", "INTEGER"},
                                                                   {"oos_start", "TEXT"},
                                                                   {"oos_end", "TEXT"},
                                                                   {"run_id", "INTEGER"}};
  for (std::size_t i = 0; i < extras.size(); ++i) {
    const Column& c = cols[kStoryColumns.size() + i];
    EXPECT_EQ(c.name, extras[i].first);
    EXPECT_EQ(c.type, extras[i].second);
    EXPECT_FALSE(c.notnull) << c.name;  // rows of older runs have NULL there
  }
  // AUTOINCREMENT (ids are never reused) shows as the sqlite_sequence table.
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_sequence'"), 1);
}

TEST(Schema, StrategiesIndexes) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  EXPECT_EQ(index_columns(*db, "idx_strategies_symbol_timestamp"),
            (std::vector<std::string>{"symbol", "run_timestamp"}));
  EXPECT_EQ(index_flags(*db, "strategies", "idx_strategies_symbol_timestamp"),
            std::make_pair(0, 0));
  EXPECT_EQ(index_columns(*db, "idx_strategies_symbol_stack_timestamp"),
            (std::vector<std::string>{"symbol", "rule_stack", "run_timestamp"}));
  EXPECT_EQ(index_flags(*db, "strategies", "idx_strategies_symbol_stack_timestamp"),
            std::make_pair(1, 0));
  EXPECT_EQ(index_columns(*db, "idx_strategies_config_hash_symbol"),
            (std::vector<std::string>{"config_hash", "symbol"}));
}

TEST(Schema, PositionsRunsPricesAndRefreshTables) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  std::vector<std::string> names;
  for (const auto& c : table_info(*db, "positions")) names.push_back(c.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"id", "symbol", "entry_date", "entry_price", "exit_date",
                                      "exit_price", "status", "rule_stack_used", "final_return_pct",
                                      "exit_reason", "final_nifty_return_pct", "days_held",
                                      "created_at", "signal_date", "shares", "run_id", "stop_level",
                                      "target_level", "terms"}));
  EXPECT_EQ(index_columns(*db, "idx_positions_one_active"), (std::vector<std::string>{"symbol"}));
  EXPECT_EQ(index_flags(*db, "positions", "idx_positions_one_active"), std::make_pair(1, 1));

  names.clear();
  for (const auto& c : table_info(*db, "position_facts")) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"id", "position_id", "kind", "fact_date", "price",
                                             "shares", "recorded_at", "source"}));

  names.clear();
  for (const auto& c : table_info(*db, "runs")) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"id", "run_timestamp", "data_as_of", "config_hash",
                                             "version", "status", "symbols", "strategies",
                                             "new_buys", "open_positions", "to_sell", "duration_ms",
                                             "created_at", "report_json", "config_yaml"}));
  names.clear();
  for (const auto& c : table_info(*db, "price_columns")) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"symbol", "bars", "first_date", "last_date", "date",
                                             "open", "high", "low", "close", "volume"}));

  const std::vector<Column> prices = {
      {"symbol", "TEXT", true, "", 1}, {"date", "INTEGER", true, "", 2},
      {"open", "REAL", true, "", 0},   {"high", "REAL", true, "", 0},
      {"low", "REAL", true, "", 0},    {"close", "REAL", true, "", 0},
      {"volume", "REAL", true, "", 0}, {"adj_close", "REAL", false, "", 0}};
  EXPECT_EQ(table_info(*db, "prices"), prices);
  EXPECT_EQ(scalar(*db, "SELECT wr FROM pragma_table_list WHERE name = 'prices'"), 1);

  names.clear();
  for (const auto& c : table_info(*db, "price_refresh")) names.push_back(c.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"symbol", "source", "last_refresh", "last_attempt_date",
                                      "status", "message", "warnings"}));
}

TEST(Schema, PricesViewShowsIsoDates) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  // 19723 days after 1970-01-01 is 2024-01-01.
  ASSERT_TRUE(db->exec("INSERT INTO prices VALUES ('TCS', 19723, 1, 2, 0.5, 1.5, 100, NULL)"));
  auto st = db->prepare("SELECT date, close FROM prices_v WHERE symbol = 'TCS'");
  ASSERT_TRUE(st && st->step().value());
  EXPECT_EQ(st->column_text(0), "2024-01-01");
  EXPECT_EQ(st->column_double(1), 1.5);
  auto dup = db->exec("INSERT INTO prices VALUES ('TCS', 19723, 1, 2, 0.5, 1.5, 100, NULL)");
  EXPECT_FALSE(dup);
}

TEST(Schema, PositionConstraints) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  const std::string ins =
      "INSERT INTO positions (symbol, status, signal_date, entry_date, entry_price, exit_date, "
      "exit_price, rule_stack_used) VALUES ";
  EXPECT_TRUE(db->exec(ins + "('A', 'OPEN', '2024-01-01', '2024-01-02', 10, NULL, NULL, '[]')"));
  // One non-CLOSED position per symbol.
  EXPECT_FALSE(db->exec(ins + "('A', 'PENDING', '2024-01-05', NULL, NULL, NULL, NULL, '[]')"));
  // CLOSED ones do not count.
  EXPECT_TRUE(db->exec(ins + "('A', 'CLOSED', '2023-01-01', '2023-01-02', 9, '2023-02-01', 11, "
                             "'[]')"));
  EXPECT_TRUE(db->exec(ins + "('B', 'PENDING', '2024-01-05', NULL, NULL, NULL, NULL, '[]')"));
  EXPECT_FALSE(db->exec(ins + "('C', 'SOLD', '2024-01-05', '2024-01-06', 1, NULL, NULL, '[]')"));
  // OPEN needs an entry, CLOSED an exit.
  EXPECT_FALSE(db->exec(ins + "('D', 'OPEN', '2024-01-05', NULL, NULL, NULL, NULL, '[]')"));
  EXPECT_FALSE(db->exec(ins + "('E', 'CLOSED', '2024-01-05', '2024-01-06', 1, NULL, NULL, "
                              "'[]')"));
  // SKIPPED needs no entry and does not hold the symbol's one active slot.
  EXPECT_TRUE(db->exec("UPDATE positions SET status = 'SKIPPED' WHERE symbol = 'B'"));
  EXPECT_TRUE(db->exec(ins + "('B', 'PENDING', '2024-01-08', NULL, NULL, NULL, NULL, '[]')"));
  // A fact names an existing position; fill and exit carry a date and a positive price.
  const std::string fact =
      "INSERT INTO position_facts (position_id, kind, fact_date, price, shares, recorded_at, "
      "source) VALUES ";
  EXPECT_TRUE(db->exec(fact + "(1, 'fill', '2024-01-02', 10.5, 7, 'now', 'cli')"));
  EXPECT_TRUE(db->exec(fact + "(1, 'skip', NULL, NULL, NULL, 'now', 'cli')"));
  EXPECT_FALSE(db->exec(fact + "(99, 'fill', '2024-01-02', 10.5, 7, 'now', 'cli')"));
  EXPECT_FALSE(db->exec(fact + "(1, 'exit', NULL, 10.5, NULL, 'now', 'cli')"));
  EXPECT_FALSE(db->exec(fact + "(1, 'exit', '2024-01-03', 0, NULL, 'now', 'cli')"));
  EXPECT_FALSE(db->exec(fact + "(1, 'fill', '2024-01-03', 5, 0, 'now', 'cli')"));
  EXPECT_FALSE(db->exec(fact + "(1, 'sell', '2024-01-03', 5, 1, 'now', 'cli')"));
  // run_id is a foreign key (foreign_keys=ON).
  EXPECT_FALSE(db->exec(
      "INSERT INTO positions (symbol, status, signal_date, rule_stack_used, run_id) VALUES "
      "('F', 'PENDING', '2024-01-05', '[]', 42)"));
}

// The database a Python user of the original tool has after story 007: its exact DDL (WAL,
// user_version 0), rows with Python's json.dumps spelling and isoformat() timestamps.
void make_story_v1_database(const std::string& path, bool with_duplicate) {
  std::string sql = R"sql(
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS strategies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_timestamp TEXT NOT NULL,           -- ISO 8601 timestamp of the analysis run
    symbol TEXT NOT NULL,                  -- Stock symbol (e.g., 'RELIANCE')
    rule_stack TEXT NOT NULL,              -- JSON array of rule names (e.g., '["sma_10_20_crossover"]')
    edge_score REAL NOT NULL,              -- The calculated edge score for the strategy
    win_pct REAL NOT NULL,                 -- Win percentage from the backtest
    sharpe REAL NOT NULL,                  -- Sharpe ratio from the backtest
    total_trades INTEGER NOT NULL,         -- Total trades in the backtest period
    avg_return REAL NOT NULL,              -- Average return per trade
    created_at TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_strategies_symbol_timestamp ON strategies(symbol, run_timestamp);
INSERT INTO strategies (run_timestamp, symbol, rule_stack, edge_score, win_pct, sharpe, total_trades, avg_return)
VALUES ('2025-06-24T10:11:12.123456', 'RELIANCE', '["sma_crossover", "rsi_oversold"]', 0.75, 0.6, 1.2, 14, 0.021),
       ('2025-06-24T10:11:12.123456', 'INFY', '["rsi_oversold"]', 0.68, 0.55, 0.9, 11, 0.013);
DELETE FROM strategies WHERE symbol = 'INFY';
INSERT INTO strategies (run_timestamp, symbol, rule_stack, edge_score, win_pct, sharpe, total_trades, avg_return, created_at)
VALUES ('2025-06-25T10:00:00', 'INFY', '["rsi_oversold"]', 0.70, 0.57, 1.0, 12, 0.015, '2025-06-25 04:30:00');
)sql";
  if (with_duplicate) {
    sql +=
        "INSERT INTO strategies (run_timestamp, symbol, rule_stack, edge_score, win_pct, "
        "sharpe, total_trades, avg_return) VALUES ('2025-06-25T10:00:00', 'INFY', "
        "'[\"rsi_oversold\"]', 0.1, 0.1, 0.1, 1, 0.1);";
  }
  ASSERT_EQ(raw_exec(path, sql), "");
}

TEST(Schema, StoryV1DatabaseMigratesWithItsRowsIntact) {
  TempDir dir;
  const std::string path = dir.file("python.db");
  make_story_v1_database(path, false);
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ(db->user_version().value(), kSchemaVersion);
  auto rows = strategies_of_symbol(*db, "RELIANCE");
  ASSERT_TRUE(rows) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 1u);
  const StrategyRecord& r = rows->front();
  EXPECT_EQ(r.id, 1);
  EXPECT_EQ(r.run_timestamp, "2025-06-24T10:11:12.123456");
  EXPECT_EQ(r.rule_stack, (std::vector<std::string>{"sma_crossover", "rsi_oversold"}));
  EXPECT_EQ(r.edge_score, 0.75);
  EXPECT_EQ(r.win_pct, 0.6);
  EXPECT_EQ(r.sharpe, 1.2);
  EXPECT_EQ(r.total_trades, 14);
  EXPECT_EQ(r.avg_return, 0.021);
  EXPECT_EQ(r.created_at.size(), 19u);  // CURRENT_TIMESTAMP "YYYY-MM-DD HH:MM:SS"
  EXPECT_TRUE(r.config_hash.empty());
  EXPECT_FALSE(r.sortino.has_value());
  EXPECT_FALSE(r.run_id.has_value());
  auto infy = strategies_of_symbol(*db, "INFY");
  ASSERT_TRUE(infy);
  ASSERT_EQ(infy->size(), 1u);
  EXPECT_EQ(infy->front().id, 3);  // ids kept, including the gap left by the delete
  EXPECT_EQ(infy->front().created_at, "2025-06-25 04:30:00");
  // AUTOINCREMENT continues after the highest id ever used.
  StrategyRecord next = testing::record("TCS", {"x"});
  ASSERT_TRUE(save_strategies(*db, {next}, "2025-06-26T10:00:00"));
  EXPECT_EQ(scalar(*db, "SELECT MAX(id) FROM strategies"), 4);
  // The new UNIQUE applies to the old rows too.
  StrategyRecord dup = testing::record("INFY", {"rsi_oversold"});
  EXPECT_TRUE(save_strategies(*db, {dup}, "2025-06-25T10:00:01"));
  auto clash = db->exec(
      "INSERT INTO strategies (run_timestamp, symbol, rule_stack, edge_score, win_pct, sharpe, "
      "total_trades, avg_return) VALUES ('2025-06-25T10:00:00', 'INFY', '[\"rsi_oversold\"]', "
      "0, 0, 0, 0, 0)");
  EXPECT_FALSE(clash);
}

TEST(Schema, V1DatabaseWithDuplicatesIsRefusedWithoutStampingVersion2) {
  TempDir dir;
  const std::string path = dir.file("python_dup.db");
  make_story_v1_database(path, true);
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().exit_code, ExitCode::kBadInput);
  EXPECT_EQ(db.error().key, "strategies");
  EXPECT_NE(db.error().message.find("2 rows share (INFY"), std::string::npos)
      << db.error().to_string();
  // Every migration runs in one transaction, which rolled back entirely: no version was
  // stamped and none of the tables exist. RELIANCE, INFY and its duplicate.
  EXPECT_EQ(raw_ints(path,
                     "SELECT (SELECT user_version FROM pragma_user_version), "
                     "(SELECT COUNT(*) FROM sqlite_master WHERE name = 'runs'), "
                     "(SELECT COUNT(*) FROM strategies)"),
            (std::vector<int>{0, 0, 3}));
}

// The original tool's later layout (story 016 on), stamped with ITS user_version 2: adopted
// in one transaction, rows, ids and counters kept, rule objects readable, signal_date derived.
constexpr const char* kOriginalV2 = R"sql(
CREATE TABLE strategies (id INTEGER PRIMARY KEY AUTOINCREMENT, symbol TEXT NOT NULL,
  run_timestamp TEXT NOT NULL, rule_stack TEXT NOT NULL, edge_score REAL NOT NULL,
  win_pct REAL NOT NULL, sharpe REAL NOT NULL, total_trades INTEGER NOT NULL,
  avg_return REAL NOT NULL, config_snapshot TEXT, config_hash TEXT,
  created_at TEXT DEFAULT CURRENT_TIMESTAMP, UNIQUE(symbol, rule_stack, run_timestamp));
CREATE TABLE positions (id INTEGER PRIMARY KEY AUTOINCREMENT, symbol TEXT NOT NULL,
  entry_date TEXT NOT NULL, entry_price REAL NOT NULL, exit_date TEXT, exit_price REAL,
  status TEXT NOT NULL CHECK(status IN ('OPEN', 'CLOSED')), rule_stack_used TEXT NOT NULL,
  final_return_pct REAL, exit_reason TEXT, final_nifty_return_pct REAL, days_held INTEGER,
  created_at TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE INDEX idx_strategies_symbol_timestamp ON strategies(symbol, run_timestamp);
CREATE INDEX idx_positions_status_symbol ON positions(status, symbol);
INSERT INTO strategies (id, symbol, run_timestamp, rule_stack, edge_score, win_pct, sharpe,
  total_trades, avg_return, config_snapshot, config_hash) VALUES
  (1, 'TCS', '2025-07-20T10:00:00', '[{"name": "sma_cross", "type": "sma_crossover", "params": {}}]',
   0.7, 0.6, 1.1, 12, 0.02, '{"hold_period": 20}', 'abcd1234'),
  (7, 'INFY', '2025-07-20T10:00:00', '["rsi_low"]', 0.5, 0.5, 0.9, 11, 0.01, '{}', 'legacy');
DELETE FROM strategies WHERE id = 7;
INSERT INTO strategies (id, symbol, run_timestamp, rule_stack, edge_score, win_pct, sharpe,
  total_trades, avg_return, config_snapshot, config_hash) VALUES
  (5, 'INFY', '2025-07-20T10:00:00', '["rsi_low"]', 0.5, 0.5, 0.9, 11, 0.01, '{}', 'legacy');
INSERT INTO positions (id, symbol, entry_date, entry_price, status, rule_stack_used) VALUES
  (1, 'TCS', '2025-07-21', 3500.5, 'OPEN', '[{"name": "sma_cross", "type": "sma_crossover"}]');
INSERT INTO positions (id, symbol, entry_date, entry_price, exit_date, exit_price, status,
  rule_stack_used, final_return_pct, exit_reason, days_held) VALUES
  (2, 'INFY', '2025-07-01', 1500, '2025-07-15', 1530, 'CLOSED', '["rsi_low"]', 2.0,
   'take_profit', 10);
PRAGMA user_version = 2;)sql";

TEST(Schema, TheOriginalToolsOwnVersion2IsAdoptedInOneTransaction) {
  TempDir dir;
  const std::string path = dir.file("python_v2.db");
  ASSERT_EQ(raw_exec(path, kOriginalV2), "");
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ(db->user_version().value(), kSchemaVersion);
  auto shape = detect_shape(*db);
  ASSERT_TRUE(shape);
  EXPECT_EQ(shape->kind, Shape::Kind::kOurs);
  EXPECT_EQ(shape->version, kSchemaVersion);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'kiss_original%'"), 0);
  auto tcs = strategies_of_symbol(*db, "TCS");
  ASSERT_TRUE(tcs) << tcs.error().to_string();
  ASSERT_EQ(tcs->size(), 1u);
  EXPECT_EQ(tcs->front().id, 1);
  EXPECT_EQ(tcs->front().rule_stack, std::vector<std::string>{"sma_cross"});
  EXPECT_EQ(tcs->front().config_hash, "abcd1234");
  EXPECT_EQ(tcs->front().config_snapshot, "{\"hold_period\": 20}");
  // The counter of the original (7, above MAX(id) = 5) moved over: ids are never reused.
  EXPECT_EQ(scalar(*db, "SELECT seq FROM sqlite_sequence WHERE name = 'strategies'"), 7);
  auto positions = positions_of_symbol(*db, "TCS");
  ASSERT_TRUE(positions) << positions.error().to_string();
  ASSERT_EQ(positions->size(), 1u);
  EXPECT_EQ(positions->front().status, PositionStatus::kOpen);
  EXPECT_EQ(positions->front().rule_stack, std::vector<std::string>{"sma_cross"});
  EXPECT_EQ(format_date(positions->front().signal_date), "2025-07-21");
  EXPECT_EQ(scalar(*db,
                   "SELECT COUNT(*) FROM positions WHERE status = 'CLOSED' AND "
                   "exit_reason = 'take_profit' AND days_held = 10"),
            1);
  EXPECT_EQ(scalar(*db, "SELECT seq FROM sqlite_sequence WHERE name = 'positions'"), 2);
}

TEST(Schema, AnOriginalWithASymbolOpenTwiceIsRefusedAndLeftByteIdentical) {
  TempDir dir;
  const std::string path = dir.file("python_twice.db");
  ASSERT_EQ(raw_exec(path, std::string(kOriginalV2) +
                               "INSERT INTO positions (id, symbol, entry_date, entry_price, "
                               "status, rule_stack_used) VALUES (3, 'TCS', '2025-07-22', 3490, "
                               "'OPEN', '[]');"),
            "");
  const std::string before = testing::read_bytes(path);
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().exit_code, ExitCode::kBadInput);
  EXPECT_NE(db.error().message.find("positions rows 1, 3 are all open for TCS"), std::string::npos)
      << db.error().to_string();
  EXPECT_NE(db.error().message.find("nothing was changed"), std::string::npos);
  EXPECT_EQ(testing::read_bytes(path), before);
}

TEST(Schema, AnotherProgramsDatabaseIsRefusedAndLeftByteIdentical) {
  TempDir dir;
  const std::string path = dir.file("notes.db");
  ASSERT_EQ(raw_exec(path,
                     "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                     "INSERT INTO notes VALUES (1, 'keep me');"),
            "");
  const std::string before = testing::read_bytes(path);
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().exit_code, ExitCode::kBadInput);
  EXPECT_NE(db.error().message.find("not a kiss-signal database (tables: notes)"),
            std::string::npos)
      << db.error().to_string();
  EXPECT_EQ(testing::read_bytes(path), before);
  auto ro = Database::open_read_only(path);
  ASSERT_FALSE(ro);
  EXPECT_EQ(testing::read_bytes(path), before);
}

// The original's create_database() run on our file stamps its user_version 2 (its other
// statements are CREATE ... IF NOT EXISTS of tables and indexes we have): the tables say 5.
TEST(Schema, OurDatabaseStampedTwoByTheOriginalIsReadAndRestamped) {
  TempDir dir;
  const std::string path = dir.file("ours.db");
  {
    auto db = Database::open(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE(save_strategies(*db, {testing::record("TCS", {"a"})}, "2025-06-25T10:00:00"));
  }
  ASSERT_EQ(raw_exec(path, "PRAGMA user_version = 2;"), "");
  const std::string before = testing::read_bytes(path);
  {
    auto ro = Database::open_read_only(path);
    ASSERT_TRUE(ro) << ro.error().to_string();
    auto rows = strategies_of_symbol(*ro, "TCS");
    ASSERT_TRUE(rows);
    EXPECT_EQ(rows->size(), 1u);
    EXPECT_FALSE(ro->exec("CREATE TABLE x(y)"));  // query_only
  }
  EXPECT_EQ(testing::read_bytes(path), before);
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ(db->user_version().value(), kSchemaVersion);
}

TEST(Schema, ReadOnlyOpenNeverCreatesNorMigrates) {
  TempDir dir;
  const std::string missing = dir.file("missing.db");
  auto none = Database::open_read_only(missing);
  ASSERT_FALSE(none);
  EXPECT_FALSE(std::filesystem::exists(missing));
  const std::string empty = dir.file("empty.db");
  ASSERT_EQ(raw_exec(empty, "SELECT 1"), "");  // a 0-byte file
  auto e = Database::open_read_only(empty);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().exit_code, ExitCode::kBadInput);
  EXPECT_EQ(std::filesystem::file_size(empty), 0u);
  const std::string v1 = dir.file("v1.db");
  make_story_v1_database(v1, false);
  const std::string before = testing::read_bytes(v1);
  auto old = Database::open_read_only(v1);
  ASSERT_FALSE(old);
  EXPECT_NE(old.error().message.find("`kiss-signal run` migrates it"), std::string::npos)
      << old.error().to_string();
  EXPECT_EQ(testing::read_bytes(v1), before);
}

// Migration 5: positions.signal_date may be omitted (the original's INSERT) and is then the
// entry date; a row with neither is refused.
TEST(Schema, SignalDateIsDerivedFromTheEntryDate) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  ASSERT_TRUE(
      db->exec("INSERT INTO positions (symbol, entry_date, entry_price, status, "
               "rule_stack_used) VALUES ('TCS', '2025-07-21', 3500.5, 'OPEN', '[]')"));
  auto st = db->prepare("SELECT signal_date FROM positions WHERE symbol = 'TCS'");
  ASSERT_TRUE(st);
  ASSERT_TRUE(st->step().value());
  EXPECT_EQ(st->column_text(0), "2025-07-21");
  EXPECT_FALSE(
      db->exec("INSERT INTO positions (symbol, status, rule_stack_used) VALUES "
               "('INFY', 'PENDING', '[]')"));
}

// A database as version 3 left it (migrations 1-3 exactly), with a run, rows that use it,
// and the highest id deleted so the AUTOINCREMENT counter is above MAX(id). `dangling` adds
// a row whose run_id names no run (possible only with foreign_keys off, as here).
void make_v3_database(const std::string& path, bool dangling) {
  std::string sql = "PRAGMA journal_mode=WAL;";
  for (const Migration& m : migrations()) {
    if (m.version <= 3) sql += std::string(m.sql);
  }
  sql += R"sql(
PRAGMA user_version = 3;
INSERT INTO runs (id, run_timestamp, status) VALUES (7, '2025-06-24T10:00:00', 'ok');
INSERT INTO strategies (run_timestamp, symbol, rule_stack, edge_score, win_pct, sharpe,
    total_trades, avg_return, created_at, config_hash, sortino, oos_start, run_id)
VALUES ('2025-06-24T10:00:00', 'TCS', '["a"]', 0.7, 0.6, 1.1, 12, 0.02, '2025-06-24 04:30:00',
        'h1', 1.5, '2024-01-01', 7),
       ('2025-06-24T10:00:00', 'INFY', '["b","c"]', 0.6, 0.5, 0.9, 10, 0.01,
        '2025-06-24 04:30:00', NULL, NULL, NULL, NULL),
       ('2025-06-24T10:00:00', 'WIPRO', '["d"]', 0.5, 0.5, 0.5, 10, 0.01,
        '2025-06-24 04:30:00', NULL, NULL, NULL, NULL);
DELETE FROM strategies WHERE symbol = 'WIPRO';
)sql";
  if (dangling) {
    sql +=
        "INSERT INTO strategies (run_timestamp, symbol, rule_stack, edge_score, win_pct, "
        "sharpe, total_trades, avg_return, run_id) VALUES ('2025-06-25T10:00:00', 'SBIN', "
        "'[\"e\"]', 0.5, 0.5, 0.5, 10, 0.01, 99);";
  }
  ASSERT_EQ(raw_exec(path, sql), "");
}

TEST(Schema, Version3MigratesToADeferredRunIdKeepingRowsIdsAndTheCounter) {
  TempDir dir;
  const std::string path = dir.file("v3.db");
  make_v3_database(path, false);
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ(db->user_version().value(), kSchemaVersion);
  // The rows, with their ids and every value.
  auto tcs = strategies_of_symbol(*db, "TCS").value();
  ASSERT_EQ(tcs.size(), 1u);
  EXPECT_EQ(tcs[0].id, 1);
  EXPECT_EQ(tcs[0].rule_stack, (std::vector<std::string>{"a"}));
  EXPECT_EQ(tcs[0].edge_score, 0.7);
  EXPECT_EQ(tcs[0].total_trades, 12);
  EXPECT_EQ(tcs[0].created_at, "2025-06-24 04:30:00");
  EXPECT_EQ(tcs[0].config_hash, "h1");
  EXPECT_EQ(tcs[0].sortino, 1.5);
  EXPECT_EQ(tcs[0].oos_start, days_from_civil(2024, 1, 1));
  EXPECT_EQ(tcs[0].run_id, 7);
  auto infy = strategies_of_symbol(*db, "INFY").value();
  ASSERT_EQ(infy.size(), 1u);
  EXPECT_EQ(infy[0].id, 2);
  EXPECT_EQ(infy[0].rule_stack, (std::vector<std::string>{"b", "c"}));
  EXPECT_FALSE(infy[0].run_id.has_value());
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM strategies"), 2);
  // Same columns and indexes as a new file; the counter still says 3 (WIPRO's id is not reused).
  auto fresh = Database::open_in_memory();
  ASSERT_TRUE(fresh);
  EXPECT_EQ(table_info(*db, "strategies"), table_info(*fresh, "strategies"));
  for (const char* index :
       {"idx_strategies_symbol_timestamp", "idx_strategies_symbol_stack_timestamp",
        "idx_strategies_config_hash_symbol"}) {
    EXPECT_EQ(index_columns(*db, index), index_columns(*fresh, index)) << index;
    EXPECT_EQ(index_flags(*db, "strategies", index), index_flags(*fresh, "strategies", index));
  }
  EXPECT_EQ(scalar(*db, "SELECT seq FROM sqlite_sequence WHERE name = 'strategies'"), 3);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%v4%'"), 0);
  ASSERT_TRUE(save_strategies(*db, {testing::record("SBIN", {"x"})}, "2025-06-26T10:00:00"));
  EXPECT_EQ(scalar(*db, "SELECT MAX(id) FROM strategies"), 4);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
}

// A version-5 file (migrations 1..5 applied as they were) with a CLOSED and an OPEN position:
// migration 6 keeps every row, id and the AUTOINCREMENT counter, and adds SKIPPED, terms and
// position_facts.
TEST(Schema, Version5PositionsMigrateToVersion6WithTheirIds) {
  TempDir dir;
  const std::string path = dir.file("v5.db");
  std::string sql;
  for (const Migration& m : migrations()) {
    if (m.version <= 5) sql += std::string(m.sql);
  }
  sql +=
      "INSERT INTO positions (id, symbol, status, signal_date, entry_date, entry_price, "
      "exit_date, exit_price, rule_stack_used, shares) VALUES "
      "(4, 'TCS', 'CLOSED', '2025-01-01', '2025-01-02', 100, '2025-01-10', 110, '[\"a\"]', 5),"
      "(9, 'INFY', 'OPEN', '2025-02-01', '2025-02-03', 50, NULL, NULL, '[\"b\"]', 20);"
      "PRAGMA user_version = 5;";
  ASSERT_EQ(raw_exec(path, sql), "");
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ(db->user_version().value(), 6);
  auto book = all_positions(*db).value();
  ASSERT_EQ(book.size(), 2u);
  EXPECT_EQ(book[0].symbol, "INFY");
  EXPECT_EQ(book[0].id, 9);
  EXPECT_EQ(book[0].status, PositionStatus::kOpen);
  EXPECT_EQ(book[0].shares, 20);
  EXPECT_TRUE(book[0].terms.empty());
  EXPECT_EQ(book[1].id, 4);
  EXPECT_EQ(book[1].exit_price, 110.0);
  EXPECT_EQ(scalar(*db, "SELECT seq FROM sqlite_sequence WHERE name = 'positions'"), 9);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%v6%'"), 0);
  auto fresh = Database::open_in_memory();
  ASSERT_TRUE(fresh);
  EXPECT_EQ(table_info(*db, "positions"), table_info(*fresh, "positions"));
  EXPECT_EQ(table_info(*db, "position_facts"), table_info(*fresh, "position_facts"));
  // The facts of a position come back with it, oldest first.
  PositionFact f;
  f.position_id = 9;
  f.kind = FactKind::kFill;
  f.date = days_from_civil(2025, 2, 3);
  f.price = 50.5;
  f.shares = 19;
  f.recorded_at = "2025-02-03T04:00:00Z";
  f.source = "cli";
  ASSERT_TRUE(insert_fact(*db, f));
  f.kind = FactKind::kExit;
  f.date = days_from_civil(2025, 2, 10);
  f.price = 55;
  f.shares.reset();
  ASSERT_TRUE(insert_fact(*db, f));
  auto infy = positions_of_symbol(*db, "INFY").value();
  ASSERT_EQ(infy.size(), 1u);
  ASSERT_EQ(infy[0].facts.size(), 2u);
  EXPECT_EQ(infy[0].facts[0].kind, FactKind::kFill);
  EXPECT_EQ(infy[0].facts[0].price, 50.5);
  EXPECT_EQ(infy[0].facts[0].shares, 19);
  EXPECT_EQ(infy[0].facts[1].kind, FactKind::kExit);
  EXPECT_EQ(infy[0].facts[1].date, days_from_civil(2025, 2, 10));
  EXPECT_FALSE(infy[0].facts[1].shares);
}

TEST(Schema, RunIdIsCheckedAtCommit) {
  // Deferred (v4): a dangling run_id does not stop the INSERT, it stops the COMMIT, and the
  // transaction then rolls back (Transaction::commit).
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  EXPECT_NE(scalar(*db,
                   "SELECT COUNT(*) FROM sqlite_master WHERE name = 'strategies' AND "
                   "sql LIKE '%run_id INTEGER REFERENCES runs(id) DEFERRABLE INITIALLY "
                   "DEFERRED%'"),
            0);
  auto txn = Transaction::begin(*db);
  ASSERT_TRUE(txn);
  ASSERT_TRUE(db->exec(
      "INSERT INTO strategies (run_timestamp, symbol, rule_stack, edge_score, win_pct, sharpe, "
      "total_trades, avg_return, run_id) VALUES ('2025-06-25T10:00:00', 'A', '[]', 0, 0, 0, 0, "
      "0, 42)"));
  auto done = txn->commit();
  ASSERT_FALSE(done);
  EXPECT_NE(done.error().message.find("FOREIGN KEY"), std::string::npos)
      << done.error().to_string();
  EXPECT_NE(sqlite3_get_autocommit(db->handle()), 0);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM strategies"), 0);
}

TEST(Schema, Version3WithADanglingRunIdIsRefusedWithoutStampingVersion4) {
  TempDir dir;
  const std::string path = dir.file("v3_dangling.db");
  make_v3_database(path, true);
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().exit_code, ExitCode::kBadInput);
  EXPECT_EQ(db.error().key, "strategies.run_id");
  EXPECT_NE(db.error().message.find("row id 4 has run_id 99"), std::string::npos)
      << db.error().to_string();
  EXPECT_EQ(raw_ints(path,
                     "SELECT (SELECT user_version FROM pragma_user_version), "
                     "(SELECT COUNT(*) FROM strategies), (SELECT COUNT(*) FROM sqlite_master "
                     "WHERE sql LIKE '%DEFERRABLE%')"),
            (std::vector<int>{3, 3, 0}));
}

TEST(Schema, MigrateIsANoOpOnACurrentDatabase) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  ASSERT_TRUE(migrate(*db));
  EXPECT_EQ(db->user_version().value(), kSchemaVersion);
}

}  // namespace
}  // namespace kiss::store
