// Reliability, storage faults (issue 8; docs/product.md exit codes, docs/persistence.md): a full
// disk, a location that cannot be written, a database locked by another process, a truncated /
// corrupt / newer database file, a missing universe file. Each gives one clear message naming the
// file, the documented exit code (3 = environment failure, nothing committed; 1 = bad data such as
// a corrupt file), and no change to stored data (file bytes, or every table's rows).
#include <gtest/gtest.h>

#include <memory>

#include "reliability_util.h"

namespace kiss::e2e {
namespace {

constexpr const char* kFreeze = "2025-08-08";

// Every table's rows (row-level "no change": the WAL may be checkpointed by a reader).
std::vector<std::string> dump(const fs::path& db) {
  std::vector<std::string> out = query_rows(db, "PRAGMA user_version");
  for (const std::string& t : query_rows(db,
                                         "SELECT name FROM sqlite_master WHERE type='table' "
                                         "AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
    out.push_back("== " + t);
    for (std::string& r : query_rows(db, "SELECT * FROM \"" + t + "\" ORDER BY 1, 2"))
      out.push_back(std::move(r));
  }
  return out;
}

// stderr without its trailing newlines; must be one line.
std::string one_message(const Child& c) {
  std::string e = c.err;
  while (!e.empty() && e.back() == '\n') e.pop_back();
  EXPECT_FALSE(e.empty());
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 0) << "more than one message:\n" << c.err;
  return e;
}

// A project with the sample imported and one complete run (every table has rows); each test
// works on its own copy.
class StorageFaults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    base_ = std::make_unique<TempProject>("rel_storage_base");
    write_w1_project(*base_);
    ASSERT_EQ(import_sample(*base_).code, 0);
    const RunResult r = base_->run(std::string("run --freeze-data 2025-08-07"));
    ASSERT_EQ(r.code, 0) << r.err;
    // The store does not checkpoint on close (database.cc), so committed pages may sit in
    // w1.db-wal. Fold them into w1.db (this connection checkpoints and removes the WAL when it
    // closes) so the damage tests below damage the one file that holds everything.
    EXPECT_EQ(rw_query(base_->path("w1.db"), "PRAGMA wal_checkpoint(TRUNCATE)"),
              std::vector<std::string>{"0"});
    ASSERT_FALSE(fs::exists(base_->path("w1.db-wal")));
  }
  static void TearDownTestSuite() { base_.reset(); }
  void SetUp() override { copy_project(base_->dir(), p.dir()); }

  fs::path db() const { return p.path("w1.db"); }
  static std::unique_ptr<TempProject> base_;
  TempProject p{"rel_storage"};
};
std::unique_ptr<TempProject> StorageFaults::base_;

