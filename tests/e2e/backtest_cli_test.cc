// End-to-end: `kiss-signal backtest` on real data (RELIANCE and the NIFTY 50 index of the
// bundled sample) with the W1 rules: metrics, the trade-list CSV, --stack, --json, and bad
// input refused with a message and no file written.
#include <cstdio>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <sqlite3.h>
#include <nlohmann/json.hpp>
#include "util/text.h"

#include "e2e_util.h"

namespace kiss::e2e {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> fields(const std::string& line) { return split(line, ','); }

class BacktestCli : public ::testing::Test {
 protected:
  BacktestCli() : p_("backtest") {}
  void SetUp() override {
    write_w1_project(p_);
    ASSERT_EQ(p_.run("data import " +
                     shell_quote((sample_dir() / "prices" / "RELIANCE.csv").string()))
                  .code,
              0);
    ASSERT_EQ(p_.run("data import --symbol '^NSEI' " +
                     shell_quote((sample_dir() / "prices" / "^NSEI").string()))
                  .code,
              0);
  }
  TempProject p_;
};

TEST_F(BacktestCli, TradeListCsvAndMetrics) {
  const RunResult r = p_.run("backtest RELIANCE --freeze-data 2025-08-08 --trades trades.csv");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  // The first line says what this is: in sample, one stack, not the report's figure.
  EXPECT_EQ(lines_of(r.out).at(0).rfind(
                "In-sample backtest of one stack: RELIANCE, stack 'sma_10_20_crossover', bars ", 0),
            0u)
      << r.out;
  const auto rows = lines_of(read_file(p_.path("trades.csv")));
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0],
            "signal_date,entry_date,entry_price,exit_date,exit_price,exit_reason,shares,"
            "net_return_pct");
  const std::set<std::string> reasons{"stop_loss_gap", "take_profit_gap", "stop_loss",
                                      "take_profit",   "trailing_stop",   "time_exit",
                                      "end_of_data"};
  std::string previous_exit;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto f = fields(rows[i]);
    ASSERT_EQ(f.size(), 8u) << rows[i];
    EXPECT_TRUE(reasons.count(f[5])) << rows[i];
    EXPECT_LT(f[0], f[1]) << "next_open: the fill is after the signal bar: " << rows[i];
    EXPECT_LE(f[1], f[3]) << rows[i];
    EXPECT_LE(previous_exit, f[0]) << "one position at a time: " << rows[i];
    EXPECT_LE(f[3], "2025-08-08") << "freeze date respected: " << rows[i];
    EXPECT_GE(std::stoll(f[6]), 1) << rows[i];
    previous_exit = f[3];
  }
}

TEST_F(BacktestCli, StackOptionAndJson) {
  const RunResult r = p_.run(
      "--json backtest RELIANCE --stack sma_10_20_crossover+rsi_momentum "
      "--freeze-data 2025-08-08");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("stack"), "sma_10_20_crossover+rsi_momentum");
  EXPECT_EQ(j.at("rule_stack"), nlohmann::json({"sma_10_20_crossover", "rsi_momentum"}));
  EXPECT_EQ(j.at("last_date"), "2025-08-08");
  EXPECT_GE(j.at("metrics").at("total_trades").get<int>(), 0);
  // The layer name alone means baseline + layer.
  const RunResult r2 = p_.run(
      "--json backtest RELIANCE --stack rsi_momentum "
      "--freeze-data 2025-08-08");
  ASSERT_EQ(r2.code, 0) << r2.err;
  EXPECT_EQ(nlohmann::json::parse(r2.out).at("metrics"), j.at("metrics"));
}

TEST_F(BacktestCli, BadInputIsRefusedWithoutWriting) {
  RunResult r = p_.run("backtest RELIANCE --stack no_such_rule --trades t.csv");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown rule 'no_such_rule'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(p_.path("t.csv")));
  r = p_.run("backtest NOSUCH --trades t.csv");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no bars stored for symbol 'NOSUCH'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(p_.path("t.csv")));
  r = p_.run("backtest RELIANCE --freeze-data 2025-13-01");
  EXPECT_EQ(r.code, 2);
}

// The stored figures of each symbol's strategy, read as doubles (bit-exact, unlike text).
struct Stored {
  std::string rule_stack;
  double edge_score = 0, win_pct = 0, sharpe = 0, avg_return = 0;
  long long total_trades = -1;
};

