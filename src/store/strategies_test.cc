#include "store/strategies.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/runs.h"
#include "store/schema.h"
#include "store/test_support.h"

namespace kiss::store {
namespace {

using testing::read_bytes;
using testing::record;
using testing::TempDir;
using testing::write_bytes;

constexpr const char* kTs = "2025-06-24T09:15:00";

std::int64_t count(Database& db) { return count_strategies(db).value(); }

TEST(Strategies, CreateDatabaseMakesFolderFileAndSchemaAndIsIdempotent) {
  TempDir dir;
  const std::string path = dir.file("data/kiss_signal.db");
  ASSERT_TRUE(create_database(path));
  ASSERT_TRUE(create_database(path));
  auto db = Database::open(path);
  ASSERT_TRUE(db);
  EXPECT_EQ(db->user_version().value(), kSchemaVersion);
  auto bad = create_database(dir.path());  // a folder
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().exit_code, ExitCode::kRunFailed);
}

TEST(Strategies, BatchSaveStoresEveryFieldAndRuleStacksAsJson) {
  TempDir dir;
  const std::string path = dir.file("kiss.db");
  StrategyRecord a = record("RELIANCE", {"sma_crossover", "rsi_oversold"}, 0.75, 14);
  a.win_pct = 0.6;
  a.sharpe = 1.25;
  a.avg_return = 0.021;
  a.config_hash = "abc123";
  a.config_snapshot = "hold_period: 20\n";
  a.sortino = 1.5;
  a.profit_factor = std::numeric_limits<double>::infinity();  // no losing trade
  a.in_sample = false;
  a.oos_windows = 4;
  a.oos_start = days_from_civil(2024, 1, 1);
  a.oos_end = days_from_civil(2024, 12, 31);
  StrategyRecord b = record("INFY", {"rsi_oversold"}, 0.68, 11);
  ASSERT_TRUE(save_strategies_batch(path, {a, b}, kTs));

  auto db = Database::open(path);
  ASSERT_TRUE(db);
  auto st = db->prepare("SELECT rule_stack, run_timestamp FROM strategies ORDER BY id");
  ASSERT_TRUE(st && st->step().value());
  EXPECT_EQ(st->column_text(0), R"(["sma_crossover","rsi_oversold"])");
  EXPECT_EQ(st->column_text(1), kTs);

  auto rows = strategies_of_run(*db, kTs);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  const StrategyRecord& r = (*rows)[1];  // by symbol: INFY, RELIANCE
  EXPECT_EQ(r.symbol, "RELIANCE");
  EXPECT_EQ(r.rule_stack, a.rule_stack);
  EXPECT_EQ(r.edge_score, 0.75);
  EXPECT_EQ(r.win_pct, 0.6);
  EXPECT_EQ(r.sharpe, 1.25);
  EXPECT_EQ(r.total_trades, 14);
  EXPECT_EQ(r.avg_return, 0.021);
  EXPECT_EQ(r.config_hash, "abc123");
  EXPECT_EQ(r.config_snapshot, "hold_period: 20\n");
  EXPECT_EQ(r.sortino, 1.5);
  EXPECT_TRUE(r.profit_factor && std::isinf(*r.profit_factor));
  EXPECT_FALSE(r.max_drawdown_pct.has_value());
  EXPECT_EQ(r.in_sample, false);
  EXPECT_EQ(r.oos_windows, 4);
  EXPECT_EQ(r.oos_start, days_from_civil(2024, 1, 1));
  EXPECT_EQ(r.oos_end, days_from_civil(2024, 12, 31));
  EXPECT_EQ(r.run_timestamp, kTs);
  EXPECT_FALSE(r.created_at.empty());
  EXPECT_EQ((*rows)[0].symbol, "INFY");
  EXPECT_TRUE((*rows)[0].config_hash.empty());
}

TEST(Strategies, EmptyBatchSucceedsAndTouchesNothing) {
  TempDir dir;
  const std::string path = dir.file("never/kiss.db");
  EXPECT_TRUE(save_strategies_batch(path, {}, kTs));
  EXPECT_FALSE(std::filesystem::exists(dir.file("never")));
  const std::string existing = dir.file("kiss.db");
  ASSERT_TRUE(save_strategies_batch(existing, {record("A", {"r"})}, kTs));
  EXPECT_TRUE(save_strategies_batch(existing, {}, "2025-06-25T09:15:00"));
  auto db = Database::open(existing);
  ASSERT_TRUE(db);
  EXPECT_EQ(count(*db), 1);
}

// A batch with a row that breaks the UNIQUE index: save_strategies_batch stores nothing, and
// the in-transaction API names the row (`names`) in its message.
void expect_unique_failure_names_row(const std::vector<StrategyRecord>& batch,
                                     const std::string& names) {
  TempDir dir;
  const std::string path = dir.file("kiss.db");
  EXPECT_FALSE(save_strategies_batch(path, batch, kTs));
  auto db = Database::open(path);
  ASSERT_TRUE(db);
  EXPECT_EQ(count(*db), 0);

  auto txn = Transaction::begin(*db);
  ASSERT_TRUE(txn);
  auto st = save_strategies(*db, batch, kTs);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().exit_code, ExitCode::kBadInput);
  EXPECT_NE(st.error().message.find(names), std::string::npos) << st.error().to_string();
  EXPECT_NE(st.error().message.find("UNIQUE"), std::string::npos);
  txn->rollback();
  EXPECT_EQ(count(*db), 0);
}

