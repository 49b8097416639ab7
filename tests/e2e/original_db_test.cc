// End-to-end: the original Python kiss_signal's databases, both ways (docs/persistence.md,
// "The original tool's databases"). Its schemas and statements are fixtures copied from its
// repository (tests/e2e/testdata/original_db/, each naming its commit), run with the SQLite C
// API: no Python needed.
// - Our tool on each of its shapes: a reading command refuses it with the file byte-identical
//   and names the command that migrates; a writing command migrates it completely (rows, ids,
//   the original's rule objects readable) or refuses it with the file byte-identical.
// - The original on a database our tool wrote: its INSERTs into strategies and positions, its
//   position close and its analyze-strategies SELECTs succeed, and every config_snapshot is
//   JSON; its create_database() (which stamps user_version 2) does not break our tool.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "e2e_util.h"
#include "store/schema.h"

namespace kiss::e2e {
namespace {

std::string fixture(const std::string& name) {
  return read_file(fs::path(KISS_SOURCE_DIR) / "tests/e2e/testdata/original_db" / name);
}

using Value = std::variant<std::nullptr_t, long long, double, std::string>;

struct StatementResult {
  std::string error;                           // "" when it succeeded
  std::vector<std::vector<std::string>> rows;  // NULL as "NULL"
};

// One of the original's statements with its `?` parameters, as its sqlite3 module runs it.
StatementResult run_statement(const fs::path& db, const std::string& sql,
                              const std::vector<Value>& params) {
  StatementResult r;
  sqlite3* h = nullptr;
  if (sqlite3_open(db.c_str(), &h) != SQLITE_OK) {
    sqlite3_close(h);
    r.error = "cannot open";
    return r;
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    r.error = sqlite3_errmsg(h);
  } else {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int n = static_cast<int>(i + 1);
      if (const auto* v = std::get_if<long long>(&params[i])) sqlite3_bind_int64(st, n, *v);
      if (const auto* v = std::get_if<double>(&params[i])) sqlite3_bind_double(st, n, *v);
      if (const auto* v = std::get_if<std::string>(&params[i])) {
        sqlite3_bind_text(st, n, v->c_str(), -1, SQLITE_TRANSIENT);
      }
    }
    int rc = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const unsigned char* t = sqlite3_column_text(st, c);
        row.push_back(t != nullptr ? reinterpret_cast<const char*>(t) : "NULL");
      }
      r.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) r.error = sqlite3_errmsg(h);
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return r;
}

// The original's rule_stack from story 016 on: its RuleDef objects (model_dump()).
constexpr const char* kRuleObjects =
    R"([{"name": "sma_10_20_crossover", "type": "sma_crossover", "params": {"fast_period": 10, )"
    R"("slow_period": 20}, "description": null}])";
constexpr const char* kOriginalSnapshot =
    R"({"rules_hash": "0123456789abcdef", "universe_path": "data/nifty_large_mid.csv", )"
    R"("hold_period": 20, "edge_score_threshold": 0.5, "min_trades_threshold": 10, )"
    R"("freeze_date": null, "timestamp": "2025-07-20T10:00:00.123456"})";

struct Shape {
  const char* file;
  int user_version;  // -1: as the fixture leaves it
  bool positions;
  bool exit_reason;
  bool config_columns;
};

void PrintTo(const Shape& s, std::ostream* os) { *os << s.file << " uv " << s.user_version; }

