// End-to-end: analyze-strategies, history and clear-and-recalculate on a database written
// through the store API, run through the real binary in a temporary project folder.
#include <gtest/gtest.h>

#include "config/config.h"
#include "reliability_util.h"
#include "store/positions.h"
#include "store/strategies.h"

namespace kiss::e2e {
namespace {

constexpr const char* kConfig = "database_path: \"db/kiss.db\"\nmin_trades_threshold: 10\n";

store::StrategyRecord row(const std::string& symbol, std::vector<std::string> stack, double edge,
                          std::int64_t trades, const std::string& hash) {
  store::StrategyRecord r;
  r.symbol = symbol;
  r.rule_stack = std::move(stack);
  r.edge_score = edge;
  r.win_pct = 0.5;
  r.sharpe = 1.0;
  r.total_trades = trades;
  r.avg_return = 0.02;
  r.config_hash = hash;
  r.config_snapshot = "snap";
  return r;
}

// config.yaml, and a database with rows of the current config hash and of an older one.
std::string seed(const TempProject& p) {
  write_file(p.path("config.yaml"), kConfig);
  auto cfg = load_config(p.path("config.yaml").string());
  EXPECT_TRUE(cfg) << cfg.error().to_string();
  const std::string db = p.path("db/kiss.db").string();
  EXPECT_TRUE(store::save_strategies_batch(db,
                                           {row("TCS", {"sma", "rsi"}, 0.8, 12, cfg->hash),
                                            row("INFY", {"sma", "rsi"}, 0.6, 20, cfg->hash),
                                            row("WIPRO", {"sma"}, 0.9, 3, cfg->hash)},
                                           "2025-06-24T18:00:00"));
  EXPECT_TRUE(store::save_strategies_batch(db, {row("TCS", {"sma"}, 0.4, 15, "oldhash")},
                                           "2025-06-20T18:00:00"));
  return cfg->hash;
}

TEST(StoreCli, AnalyzeStrategiesAggregatedCsv) {
  TempProject p("store_analyze");
  const std::string hash = seed(p);
  const RunResult r = p.run("analyze-strategies");
  ASSERT_EQ(r.code, 0) << r.err;
  // min_trades_threshold 10 drops WIPRO (3 trades). sma+rsi: TCS 0.8, INFY 0.6 -> 0.7.
  EXPECT_EQ(read_file(p.path("strategy_performance_report.csv")),
            "strategy_rule_stack,frequency,avg_edge_score,avg_win_pct,avg_sharpe,avg_return,"
            "avg_trades,top_symbols,config_hash,run_date,config_details\n"
            "\"sma + rsi\",2,0.7000,0.5000,1.0000,0.0200,16.0,\"INFY (1), TCS (1)\",\"" +
                hash +
                "\",\"2025-06-24\",\"snap\"\n"
                "\"sma\",1,0.4000,0.5000,1.0000,0.0200,15.0,\"TCS (1)\",\"oldhash\","
                "\"2025-06-20\",\"snap\"\n");
}

TEST(StoreCli, AnalyzeStrategiesPerStockWithMinTrades) {
  TempProject p("store_per_stock");
  const std::string hash = seed(p);
  const RunResult r = p.run("analyze-strategies --per-stock --min-trades 13 -o out.csv");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Wrote 2 per-stock rows"), std::string::npos) << r.out;
  EXPECT_EQ(read_file(p.path("out.csv")),
            "symbol,strategy_rule_stack,edge_score,win_pct,sharpe,total_return,total_trades,"
            "config_hash,run_date,config_details\n"
            "\"INFY\",\"sma + rsi\",0.6000,0.5000,1.0000,0.0200,20,\"" +
                hash +
                "\",\"2025-06-24\",\"snap\"\n"
                "\"TCS\",\"sma\",0.4000,0.5000,1.0000,0.0200,15,\"oldhash\","
                "\"2025-06-20\",\"snap\"\n");
}

TEST(StoreCli, ReadingCommandsNeverCreateOrTouchADatabase) {
  TempProject p("store_missing");
  write_file(p.path("config.yaml"), kConfig);
  RunResult r = p.run("analyze-strategies");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no database yet"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(p.path("db")));
  r = p.run("history TCS");
  EXPECT_EQ(r.code, 1);

  const std::string garbage(5000, 'Z');
  write_file(p.path("db/kiss.db"), garbage);
  r = p.run("analyze-strategies");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("not a valid SQLite database"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(p.path("db/kiss.db")), garbage);
  EXPECT_FALSE(fs::exists(p.path("strategy_performance_report.csv")));
}

// The commands of the book read positions.terms and position_facts (schema 6): an empty file
// and an older schema are refused by name, and a refused `position fill` writes nothing (no
// schema into an empty file, no migration), while the other readers still read version 5.
TEST(StoreCli, BookCommandsRefuseAnEmptyOrOlderFileAndLeaveItAsItIs) {
  TempProject p("store_book_version");
  seed(p);
  write_file(p.path("rules.yaml"), read_file(fs::path(KISS_SOURCE_DIR) / "rules.yaml"));
  const fs::path db = p.path("db/kiss.db");

  write_file(p.path("empty.db"), "");
  write_file(p.path("config.yaml"), "database_path: \"empty.db\"\n");
  for (const char* command : {"position fill TCS --price 100", "position list", "history TCS"}) {
    const RunResult r = p.run(command);
    EXPECT_EQ(r.code, 1) << command;
    EXPECT_NE(r.err.find("the database is empty"), std::string::npos) << command << r.err;
    EXPECT_EQ(fs::file_size(p.path("empty.db")), 0u) << command;
  }

  // Schema 5: before positions.terms and position_facts.
  ASSERT_EQ(exec_sql(db,
                     "DROP TABLE position_facts; ALTER TABLE positions DROP COLUMN terms; "
                     "PRAGMA user_version=5;"),
            "");
  write_file(p.path("config.yaml"), kConfig);
  const std::string before = read_file(db);
  for (const char* command : {"position fill TCS --price 100", "position list", "history TCS"}) {
    const RunResult r = p.run(command);
    EXPECT_EQ(r.code, 1) << command << r.err;
    EXPECT_NE(r.err.find("database schema version 5 is older than this command reads (6 or "
                         "later) (a reading command never changes a database: `kiss-signal "
                         "run` migrates it)"),
              std::string::npos)
        << command << r.err;
    EXPECT_EQ(read_file(db), before) << command;
  }
  EXPECT_EQ(p.run("analyze-strategies").code, 0);
  EXPECT_EQ(read_file(db), before);
}

TEST(StoreCli, HistoryListsStrategiesAndPositions) {
  TempProject p("store_history");
  seed(p);
  {
    auto db = store::Database::open(p.path("db/kiss.db").string());
    ASSERT_TRUE(db);
    BookPosition pos;
    pos.symbol = "TCS";
    pos.status = PositionStatus::kOpen;
    pos.signal_date = days_from_civil(2025, 6, 24);
    pos.entry_date = days_from_civil(2025, 6, 25);
    pos.entry_price = 3456.5;
    pos.rule_stack = {"sma", "rsi"};
    ASSERT_TRUE(store::insert_position(*db, pos));
  }
  RunResult r = p.run("history TCS");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Strategies (2)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2025-06-20T18:00:00"), std::string::npos);
  EXPECT_NE(r.out.find("sma+rsi"), std::string::npos);
  EXPECT_NE(r.out.find("Positions (1)"), std::string::npos);
  EXPECT_NE(r.out.find("3456.50"), std::string::npos);
  r = p.run("--json history TCS");
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("\"entry_price\":3456.5"), std::string::npos) << r.out;
  r = p.run("history NOPE");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("No strategies or positions recorded for NOPE"), std::string::npos);
}

