// End-to-end tests of `kiss-signal run` on the bundled real data (docs/product.md, docs/data.md,
// docs/discovery.md, docs/positions.md, docs/persistence.md).
#include <gtest/gtest.h>

#include <regex>

#include "e2e_util.h"

namespace kiss::e2e {
namespace {

constexpr const char* kFreeze = "2025-08-08";

std::string strategies_sql() {
  // Everything but the per-run identity (id, run_timestamp, created_at, run_id).
  return "SELECT symbol, rule_stack, edge_score, win_pct, sharpe, total_trades, avg_return, "
         "config_hash, sortino, max_drawdown_pct, cagr_pct, profit_factor, expectancy, "
         "exposure_pct, avg_bars_held, alpha_pct, beat_benchmark_pct, target_hit_pct, "
         "deflated_sharpe, in_sample, oos_windows, oos_start, oos_end FROM strategies "
         "ORDER BY symbol, rule_stack";
}
std::string positions_sql() {
  return "SELECT symbol, status, signal_date, entry_date, entry_price, exit_date, exit_price, "
         "rule_stack_used, final_return_pct, exit_reason, final_nifty_return_pct, days_held, "
         "shares, stop_level, target_level FROM positions ORDER BY symbol, signal_date";
}

class RunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_w1_project(project);
    const RunResult r = import_sample(project);
    ASSERT_EQ(r.code, 0) << r.out << r.err;
  }
  TempProject project{"run"};
};