class OriginalShape : public ::testing::TestWithParam<Shape> {
 protected:
  void SetUp() override {
    write_file(p.path("config.yaml"), "database_path: \"kiss.db\"\n");
    const Shape& s = GetParam();
    ASSERT_EQ(exec_sql(db(), fixture(s.file)), "");
    if (s.user_version >= 0) {
      ASSERT_EQ(exec_sql(db(), "PRAGMA user_version = " + std::to_string(s.user_version)), "");
    }
    // Rows written by the original's own statements, as its version wrote them.
    if (s.config_columns) {
      const std::string sql = fixture("stmt_insert_strategy_e43e6a3.sql");
      for (const char* sym : {"TCS", "INFY"}) {
        ASSERT_EQ(run_statement(db(), sql,
                                {std::string("2025-07-20T10:00:00"), std::string(sym),
                                 std::string(kRuleObjects), 0.61, 58.3, 1.2, 14LL, 2.1,
                                 std::string(kOriginalSnapshot), std::string("1a2b3c4d")})
                      .error,
                  "");
      }
    } else {
      const std::string sql = fixture("stmt_insert_strategy_b9ba694.sql");
      for (const char* sym : {"TCS", "INFY"}) {
        ASSERT_EQ(run_statement(db(), sql,
                                {std::string("2025-06-21T18:00:00"), std::string(sym),
                                 std::string(R"(["sma_10_20_crossover"])"), 0.61, 58.3, 1.2, 14LL,
                                 2.1})
                      .error,
                  "");
      }
    }
    if (s.positions) {
      const std::string insert = fixture("stmt_insert_position_e43e6a3.sql");
      for (const char* sym : {"TCS", "INFY"}) {
        ASSERT_EQ(run_statement(db(), insert,
                                {std::string(sym), std::string("2025-07-21"), 3500.5,
                                 std::string(R"([{"name": "sma_10_20_crossover", )"
                                             R"("type": "sma_crossover"}])")})
                      .error,
                  "");
      }
      if (s.exit_reason) {
        ASSERT_EQ(run_statement(db(), fixture("stmt_close_position_e43e6a3.sql"),
                                {std::string("2025-08-01"), 3600.0, 2.85, 1.1, 9LL,
                                 std::string("take_profit"), 2LL})
                      .error,
                  "");
      }
    }
  }
  fs::path db() const { return p.path("kiss.db"); }
  TempProject p{"original_shape"};
};

TEST_P(OriginalShape, ReadingCommandsRefuseItByteIdentical) {
  const std::string before = read_file(db());
  for (const char* cmd : {"data status", "history TCS", "report", "analyze-strategies"}) {
    const RunResult r = p.run(cmd);
    EXPECT_EQ(r.code, 1) << cmd << "\n" << r.err;
    EXPECT_NE(r.err.find("`kiss-signal run` migrates it"), std::string::npos) << cmd << r.err;
    EXPECT_EQ(read_file(db()), before) << cmd << " changed the file";
  }
  EXPECT_FALSE(fs::exists(p.path("strategy_performance_report.csv")));
}

// validate opens the store read-only (to see whether stored prices vouch for a universe symbol
// of an odd form): a database it cannot read as is, like these older ones, is reported, never
// migrated, and left byte-identical.
TEST_P(OriginalShape, ValidateNeverMigratesIt) {
  write_file(p.path("config.yaml"), "database_path: \"kiss.db\"\nuniverse_path: \"u.csv\"\n");
  write_file(p.path("rules.yaml"),
             read_file(fs::path(KISS_SOURCE_DIR) / "tests/e2e/testdata/w1_rules.yaml"));
  write_file(p.path("u.csv"), "symbol\nTCS\nodd.x\n");
  const std::string before = read_file(db());
  const RunResult r = p.run("validate");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("kiss.db"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("`kiss-signal run` migrates it"), std::string::npos) << r.err;
  EXPECT_TRUE(read_file(db()) == before) << "validate changed the file";
}

