#include "store/database.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <set>
#include <string>

#include "store/schema.h"
#include "store/test_support.h"

namespace kiss::store {
namespace {

using testing::raw_exec;
using testing::read_bytes;
using testing::TempDir;
using testing::write_bytes;

std::string pragma_text(Database& db, const std::string& pragma) {
  auto st = db.prepare("PRAGMA " + pragma);
  EXPECT_TRUE(st.has_value());
  auto row = st->step();
  EXPECT_TRUE(row.has_value() && *row);
  return st->column_text(0);
}

TEST(Database, InMemoryHasTheCurrentSchemaVersion) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ(db->user_version().value(), kSchemaVersion);
  EXPECT_EQ(pragma_text(*db, "foreign_keys"), "1");
}

TEST(Database, OpenCreatesFolderAndFileWithWalAndSafeSettings) {
  TempDir dir;
  const std::string path = dir.file("a/b/kiss.db");
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(pragma_text(*db, "journal_mode"), "wal");
  EXPECT_EQ(pragma_text(*db, "synchronous"), "2");  // FULL
  EXPECT_EQ(pragma_text(*db, "foreign_keys"), "1");
  EXPECT_EQ(pragma_text(*db, "busy_timeout"), "5000");
  EXPECT_EQ(db->path(), path);
  // WAL is a property of the file: a new connection sees it too.
  EXPECT_EQ(raw_exec(path, "SELECT 1"), "");
  auto again = Database::open(path);
  ASSERT_TRUE(again);
  EXPECT_EQ(pragma_text(*again, "journal_mode"), "wal");
}

TEST(Database, StatementBindsStepsAndResets) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->exec("CREATE TABLE t(i INTEGER, d REAL, s TEXT, n TEXT)"));
  auto ins = db->prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4)");
  ASSERT_TRUE(ins);
  ASSERT_TRUE(ins->bind_int64(1, 9007199254740993LL));  // not representable as double
  ASSERT_TRUE(ins->bind_double(2, 2.5));
  ASSERT_TRUE(ins->bind_text(3, std::string_view("a\0b", 3)));
  ASSERT_TRUE(ins->bind_null(4));
  ASSERT_TRUE(ins->run());
  EXPECT_EQ(db->changes(), 1);
  EXPECT_EQ(db->last_insert_rowid(), 1);
  ins->reset();  // bindings cleared: everything NULL now
  ASSERT_TRUE(ins->bind_int64_or_null(1, std::nullopt));
  ASSERT_TRUE(ins->bind_double_or_null(2, 7.0));
  ASSERT_TRUE(ins->bind_text_or_null(3, ""));
  ASSERT_TRUE(ins->run());

  auto sel = db->prepare("SELECT i, d, s, n FROM t ORDER BY rowid");
  ASSERT_TRUE(sel);
  EXPECT_EQ(sel->column_count(), 4);
  ASSERT_TRUE(sel->step().value());
  EXPECT_EQ(sel->column_int64(0), 9007199254740993LL);
  EXPECT_EQ(sel->column_double(1), 2.5);
  EXPECT_EQ(sel->column_text(2), std::string("a\0b", 3));
  EXPECT_TRUE(sel->column_is_null(3));
  EXPECT_EQ(sel->column_text(3), "");
  ASSERT_TRUE(sel->step().value());
  EXPECT_FALSE(sel->column_int64_or_null(0).has_value());
  EXPECT_EQ(sel->column_double_or_null(1), 7.0);
  EXPECT_TRUE(sel->column_is_null(2));
  EXPECT_FALSE(sel->step().value());
  sel->reset();
  ASSERT_TRUE(sel->step().value());  // runs again after reset
  EXPECT_EQ(sel->column_int64_or_null(0), 9007199254740993LL);
}