TEST_F(RunTest, FrozenRunWritesReportDatabaseAndConsole) {
  const RunResult r = project.run(std::string("run --freeze-data ") + kFreeze);
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("[1/6] Configuration loaded (50 symbols, 6 candidate stacks, 2 exit rules)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[3/6] Strategies analysed: 50 symbols in"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[6/6] Report written to"), std::string::npos) << r.out;
  const std::string md = read_file(project.path("w1_reports/signals_2025-08-08.md"));
  ASSERT_FALSE(md.empty());
  EXPECT_TRUE(std::regex_search(md, std::regex("^Summary: \\d+ New Buy Signals?, \\d+ Open "
                                               "Positions?, \\d+ Positions? to Sell\\.")))
      << md.substr(0, 200);
  EXPECT_TRUE(fs::exists(project.path("w1_reports/signals_2025-08-08.html")));
  const auto runs = query_rows(project.path("w1.db"), "SELECT data_as_of, status FROM runs");
  ASSERT_EQ(runs.size(), 1u);
  const auto strategies = query_rows(project.path("w1.db"), "SELECT count(*) FROM strategies");
  ASSERT_EQ(strategies.size(), 1u);
  EXPECT_GT(std::stoi(strategies[0]), 40);
}

// docs/discovery.md: database rows and report bytes are identical for any --jobs.
TEST_F(RunTest, ResultsAreIdenticalForOneAndTwoThreads) {
  TempProject other{"run_jobs2"};
  write_w1_project(other);
  ASSERT_EQ(import_sample(other).code, 0);
  const RunResult a = project.run(std::string("run --jobs 1 --freeze-data ") + kFreeze);
  const RunResult b = other.run(std::string("run --jobs 2 --freeze-data ") + kFreeze);
  ASSERT_EQ(a.code, 0) << a.err;
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_EQ(read_file(project.path("w1_reports/signals_2025-08-08.md")),
            read_file(other.path("w1_reports/signals_2025-08-08.md")));
  EXPECT_EQ(read_file(project.path("w1_reports/signals_2025-08-08.html")),
            read_file(other.path("w1_reports/signals_2025-08-08.html")));
  EXPECT_EQ(query_rows(project.path("w1.db"), strategies_sql()),
            query_rows(other.path("w1.db"), strategies_sql()));
  EXPECT_EQ(query_rows(project.path("w1.db"), positions_sql()),
            query_rows(other.path("w1.db"), positions_sql()));
}

// docs/data.md: a run frozen at D over a store holding later bars equals a run over a store that
// ends at D.
TEST_F(RunTest, FreezeDateSeesNoLaterBars) {
  const std::string d = "2025-03-28";
  TempProject truncated{"run_truncated"};
  write_w1_project(truncated);
  // The same files cut at D (stock timestamps and index dates both start with YYYY-MM-DD).
  const fs::path cut = truncated.path("cut");
  for (const auto& entry : fs::recursive_directory_iterator(sample_dir() / "prices")) {
    if (!entry.is_regular_file()) continue;
    const fs::path rel = fs::relative(entry.path(), sample_dir() / "prices");
    std::istringstream in(read_file(entry.path()));
    std::string line, out;
    std::getline(in, line);
    out = line + "\n";
    bool any = false;
    while (std::getline(in, line)) {
      if (line.substr(0, 10) <= d) {
        out += line + "\n";
        any = true;
      }
    }
    // A file wholly after D (the index's 2025-08-11 .. 2025-09-30 file) is left out: a store
    // that ends at D never saw it, and a header-only file is refused at import.
    if (any) write_file(cut / rel, out);
  }
  ASSERT_EQ(truncated.run("data import " + shell_quote(cut.string() + "/") + "*.csv").code, 0);
  ASSERT_EQ(
      truncated.run("data import --symbol '^NSEI' " + shell_quote((cut / "^NSEI").string())).code,
      0);
  const RunResult a = project.run("run --freeze-data " + d);
  const RunResult b = truncated.run("run --freeze-data " + d);
  ASSERT_EQ(a.code, 0) << a.err;
  ASSERT_EQ(b.code, 0) << b.err;
  const std::string report = "w1_reports/signals_" + d + ".md";
  EXPECT_EQ(read_file(project.path(report)), read_file(truncated.path(report)));
  EXPECT_EQ(query_rows(project.path("w1.db"), strategies_sql()),
            query_rows(truncated.path("w1.db"), strategies_sql()));
  EXPECT_EQ(query_rows(project.path("w1.db"), positions_sql()),
            query_rows(truncated.path("w1.db"), positions_sql()));
}

// docs/positions.md: re-running on the same data duplicates nothing and gives the same report.
TEST_F(RunTest, RerunOnTheSameDayIsIdempotent) {
  ASSERT_EQ(project.run(std::string("run --freeze-data ") + kFreeze).code, 0);
  const std::string first = read_file(project.path("w1_reports/signals_2025-08-08.md"));
  const auto positions = query_rows(project.path("w1.db"), positions_sql());
  ASSERT_EQ(project.run(std::string("run --freeze-data ") + kFreeze).code, 0);
  EXPECT_EQ(read_file(project.path("w1_reports/signals_2025-08-08.md")), first);
  EXPECT_EQ(query_rows(project.path("w1.db"), positions_sql()), positions);
  EXPECT_EQ(query_rows(project.path("w1.db"), "SELECT count(*) FROM runs"),
            std::vector<std::string>{"2"});
}

// Story 007 AC3.3 / issue 6: a persistence failure is reported, the report is still written
// (marked "results not saved"), and the process exits 3 instead of crashing.
TEST_F(RunTest, PersistenceFailureExitsThreeAndStillWritesTheReport) {
  ASSERT_EQ(project.run(std::string("run --freeze-data 2025-08-07")).code, 0);
  // Another process holds the write lock for the whole run.
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(project.path("w1.db").c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const auto before = query_rows(project.path("w1.db"), "SELECT count(*) FROM strategies");
  const RunResult r = project.run(std::string("run --freeze-data ") + kFreeze);
  sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(h);
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("results not saved"), std::string::npos) << r.err;
  // Under its own name (docs/reliability.md): no saved report of that date to protect here.
  const std::string md = read_file(project.path("w1_reports/signals_2025-08-08.NOT-SAVED.md"));
  EXPECT_NE(md.find("not saved"), std::string::npos);
  EXPECT_FALSE(fs::exists(project.path("w1_reports/signals_2025-08-08.md")));
  EXPECT_NE(r.out.find("Report written to w1_reports/signals_2025-08-08.NOT-SAVED.md"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(query_rows(project.path("w1.db"), "SELECT count(*) FROM strategies"), before);
}

// `report --date D` rebuilds a past day's report from the database alone, byte for byte,
// after later runs have moved the position book on.
TEST_F(RunTest, ReportDateRebuildsAPastReportByteForByte) {
  for (const char* d : {"2025-04-21", "2025-04-22", "2025-04-23", "2025-04-24", "2025-05-08"}) {
    ASSERT_EQ(project.run(std::string("run --freeze-data ") + d).code, 0);
  }
  const fs::path md = project.path("w1_reports/signals_2025-04-24.md");
  const fs::path html = project.path("w1_reports/signals_2025-04-24.html");
  const std::string md_bytes = read_file(md), html_bytes = read_file(html);
  ASSERT_NE(md_bytes.find("Summary: 3 New Buy Signals"), std::string::npos) << md_bytes;
  fs::remove(md);
  fs::remove(html);
  const RunResult r = project.run("report --date 2025-04-24");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read_file(md), md_bytes);
  EXPECT_EQ(read_file(html), html_bytes);
  const RunResult none = project.run("report --date 2025-04-25");
  EXPECT_EQ(none.code, 1);
  EXPECT_NE(none.err.find("no stored report for 2025-04-25"), std::string::npos) << none.err;
}

// positions.run_id is the run that opened the position, also after later runs filled or closed
// it; and `--json` prints the run's report model, the very text stored in runs.report_json.
TEST_F(RunTest, PositionsKeepTheirOpeningRunAndJsonIsTheStoredModel) {
  for (const char* d : {"2025-04-21", "2025-04-22", "2025-04-23"}) {
    ASSERT_EQ(project.run(std::string("-q run --freeze-data ") + d).code, 0);
  }
  const RunResult r = project.run("--json run --freeze-data 2025-04-24");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto stored = query_rows(project.path("w1.db"),
                                 "SELECT report_json FROM runs WHERE data_as_of = '2025-04-24'");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_TRUE(r.out == stored[0] + "\n") << r.out.substr(0, 300);
  const auto rows = query_rows(project.path("w1.db"),
                               "SELECT p.signal_date, r.data_as_of, p.status FROM positions p "
                               "LEFT JOIN runs r ON r.id = p.run_id ORDER BY p.id");
  ASSERT_FALSE(rows.empty());
  int updated = 0;
  for (const std::string& row : rows) {
    EXPECT_EQ(row.substr(0, 10), row.substr(11, 10)) << row;  // signal date = its run's date
    if (row.substr(0, 10) < "2025-04-24" && row.find("PENDING") == std::string::npos) ++updated;
  }
  EXPECT_GT(updated, 0);  // some positions were filled by a later run
}

// `history` prints units (docs/report.md "Units"): the win rate and returns as percentages,
// prices in rupees with two decimals; the console's counts agree with their nouns.
TEST_F(RunTest, HistoryPrintsUnitsAndTheConsoleCountsArePlural) {
  for (const char* d : {"2025-04-23", "2025-04-24", "2025-05-08"}) {
    const RunResult r = project.run(std::string("run --freeze-data ") + d);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(
        std::regex_search(r.out, std::regex("\\[5/6\\] Signals: (1 new buy|\\d+ new buys), ")))
        << r.out;
  }
  const auto symbols = query_rows(project.path("w1.db"),
                                  "SELECT symbol FROM positions WHERE entry_price IS NOT NULL "
                                  "ORDER BY id LIMIT 1");
  ASSERT_EQ(symbols.size(), 1u);
  const RunResult h = project.run("history " + symbols[0]);
  ASSERT_EQ(h.code, 0) << h.err;
  EXPECT_NE(h.out.find("edge score win rate   sharpe  trades    avg return"), std::string::npos)
      << h.out;
  EXPECT_NE(h.out.find("entry price"), std::string::npos) << h.out;
  // A strategy row: win rate "NN.N%" and avg return "N.NN%"; a position row: "₹N.NN".
  EXPECT_TRUE(
      std::regex_search(h.out,
                        std::regex(" \\d+\\.\\d% +-?\\d+\\.\\d{4} +\\d+ +-?\\d+\\.\\d\\d%\\n")))
      << h.out;
  EXPECT_TRUE(std::regex_search(h.out, std::regex("\u20b9\\d+\\.\\d\\d "))) << h.out;
  EXPECT_EQ(h.out.find("win_pct"), std::string::npos) << h.out;
}

// A run dated before the latest stored run shows the book as it was and changes nothing.
TEST_F(RunTest, BackdatedRunShowsTheBookAsItWasAndWritesNoPosition) {
  for (const char* d : {"2025-04-23", "2025-04-24", "2025-05-08"}) {
    ASSERT_EQ(project.run(std::string("run --freeze-data ") + d).code, 0);
  }
  const std::string first = read_file(project.path("w1_reports/signals_2025-04-24.md"));
  const auto positions = query_rows(project.path("w1.db"), positions_sql());
  ASSERT_EQ(project.run("run --freeze-data 2025-04-24").code, 0);
  const std::string again = read_file(project.path("w1_reports/signals_2025-04-24.md"));
  EXPECT_EQ(query_rows(project.path("w1.db"), positions_sql()), positions);
  // Same tables; only the warning that the book was not changed is new.
  EXPECT_EQ(again.substr(0, again.find("## WARNINGS")), first.substr(0, first.find("## WARNINGS")));
  EXPECT_NE(again.find("dated before the latest stored run"), std::string::npos) << again;
}

TEST(RunErrors, MissingConfigIsExitOneWithTheFileNamed) {
  TempProject p{"run_noconfig"};
  const RunResult r = p.run("run");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("config.yaml"), std::string::npos) << r.err;
}

TEST(RunErrors, BadFreezeDateIsAUsageError) {
  TempProject p{"run_baddate"};
  write_w1_project(p);
  const RunResult r = p.run("run --freeze-data 2025-13-01");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("2025-13-01"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kiss::e2e