TEST(Strategies, AFailureMidBatchRollsBackEveryRow) {
  // The third row repeats the first (symbol, rule_stack, run_timestamp): the UNIQUE index
  // fails inside SQLite after two rows were already inserted in the transaction.
  expect_unique_failure_names_row({record("A", {"x", "y"}), record("B", {"x"}),
                                   record("A", {"x", "y"}), record("C", {"x"})},
                                  "strategy #3 (A, x+y)");
}

std::vector<StrategyRecord> numbered(std::size_t n) {
  std::vector<StrategyRecord> rows;
  for (std::size_t i = 0; i < n; ++i) {
    std::string symbol = std::to_string(10000 + i);
    symbol.insert(symbol.begin(), 'S');  // not "S" + ...: GCC 12's -Wrestrict false positive
    StrategyRecord r = record(symbol, {"r", std::to_string(i)}, static_cast<double>(i) / 1000.0,
                              static_cast<std::int64_t>(i));
    if (i % 2 == 0) r.sortino = static_cast<double>(i) + 0.5;
    if (i % 3 == 0) r.config_hash = std::to_string(i);
    r.oos_start = static_cast<Date>(19000 + i);
    r.run_id = std::nullopt;
    rows.push_back(std::move(r));
  }
  return rows;
}

// Every row of `rows` is in the table, in batch order (ids 1..n), with its own values.
void expect_rows_in_order(Database& db, const std::vector<StrategyRecord>& rows) {
  auto st = db.prepare(
      "SELECT id, symbol, rule_stack, edge_score, total_trades, sortino, config_hash, "
      "oos_start FROM strategies ORDER BY id");
  ASSERT_TRUE(st);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_TRUE(st->step().value()) << "row " << i;
    EXPECT_EQ(st->column_int64(0), static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(st->column_text(1), rows[i].symbol);
    EXPECT_EQ(st->column_text(2), rule_stack_to_json(rows[i].rule_stack));
    EXPECT_EQ(st->column_double(3), rows[i].edge_score);
    EXPECT_EQ(st->column_int64(4), rows[i].total_trades);
    EXPECT_EQ(st->column_double_or_null(5), rows[i].sortino);
    EXPECT_EQ(st->column_text(6), rows[i].config_hash);
    EXPECT_EQ(st->column_text(7), format_date(*rows[i].oos_start));
  }
  EXPECT_FALSE(st->step().value());
}

TEST(Strategies, ChunkBoundariesKeepEveryRowInBatchOrder) {
  constexpr std::size_t c = kInsertChunkRows;
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, c - 1, c, c + 1, 2 * c + 1}) {
    SCOPED_TRACE(n);
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    const auto rows = numbered(n);
    auto txn = Transaction::begin(*db);
    ASSERT_TRUE(txn);
    ASSERT_TRUE(save_strategies(*db, rows, kTs));
    ASSERT_TRUE(txn->commit());
    expect_rows_in_order(*db, rows);
  }
  TempDir dir;  // the story's function on a file: the same rows
  const auto rows = numbered(c + 1);
  ASSERT_TRUE(save_strategies_batch(dir.file("kiss.db"), rows, kTs));
  auto db = Database::open(dir.file("kiss.db"));
  ASSERT_TRUE(db);
  expect_rows_in_order(*db, rows);
}

