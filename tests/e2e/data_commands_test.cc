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
  EXPECT_NE(r.out.find("nifty_large_mid.csv:1: missing required column 'date' or 'timestamp' "
                       "(header: symbol,name,sector)"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "db" / "prices.db"));  // not even created
}

TEST_F(DataCommands, StatusWithoutDatabaseSaysSo) {
  const CmdResult r = run("data status");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("db/prices.db: no database yet"), std::string::npos) << r.out;
}

}  // namespace
