#include "store/database.h"

#include <vector>

#include <filesystem>
#include <system_error>
#include <utility>

#include "store/schema.h"
#include "util/file.h"

namespace kiss::store {
namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr int kNewPageSize = 16384;  // bytes; see check_and_migrate()

// The failing SQL goes into Error::key, shortened so one message stays one line.
std::string short_sql(std::string_view sql) {
  std::string out;
  for (char c : sql) {
    if (out.size() >= 80) {
      out += "...";
      break;
    }
    const bool space = c == '\n' || c == '\t' || c == '\r' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Error make_sqlite_error(sqlite3* db, const std::string& path, std::string_view what,
                        std::string_view sql) {
  const int rc = db != nullptr ? sqlite3_extended_errcode(db) : SQLITE_CANTOPEN;
  std::string msg(what);
  if (!msg.empty()) msg += ": ";
  msg += db != nullptr ? sqlite3_errmsg(db) : "cannot open database";
  const int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    // Only another connection holds a lock the program waits for (docs/reliability.md).
    msg += " (another process holds the lock on this database file; waited " +
           std::to_string(kBusyTimeoutMs / 1000) + " s, busy_timeout; try again when it is done)";
  }
  return Error{path, 0, 0, short_sql(sql), std::move(msg), exit_code_for(rc)};
}

// SQLite opens whatever the path names (following links) and creates "<path>-journal" and
// "<path>-wal" beside it: a link to a device would get a journal created beside the device,
// a FIFO would block the open. So the path, and those two siblings when present, must be
// regular files (a link to one is fine) before SQLite sees the path.
Status check_database_path(const std::string& path) {
  for (const std::string& p : {path, path + "-journal", path + "-wal"}) {
    auto kind = file_kind(p, true);
    if (!kind) {
      Error e = std::move(kind.error());
      e.key = "database_path";
      return tl::unexpected(std::move(e));
    }
    if (*kind == FileKind::kMissing || *kind == FileKind::kRegular) continue;
    if (*kind == FileKind::kFolder && p == path) {
      return make_error("database path is a folder, not a file", path, 0, 0, "database_path",
                        ExitCode::kRunFailed);
    }
    std::string message = p == path ? "database path" : "its journal file " + p;
    message += " is ";
    auto link = file_kind(p, false);
    if (link && *link == FileKind::kSymlink) message += "a symbolic link to ";
    message += describe(*kind);
    message += ", not a regular file (refusing to touch it)";
    return make_error(std::move(message), path, 0, 0, "database_path", ExitCode::kBadInput);
  }
  // A dangling link: SQLite would create the file it points to, wherever that is.
  auto target = file_kind(path, true);
  auto link = file_kind(path, false);
  if (target && *target == FileKind::kMissing && link && *link == FileKind::kSymlink) {
    return make_error("database path is a symbolic link to a missing file (refusing to follow it)",
                      path, 0, 0, "database_path", ExitCode::kBadInput);
  }
  return {};
}

}  // namespace

ExitCode exit_code_for(int sqlite_rc) noexcept {
  switch (sqlite_rc & 0xff) {  // primary result code
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_FORMAT: return ExitCode::kBadInput;
    default:  // BUSY, LOCKED, FULL, READONLY, IOERR, CANTOPEN, PERM, NOMEM, ...
      return ExitCode::kRunFailed;
  }
}

// ---------------------------------------------------------------------------------- Database

Result<Database> Database::open(const std::string& path, Check check) {
  return open_impl(path, false, check);
}

Result<Database> Database::open_in_memory() { return open_impl(":memory:", true, Check::kFull); }

Result<Database> Database::open_read_only(const std::string& path, int oldest) {
  std::error_code ec;
  if (!path.empty() && !std::filesystem::exists(path, ec)) {
    return make_error("no database yet (run `kiss-signal run` first)", path, 0, 0, "database_path");
  }
  return open_impl(path, false, Check::kFull, true, oldest);
}

Result<Database> Database::open_impl(const std::string& path, bool in_memory, Check check,
                                     bool read_only, int oldest) {
  if (!in_memory && !read_only) {
    if (path.empty()) {
      return make_error("database path is empty", path, 0, 0, "database_path");
    }
    const std::filesystem::path p(path);
    std::error_code ec;
    if (p.has_parent_path()) {
      std::filesystem::create_directories(p.parent_path(), ec);
      if (ec) {
        return make_error("cannot create the database folder '" + p.parent_path().string() +
                              "': " + ec.message(),
                          path, 0, 0, "database_path", ExitCode::kRunFailed);
      }
    }
  }
  // Read-only opens too: a FIFO or a device behind the path must be refused before SQLite
  // touches it (it would block, or create <device>-journal).
  if (!in_memory) {
    if (auto st = check_database_path(path); !st) return tl::unexpected(std::move(st.error()));
  }
  sqlite3* raw = nullptr;
  // Read-only: never SQLITE_OPEN_CREATE (a missing file stays missing). Not
  // SQLITE_OPEN_READONLY either: such a connection cannot remove the -wal and -shm files when
  // it closes, and would leave them beside the database; query_only (below) refuses writes.
  const int flags = SQLITE_OPEN_READWRITE | (read_only ? 0 : SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw, path);  // owns `raw` even when opening failed
  if (rc != SQLITE_OK) {
    Error e = make_sqlite_error(raw, path, "cannot open database", {});
    e.exit_code = ExitCode::kRunFailed;
    return tl::unexpected(std::move(e));
  }
  sqlite3_extended_result_codes(raw, 1);
  // The last connection to close checkpoints and removes the -wal file (SQLite's default, kept
  // on purpose although it costs ~8 ms per command): the database is then one file again, so
  // a backup is one copy (docs/data.md).
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  if (read_only) {
    if (auto st = db.check_readable(oldest); !st) return tl::unexpected(std::move(st.error()));
    return db;
  }
  if (auto st = db.check_and_migrate(check); !st) return tl::unexpected(std::move(st.error()));
  return db;
}

// user_version, read first because it parses the file header: a file that is not SQLite fails
// here (SQLITE_NOTADB) before anything else touches it.
Result<int> Database::header_version() {
  auto version = user_version();
  if (!version) {
    Error e = std::move(version.error());
    if (e.exit_code == ExitCode::kBadInput) {
      e.message = "not a valid SQLite database (refusing to touch it): " + e.message;
    }
    return tl::unexpected(std::move(e));
  }
  return *version;
}

// Each `checks` statement (PRAGMA quick_check, whole or per table) must answer "ok"; otherwise
// the file is refused naming up to three of its problems. quick_check only reads.
Status Database::quick_check(const std::vector<std::string>& checks) {
  for (const std::string& sql : checks) {
    auto st = prepare(sql);
    if (!st) return tl::unexpected(std::move(st.error()));
    std::string problems;
    int count = 0;
    for (;;) {
      auto row = st->step();
      if (!row) {
        Error e = std::move(row.error());
        e.message = "database failed its integrity check (refusing to touch it): " + e.message;
        return tl::unexpected(std::move(e));
      }
      if (!*row) break;
      const std::string line = st->column_text(0);
      if (line == "ok") continue;
      if (count++ < 3) problems += (problems.empty() ? "" : "; ") + line;
    }
    if (count > 0) {
      return make_error("database is corrupt (refusing to touch it): " + problems, path_, 0, 0,
                        sql);
    }
  }
  return {};
}

// A newer schema would be misread (or damaged) by this program.
Status Database::not_newer(int version) const {
  if (version > kSchemaVersion) {
    return make_error("database schema version " + std::to_string(version) +
                          " is newer than this program understands (" +
                          std::to_string(kSchemaVersion) +
                          "); use a newer kiss-signal (refusing to touch it)",
                      path_, 0, 0, "PRAGMA user_version");
  }
  return {};
}

// Before the first read: from here on SQLite refuses every write on this connection.
Status Database::check_readable(int oldest) {
  if (auto st = exec("PRAGMA query_only=1"); !st) return st;
  auto version = header_version();
  if (!version) return tl::unexpected(std::move(version.error()));
  // A damaged file is refused as by open() (quick_check only reads).
  if (auto st = quick_check({"PRAGMA quick_check"}); !st) return st;
  if (auto st = not_newer(*version); !st) return st;
  auto shape = detect_shape(*this);
  if (!shape) return tl::unexpected(std::move(shape.error()));
  auto tables = effective_version(path_, *version, *shape);
  if (!tables) return tl::unexpected(std::move(tables.error()));
  const std::string readers_never_write =
      " (a reading command never changes a database: `kiss-signal run` migrates it)";
  if (shape->kind == Shape::Kind::kEmpty) {
    return make_error(
        "the database is empty, no kiss-signal data yet: run `kiss-signal run` "
        "first (a reading command never writes a schema into a file)",
        path_, 0, 0, "database_path");
  }
  if (shape->kind == Shape::Kind::kOriginal) {
    return make_error(shape->describe() + " must be migrated before it is read" +
                          readers_never_write,
                      path_, 0, 0, "database_path");
  }
  if (*tables < oldest) {
    return make_error("database schema version " + std::to_string(*tables) +
                          " is older than this command reads (" + std::to_string(oldest) +
                          " or later)" + readers_never_write,
                      path_, 0, 0, "PRAGMA user_version");
  }
  if (auto s = exec("PRAGMA cache_size=-32768"); !s) return s;
  return exec("PRAGMA mmap_size=268435456");
}

// The order matters: nothing may write to the file until it is known to be a sound database
// of a version we understand (a refused file must stay byte-identical).
Status Database::check_and_migrate(Check check) {
  // 1. Reading user_version parses the header: garbage fails here with SQLITE_NOTADB.
  auto version = header_version();
  if (!version) return tl::unexpected(std::move(version.error()));
  // 2. quick_check: O(file size) but without index cross-checks; catches torn/garbled pages.
  //    kWrittenTables limits it to the tables a run writes when no migration is due.
  std::vector<std::string> checks{"PRAGMA quick_check"};
  if (check == Check::kWrittenTables && *version == kSchemaVersion) {
    checks = {"PRAGMA quick_check(runs)", "PRAGMA quick_check(strategies)",
              "PRAGMA quick_check(positions)", "PRAGMA quick_check(price_refresh)"};
  }
  if (auto st = quick_check(checks); !st) return st;
  // 3. A newer schema would be misread (or damaged) by this program.
  if (auto st = not_newer(*version); !st) return st;
  // 4. Connection settings. foreign_keys is per connection and outside any transaction.
  if (auto st = exec("PRAGMA foreign_keys=ON"); !st) return st;
  // 5. Page size of a NEW file: 16 KiB instead of SQLite's 4 KiB. It only takes effect before
  //    the first table is written (migration 1 below); an existing file keeps its page size
  //    (in WAL mode only a VACUUM outside WAL could change it) and the pragma is then a no-op.
  //    A quarter as many pages means a quarter as many WAL frames, pwrite calls in the commit
  //    and the checkpoint, and b-tree page splits: a 100,000-strategy batch is ~15-20 %
  //    faster (docs/perf/store.md). Reads are memory-mapped; a small commit writes 16 KiB
  //    frames (a run commits once).
  if (auto st = exec("PRAGMA page_size=" + std::to_string(kNewPageSize)); !st) return st;
  // 6. Migrations, each in its own transaction (see schema.cc).
  if (auto st = migrate(*this); !st) return st;
  // 7. WAL: readers never block the writer and a commit is one append to the -wal file.
  //    synchronous=FULL: the WAL is fsynced at every commit, so a committed run survives a
  //    power cut (NORMAL would only lose the last commits, never corrupt; we keep FULL).
  if (path_ != ":memory:") {
    auto st = prepare("PRAGMA journal_mode=WAL");
    if (!st) return tl::unexpected(std::move(st.error()));
    auto row = st->step();
    if (!row) return tl::unexpected(std::move(row.error()));
    const std::string mode = *row ? st->column_text(0) : std::string();
    if (mode != "wal") {
      return make_error("cannot enable WAL journal mode (got '" + mode + "')", path_, 0, 0,
                        "PRAGMA journal_mode", ExitCode::kRunFailed);
    }
  }
  // 32 MiB page cache (default 2 MiB): a 100,000-row batch updates four b-trees in key order
  // unrelated to insertion order; with the small cache every index insert re-reads pages.
  if (auto st = exec("PRAGMA cache_size=-32768"); !st) return st;
  // Reads through a memory map (up to 256 MiB): a run's 2.8 MB of price columns load in 5 ms
  // instead of 11 (no pread copy per page). Writes still go through the WAL. The known cost:
  // an I/O error on a mapped page (say, the file truncated by another program during a run)
  // is a SIGBUS rather than an error code; nothing is written by then, so nothing is lost.
  if (auto st = exec("PRAGMA mmap_size=268435456"); !st) return st;
  return exec("PRAGMA synchronous=FULL");
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Database::~Database() {
  // close_v2: statements still alive keep the connection until they are finalized.
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Status Database::exec(std::string_view sql) {
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return tl::unexpected(last_error("", sql));
  }
  return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return tl::unexpected(last_error("", sql));
  }
  return Statement(stmt, db_, path_);
}

Result<int> Database::user_version() {
  auto st = prepare("PRAGMA user_version");
  if (!st) return tl::unexpected(std::move(st.error()));
  auto row = st->step();
  if (!row) return tl::unexpected(std::move(row.error()));
  return *row ? static_cast<int>(st->column_int64(0)) : 0;
}

void Database::set_busy_timeout(int milliseconds) noexcept {
  sqlite3_busy_timeout(db_, milliseconds);
}

std::int64_t Database::last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const noexcept { return sqlite3_changes(db_); }

Error Database::last_error(std::string_view what, std::string_view sql) const {
  return make_sqlite_error(db_, path_, what, sql);
}

// --------------------------------------------------------------------------------- Statement

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Status Statement::check_bind(int rc, int index) {
  if (rc == SQLITE_OK) return {};
  return tl::unexpected(make_sqlite_error(db_, path_,
                                          "cannot bind parameter " + std::to_string(index),
                                          sqlite3_sql(stmt_)));
}

Status Statement::bind_int64(int index, std::int64_t value) {
  return check_bind(sqlite3_bind_int64(stmt_, index, value), index);
}

Status Statement::bind_double(int index, double value) {
  return check_bind(sqlite3_bind_double(stmt_, index, value), index);
}

Status Statement::bind_text(int index, std::string_view value) {
  return check_bind(sqlite3_bind_text64(stmt_, index, value.data(),
                                        static_cast<sqlite3_uint64>(value.size()), SQLITE_TRANSIENT,
                                        SQLITE_UTF8),
                    index);
}

Statement::Binder& Statement::Binder::record(int rc) noexcept {
  if (rc != SQLITE_OK && rc_ == SQLITE_OK) {
    rc_ = rc;
    failed_ = next_;
  }
  ++next_;
  return *this;
}

Statement::Binder& Statement::Binder::text_ref(std::string_view value) noexcept {
  if (rc_ != SQLITE_OK) return record(rc_);
  return record(sqlite3_bind_text64(st_->stmt_, next_, value.data(),
                                    static_cast<sqlite3_uint64>(value.size()), SQLITE_STATIC,
                                    SQLITE_UTF8));
}

Statement::Binder& Statement::Binder::text_ref_or_null(std::string_view value) noexcept {
  return value.empty() ? null() : text_ref(value);
}

Statement::Binder& Statement::Binder::real(double value) noexcept {
  if (rc_ != SQLITE_OK) return record(rc_);
  return record(sqlite3_bind_double(st_->stmt_, next_, value));
}

Statement::Binder& Statement::Binder::real_or_null(const std::optional<double>& value) noexcept {
  return value ? real(*value) : null();
}

Statement::Binder& Statement::Binder::int64(std::int64_t value) noexcept {
  if (rc_ != SQLITE_OK) return record(rc_);
  return record(sqlite3_bind_int64(st_->stmt_, next_, value));
}

Statement::Binder& Statement::Binder::int64_or_null(
    const std::optional<std::int64_t>& value) noexcept {
  return value ? int64(*value) : null();
}

Statement::Binder& Statement::Binder::null() noexcept {
  if (rc_ != SQLITE_OK) return record(rc_);
  return record(sqlite3_bind_null(st_->stmt_, next_));
}

Status Statement::Binder::status() { return st_->check_bind(rc_, failed_); }

Status Statement::bind_blob(int index, const void* data, std::size_t bytes) {
  return check_bind(sqlite3_bind_blob64(stmt_, index, data, static_cast<sqlite3_uint64>(bytes),
                                        SQLITE_TRANSIENT),
                    index);
}

Status Statement::bind_null(int index) {
  return check_bind(sqlite3_bind_null(stmt_, index), index);
}

Status Statement::bind_double_or_null(int index, const std::optional<double>& value) {
  return value ? bind_double(index, *value) : bind_null(index);
}

Status Statement::bind_int64_or_null(int index, const std::optional<std::int64_t>& value) {
  return value ? bind_int64(index, *value) : bind_null(index);
}

Status Statement::bind_text_or_null(int index, std::string_view value) {
  return value.empty() ? bind_null(index) : bind_text(index, value);
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error e = make_sqlite_error(db_, path_, "", sqlite3_sql(stmt_));
  sqlite3_reset(stmt_);  // leaves the statement reusable; the error is already captured
  return tl::unexpected(std::move(e));
}

Status Statement::run() {
  auto r = step();
  if (!r) return tl::unexpected(std::move(r.error()));
  return {};
}

void Statement::reset() noexcept {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::column_count() const noexcept { return sqlite3_column_count(stmt_); }

bool Statement::column_is_null(int index) const noexcept {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

std::int64_t Statement::column_int64(int index) const noexcept {
  return sqlite3_column_int64(stmt_, index);
}

double Statement::column_double(int index) const noexcept {
  return sqlite3_column_double(stmt_, index);
}

std::string Statement::column_text(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return {};
  const int n = sqlite3_column_bytes(stmt_, index);
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(n));
}

std::span<const std::byte> Statement::column_blob(int index) const noexcept {
  const void* data = sqlite3_column_blob(stmt_, index);
  if (data == nullptr) return {};
  const int n = sqlite3_column_bytes(stmt_, index);
  return {static_cast<const std::byte*>(data), static_cast<std::size_t>(n)};
}

std::optional<double> Statement::column_double_or_null(int index) const noexcept {
  if (column_is_null(index)) return std::nullopt;
  return column_double(index);
}

std::optional<std::int64_t> Statement::column_int64_or_null(int index) const noexcept {
  if (column_is_null(index)) return std::nullopt;
  return column_int64(index);
}

// ------------------------------------------------------------------------------- Transaction

Result<Transaction> Transaction::begin(Database& db) {
  if (auto st = db.exec("BEGIN IMMEDIATE"); !st) {
    Error e = std::move(st.error());
    e.message = "cannot start a write transaction: " + e.message;
    return tl::unexpected(std::move(e));
  }
  return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Transaction::~Transaction() { rollback(); }

Status Transaction::commit() {
  if (db_ == nullptr) {
    return make_error("commit of a transaction that is no longer active", {}, 0, 0, "COMMIT",
                      ExitCode::kRunFailed);
  }
  if (auto st = db_->exec("COMMIT"); !st) {
    // A failed COMMIT (e.g. SQLITE_BUSY) leaves the transaction open: roll it back here so
    // the caller's failure leaves nothing behind.
    rollback();
    return st;
  }
  db_ = nullptr;
  return {};
}

void Transaction::rollback() noexcept {
  if (db_ == nullptr) return;
  // Only when a transaction is still open: SQLite may already have rolled back on its own
  // (e.g. SQLITE_FULL), and a ROLLBACK then would fail harmlessly but noisily.
  if (sqlite3_get_autocommit(db_->handle()) == 0) {
    sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  db_ = nullptr;
}

}  // namespace kiss::store