TEST(Strategies, AFailureInALaterChunkNamesTheRowAndLeavesNothing) {
  // Row #151 (in the second chunk) repeats row #20 (first chunk, already inserted).
  auto batch = numbered(2 * kInsertChunkRows + 50);
  batch[150] = batch[19];
  expect_unique_failure_names_row(batch, "strategy #151 (S10019, r+19)");
}

TEST(Strategies, TheFirstAndTheLastRowOfAChunkAreNamedToo) {
  // OR FAIL keeps the rows before the failing one; their count names it (0 and 99 of them).
  auto first = numbered(2 * kInsertChunkRows);
  first[kInsertChunkRows] = first[3];
  expect_unique_failure_names_row(first, "strategy #101 (S10003, r+3)");
  auto last = numbered(2 * kInsertChunkRows);
  last[2 * kInsertChunkRows - 1] = last[3];
  expect_unique_failure_names_row(last, "strategy #200 (S10003, r+3)");
}

TEST(Strategies, OutsideATransactionTheBatchIsStillAllOrNothing) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  auto batch = numbered(kInsertChunkRows + 50);
  batch[119] = batch[4];
  auto st = save_strategies(*db, batch, kTs);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("strategy #120 (S10004, r+4)"), std::string::npos)
      << st.error().to_string();
  EXPECT_EQ(count(*db), 0);                            // the first chunk, too, was rolled back
  EXPECT_NE(sqlite3_get_autocommit(db->handle()), 0);  // no transaction left open
  ASSERT_TRUE(save_strategies(*db, numbered(kInsertChunkRows + 50), kTs));
  EXPECT_EQ(count(*db), static_cast<std::int64_t>(kInsertChunkRows + 50));
}

TEST(Strategies, ARunIdThatIsNotARunIsRefusedBeforeAnyWrite) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->exec("INSERT INTO runs (run_timestamp, status) VALUES ('" + std::string(kTs) +
                       "', 'ok')"));
  const std::int64_t run = db->last_insert_rowid();
  StrategyRecord a = record("A", {"x"});
  a.run_id = run;
  StrategyRecord b = record("B", {"x"});
  b.run_id = run + 41;
  auto txn = Transaction::begin(*db);
  ASSERT_TRUE(txn);
  auto st = save_strategies(*db, {a, b}, kTs);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().key, "strategies.run_id");
  EXPECT_EQ(st.error().exit_code, ExitCode::kBadInput);
  EXPECT_NE(st.error().message.find("strategy #2 (B): run_id " + std::to_string(run + 41) +
                                    " is not a run"),
            std::string::npos)
      << st.error().to_string();
  EXPECT_EQ(count(*db), 0);  // refused before the first INSERT
  ASSERT_TRUE(save_strategies(*db, {a}, kTs));
  ASSERT_TRUE(txn->commit());
  EXPECT_EQ(strategies_of_run(*db, kTs).value().front().run_id, run);
}

// A VFS that passes everything to the default one and counts the statement journals
// (sub-journals) SQLite opens as files: it does so when a statement that must be undoable
// on its own has changed more than 64 KiB of pages.
struct SubjournalCounter {
  static inline sqlite3_vfs* base = nullptr;
  static inline int opened = 0;
  static int open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags,
                  int* out_flags) {
    if ((flags & SQLITE_OPEN_SUBJOURNAL) != 0) ++opened;
    return base->xOpen(base, name, file, flags, out_flags);
  }
};

