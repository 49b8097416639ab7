// End-to-end tests of the smaller commands and of the command line itself (docs/product.md).
#include <charconv>
#include <cstdlib>
#include <sstream>

#include <gtest/gtest.h>

#include "e2e_util.h"

namespace kiss::e2e {
namespace {

TEST(CommandLine, HelpAndVersionWorkWithoutAnyFile) {
  TempProject p{"cli_help"};
  const RunResult help = p.run("--help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("analyze-strategies"), std::string::npos);
  const RunResult version = p.run("--version");
  EXPECT_EQ(version.code, 0);
  EXPECT_NE(version.out.find("KISS Signal 1."), std::string::npos);
}

TEST(CommandLine, UnknownCommandAndMissingArgumentAreUsageErrors) {
  TempProject p{"cli_usage"};
  EXPECT_EQ(p.run("frobnicate").code, 2);
  EXPECT_EQ(p.run("").code, 2);
  EXPECT_EQ(p.run("backtest").code, 2);  // SYMBOL is required
  EXPECT_EQ(p.run("run --jobs 0").code, 2);
}

TEST(CommandLine, GlobalOptionsStandBeforeOrAfterTheCommand) {
  TempProject p{"cli_global"};
  write_w1_project(p);
  fs::create_directories(p.path("sub"));
  fs::rename(p.path("config.yaml"), p.path("sub/my.yaml"));
  const RunResult before = p.run("--config sub/my.yaml --rules rules.yaml validate");
  const RunResult after = p.run("validate --config sub/my.yaml --rules rules.yaml");
  // The universe path is relative to the config's folder, so both report the same error.
  EXPECT_EQ(before.code, after.code);
  EXPECT_EQ(before.err, after.err);
  EXPECT_NE(before.err.find("universe.csv"), std::string::npos) << before.err;
}

TEST(Validate, TheRepositorysOwnFilesAreValid) {
  TempProject p{"validate_repo"};
  const RunResult r = p.run(
      "validate --config " + shell_quote((fs::path(KISS_SOURCE_DIR) / "config.yaml").string()) +
      " --rules " + shell_quote((fs::path(KISS_SOURCE_DIR) / "rules.yaml").string()));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("universe:  "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("50 symbols"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("candidate stacks (7)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rule catalog"), std::string::npos) << r.out;
}

TEST(Validate, EveryErrorIsListedWithFileLineAndKey) {
  TempProject p{"validate_bad"};
  write_w1_project(p, "hold_perod: 5\n");
  write_file(p.path("rules.yaml"),
             "baseline:\n  name: base\n  type: sma_crossover\n  params: {fast_period: 10, "
             "slow_priod: 20}\n");
  const RunResult r = p.run("validate");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("config.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hold_perod"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hold_period"), std::string::npos) << r.err;  // did you mean
  EXPECT_NE(r.err.find("rules.yaml:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("slow_priod"), std::string::npos) << r.err;
}

// A freeze_date after today would make `run` fail: validate says so, naming file, line and key
// (a date of the past is valid).
TEST(Validate, AFreezeDateAfterTodayIsAnError) {
  TempProject p{"validate_future"};
  write_w1_project(p, "freeze_date: \"2099-01-01\"\n");
  const RunResult r = p.run("validate");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.err.find("config.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("freeze_date: '2099-01-01' is after today"), std::string::npos) << r.err;
  TempProject past{"validate_past"};
  write_w1_project(past, "freeze_date: \"2025-01-02\"\n");
  const RunResult ok = past.run("validate");
  EXPECT_EQ(ok.code, 0) << ok.err;
}

TEST(Inspect, PrintsIndicatorColumnsForAStoredSymbol) {
  TempProject p{"inspect"};
  write_w1_project(p);
  ASSERT_EQ(import_sample(p).code, 0);
  const RunResult r = p.run(
      "inspect RELIANCE --indicator 'rsi(14)' --indicator 'macd(12,26,9)' --from 2025-01-01 "
      "--to 2025-01-31");
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream in(r.out);
  std::string header, line;
  std::getline(in, header);
  EXPECT_EQ(header, "date,rsi_14,macd_12_26_9.macd,macd_12_26_9.signal,macd_12_26_9.hist");
  int rows = 0;
  while (std::getline(in, line)) {
    EXPECT_EQ(line.substr(0, 8), "2025-01-") << line;
    ++rows;
  }
  EXPECT_GE(rows, 18);  // NSE trading days in January 2025
  EXPECT_LE(rows, 23);
  const RunResult bad = p.run("inspect RELIANCE --indicator 'rsx(14)'");
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.err.find("rsi"), std::string::npos) << bad.err;  // did you mean
}

// Every value is printed as the shortest text that reads back to the same double: SMA(2) of
// two-decimal closes is "3111.395", never "3111.3949999999986".
TEST(Inspect, ValuesAreTheShortestTextThatReadsBack) {
  TempProject p{"inspect_shortest"};
  write_w1_project(p);
  ASSERT_EQ(import_sample(p).code, 0);
  const RunResult r = p.run(
      "inspect TCS --indicator 'sma(2)' --indicator 'sma(3)' --from 2025-01-01");
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream in(r.out);
  std::string line;
  std::getline(in, line);  // header
  int cells = 0;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string cell;
    std::getline(row, cell, ',');  // date
    while (std::getline(row, cell, ',')) {
      const double v = std::strtod(cell.c_str(), nullptr);
      char buf[64];
      const auto res = std::to_chars(buf, buf + sizeof buf, v);
      EXPECT_EQ(cell, std::string(buf, res.ptr)) << line;
      ++cells;
    }
  }
  EXPECT_GT(cells, 300);
}

}  // namespace
}  // namespace kiss::e2e