TEST_P(OriginalShape, AWritingCommandMigratesItCompletely) {
  const Shape& s = GetParam();
  const RunResult r = p.run("data import " +
                            shell_quote((sample_dir() / "prices" / "TCS.csv").string()));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(query_rows(db(), "PRAGMA user_version"),
            std::vector<std::string>{std::to_string(store::kSchemaVersion)});
  EXPECT_EQ(query_rows(db(), "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  EXPECT_EQ(query_rows(db(),
                       "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE "
                       "'kiss_original%'"),
            std::vector<std::string>{"0"});
  // Every row, with its id and its values.
  EXPECT_EQ(query_rows(db(),
                       "SELECT id, symbol, edge_score, total_trades, config_hash FROM "
                       "strategies ORDER BY id"),
            (std::vector<std::string>{
                std::string("1|TCS|0.61|14|") + (s.config_columns ? "1a2b3c4d" : "NULL"),
                std::string("2|INFY|0.61|14|") + (s.config_columns ? "1a2b3c4d" : "NULL")}));
  if (s.positions) {
    EXPECT_EQ(query_rows(db(),
                         "SELECT id, symbol, status, signal_date, entry_date, "
                         "COALESCE(exit_reason, '-') FROM positions ORDER BY id"),
              (std::vector<std::string>{"1|TCS|OPEN|2025-07-21|2025-07-21|-",
                                        std::string("2|INFY|") +
                                            (s.exit_reason
                                                 ? "CLOSED|2025-07-21|2025-07-21|take_profit"
                                                 : "OPEN|2025-07-21|2025-07-21|-")}));
  }
  // The reading commands read it now, rule objects included.
  RunResult a = p.run("analyze-strategies --min-trades 0");
  ASSERT_EQ(a.code, 0) << a.err;
  const std::string csv = read_file(p.path("strategy_performance_report.csv"));
  EXPECT_NE(csv.find("\"sma_10_20_crossover\",2,"), std::string::npos) << csv;
  RunResult h = p.run("history TCS");
  ASSERT_EQ(h.code, 0) << h.err;
  EXPECT_NE(h.out.find("sma_10_20_crossover"), std::string::npos) << h.out;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, OriginalShape,
                         ::testing::Values(Shape{"story07_b9ba694.sql", -1, false, false, false},
                                           Shape{"story07_b9ba694.sql", 1, false, false, false},
                                           Shape{"story09_b1fbad8.sql", -1, false, false, false},
                                           Shape{"story09_acc50d2.sql", -1, true, false, false},
                                           Shape{"story09_acc50d2.sql", 1, true, false, false},
                                           Shape{"story14_2cab2e5.sql", -1, true, true, false},
                                           Shape{"story16_b761ee0.sql", -1, true, true, true},
                                           Shape{"story20_10139c5.sql", -1, true, true, true}));

// The migrated story-007 file of the original (no positions, user_version 2, its legacy
// placeholders): migrated, the placeholders kept as they were.
TEST(OriginalDb, AMigratedStory7FileWithoutPositions) {
  TempProject p("original_migrated");
  write_file(p.path("config.yaml"), "database_path: \"kiss.db\"\n");
  ASSERT_EQ(exec_sql(p.path("kiss.db"), fixture("story16_b761ee0_migrated.sql")), "");
  const std::string before = read_file(p.path("kiss.db"));
  EXPECT_EQ(p.run("history TCS").code, 1);
  EXPECT_EQ(read_file(p.path("kiss.db")), before);
  const RunResult r = p.run("data import " +
                            shell_quote((sample_dir() / "prices" / "TCS.csv").string()));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(query_rows(p.path("kiss.db"),
                       "SELECT id, symbol, rule_stack, config_snapshot, config_hash FROM "
                       "strategies"),
            std::vector<std::string>{R"(1|TCS|["sma_10_20_crossover"]|{"legacy": true}|legacy)"});
  EXPECT_EQ(query_rows(p.path("kiss.db"), "SELECT COUNT(*) FROM positions"),
            std::vector<std::string>{"0"});
}

// The original could record a symbol open twice; ours cannot hold that: refused, unchanged.
TEST(OriginalDb, ASymbolOpenTwiceIsRefusedAndTheFileLeftByteIdentical) {
  TempProject p("original_twice");
  write_file(p.path("config.yaml"), "database_path: \"kiss.db\"\n");
  ASSERT_EQ(exec_sql(p.path("kiss.db"), fixture("story14_2cab2e5.sql")), "");
  const std::string insert = fixture("stmt_insert_position_e43e6a3.sql");
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(run_statement(p.path("kiss.db"), insert,
                            {std::string("TCS"), std::string("2025-07-2") + std::to_string(i),
                             3500.0, std::string("[]")})
                  .error,
              "");
  }
  const std::string before = read_file(p.path("kiss.db"));
  const RunResult r = p.run("data import " +
                            shell_quote((sample_dir() / "prices" / "TCS.csv").string()));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("positions rows 1, 2 are all open for TCS"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was changed"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(p.path("kiss.db")), before);
}