TEST(Strategies, ABigBatchWritesNoStatementJournal) {
  // 2,000 rows: each 100-row INSERT changes ~15 pages, far above the 64 KiB a statement
  // journal holds in memory; before schema v4 and OR FAIL SQLite spilled them to a file.
  sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
  ASSERT_NE(base, nullptr);
  sqlite3_vfs shim = *base;
  shim.zName = "kiss_subjournal_counter";
  shim.pNext = nullptr;
  shim.xOpen = &SubjournalCounter::open;
  SubjournalCounter::base = base;
  SubjournalCounter::opened = 0;
  ASSERT_EQ(sqlite3_vfs_register(&shim, /*makeDflt=*/1), SQLITE_OK);
  {
    TempDir dir;
    // The database is made first: its creation (every migration in one transaction) is not
    // what this test measures.
    ASSERT_TRUE(Database::open(dir.file("kiss.db")));
    SubjournalCounter::opened = 0;
    const auto rows = numbered(20 * kInsertChunkRows);
    const bool saved = save_strategies_batch(dir.file("kiss.db"), rows, kTs);
    sqlite3_vfs_unregister(&shim);  // restores `base` as the default
    ASSERT_TRUE(saved);
    auto db = Database::open(dir.file("kiss.db"));
    ASSERT_TRUE(db);
    expect_rows_in_order(*db, rows);
  }
  EXPECT_EQ(sqlite3_vfs_find(nullptr), base);
  EXPECT_EQ(SubjournalCounter::opened, 0);
}

TEST(Strategies, ADiskFullMidBatchLeavesNothing) {
  TempDir dir;
  auto db = Database::open(dir.file("kiss.db"));
  ASSERT_TRUE(db);
  // The file may grow by 4 pages: the batch runs out of space part-way (SQLITE_FULL).
  auto pages = db->prepare("PRAGMA page_count");
  ASSERT_TRUE(pages && pages->step().value());
  ASSERT_TRUE(db->exec("PRAGMA max_page_count = " + std::to_string(pages->column_int64(0) + 4)));
  auto txn = Transaction::begin(*db);
  ASSERT_TRUE(txn);
  auto st = save_strategies(*db, numbered(20 * kInsertChunkRows), kTs);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().exit_code, ExitCode::kRunFailed);
  EXPECT_NE(st.error().message.find("full"), std::string::npos) << st.error().to_string();
  txn->rollback();
  EXPECT_EQ(count(*db), 0);
}

TEST(Strategies, StoredTextIsWhatTheGeneralFormattersWrite) {
  // rule_stack: byte for byte nlohmann's dump(), for plain names and for every name that
  // needs escaping or is not ASCII.
  const std::vector<std::vector<std::string>> stacks = {{},
                                                        {"sma_10_20_crossover"},
                                                        {"a", "b c", "x-y+z"},
                                                        {"q\"uote", "back\\slash", "tab\there",
                                                         std::string("nul\0x", 5), "\x01\x1f",
                                                         "del\x7f"},
                                                        {"ünï", "日本"}};
  for (const auto& stack : stacks) {
    EXPECT_EQ(rule_stack_to_json(stack), nlohmann::json(stack).dump());
    EXPECT_EQ(rule_stack_from_json(rule_stack_to_json(stack)).value(), stack);
  }
  // oos dates: format_date()'s "YYYY-MM-DD", years 0..9999 padded; others fall back to it.
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  const Date dates[] = {days_from_civil(2024, 2, 29), days_from_civil(999, 1, 9),
                        days_from_civil(1970, 1, 1),  days_from_civil(9999, 12, 31),
                        days_from_civil(10000, 1, 1), days_from_civil(-1, 6, 15)};
  std::vector<StrategyRecord> rows;
  for (Date d : dates) {
    rows.push_back(record("D" + std::to_string(rows.size()), {"x"}));
    rows.back().oos_start = d;
    rows.back().oos_end = d;
  }
  ASSERT_TRUE(save_strategies(*db, rows, kTs));
  auto st = db->prepare("SELECT oos_start, oos_end FROM strategies ORDER BY id");
  ASSERT_TRUE(st);
  for (Date d : dates) {
    ASSERT_TRUE(st->step().value());
    EXPECT_EQ(st->column_text(0), format_date(d));
    EXPECT_EQ(st->column_text(1), format_date(d));
  }
}

