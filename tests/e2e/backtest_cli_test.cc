// End-to-end: `kiss-signal backtest` on real data (RELIANCE and the NIFTY 50 index of the
// bundled sample) with the W1 rules: metrics, the trade-list CSV, --stack, --json, and bad
// input refused with a message and no file written.
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

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
  EXPECT_NE(r.out.find("Backtest RELIANCE, stack 'sma_10_20_crossover' (in sample)"),
            std::string::npos)
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