TEST(Database, BinderBindsConsecutiveParametersInPlace) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->exec("CREATE TABLE t(a, b, c, d, e, f, g, h)"));
  auto ins = db->prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?)");
  ASSERT_TRUE(ins);
  const std::string text = "in place";
  for (int row = 0; row < 2; ++row) {
    const bool first = row == 0;
    auto st = ins->binder(row * 8 + 1)
                  .text_ref(text)
                  .text_ref_or_null(first ? "" : "x")
                  .real(2.5)
                  .real_or_null(first ? std::nullopt : std::optional<double>(7.0))
                  .int64(9007199254740993LL)
                  .int64_or_null(first ? std::optional<std::int64_t>(3) : std::nullopt)
                  .null()
                  .text_ref(std::string_view("a\0b", 3))
                  .status();
    ASSERT_TRUE(st) << st.error().to_string();
  }
  ASSERT_TRUE(ins->run());
  ins->reset();
  auto sel = db->prepare(
      "SELECT quote(a), quote(b), d, quote(e), quote(f), g IS NULL, h "
      "FROM t ORDER BY rowid");
  ASSERT_TRUE(sel);
  ASSERT_TRUE(sel->step().value());
  EXPECT_EQ(sel->column_text(0), "'in place'");
  EXPECT_EQ(sel->column_text(1), "NULL");  // "" binds NULL
  EXPECT_TRUE(sel->column_is_null(2));
  EXPECT_EQ(sel->column_text(3), "9007199254740993");
  EXPECT_EQ(sel->column_text(4), "3");
  EXPECT_EQ(sel->column_int64(5), 1);
  EXPECT_EQ(sel->column_text(6), std::string("a\0b", 3));
  ASSERT_TRUE(sel->step().value());
  EXPECT_EQ(sel->column_text(1), "'x'");
  EXPECT_EQ(sel->column_double(2), 7.0);
  EXPECT_EQ(sel->column_text(4), "NULL");

  // The first failure is kept (parameter 3 does not exist), the binds after it are skipped.
  auto two = db->prepare("SELECT ?, ?");
  ASSERT_TRUE(two);
  auto bad = two->binder(1).int64(1).real(2.0).text_ref("three").int64(4).status();
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("parameter 3"), std::string::npos) << bad.error().to_string();
}

TEST(Database, NewFilesGet16KiBPagesAndOldFilesKeepTheirs) {
  TempDir dir;
  auto db = Database::open(dir.file("new.db"));
  ASSERT_TRUE(db);
  EXPECT_EQ(pragma_text(*db, "page_size"), "16384");
  // A file made with SQLite's default 4 KiB pages (by an earlier version, or by the original
  // tool) keeps them: the page size of a written file cannot change in WAL mode.
  const std::string old = dir.file("old.db");
  ASSERT_EQ(raw_exec(old,
                     "PRAGMA page_size = 4096; CREATE TABLE strategies (id INTEGER "
                     "PRIMARY KEY AUTOINCREMENT, run_timestamp TEXT NOT NULL, symbol TEXT "
                     "NOT NULL, rule_stack TEXT NOT NULL, edge_score REAL NOT NULL, "
                     "win_pct REAL NOT NULL, sharpe REAL NOT NULL, total_trades INTEGER NOT "
                     "NULL, avg_return REAL NOT NULL, created_at TEXT DEFAULT "
                     "CURRENT_TIMESTAMP)"),
            "");
  auto reopened = Database::open(old);
  ASSERT_TRUE(reopened) << reopened.error().to_string();
  EXPECT_EQ(pragma_text(*reopened, "page_size"), "4096");
  EXPECT_EQ(reopened->user_version().value(), kSchemaVersion);
  EXPECT_EQ(pragma_text(*reopened, "journal_mode"), "wal");
}

TEST(Database, ErrorsNameThePathAndTheSql) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  auto bad = db->prepare("SELEKT 1");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().file, ":memory:");
  EXPECT_EQ(bad.error().key, "SELEKT 1");
  EXPECT_NE(bad.error().message.find("syntax error"), std::string::npos);
  auto st = db->exec("CREATE TABLE u(x INTEGER NOT NULL)");
  ASSERT_TRUE(st);
  auto ins = db->prepare("INSERT INTO u VALUES (NULL)");
  ASSERT_TRUE(ins);
  auto run = ins->run();
  ASSERT_FALSE(run);
  EXPECT_NE(run.error().message.find("NOT NULL"), std::string::npos);
  EXPECT_EQ(run.error().exit_code, ExitCode::kBadInput);
  auto bind = ins->bind_int64(5, 1);  // no such parameter
  ASSERT_FALSE(bind);
  EXPECT_NE(bind.error().message.find("parameter 5"), std::string::npos);
}

TEST(Database, ExitCodesSeparateEnvironmentFromBadData) {
  EXPECT_EQ(exit_code_for(SQLITE_BUSY), ExitCode::kRunFailed);
  EXPECT_EQ(exit_code_for(SQLITE_FULL), ExitCode::kRunFailed);
  EXPECT_EQ(exit_code_for(SQLITE_READONLY), ExitCode::kRunFailed);
  EXPECT_EQ(exit_code_for(SQLITE_IOERR_WRITE), ExitCode::kRunFailed);
  EXPECT_EQ(exit_code_for(SQLITE_CANTOPEN), ExitCode::kRunFailed);
  EXPECT_EQ(exit_code_for(SQLITE_CORRUPT), ExitCode::kBadInput);
  EXPECT_EQ(exit_code_for(SQLITE_NOTADB), ExitCode::kBadInput);
  EXPECT_EQ(exit_code_for(SQLITE_CONSTRAINT_UNIQUE), ExitCode::kBadInput);
}