TEST(Strategies, InvalidRowsAreRefusedBeforeAnyWrite) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  StrategyRecord nan_edge = record("B", {"x"});
  nan_edge.edge_score = std::nan("");
  auto st = save_strategies(*db, {record("A", {"x"}), nan_edge}, kTs);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().key, "strategies.edge_score");
  EXPECT_NE(st.error().message.find("strategy #2 (B)"), std::string::npos);
  EXPECT_EQ(count(*db), 0);

  StrategyRecord negative = record("C", {"x"});
  negative.total_trades = -1;
  EXPECT_EQ(save_strategies(*db, {negative}, kTs).error().key, "strategies.total_trades");
  EXPECT_EQ(save_strategies(*db, {record("", {"x"})}, kTs).error().key, "strategies.symbol");
  EXPECT_EQ(save_strategies(*db, {record("D", {""})}, kTs).error().key, "strategies.rule_stack");
  StrategyRecord nan_extra = record("E", {"x"});
  nan_extra.sortino = std::nan("");
  EXPECT_EQ(save_strategies(*db, {nan_extra}, kTs).error().key, "strategies.sortino");
  StrategyRecord bad_windows = record("F", {"x"});
  bad_windows.oos_windows = -2;
  EXPECT_EQ(save_strategies(*db, {bad_windows}, kTs).error().key, "strategies.oos_windows");
  auto ts = save_strategies(*db, {record("G", {"x"})}, "24/06/2025 09:15");
  ASSERT_FALSE(ts);
  EXPECT_EQ(ts.error().key, "strategies.run_timestamp");
  EXPECT_FALSE(save_strategies_batch(":memory:", {record("G", {"x"})}, "yesterday"));
  EXPECT_EQ(count(*db), 0);
}

TEST(Strategies, BatchSaveReportsAnUnusableDatabase) {
  TempDir dir;
  write_bytes(dir.file("f"), "not a folder");
  EXPECT_FALSE(save_strategies_batch(dir.file("f/kiss.db"), {record("A", {"x"})}, kTs));
  const std::string garbage(4096, 'G');
  write_bytes(dir.file("garbage.db"), garbage);
  EXPECT_FALSE(save_strategies_batch(dir.file("garbage.db"), {record("A", {"x"})}, kTs));
  EXPECT_EQ(read_bytes(dir.file("garbage.db")), garbage);
}