// Not ours, not the original's: no command writes a schema into it, or into an empty file.
TEST(OriginalDb, AnotherProgramsFileAndAnEmptyFileGetNoSchema) {
  TempProject p("foreign_db");
  write_file(p.path("config.yaml"), "database_path: \"kiss.db\"\n");
  ASSERT_EQ(exec_sql(p.path("kiss.db"),
                     "CREATE TABLE notes (id INTEGER PRIMARY KEY, "
                     "body TEXT); INSERT INTO notes VALUES (1, 'x');"),
            "");
  const std::string before = read_file(p.path("kiss.db"));
  for (const char* cmd : {"data status", "history TCS", "report", "analyze-strategies",
                          "data import data/none.csv"}) {
    const RunResult r = p.run(cmd);
    EXPECT_NE(r.code, 0) << cmd;
    EXPECT_EQ(read_file(p.path("kiss.db")), before) << cmd;
  }
  const RunResult w = p.run("data import " +
                            shell_quote((sample_dir() / "prices" / "TCS.csv").string()));
  EXPECT_EQ(w.code, 1);
  EXPECT_NE(w.err.find("not a kiss-signal database (tables: notes)"), std::string::npos) << w.err;
  EXPECT_EQ(read_file(p.path("kiss.db")), before);

  write_file(p.path("kiss.db"), "");  // an empty file
  for (const char* cmd : {"data status", "history TCS", "report", "analyze-strategies"}) {
    const RunResult r = p.run(cmd);
    EXPECT_EQ(r.code, 1) << cmd << r.err;
    EXPECT_EQ(fs::file_size(p.path("kiss.db")), 0u) << cmd;
  }
  fs::remove(p.path("kiss.db"));
  for (const char* cmd : {"data status", "history TCS", "report", "analyze-strategies"}) {
    EXPECT_EQ(p.run(cmd).code, 1) << cmd;
    EXPECT_FALSE(fs::exists(p.path("kiss.db"))) << cmd;
  }
}

