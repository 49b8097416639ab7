// Reliability, hostile files (issue 17; docs/reliability.md "Files"): outputs replace only
// regular files and never touch "<name>.tmp"; a database path naming a FIFO through a link is
// refused before SQLite creates anything beside it; a YAML alias bomb is refused in well under
// the time limit. No test here writes to a real device: /dev/null is only ever the target of a
// link the program must refuse, and the test checks it is still a character device.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "e2e_util.h"

namespace kiss::e2e {
namespace {

class HostileFiles : public ::testing::Test {
 protected:
  HostileFiles() : p_("hostile") {}
  void SetUp() override {
    write_w1_project(p_);
    RunResult r = p_.run("data import " +
                         shell_quote((sample_dir() / "prices" / "RELIANCE.csv").string()));
    ASSERT_EQ(r.code, 0) << r.err;
    r = p_.run("data import --symbol '^NSEI' " +
               shell_quote((sample_dir() / "prices" / "^NSEI").string()));
    ASSERT_EQ(r.code, 0) << r.err;
  }
  // One line on stderr, and the exit code.
  static void expect_refused(const RunResult& r, int code, const std::string& needle) {
    EXPECT_EQ(r.code, code) << r.out << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  TempProject p_;
};

constexpr const char* kBacktest = "backtest RELIANCE --freeze-data 2025-08-08 ";

// "<name>.tmp" is someone else's file: the trade list is written beside it through a temporary
// of its own (it used to be written to trades.csv.tmp, destroying that file).
TEST_F(HostileFiles, AnExistingDotTmpFileIsUntouched) {
  write_file(p_.path("trades.csv.tmp"), "mine\n");
  const RunResult r = p_.run(std::string(kBacktest) + "--trades trades.csv", 120);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read_file(p_.path("trades.csv.tmp")), "mine\n");
  EXPECT_EQ(read_file(p_.path("trades.csv")).rfind("signal_date,entry_date,", 0), 0u);
  for (const auto& e : fs::directory_iterator(p_.dir())) {
    const std::string n = e.path().filename().string();
    EXPECT_FALSE(n.size() > 4 && n.compare(n.size() - 4, 4, ".tmp") == 0 && n != "trades.csv.tmp")
        << "temporary left behind: " << n;
  }
}

// A link to a character device (it used to be replaced by a plain file; as root, --trades
// /dev/full replaced the machine's /dev/full). Refused before any write; the link stays.
TEST_F(HostileFiles, OutputLinkToADeviceIsRefused) {
  fs::create_symlink("/dev/null", p_.path("null_link.csv"));
  RunResult r = p_.run(std::string(kBacktest) + "--trades null_link.csv", 60);
  expect_refused(r, 1,
                 "null_link.csv: --trades: refusing to write: it is a symbolic link to a "
                 "character device, not a regular file");
  r = p_.run("analyze-strategies -o null_link.csv", 60);
  expect_refused(r, 1,
                 "null_link.csv: --output: refusing to write: it is a symbolic link to a "
                 "character device");
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(p_.path("null_link.csv"))));
  EXPECT_TRUE(fs::is_character_file(fs::status("/dev/null")));
}

// A link to a FIFO: refused, the FIFO is still a FIFO and nothing blocked.
TEST_F(HostileFiles, OutputLinkToAFifoIsRefused) {
  ASSERT_EQ(::mkfifo(p_.path("pipe").c_str(), 0600), 0);
  fs::create_symlink(p_.path("pipe"), p_.path("pipe_link.csv"));
  RunResult r = p_.run(std::string(kBacktest) + "--trades pipe_link.csv", 60);
  expect_refused(r, 1, "symbolic link to a FIFO (named pipe)");
  r = p_.run("analyze-strategies -o pipe_link.csv", 60);
  expect_refused(r, 1, "symbolic link to a FIFO (named pipe)");
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(p_.path("pipe"))));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(p_.path("pipe_link.csv"))));
}

// A link to a regular file is followed: the link stays and its target gets the trade list.
TEST_F(HostileFiles, OutputLinkToARegularFileWritesTheTarget) {
  write_file(p_.path("out/real.csv"), "old\n");
  fs::create_symlink(p_.path("out/real.csv"), p_.path("link.csv"));
  const RunResult r = p_.run(std::string(kBacktest) + "--trades link.csv", 120);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(p_.path("link.csv"))));
  EXPECT_EQ(read_file(p_.path("out/real.csv")).rfind("signal_date,", 0), 0u);
}

// database_path naming a FIFO through a link: SQLite used to open it (blocking on the FIFO, or
// for a device creating "<device>-journal" beside the device). Refused before SQLite sees the
// path: nothing is created beside the link or the FIFO.
TEST_F(HostileFiles, DatabaseLinkToAFifoIsRefusedWithoutAJournal) {
  const std::string config = read_file(p_.path("config.yaml"));
  std::string edited = config;
  edited.replace(edited.find("database_path: \"w1.db\""), 22, "database_path: \"link.db\"");
  write_file(p_.path("config.yaml"), edited);
  ASSERT_EQ(::mkfifo(p_.path("dbpipe").c_str(), 0600), 0);
  fs::create_symlink(p_.path("dbpipe"), p_.path("link.db"));
  for (const char* cmd : {"data status", "run --freeze-data 2025-08-08"}) {
    SCOPED_TRACE(cmd);
    const RunResult r = p_.run(cmd, 10);
    expect_refused(r, 1,
                   "link.db: database_path: database path is a symbolic link to a FIFO "
                   "(named pipe), not a regular file");
  }
  for (const char* n : {"link.db-journal", "link.db-wal", "dbpipe-journal", "dbpipe-wal"}) {
    EXPECT_FALSE(fs::exists(fs::symlink_status(p_.path(n)))) << n;
  }
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(p_.path("dbpipe"))));
  write_file(p_.path("config.yaml"), config);
}

// A journal beside the database that is not a regular file is refused too (SQLite would
// open it as the hot journal).
TEST_F(HostileFiles, DatabaseJournalThatIsAFifoIsRefused) {
  ASSERT_EQ(::mkfifo(p_.path("w1.db-journal").c_str(), 0600), 0);
  const std::string before = read_file(p_.path("w1.db"));
  const RunResult r = p_.run("data status", 10);
  expect_refused(r, 1, "its journal file");
  EXPECT_EQ(read_file(p_.path("w1.db")), before);
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(p_.path("w1.db-journal"))));
}

// The 1.3 KB alias bomb took 97 s; it must now be refused well inside a 10 s limit.
TEST_F(HostileFiles, YamlAliasBombIsRefusedQuickly) {
  std::string bomb = "hold_period: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    bomb += std::string("x") + c + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) bomb += std::string(i ? ", " : "") + "*" + static_cast<char>(c - 1);
    bomb += "]\n";
  }
  write_file(p_.path("bomb.yaml"), bomb);
  const auto start = std::chrono::steady_clock::now();
  const RunResult r = p_.run("--config bomb.yaml validate", 10);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("bomb.yaml:6:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("more than 100000 values"), std::string::npos) << r.err;
  EXPECT_LT(took, std::chrono::seconds(5));
}

}  // namespace
}  // namespace kiss::e2e