TEST(Strategies, Iso8601Timestamps) {
  EXPECT_TRUE(is_iso8601_timestamp("2025-06-24T09:15:00"));
  EXPECT_TRUE(is_iso8601_timestamp("2025-06-24 09:15:00"));
  EXPECT_TRUE(is_iso8601_timestamp("2025-06-24T09:15:00.123456"));
  EXPECT_TRUE(is_iso8601_timestamp("2025-06-24T09:15:00Z"));
  EXPECT_TRUE(is_iso8601_timestamp("2025-06-24T09:15:00.5+05:30"));
  EXPECT_TRUE(is_iso8601_timestamp("2024-02-29T23:59:60-01:00"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-02-29T09:15:00"));  // not a leap year
  EXPECT_FALSE(is_iso8601_timestamp("2025-06-24"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-06-24T24:00:00"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-06-24T09:60:00"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-06-24T09:15:00."));
  EXPECT_FALSE(is_iso8601_timestamp("2025-06-24T09:15:00+0530"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-06-24T09:15:00Zx"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-06-24T09:15:00 "));
  EXPECT_FALSE(is_iso8601_timestamp("2025/06/24T09:15:00"));
}

TEST(Strategies, RuleStackJsonRoundTripsAndRejectsOtherShapes) {
  const std::vector<std::string> stack = {"a", "b \"quoted\"", "ünï"};
  EXPECT_EQ(rule_stack_from_json(rule_stack_to_json(stack)).value(), stack);
  EXPECT_EQ(rule_stack_to_json({}), "[]");
  EXPECT_EQ(rule_stack_from_json("[\"x\", \"y\"]").value(),  // Python's json.dumps spelling
            (std::vector<std::string>{"x", "y"}));
  EXPECT_FALSE(rule_stack_from_json("not json"));
  EXPECT_FALSE(rule_stack_from_json("{\"a\": 1}"));
  auto mixed = rule_stack_from_json("[\"a\", 1]");
  ASSERT_FALSE(mixed);
  EXPECT_NE(mixed.error().message.find("neither a rule name nor a rule object"), std::string::npos);
  // The original tool's rule objects: the name, else the type.
  EXPECT_EQ(rule_stack_from_json("[{\"name\": \"sma_10_20\", \"type\": \"sma_crossover\", "
                                 "\"params\": {\"fast\": 10}}, {\"type\": \"rsi_oversold\"}]")
                .value(),
            (std::vector<std::string>{"sma_10_20", "rsi_oversold"}));
  EXPECT_FALSE(rule_stack_from_json("[{\"params\": {}}]"));
}

TEST(Strategies, UnreadableRuleStackNamesTheRow) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->exec(
      "INSERT INTO strategies (run_timestamp, symbol, rule_stack, edge_score, win_pct, sharpe, "
      "total_trades, avg_return) VALUES ('2025-01-01T00:00:00', 'A', 'sma', 0, 0, 0, 0, 0)"));
  auto rows = strategies_of_symbol(*db, "A");
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().key, "strategies.rule_stack");
  EXPECT_NE(rows.error().message.find("row id 1"), std::string::npos);
}

// Three runs: two under config "h1" (A in both, B only in the first), one under "h2".
void seed_runs(Database& db) {
  auto a1 = record("A", {"x"}, 0.5, 10);
  a1.config_hash = "h1";
  auto a1b = record("A", {"x", "y"}, 0.7, 12);
  a1b.config_hash = "h1";
  auto b1 = record("B", {"x"}, 0.9, 30);
  b1.config_hash = "h1";
  ASSERT_TRUE(save_strategies(db, {a1, a1b, b1}, "2025-01-01T10:00:00"));
  auto a2 = record("A", {"x"}, 0.6, 8);
  a2.config_hash = "h1";
  ASSERT_TRUE(save_strategies(db, {a2}, "2025-01-02T10:00:00"));
  auto a3 = record("A", {"x"}, 0.1, 20);
  a3.config_hash = "h2";
  a3.config_snapshot = "h2 snapshot";
  ASSERT_TRUE(save_strategies(db, {a3}, "2025-01-03T10:00:00"));
}

TEST(Strategies, LatestStrategiesPerSymbolForAConfigHash) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  seed_runs(*db);
  auto rows = latest_strategies(*db, "h1");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].symbol, "A");  // A's latest h1 run is 2025-01-02
  EXPECT_EQ((*rows)[0].run_timestamp, "2025-01-02T10:00:00");
  EXPECT_EQ((*rows)[0].edge_score, 0.6);
  EXPECT_EQ((*rows)[1].symbol, "B");
  EXPECT_EQ((*rows)[1].run_timestamp, "2025-01-01T10:00:00");
  // Every row of the latest run (two stacks), by edge_score; not the older run's.
  std::vector<StrategyRecord> c_old = {record("C", {"x"}, 0.9)};
  std::vector<StrategyRecord> c_new = {record("C", {"x"}, 0.2), record("C", {"y"}, 0.3)};
  for (auto* run : {&c_old, &c_new}) {
    for (auto& r : *run) r.config_hash = "h1";
  }
  ASSERT_TRUE(save_strategies(*db, c_old, "2025-01-03T10:00:00"));
  ASSERT_TRUE(save_strategies(*db, c_new, "2025-01-04T10:00:00"));
  rows = latest_strategies(*db, "h1");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[2].rule_stack, (std::vector<std::string>{"y"}));
  EXPECT_EQ((*rows)[2].run_timestamp, "2025-01-04T10:00:00");
  EXPECT_EQ((*rows)[3].rule_stack, (std::vector<std::string>{"x"}));
  EXPECT_EQ((*rows)[3].edge_score, 0.2);
  auto none = latest_strategies(*db, "unknown");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(Strategies, HistoryOfASymbolIsOldestFirst) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  seed_runs(*db);
  auto rows = strategies_of_symbol(*db, "A");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].edge_score, 0.7);  // first run, best first
  EXPECT_EQ((*rows)[1].edge_score, 0.5);
  EXPECT_EQ((*rows)[2].run_timestamp, "2025-01-02T10:00:00");
  EXPECT_EQ((*rows)[3].config_hash, "h2");
}

