// End-to-end: the real kiss-signal binary imports every price file of data/sample into a
// fresh database in a temporary folder, reports status, and refuses bad input without changing
// anything.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "util/test_temp_dir.h"

namespace {
namespace fs = std::filesystem;

// The bundled sample: the real price files in every format they were published in.
const std::string kSample = KISS_SOURCE_DIR "/data/sample";

struct CmdResult {
  int code = -1;
  std::string out;  // stdout and stderr together
};

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class DataCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kiss::make_test_temp_dir(
        std::string("e2e_data_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::ofstream(dir_ / "config.yaml") << "database_path: \"db/prices.db\"\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  CmdResult run(const std::string& args) {
    const std::string cmd = "cd " + quote(dir_.string()) + " && " + quote(KISS_BINARY) + " " +
                            args + " 2>&1";
    CmdResult r;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return r;
    std::array<char, 4096> buf;
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int st = pclose(p);
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
  }
  fs::path dir_;
};

TEST_F(DataCommands, EveryRealPriceFileImports) {
  CmdResult r = run("data import " + quote(kSample + "/prices") + "/*.csv");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("Read 50 files:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" 0 rejected"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Saved 50 symbols"), std::string::npos) << r.out;
  // The three index files as one symbol: the first two overlap on 97 days with equal values,
  // the third continues the second to 2025-09-30.
  r = run("data import " + quote(kSample + "/prices/^NSEI") + " --symbol '^NSEI'");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("Read 3 files: 4522 rows, 0 rejected, 97 duplicate rows merged"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Saved 1 symbols (4425 bars)"), std::string::npos) << r.out;

  r = run("data status");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("M&M          2020-10-01 2025-09-30"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("BAJAJ-AUTO   2020-10-01"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("^NSEI        2007-09-17 2025-09-30   4425"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("JIOFIN"), std::string::npos) << r.out;
}

TEST_F(DataCommands, AnyErrorSavesNothing) {
  ASSERT_EQ(run("data import " + quote(kSample + "/prices/M&M.csv")).code, 0);
  const CmdResult before = run("data status --json");
  ASSERT_EQ(before.code, 0) << before.out;
  // One good file and one bad one: exit 1, every problem with file:line, nothing saved.
  std::ofstream(dir_ / "BAD.csv") << "date,open,high,low,close,volume\n2024-01-02,10,9,11,10,5\n";
  const CmdResult r = run("data import " + quote(kSample + "/prices/TCS.csv") + " BAD.csv");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("error: BAD.csv:2: BAD: high 9 is below low 11"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Import failed with 1 errors: nothing was saved"), std::string::npos)
      << r.out;
  EXPECT_EQ(run("data status --json").out, before.out);
}

TEST_F(DataCommands, UniverseFileIsRefusedByName) {
  const CmdResult r = run("data import " + quote(kSample + "/nifty_large_mid.csv"));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("nifty_large_mid.csv:1: missing required column 'date', 'timestamp', "
                       "'time' or 'Date/Time' (header: symbol,name,sector)"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "db" / "prices.db"));  // not even created
}

// The exports a trader already has (src/data/testdata: RELIANCE's 2025 bars of data/sample in
// TradingView's and AmiBroker's formats) import to the same 187 bars as the sample file.
const std::string kTestdata = KISS_SOURCE_DIR "/src/data/testdata";

TEST_F(DataCommands, TradingViewAndAmiBrokerExportsImport) {
  CmdResult r = run("data import " + quote(kTestdata + "/tradingview/NSE_RELIANCE, 1D.csv") +
                    " --symbol RELIANCE");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("Read 1 files: 187 rows, 0 rejected"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Saved 1 symbols (187 bars)"), std::string::npos) << r.out;
  // The other exports of the same bars: every row equal to a stored one, none added.
  for (const char* file :
       {"/tradingview/NSE_RELIANCE, 1D_iso.csv", "/amibroker/RELIANCE_en-IN.csv"}) {
    r = run("data import " + quote(kTestdata + file) + " " +
            quote(kSample + "/prices/RELIANCE.csv") + " --symbol RELIANCE");
    ASSERT_EQ(r.code, 0) << file << r.out;
    EXPECT_NE(r.out.find("187 duplicate rows merged"), std::string::npos) << file << r.out;
  }
  r = run("data import " + quote(kTestdata + "/amibroker/RELIANCE.csv"));  // symbol: the stem
  ASSERT_EQ(r.code, 0) << r.out;
  r = run("data status");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("RELIANCE     2020-10-01 2025-09-30"), std::string::npos) << r.out;
}

TEST_F(DataCommands, AmiBrokerFileWithTwoTickersIsRefusedByLine) {
  ASSERT_EQ(run("data import " + quote(kSample + "/prices/M&M.csv")).code, 0);
  const CmdResult before = run("data status --json");
  std::ofstream(dir_ / "TCS.csv") << "Ticker,Date/Time,Open,High,Low,Close,Volume\r\n"
                                     "TCS,08/07/2025,3050,3080,3040,3070,100\r\n"
                                     "INFY,08/08/2025,1400,1420,1390,1410,100\r\n"
                                     "TCS,08/13/2025,3060,3090,3050,3080,100\r\n";
  CmdResult r = run("data import TCS.csv");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("error: TCS.csv:3: column 'Ticker': a second ticker 'INFY' (line 2 has "
                       "'TCS'): import one ticker per file"),
            std::string::npos)
      << r.out;
  r = run("data import TCS.csv --symbol INFY");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("error: TCS.csv:2: column 'Ticker': ticker 'TCS' is not the symbol being "
                       "imported, 'INFY'"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(run("data status --json").out, before.out);
}

// The sample ends 2025-09-30, long before today on any clock this test runs on: stale. The
// NIFTY 50 file of src/data/testdata ends 2025-08-08, 37 trading days before the stocks: the
// context filter of rules.yaml that reads it is named.
TEST_F(DataCommands, StatusSaysStaleAndAShortBenchmark) {
  ASSERT_EQ(run("data import " + quote(kSample + "/prices/M&M.csv")).code, 0);
  ASSERT_EQ(run("data import " + quote(kTestdata + "/NSEI_2024-08-12_2025-08-08.csv") +
                " --symbol '^NSEI'")
                .code,
            0);
  fs::copy_file(KISS_SOURCE_DIR "/rules.yaml", dir_ / "rules.yaml");
  CmdResult r = run("data status");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("^NSEI        2024-08-12 2025-08-08    249    0  "), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find(" ok "), std::string::npos) << r.out;  // neither is "ok" today
  EXPECT_NE(r.out.find(" stale  0\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("warning: prices are stale: the last bar 2025-09-30 is "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("(2 of 2 symbols)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("warning: benchmark ^NSEI ends 2025-08-08, 37 trading days before the "
                       "stocks' last bar 2025-09-30: after it these rules are false (they read "
                       "the benchmark's bar of the day): context filter nifty_above_sma50 "
                       "(market_above_sma); so no stock can signal a buy"),
            std::string::npos)
      << r.out;
  r = run("data status --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"stale\": true"), std::string::npos) << r.out;
}

TEST_F(DataCommands, StatusWithoutDatabaseSaysSo) {
  const CmdResult r = run("data status");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("db/prices.db: no database yet"), std::string::npos) << r.out;
}

}  // namespace