Stored stored_strategy(const fs::path& db, const std::string& symbol) {
  Stored out;
  sqlite3* h = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(h,
                               "SELECT rule_stack, edge_score, win_pct, sharpe, avg_return, "
                               "total_trades FROM strategies WHERE symbol = ?1",
                               -1, &st, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(st, 1, symbol.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st) == SQLITE_ROW) {
    out.rule_stack = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    out.edge_score = sqlite3_column_double(st, 1);
    out.win_pct = sqlite3_column_double(st, 2);
    out.sharpe = sqlite3_column_double(st, 3);
    out.avg_return = sqlite3_column_double(st, 4);
    out.total_trades = sqlite3_column_int64(st, 5);
  }
  EXPECT_NE(sqlite3_step(st), SQLITE_ROW) << "one strategy per symbol";
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

std::string fixed_text(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// `backtest --walk-forward` prints the very result `run` stores for the same data and config:
// edge score, win %, Sharpe, average return and trade count equal to the last bit, the same
// stack, and a trade list (CSV) with exactly the stored number of closed trades.
TEST(BacktestCliWalkForward, EqualsWhatRunStores) {
  TempProject p("backtest_wf");
  write_w1_project(p);
  write_file(p.path("universe.csv"), "symbol\nRELIANCE\nICICIBANK\nPOWERGRID\n");
  for (const char* s : {"RELIANCE", "ICICIBANK", "POWERGRID"}) {
    ASSERT_EQ(p.run("data import " +
                    shell_quote((sample_dir() / "prices" / (std::string(s) + ".csv")).string()))
                  .code,
              0);
  }
  ASSERT_EQ(p.run("data import --symbol '^NSEI' " +
                  shell_quote((sample_dir() / "prices" / "^NSEI").string()))
                .code,
            0);
  const RunResult run = p.run("run --freeze-data 2025-08-08");
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  for (const std::string symbol : {"RELIANCE", "ICICIBANK", "POWERGRID"}) {
    const Stored db = stored_strategy(p.path("w1.db"), symbol);
    ASSERT_GE(db.total_trades, 0) << symbol << ": no stored strategy";
    const RunResult j = p.run("--json backtest " + symbol +
                              " --walk-forward --freeze-data 2025-08-08 --trades wf.csv");
    ASSERT_EQ(j.code, 0) << j.out << j.err;
    const auto json = nlohmann::json::parse(j.out);
    const auto& m = json.at("metrics");
    EXPECT_EQ(m.at("edge_score").get<double>(), db.edge_score) << symbol;
    EXPECT_EQ(m.at("win_pct").get<double>(), db.win_pct) << symbol;
    EXPECT_EQ(m.at("sharpe").get<double>(), db.sharpe) << symbol;
    EXPECT_EQ(m.at("avg_return").get<double>(), db.avg_return) << symbol;
    EXPECT_EQ(m.at("total_trades").get<long long>(), db.total_trades) << symbol;
    EXPECT_EQ(nlohmann::json(json.at("rule_stack")).dump(),
              nlohmann::json::parse(db.rule_stack).dump())
        << symbol;
    // Out of sample every trade is closed (window_end at the latest), so the list is the count.
    EXPECT_EQ(json.at("trades").get<long long>(), db.total_trades) << symbol;
    const auto rows = lines_of(read_file(p.path("wf.csv")));
    EXPECT_EQ(static_cast<long long>(rows.size()) - 1, db.total_trades) << symbol;
    // Every test window is followed by the latest training window, which has no test span.
    const auto& windows = json.at("windows");
    ASSERT_GE(windows.size(), 2u) << symbol;
    EXPECT_TRUE(windows.back().at("test_first").is_null());
    EXPECT_EQ(windows.back().at("train_last"), "2025-08-08");
    EXPECT_EQ(windows.back().at("winner"), json.at("stack"));
    EXPECT_EQ(windows.back().at("train_trades"), json.at("training_trades"));

    // The console form shows the same figures, with % signs.
    const RunResult t = p.run("backtest " + symbol + " --walk-forward --freeze-data 2025-08-08");
    ASSERT_EQ(t.code, 0) << t.err;
    EXPECT_EQ(lines_of(t.out).at(0).rfind("Walk-forward out-of-sample backtest of " + symbol, 0),
              0u)
        << t.out;
    const std::string figures = "edge score " + fixed_text("%.4f", db.edge_score) + ", win " +
                                fixed_text("%.1f", db.win_pct * 100.0) + "%, Sharpe " +
                                fixed_text("%.4f", db.sharpe) + ", trades " +
                                std::to_string(db.total_trades) + " closed";
    EXPECT_NE(t.out.find(figures), std::string::npos) << figures << "\n" << t.out;
    const std::string list = "Out-of-sample trades (" + std::to_string(db.total_trades) + "):";
    const std::size_t at = t.out.find(list);
    ASSERT_NE(at, std::string::npos) << t.out;
    // A header and one row per trade of the CSV, in its order: the same entry date, the reason
    // in words instead of its code (wf.csv: signal_date,entry_date,...,exit_reason,...).
    const auto table = lines_of(t.out.substr(at));
    ASSERT_GE(table.size(), rows.size() + 1) << t.out;
    EXPECT_NE(table[1].find("Net Return  Exit Reason"), std::string::npos) << table[1];
    for (std::size_t k = 1; k < rows.size(); ++k) {
      const std::string& row = table[k + 1];
      std::vector<std::string> cells;
      std::size_t from = 0;
      for (std::size_t comma; (comma = rows[k].find(',', from)) != std::string::npos;
           from = comma + 1) {
        cells.push_back(rows[k].substr(from, comma - from));
      }
      ASSERT_GE(cells.size(), 6u) << rows[k];
      EXPECT_EQ(row.rfind("  " + cells[1] + "  ", 0), 0u) << row;
      EXPECT_NE(row.find("%  "), std::string::npos) << row;
      EXPECT_EQ(row.find(cells[5]), std::string::npos) << row;  // the code, not in words
    }
  }
}

TEST_F(BacktestCli, WalkForwardRefusesStackAndDisabledWalkForward) {
  RunResult r = p_.run("backtest RELIANCE --walk-forward --stack sma_10_20_crossover");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--stack and --walk-forward exclude each other"), std::string::npos)
      << r.err;
  std::string config = read_file(p_.path("config.yaml"));
  const auto at = config.find("enabled: true");
  ASSERT_NE(at, std::string::npos);
  write_file(p_.path("config.yaml"), config.replace(at, 13, "enabled: false"));
  r = p_.run("backtest RELIANCE --walk-forward --trades t.csv");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("walk_forward.enabled is false"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(p_.path("t.csv")));
}

TEST(BacktestCliNoData, MissingDatabaseIsNotCreated) {
  TempProject p("backtest_nodb");
  write_w1_project(p);
  const RunResult r = p.run("backtest RELIANCE");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("import prices first"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(p.path("w1.db")));
}

}  // namespace
}  // namespace kiss::e2e