TEST(Strategies, PerStockLatestRowsWithMinTrades) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  seed_runs(*db);
  // Latest per (symbol, stack): A/[x] = the h2 row (20 trades), A/[x,y] (12), B/[x] (30).
  auto all = latest_per_symbol_and_stack(*db, 0);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].symbol, "A");
  EXPECT_EQ((*all)[0].edge_score, 0.7);
  EXPECT_EQ((*all)[1].edge_score, 0.1);
  EXPECT_EQ((*all)[2].symbol, "B");
  auto min15 = latest_per_symbol_and_stack(*db, 15);
  ASSERT_TRUE(min15);
  ASSERT_EQ(min15->size(), 2u);
  EXPECT_EQ((*min15)[0].total_trades, 20);
  EXPECT_EQ((*min15)[1].total_trades, 30);
}

TEST(Strategies, AggregatesPerStackAndConfigHash) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  seed_runs(*db);
  // A legacy row (no hash) spelled the Python way joins the [x] / legacy group.
  ASSERT_TRUE(db->exec(
      "INSERT INTO strategies (run_timestamp, symbol, rule_stack, edge_score, win_pct, sharpe, "
      "total_trades, avg_return) VALUES ('2024-12-01T00:00:00', 'C', '[\"x\", \"y\"]', 0.2, "
      "0.4, 0.5, 10, 0.03)"));
  auto groups = aggregate_strategies(*db, 10);  // drops the 8-trade row of A
  ASSERT_TRUE(groups);
  ASSERT_EQ(groups->size(), 4u);
  // [x]/h1: A (0.5, 10 trades), B (0.9, 30): avg edge 0.7, avg trades 20.
  const StrategyAggregate& g0 = (*groups)[0];
  EXPECT_EQ(g0.rule_stack, (std::vector<std::string>{"x"}));
  EXPECT_EQ(g0.config_hash, "h1");
  EXPECT_EQ(g0.frequency, 2);
  EXPECT_DOUBLE_EQ(g0.avg_edge_score, 0.7);
  EXPECT_DOUBLE_EQ(g0.avg_trades, 20.0);
  EXPECT_DOUBLE_EQ(g0.avg_win_pct, 0.5);
  EXPECT_DOUBLE_EQ(g0.avg_return, 0.01);
  EXPECT_EQ(g0.run_date, "2025-01-01");
  ASSERT_EQ(g0.top_symbols.size(), 2u);
  EXPECT_EQ(g0.top_symbols[0], std::make_pair(std::string("A"), std::int64_t{1}));
  // [x,y]/h1 (0.7), then [x,y]/legacy (0.2), then [x]/h2 (0.1).
  EXPECT_EQ((*groups)[1].rule_stack, (std::vector<std::string>{"x", "y"}));
  EXPECT_DOUBLE_EQ((*groups)[1].avg_edge_score, 0.7);
  EXPECT_EQ((*groups)[2].config_hash, "legacy");
  EXPECT_EQ((*groups)[2].top_symbols[0].first, "C");
  EXPECT_DOUBLE_EQ((*groups)[2].avg_sharpe, 0.5);
  EXPECT_EQ((*groups)[3].config_hash, "h2");
  EXPECT_EQ((*groups)[3].config_snapshot, "h2 snapshot");
  EXPECT_EQ((*groups)[3].run_date, "2025-01-03");
}

TEST(Strategies, TopSymbolsAreTheThreeMostFrequent) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  const char* ts[] = {"2025-01-01T00:00:00", "2025-01-02T00:00:00", "2025-01-03T00:00:00"};
  for (int run = 0; run < 3; ++run) {
    std::vector<StrategyRecord> rows;
    for (const char* s : {"D", "C", "B", "A"}) {
      if (std::string(s) <= std::string(1, static_cast<char>('A' + run))) continue;
      rows.push_back(record(s, {"x"}));
    }
    ASSERT_TRUE(save_strategies(*db, rows, ts[run]));
  }
  // Runs hold {B,C,D}, {C,D}, {D}: D 3, C 2, B 1 (A never).
  auto groups = aggregate_strategies(*db, 0);
  ASSERT_TRUE(groups);
  ASSERT_EQ(groups->size(), 1u);
  const auto& top = (*groups)[0].top_symbols;
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0], std::make_pair(std::string("D"), std::int64_t{3}));
  EXPECT_EQ(top[1], std::make_pair(std::string("C"), std::int64_t{2}));
  EXPECT_EQ(top[2], std::make_pair(std::string("B"), std::int64_t{1}));
}