// A W1 project with one run on 2025-04-21's data (50 strategies of the current configuration)
// and one strategies row of an older configuration.
void seed_w1(const TempProject& p) {
  write_w1_project(p);
  ASSERT_EQ(import_sample(p).code, 0);
  ASSERT_EQ(p.run("-q run --freeze-data 2025-04-21").code, 0);
  ASSERT_TRUE(store::save_strategies_batch(p.path("w1.db").string(),
                                           {row("TCS", {"sma"}, 0.4, 15, "oldhash")},
                                           "2025-04-20T18:00:00"));
}

std::vector<std::string> strategies_by_hash(const fs::path& db) {
  return query_rows(db,
                    "SELECT config_hash = 'oldhash', run_id IS NULL, COUNT(*) FROM strategies "
                    "GROUP BY 1, 2 ORDER BY 1, 2");
}

TEST(StoreCli, ClearAsksAndReplacesOnlyTheCurrentConfiguration) {
  TempProject p("store_clear");
  seed_w1(p);
  const fs::path db = p.path("w1.db");
  ASSERT_EQ(strategies_by_hash(db), (std::vector<std::string>{"0|0|50", "1|1|1"}));
  // No answer (stdin is /dev/null) = no.
  RunResult r = p.run("clear-and-recalculate --freeze-data 2025-04-22");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("Delete 50 strategies of configuration"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Aborted"), std::string::npos);
  EXPECT_EQ(query_rows(db, "SELECT COUNT(*) FROM runs"), std::vector<std::string>{"1"});

  // --preserve-all deletes nothing and adds a run.
  r = p.run("-q clear-and-recalculate --preserve-all --freeze-data 2025-04-22");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(strategies_by_hash(db), (std::vector<std::string>{"0|0|100", "1|1|1"}));

  // "y" on stdin: the 100 rows of this configuration are replaced by the new run's 50.
  write_file(p.path("yes.txt"), "y\n");
  const std::string cmd = "cd " + shell_quote(p.dir().string()) + " && " +
                          shell_quote(KISS_BINARY) +
                          " clear-and-recalculate --freeze-data 2025-04-22 < yes.txt > out.txt "
                          "2> err.txt";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << read_file(p.path("err.txt"));
  EXPECT_NE(read_file(p.path("out.txt")).find("Replaced 100 strategies of configuration"),
            std::string::npos)
      << read_file(p.path("out.txt")) << read_file(p.path("err.txt"));
  EXPECT_EQ(strategies_by_hash(db), (std::vector<std::string>{"0|0|50", "1|1|1"}));
  // Every run's count is the rows it still has: the two earlier runs lost theirs.
  EXPECT_EQ(query_rows(db, "SELECT strategies FROM runs ORDER BY id"),
            (std::vector<std::string>{"0", "0", "50"}));
}

// All or nothing: killed inside the recalculation's transaction right after the delete, or
// failing before it, clear-and-recalculate leaves every row as it was.
TEST(StoreCli, AFailedRecalculationDeletesNothing) {
  TempProject p("store_clear_fail");
  seed_w1(p);
  const fs::path db = p.path("w1.db");
  auto dump = [&db] {
    std::vector<std::string> out;
    for (const char* t : {"runs", "strategies", "positions", "prices", "price_refresh"})
      for (std::string& r : query_rows(db, std::string("SELECT * FROM ") + t + " ORDER BY 1"))
        out.push_back(t + ("|" + r));
    return out;
  };
  const auto before = dump();
  ChildOptions kill;
  kill.crash_point = "save_run.after_clear";
  const Child c = run_child(p.dir(),
                            {"clear-and-recalculate", "--force", "--freeze-data", "2025-04-22"},
                            kill);
  EXPECT_TRUE(c.killed) << c.out << c.err;
  rw_query(db, "PRAGMA user_version");  // opens as the next command would (recovers the WAL)
  EXPECT_EQ(dump(), before);
  // A recalculation that fails (a future freeze date: a usage error) deletes nothing either.
  const RunResult r = p.run("clear-and-recalculate --force --freeze-data 2999-01-01");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(dump(), before);
}

// history and analyze-strategies are keyed by the data date of a run, not by when it ran: two
// runs on 2025-04-21's data and one on 2025-04-22's give two history rows and count each
// symbol's stack twice, not three times.
TEST(StoreCli, HistoryAndFrequencyCountEachDataDateOnce) {
  TempProject p("store_data_date");
  write_w1_project(p);
  ASSERT_EQ(import_sample(p).code, 0);
  for (const char* d : {"2025-04-21", "2025-04-21", "2025-04-22"}) {
    const RunResult r = p.run(std::string("-q run --freeze-data ") + d);
    ASSERT_EQ(r.code, 0) << r.err;
  }
  ASSERT_EQ(query_rows(p.path("w1.db"), "SELECT count(*) FROM strategies WHERE symbol = 'TCS'"),
            std::vector<std::string>{"3"});
  RunResult h = p.run("history TCS");
  ASSERT_EQ(h.code, 0) << h.err;
  EXPECT_NE(h.out.find("Strategies (2)"), std::string::npos) << h.out;
  EXPECT_NE(h.out.find("  data date  run"), std::string::npos) << h.out;
  const auto first = h.out.find("\n  2025-04-21 ");
  const auto second = h.out.find("\n  2025-04-22 ");
  EXPECT_NE(first, std::string::npos) << h.out;
  EXPECT_NE(second, std::string::npos) << h.out;
  EXPECT_LT(first, second);
  h = p.run("--json history TCS");
  EXPECT_NE(h.out.find("\"data_date\":\"2025-04-22\""), std::string::npos) << h.out;

  const RunResult a = p.run("analyze-strategies --min-trades 0 -o a.csv");
  ASSERT_EQ(a.code, 0) << a.err;
  // The frequencies add up to 50 symbols x 2 data dates (each run stored 50 strategies).
  std::istringstream csv(read_file(p.path("a.csv")));
  std::string line;
  std::getline(csv, line);  // header
  long total = 0;
  while (std::getline(csv, line)) {
    const auto comma = line.find("\",");
    ASSERT_NE(comma, std::string::npos) << line;
    total += std::stol(line.substr(comma + 2));
    EXPECT_NE(line.find("\"2025-04-2"), std::string::npos) << line;  // run_date: a data date
  }
  EXPECT_EQ(total, 100);
}

}  // namespace
}  // namespace kiss::e2e