// Disk full: the child may not grow any file beyond 40 KiB (RLIMIT_FSIZE; writes fail with EFBIG
// as on a full disk). The run's transaction does not fit in the WAL, so nothing is committed.
TEST_F(StorageFaults, DiskFullDuringTheRunCommitsNothingAndExitsThree) {
  const auto before = dump(db());
  ChildOptions o;
  o.max_file_size = 40 * 1024;
  const Child c = run_child(p.dir(), {"run", "--freeze-data", kFreeze}, o);
  EXPECT_EQ(c.code, 3) << c.out << c.err;
  EXPECT_NE(c.err.find("w1.db"), std::string::npos) << c.err;
  EXPECT_NE(c.err.find("results not saved"), std::string::npos) << c.err;
  EXPECT_EQ(rw_query(db(), "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  EXPECT_EQ(dump(db()), before);
  // Space again: the next run succeeds.
  EXPECT_EQ(run_child(p.dir(), {"run", "--freeze-data", kFreeze}).code, 0);
}

TEST_F(StorageFaults, DiskFullDuringImportSavesNothingAndExitsThree) {
  const auto before = dump(db());
  // A new symbol's 1,241 bars need more than the 40 KiB the WAL may grow to (opening the store
  // still fits: its shared-memory file takes 32 KiB), so the import's one transaction fails.
  fs::copy_file(sample_dir() / "prices" / "INFY.csv", p.path("NEWSYM.csv"));
  ChildOptions o;
  o.max_file_size = 40 * 1024;
  const Child c = run_child(p.dir(), {"data", "import", "NEWSYM.csv"}, o);
  EXPECT_EQ(c.code, 3) << c.out << c.err;
  const std::string e = one_message(c);
  EXPECT_NE(e.find("w1.db: COMMIT"), std::string::npos) << e;
  EXPECT_EQ(rw_query(db(), "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  EXPECT_EQ(dump(db()), before);
}

// A real full file system (ENOSPC rather than EFBIG): the database alone on a tmpfs a little
// larger than the file. Needs the right to mount (tests run as root in CI); skipped otherwise.
TEST_F(StorageFaults, FullFileSystemCommitsNothingAndExitsThree) {
  const fs::path mnt = p.path("full_fs");
  fs::create_directories(mnt);
  const auto size = fs::file_size(db()) + 48 * 1024;
  const std::string mount = "mount -t tmpfs -o size=" + std::to_string(size) + " kiss_full " +
                            shell_quote(mnt.string()) + " 2>/dev/null";
  if (std::system(mount.c_str()) != 0) GTEST_SKIP() << "cannot mount a tmpfs here";
  struct Unmount {
    std::string cmd;
    ~Unmount() { [[maybe_unused]] const int rc = std::system(cmd.c_str()); }
  } unmount{"umount " + shell_quote(mnt.string())};
  fs::copy_file(db(), mnt / "w1.db");
  std::string cfg = read_file(p.path("config.yaml"));
  const auto at = cfg.find("database_path: \"w1.db\"");
  ASSERT_NE(at, std::string::npos);
  cfg.replace(at, 22, "database_path: \"full_fs/w1.db\"");
  write_file(p.path("config.yaml"), cfg);
  const auto before = dump(mnt / "w1.db");
  fs::copy_file(sample_dir() / "prices" / "INFY.csv", p.path("NEWSYM.csv"));
  const Child c = run_child(p.dir(), {"data", "import", "NEWSYM.csv"});
  EXPECT_EQ(c.code, 3) << c.out << c.err;
  const std::string e = one_message(c);
  EXPECT_NE(e.find("full_fs/w1.db"), std::string::npos) << e;
  EXPECT_NE(e.find("full"), std::string::npos) << e;  // "database or disk is full"
  EXPECT_EQ(rw_query(mnt / "w1.db", "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  EXPECT_EQ(dump(mnt / "w1.db"), before);
}

// Root ignores file modes, so "cannot write here" is a database path whose parent is a regular
// file (and a path in /proc, where nothing can be created).
TEST_F(StorageFaults, UnwritableLocationIsOneMessageAndExitThree) {
  write_file(p.path("blocker"), "a regular file, not a folder\n");
  for (const std::string& path :
       {std::string("blocker/kiss.db"), std::string("/proc/kiss_signal_test.db")}) {
    SCOPED_TRACE(path);
    // w1_config has database_path: replace it rather than repeat the key.
    std::string cfg = read_file(base_->path("config.yaml"));
    const auto at = cfg.find("database_path: \"w1.db\"");
    ASSERT_NE(at, std::string::npos);
    cfg.replace(at, 22, "database_path: \"" + path + "\"");
    write_file(p.path("config.yaml"), cfg);
    const Child c = run_child(p.dir(),
                              {"data", "import", (sample_dir() / "prices" / "INFY.csv").string()});
    EXPECT_EQ(c.code, 3) << c.out << c.err;
    const std::string e = one_message(c);
    EXPECT_NE(e.find(path), std::string::npos) << e;
    EXPECT_EQ(read_file(p.path("blocker")), "a regular file, not a folder\n");
  }
}

// Another process holds the write lock (BEGIN IMMEDIATE) for the whole command: after the busy
// timeout (5 s) the import gives up with one message, exit 3, and nothing is written.
TEST_F(StorageFaults, LockedDatabaseIsOneMessageAndExitThree) {
  const auto before = dump(db());
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db().c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  fs::copy_file(sample_dir() / "prices" / "INFY.csv", p.path("NEWSYM.csv"));
  const Child c = run_child(p.dir(), {"data", "import", "NEWSYM.csv"});
  sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(h);
  EXPECT_EQ(c.code, 3) << c.out << c.err;
  const std::string e = one_message(c);
  EXPECT_NE(e.find("w1.db"), std::string::npos) << e;
  EXPECT_NE(e.find("locked"), std::string::npos) << e;
  EXPECT_EQ(dump(db()), before);
}

// Another process holds the write lock while `run` re-runs a saved day: after busy_timeout the
// run fails (exit 3) naming the file and the lock, stores nothing, and its "RESULTS NOT SAVED"
// report goes to signals_<date>.NOT-SAVED.md: the saved run's report stays byte-identical.
TEST_F(StorageFaults, LockedRerunKeepsTheSavedReport) {
  const fs::path md = p.path("w1_reports/signals_2025-08-07.md");
  const fs::path html = p.path("w1_reports/signals_2025-08-07.html");
  const std::string saved_md = read_file(md), saved_html = read_file(html);
  ASSERT_NE(saved_md.find("Summary:"), std::string::npos);
  const auto before = dump(db());
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db().c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const Child c = run_child(p.dir(), {"-q", "run", "--freeze-data", "2025-08-07"});
  sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(h);
  EXPECT_EQ(c.code, 3) << c.out << c.err;
  EXPECT_GE(c.seconds, 4.5);  // waited busy_timeout (5 s) first
  EXPECT_NE(c.err.find("w1.db"), std::string::npos) << c.err;
  EXPECT_NE(c.err.find("database is locked (another process holds the lock on this database "
                       "file; waited 5 s, busy_timeout"),
            std::string::npos)
      << c.err;
  EXPECT_EQ(dump(db()), before);
  EXPECT_TRUE(read_file(md) == saved_md) << "the saved run's report was replaced";
  EXPECT_TRUE(read_file(html) == saved_html) << "the saved run's report was replaced";
  const std::string not_saved = read_file(p.path("w1_reports/signals_2025-08-07.NOT-SAVED.md"));
  EXPECT_NE(not_saved.find("RESULTS NOT SAVED"), std::string::npos) << not_saved.substr(0, 300);
  EXPECT_TRUE(fs::exists(p.path("w1_reports/signals_2025-08-07.NOT-SAVED.html")));
}

// A damaged file is refused before any write and left byte-identical, by every command that
// opens the store.
void expect_refused_untouched(const TempProject& p, const fs::path& db, const char* what) {
  const std::string bytes = read_file(db);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", "--freeze-data", kFreeze},
        std::vector<std::string>{"data", "import", (sample_dir() / "prices" / "INFY.csv").string()},
        std::vector<std::string>{"data", "status"}}) {
    SCOPED_TRACE(std::string(what) + ": " + args[0] + " " + args[1]);
    const Child c = run_child(p.dir(), args);
    EXPECT_EQ(c.code, 1) << c.out << c.err;
    const std::string e = one_message(c);
    EXPECT_NE(e.find("w1.db"), std::string::npos) << e;
    EXPECT_TRUE(read_file(db) == bytes) << "the damaged file was modified";
    // Reading a WAL-mode file creates an empty -wal (and -shm) beside it: allowed, as long as
    // nothing is written into it.
    const fs::path wal = db.string() + "-wal";
    EXPECT_TRUE(!fs::exists(wal) || fs::file_size(wal) == 0) << fs::file_size(wal) << " bytes";
  }
}

TEST_F(StorageFaults, TruncatedDatabaseIsRefusedAndLeftByteIdentical) {
  const std::string bytes = read_file(db());
  write_file(db(), bytes.substr(0, bytes.size() / 2));
  expect_refused_untouched(p, db(), "truncated");
}

TEST_F(StorageFaults, CorruptHeaderIsRefusedAndLeftByteIdentical) {
  std::string bytes = read_file(db());
  bytes.replace(0, 16, "NOT A DATABASE!!");
  write_file(db(), bytes);
  expect_refused_untouched(p, db(), "header");
}

TEST_F(StorageFaults, CorruptPagesAreRefusedAndLeftByteIdentical) {
  std::string bytes = read_file(db());
  // Garbage over pages 3..6 (b-tree pages of the schema's tables): quick_check must notice.
  for (std::size_t i = 2 * 4096; i < 6 * 4096 && i < bytes.size(); ++i)
    bytes[i] = static_cast<char>((i * 7919) & 0xff);
  write_file(db(), bytes);
  expect_refused_untouched(p, db(), "pages");
}

TEST_F(StorageFaults, NewerSchemaIsRefusedAndLeftByteIdentical) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db().c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "PRAGMA user_version = 999", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(h);
  ASSERT_FALSE(fs::exists(db().string() + "-wal"));
  expect_refused_untouched(p, db(), "newer");
}

TEST_F(StorageFaults, MissingUniverseFileIsOneMessageAndExitOne) {
  const std::string bytes = read_file(db());
  fs::remove(p.path("universe.csv"));
  const Child c = run_child(p.dir(), {"run", "--freeze-data", kFreeze});
  EXPECT_EQ(c.code, 1) << c.out << c.err;
  const std::string e = one_message(c);
  EXPECT_NE(e.find("universe.csv"), std::string::npos) << e;
  EXPECT_TRUE(read_file(db()) == bytes);
}

}  // namespace
}  // namespace kiss::e2e
