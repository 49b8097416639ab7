// Concurrency with real processes (fork): WAL readers see whole runs only, and two writers
// either both finish or one fails with "database is locked" and nothing is lost.
// Rule for fork(): no SQLite connection crosses it; every process opens its own, and children
// leave with _exit so no parent state is torn down twice.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "store/run_commit.h"
#include "store/schema.h"
#include "store/test_support.h"

namespace kiss::store {
namespace {

using testing::record;
using testing::TempDir;

constexpr int kRuns = 25;
constexpr int kPerRun = 40;

std::string ts(int writer, int run) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "2025-01-%02dT10:%02d:00", writer + 1, run % 60);
  return buf;
}

// Child body: commits kRuns runs of kPerRun strategies. Exit 0 on success, 10 + n when the
// n-th run failed with "database is locked", 99 on any other failure.
int write_runs(const std::string& path, int writer) {
  auto db = Database::open(path);
  if (!db) return 99;
  for (int run = 0; run < kRuns; ++run) {
    RunWrite w;
    w.run.run_timestamp = ts(writer, run);
    for (int i = 0; i < kPerRun; ++i) {
      // append() rather than "S" + std::to_string(i): GCC 12 -O2 gives a false -Wrestrict on
      // the latter (GCC bug 105329).
      std::string symbol = "S", rule = "r";
      symbol.append(std::to_string(i));
      rule.append(std::to_string(writer));
      w.strategies.push_back(record(symbol, {rule}));
    }
    auto id = save_run(*db, w);
    if (!id) {
      const bool locked = id.error().message.find("database is locked") != std::string::npos &&
                          id.error().exit_code == ExitCode::kRunFailed;
      return locked ? 10 + run : 99;
    }
  }
  return 0;
}

int wait_exit_code(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

TEST(Concurrency, ReaderSeesAllOrNothingOfEachRun) {
  TempDir dir;
  const std::string path = dir.file("kiss.db");
  ASSERT_TRUE(create_database(path));
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(write_runs(path, 0));

  auto db = Database::open(path);
  ASSERT_TRUE(db);
  // One statement = one read snapshot: runs and their strategies must always match.
  auto st = db->prepare(
      "SELECT (SELECT COUNT(*) FROM runs), (SELECT COUNT(*) FROM strategies), "
      "(SELECT COUNT(*) FROM strategies WHERE run_id IS NULL OR run_id NOT IN "
      "(SELECT id FROM runs))");
  ASSERT_TRUE(st);
  int reads = 0;
  std::int64_t runs = 0;
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(child, &status, WNOHANG);
    st->reset();
    auto row = st->step();
    ASSERT_TRUE(row) << row.error().to_string();
    ASSERT_TRUE(*row);
    runs = st->column_int64(0);
    ASSERT_EQ(st->column_int64(1), runs * kPerRun) << "a partial run was visible";
    ASSERT_EQ(st->column_int64(2), 0);
    ++reads;
    if (done == child) break;
  }
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(runs, kRuns);
  EXPECT_GT(reads, 1);
}

TEST(Concurrency, TwoWritersBothFinishOrOneFailsCleanly) {
  TempDir dir;
  const std::string path = dir.file("kiss.db");
  ASSERT_TRUE(create_database(path));
  pid_t kids[2];
  for (int w = 0; w < 2; ++w) {
    kids[w] = fork();
    ASSERT_GE(kids[w], 0);
    if (kids[w] == 0) _exit(write_runs(path, w));
  }
  std::int64_t expected_runs = 0;
  for (int w = 0; w < 2; ++w) {
    const int code = wait_exit_code(kids[w]);
    ASSERT_TRUE(code == 0 || (code >= 10 && code < 10 + kRuns)) << "writer " << w << ": " << code;
    expected_runs += code == 0 ? kRuns : code - 10;  // runs committed before the failure
  }
  auto db = Database::open(path);
  ASSERT_TRUE(db);
  auto st = db->prepare("SELECT (SELECT COUNT(*) FROM runs), (SELECT COUNT(*) FROM strategies)");
  ASSERT_TRUE(st && st->step().value());
  EXPECT_EQ(st->column_int64(0), expected_runs);
  EXPECT_EQ(st->column_int64(1), expected_runs * kPerRun);
  auto check = db->prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check && check->step().value());
  EXPECT_EQ(check->column_text(0), "ok");
}

// A writer that cannot get the lock within its busy timeout fails with a clear message and
// leaves the other writer's work alone.
TEST(Concurrency, ALockedDatabaseFailsWithAClearMessage) {
  TempDir dir;
  const std::string path = dir.file("kiss.db");
  ASSERT_TRUE(create_database(path));
  int go[2];
  ASSERT_EQ(pipe(go), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(go[1]);
    char c = 0;
    if (read(go[0], &c, 1) != 1) _exit(98);
    auto db = Database::open(path);
    if (!db) _exit(97);
    db->set_busy_timeout(100);
    RunWrite w;
    w.run.run_timestamp = "2025-02-01T10:00:00";
    w.strategies = {record("CHILD", {"x"})};
    auto id = save_run(*db, w);
    if (id) _exit(1);
    const Error& e = id.error();
    const bool clear = e.message.find("database is locked") != std::string::npos &&
                       e.message.find("cannot start a write transaction") != std::string::npos &&
                       e.file == path && e.exit_code == ExitCode::kRunFailed;
    _exit(clear ? 0 : 2);
  }
  close(go[0]);
  auto db = Database::open(path);
  ASSERT_TRUE(db);
  {
    auto txn = Transaction::begin(*db);
    ASSERT_TRUE(txn);
    ASSERT_TRUE(save_strategies(*db, {record("PARENT", {"x"})}, "2025-02-01T09:00:00"));
    ASSERT_EQ(write(go[1], "g", 1), 1);
    EXPECT_EQ(wait_exit_code(child), 0);  // child failed cleanly while we held the lock
    ASSERT_TRUE(txn->commit());
  }
  close(go[1]);
  auto st = db->prepare("SELECT symbol FROM strategies");
  ASSERT_TRUE(st && st->step().value());
  EXPECT_EQ(st->column_text(0), "PARENT");
  EXPECT_FALSE(st->step().value());
}

// Two processes opening a brand-new file at once: both migrate-or-wait, one schema results.
TEST(Concurrency, SimultaneousFirstOpensMigrateOnce) {
  TempDir dir;
  const std::string path = dir.file("fresh/kiss.db");
  pid_t kids[3];
  for (pid_t& k : kids) {
    k = fork();
    ASSERT_GE(k, 0);
    if (k == 0) _exit(Database::open(path) ? 0 : 1);
  }
  for (pid_t k : kids) EXPECT_EQ(wait_exit_code(k), 0);
  auto db = Database::open(path);
  ASSERT_TRUE(db);
  EXPECT_EQ(db->user_version().value(), kSchemaVersion);
}

}  // namespace
}  // namespace kiss::store