// The other direction: the original's statements against a database our `run` wrote.
TEST(OriginalDb, TheOriginalsStatementsWorkOnADatabaseWeWrote) {
  TempProject p("original_client");
  write_w1_project(p);
  write_file(p.path("universe.csv"), "symbol\nTCS\nINFY\nRELIANCE\nHDFCBANK\nICICIBANK\n");
  std::string files;
  for (const char* sym : {"TCS", "INFY", "RELIANCE", "HDFCBANK", "ICICIBANK"}) {
    files += " " + shell_quote((sample_dir() / "prices" / (std::string(sym) + ".csv")).string());
  }
  ASSERT_EQ(p.run("data import" + files).code, 0);
  ASSERT_EQ(p.run("data import --symbol '^NSEI' " +
                  shell_quote((sample_dir() / "prices" / "^NSEI").string()))
                .code,
            0);
  const RunResult run = p.run("run --freeze-data 2025-08-08");
  ASSERT_EQ(run.code, 0) << run.err;
  const fs::path db = p.path("w1.db");

  // Ours: the settings of each row as compact JSON, the whole config.yaml once in its run.
  const auto snapshots = query_rows(db, "SELECT DISTINCT config_snapshot FROM strategies");
  ASSERT_EQ(snapshots.size(), 1u) << "the run saved no strategy";
  EXPECT_EQ(snapshots[0],
            R"({"universe_path":"universe.csv","hold_period":20,"edge_score_threshold":0.5,)"
            R"("min_trades_threshold":5,"freeze_date":"2025-08-08"})");
  EXPECT_EQ(query_rows(db, "SELECT config_yaml FROM runs"),
            std::vector<std::string>{read_file(p.path("config.yaml"))});

  // The original's writers.
  EXPECT_EQ(run_statement(db, fixture("stmt_insert_strategy_e43e6a3.sql"),
                          {std::string("2025-08-09T10:00:00"), std::string("TCS"),
                           std::string(kRuleObjects), 0.61, 58.3, 1.2, 14LL, 2.1,
                           std::string(kOriginalSnapshot), std::string("1a2b3c4d")})
                .error,
            "");
  EXPECT_EQ(run_statement(db, fixture("stmt_insert_strategy_b9ba694.sql"),
                          {std::string("2025-08-09T10:00:00"), std::string("INFY"),
                           std::string(R"(["sma_10_20_crossover"])"), 0.6, 55.0, 1.0, 12LL, 1.5})
                .error,
            "");
  const auto open_before = run_statement(db, fixture("stmt_open_positions_e43e6a3.sql"), {});
  ASSERT_EQ(open_before.error, "");
  EXPECT_EQ(run_statement(db, fixture("stmt_insert_position_e43e6a3.sql"),
                          {std::string("ZZORIG"), std::string("2025-08-11"), 101.5,
                           std::string(R"([{"name": "sma_10_20_crossover", )"
                                       R"("type": "sma_crossover"}])")})
                .error,
            "");
  EXPECT_EQ(query_rows(db, "SELECT signal_date FROM positions WHERE symbol = 'ZZORIG'"),
            std::vector<std::string>{"2025-08-11"});
  const auto open_after = run_statement(db, fixture("stmt_open_positions_e43e6a3.sql"), {});
  ASSERT_EQ(open_after.error, "");
  EXPECT_EQ(open_after.rows.size(), open_before.rows.size() + 1);
  const std::string id = query_rows(db, "SELECT id FROM positions WHERE symbol = 'ZZORIG'").at(0);
  EXPECT_EQ(run_statement(db, fixture("stmt_close_position_e43e6a3.sql"),
                          {std::string("2025-08-20"), 105.0, 3.45, 1.0, 7LL,
                           std::string("take_profit"), std::stoll(id)})
                .error,
            "");

  // The original's analyze-strategies: both queries, every config_snapshot JSON (its
  // json.loads(row['config_snapshot'] or '{}') aborted the whole command on config.yaml text).
  for (const char* file :
       {"stmt_analyze_per_stock_a545a30.sql", "stmt_analyze_aggregated_a545a30.sql"}) {
    const auto rows = run_statement(db, fixture(file), {0LL});
    ASSERT_EQ(rows.error, "") << file;
    ASSERT_FALSE(rows.rows.empty()) << file;
    for (const auto& row : rows.rows) {
      const std::string& snapshot = row.back();
      if (snapshot == "NULL") continue;
      const auto j = nlohmann::json::parse(snapshot, nullptr, false);
      EXPECT_TRUE(!j.is_discarded() && j.is_object()) << file << ": " << snapshot;
    }
  }
  EXPECT_EQ(run_statement(db, fixture("stmt_validated_strategies_a545a30.sql"),
                          {std::string("2025-12-31T00:00:00")})
                .error,
            "");

  // The original's create_database() on our file: its CREATE ... IF NOT EXISTS change
  // nothing, its PRAGMA user_version = 2 is read past by our reading commands (which do not
  // write) and re-stamped by the next writing command.
  ASSERT_EQ(exec_sql(db, fixture("story16_b761ee0.sql")), "");
  EXPECT_EQ(query_rows(db, "PRAGMA user_version"), std::vector<std::string>{"2"});
  const std::string before = read_file(db);
  const RunResult history = p.run("history TCS");
  EXPECT_EQ(history.code, 0) << history.err;
  EXPECT_NE(history.out.find("sma_10_20_crossover"), std::string::npos) << history.out;
  const RunResult analyze = p.run("analyze-strategies --min-trades 0");
  EXPECT_EQ(analyze.code, 0) << analyze.err;
  EXPECT_EQ(p.run("data status").code, 0);
  EXPECT_EQ(p.run("report").code, 0);
  EXPECT_EQ(read_file(db), before);
  const RunResult again = p.run("run --freeze-data 2025-08-08");
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(query_rows(db, "PRAGMA user_version"),
            std::vector<std::string>{std::to_string(store::kSchemaVersion)});
}

}  // namespace
}  // namespace kiss::e2e