TEST(Transaction, RollsBackUnlessCommitted) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->exec("CREATE TABLE t(x)"));
  {
    auto txn = Transaction::begin(*db);
    ASSERT_TRUE(txn);
    EXPECT_TRUE(txn->active());
    ASSERT_TRUE(db->exec("INSERT INTO t VALUES (1)"));
  }  // destroyed without commit
  auto count = [&] {
    auto st = db->prepare("SELECT COUNT(*) FROM t");
    EXPECT_TRUE(st && st->step().value());
    return st->column_int64(0);
  };
  EXPECT_EQ(count(), 0);
  {
    auto txn = Transaction::begin(*db);
    ASSERT_TRUE(txn);
    ASSERT_TRUE(db->exec("INSERT INTO t VALUES (2)"));
    ASSERT_TRUE(txn->commit());
    EXPECT_FALSE(txn->active());
    auto twice = txn->commit();
    ASSERT_FALSE(twice);
    EXPECT_NE(twice.error().message.find("no longer active"), std::string::npos);
  }
  EXPECT_EQ(count(), 1);
  // Not nestable: a second BEGIN inside the first fails cleanly.
  auto outer = Transaction::begin(*db);
  ASSERT_TRUE(outer);
  auto inner = Transaction::begin(*db);
  ASSERT_FALSE(inner);
  EXPECT_NE(inner.error().message.find("cannot start a write transaction"), std::string::npos);
  Transaction moved(std::move(*outer));
  EXPECT_TRUE(moved.active());
  EXPECT_FALSE(outer->active());
}

TEST(Database, GarbageFileIsRefusedAndLeftByteIdentical) {
  TempDir dir;
  const std::string path = dir.file("garbage.db");
  std::string garbage;
  for (int i = 0; i < 8192; ++i) garbage += static_cast<char>((i * 37 + 11) % 256);
  write_bytes(path, garbage);
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().exit_code, ExitCode::kBadInput);
  EXPECT_EQ(db.error().file, path);
  EXPECT_NE(db.error().message.find("not a valid SQLite database"), std::string::npos)
      << db.error().to_string();
  EXPECT_EQ(read_bytes(path), garbage);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST(Database, CorruptPagesAreRefusedAndLeftByteIdentical) {
  TempDir dir;
  const std::string path = dir.file("kiss.db");
  {
    auto db = Database::open(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE(
        db->exec("CREATE TABLE big(x TEXT); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL "
                 "SELECT i + 1 FROM c WHERE i < 2000) INSERT INTO big SELECT "
                 "printf('%0500d', i) FROM c;"));
    ASSERT_TRUE(db->exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE"));
  }
  std::string bytes = read_bytes(path);
  // Scribble over the b-tree page headers of pages 2..5 (page size: header bytes 16-17).
  const std::size_t page_size = (static_cast<std::size_t>(static_cast<unsigned char>(bytes[16]))
                                 << 8) |
                                static_cast<unsigned char>(bytes[17]);
  ASSERT_GE(page_size, 512u);
  ASSERT_GT(bytes.size(), 5 * page_size);
  for (std::size_t page = 1; page < 5; ++page) {
    for (std::size_t i = 0; i < 64; ++i) bytes[page * page_size + i] = static_cast<char>(0xA5);
  }
  write_bytes(path, bytes);
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().exit_code, ExitCode::kBadInput);
  EXPECT_NE(db.error().message.find("refusing to touch it"), std::string::npos)
      << db.error().to_string();
  EXPECT_EQ(read_bytes(path), bytes);
}

TEST(Database, NewerSchemaIsRefusedAndLeftByteIdentical) {
  TempDir dir;
  const std::string path = dir.file("future.db");
  ASSERT_EQ(raw_exec(path, "CREATE TABLE strategies(id INTEGER); PRAGMA user_version = " +
                               std::to_string(kSchemaVersion + 1)),
            "");
  const std::string before = read_bytes(path);
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().exit_code, ExitCode::kBadInput);
  EXPECT_EQ(db.error().key, "PRAGMA user_version");
  EXPECT_NE(db.error().message.find("newer than this program"), std::string::npos);
  EXPECT_EQ(read_bytes(path), before);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
}