TEST(Strategies, DeleteForConfigKeepsOtherConfigs) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  seed_runs(*db);
  auto gone = delete_strategies_for_config(*db, "h1");
  ASSERT_TRUE(gone);
  EXPECT_EQ(*gone, 4);
  EXPECT_EQ(count(*db), 1);
  EXPECT_EQ(delete_strategies_for_config(*db, "h1").value(), 0);
}

// Four runs on three data dates, as `run` writes them: two on Monday's data (a re-run minutes
// later picks another stack for A), one on Tuesday's, one on Wednesday's.
void seed_data_dates(Database& db) {
  struct R {
    std::string ts;
    Date data;
    std::vector<StrategyRecord> rows;
  };
  const Date mon = days_from_civil(2025, 6, 23);
  const std::vector<R> runs = {
      {"2025-06-24T18:00:00", mon, {record("A", {"x"}, 0.4, 10), record("B", {"x"}, 0.8, 10)}},
      {"2025-06-24T18:00:01", mon, {record("A", {"y"}, 0.6, 10), record("B", {"x"}, 0.8, 10)}},
      {"2025-06-24T18:00:02", mon + 1, {record("A", {"x"}, 0.2, 10)}},
      {"2025-06-24T18:00:03", mon + 2, {record("A", {"x"}, 0.3, 10)}}};
  for (const R& r : runs) {
    RunRecord run;
    run.run_timestamp = r.ts;
    run.data_as_of = r.data;
    auto id = insert_run(db, run);
    ASSERT_TRUE(id) << id.error().to_string();
    std::vector<StrategyRecord> rows = r.rows;
    for (auto& row : rows) row.run_id = *id;
    ASSERT_TRUE(save_strategies(db, rows, r.ts));
  }
}

TEST(Strategies, HistoryIsOneRunPerDataDate) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  seed_data_dates(*db);
  auto rows = history_of_symbol(*db, "A");
  ASSERT_TRUE(rows) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 3u);  // Monday's first run is replaced by its re-run
  EXPECT_EQ((*rows)[0].data_date, "2025-06-23");
  EXPECT_EQ((*rows)[0].rule_stack, std::vector<std::string>{"y"});
  EXPECT_EQ((*rows)[0].run_timestamp, "2025-06-24T18:00:01");
  EXPECT_EQ((*rows)[1].data_date, "2025-06-24");
  EXPECT_EQ((*rows)[2].data_date, "2025-06-25");
  EXPECT_EQ(strategies_of_symbol(*db, "A")->size(), 4u);  // every row is still stored
}

TEST(Strategies, FrequencyCountsEachSymbolOncePerDataDate) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  seed_data_dates(*db);
  auto groups = aggregate_strategies(*db, 0);
  ASSERT_TRUE(groups) << groups.error().to_string();
  ASSERT_EQ(groups->size(), 2u);
  // [x]: B on Monday (once, although two runs chose it), A on Tuesday and Wednesday.
  const StrategyAggregate& x = (*groups)[0].rule_stack == std::vector<std::string>{"x"}
                                   ? (*groups)[0]
                                   : (*groups)[1];
  EXPECT_EQ(x.frequency, 3);
  EXPECT_DOUBLE_EQ(x.avg_edge_score, (0.8 + 0.2 + 0.3) / 3);
  EXPECT_EQ(x.run_date, "2025-06-25");
  ASSERT_EQ(x.top_symbols.size(), 2u);
  EXPECT_EQ(x.top_symbols[0], std::make_pair(std::string("A"), std::int64_t{2}));
  EXPECT_EQ(x.top_symbols[1], std::make_pair(std::string("B"), std::int64_t{1}));
  // [y]: A on Monday, from the re-run; the first run's [x] for A that day does not count.
  const StrategyAggregate& y = &x == &(*groups)[0] ? (*groups)[1] : (*groups)[0];
  EXPECT_EQ(y.frequency, 1);
  EXPECT_EQ(y.run_date, "2025-06-23");
}

}  // namespace
}  // namespace kiss::store