// Tests run as root, where chmod does not stop writes; a path whose "folder" is a regular
// FILE fails for everyone (ENOTDIR), and so does a folder under /proc.
TEST(Database, UnwritableLocationsFailAsEnvironmentErrors) {
  TempDir dir;
  write_bytes(dir.file("plain_file"), "x");
  auto db = Database::open(dir.file("plain_file/sub/kiss.db"));
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().exit_code, ExitCode::kRunFailed);
  EXPECT_NE(db.error().message.find("cannot create the database folder"), std::string::npos);
  EXPECT_EQ(db.error().file, dir.file("plain_file/sub/kiss.db"));

  auto in_file = Database::open(dir.file("plain_file/kiss.db"));  // parent exists, is a file
  ASSERT_FALSE(in_file);
  EXPECT_EQ(in_file.error().exit_code, ExitCode::kRunFailed);

  auto proc = Database::open("/proc/kiss_signal_test/kiss.db");
  ASSERT_FALSE(proc);
  EXPECT_EQ(proc.error().exit_code, ExitCode::kRunFailed);

  auto folder = Database::open(dir.path());
  ASSERT_FALSE(folder);
  EXPECT_NE(folder.error().message.find("is a folder"), std::string::npos);

  auto empty = Database::open("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().key, "database_path");
}

// A database path must be a regular file (or a link to one) or absent: a FIFO, a link to a FIFO
// or to a device, a dangling link, or a journal beside it that is not a regular file, are
// refused before SQLite sees the path, so nothing is created beside them (SQLite used to create
// "<device>-journal" beside a linked device; a FIFO blocked the open).
TEST(Database, NonRegularPathsAreRefusedBeforeSqliteTouchesThem) {
  TempDir dir;
  const std::string fifo = dir.file("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::filesystem::create_symlink(fifo, dir.file("link.db"));
  std::filesystem::create_symlink("/dev/null", dir.file("null.db"));
  std::filesystem::create_symlink(dir.file("missing"), dir.file("dangling.db"));
  struct Case {
    std::string path, message;
  };
  for (const Case& c : {Case{fifo, "database path is a FIFO (named pipe), not a regular file"},
                        Case{dir.file("link.db"),
                             "database path is a symbolic link to a FIFO "
                             "(named pipe), not a regular file"},
                        Case{dir.file("null.db"),
                             "database path is a symbolic link to a "
                             "character device, not a regular file"},
                        Case{dir.file("dangling.db"),
                             "database path is a symbolic link to a "
                             "missing file"}}) {
    SCOPED_TRACE(c.path);
    auto db = Database::open(c.path);
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error().exit_code, ExitCode::kBadInput);
    EXPECT_EQ(db.error().file, c.path);
    EXPECT_EQ(db.error().key, "database_path");
    EXPECT_EQ(db.error().message.rfind(c.message, 0), 0u) << db.error().message;
  }
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    names.insert(e.path().filename().string());
  EXPECT_EQ(names, (std::set<std::string>{"pipe", "link.db", "null.db", "dangling.db"}));
  EXPECT_TRUE(std::filesystem::is_fifo(std::filesystem::symlink_status(fifo)));

  const std::string path = dir.file("k.db");
  ASSERT_TRUE(Database::open(path));
  const std::string before = read_bytes(path);
  ASSERT_EQ(::mkfifo((path + "-journal").c_str(), 0600), 0);
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("its journal file " + path + "-journal is a FIFO"),
            std::string::npos)
      << db.error().message;
  EXPECT_EQ(read_bytes(path), before);
}

// A link to a regular database file is fine: SQLite follows it.
TEST(Database, LinkToARegularFileOpens) {
  TempDir dir;
  ASSERT_TRUE(Database::open(dir.file("real.db")));
  std::filesystem::create_symlink(dir.file("real.db"), dir.file("link.db"));
  auto db = Database::open(dir.file("link.db"));
  EXPECT_TRUE(db) << db.error().to_string();
}

TEST(Database, MoveTransfersTheConnection) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  Database a(std::move(*db));
  EXPECT_EQ(db->handle(), nullptr);
  auto other = Database::open_in_memory();
  ASSERT_TRUE(other);
  *other = std::move(a);
  EXPECT_NE(other->handle(), nullptr);
  EXPECT_EQ(other->user_version().value(), kSchemaVersion);
  auto st = other->prepare("SELECT 1");
  ASSERT_TRUE(st);
  Statement s2(std::move(*st));
  ASSERT_TRUE(s2.step().value());
  Statement s3 = std::move(s2);
  s3.reset();
  ASSERT_TRUE(s3.step().value());
  EXPECT_EQ(s3.column_int64(0), 1);
}

// The check `run` uses: the tables a run writes, not the whole file; a current file opens.
TEST(Database, WrittenTablesCheckOpensACurrentFile) {
  TempDir dir;
  const std::string path = dir.file("written_tables.db");
  {
    auto db = Database::open(path);  // creates and migrates (full check)
    ASSERT_TRUE(db);
  }
  auto db = Database::open(path, Database::Check::kWrittenTables);
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ(db->user_version().value(), kSchemaVersion);
}

}  // namespace
}  // namespace kiss::store
