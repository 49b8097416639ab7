// One SQLite connection (RAII, move-only), its prepared statements and transactions.
// Every SQL statement of the program lives in src/store/ and goes through this file.
//
// Database::open() is the only way to a file database, and it enforces, in this order and
// before ANY write: the file is a readable SQLite database that passes PRAGMA quick_check, and
// its PRAGMA user_version is not newer than kSchemaVersion. A corrupt or newer file is refused
// with kBadInput and left byte-identical. Only then are pending migrations applied (each in its
// own transaction, the version stamped inside the same transaction) and WAL enabled.
//
// No function here throws; failures are kiss::Error with the database path in `file`, the
// failing SQL (shortened) in `key`, and exit_code kRunFailed for environment failures (locked,
// busy, disk full, read-only, I/O, cannot open) or kBadInput for bad data (corrupt file, newer
// schema, constraint violated).
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/schema.h"
#include "util/error.h"

namespace kiss::store {

class Statement;

class Database {
 public:
  // Creates the parent folder, opens (creating) the file, sets busy_timeout=5000 ms,
  // foreign_keys=ON, checks, gives a new file 16 KiB pages, migrates, journal_mode=WAL,
  // synchronous=FULL.
  // How much of the file open() verifies before anything may write to it.
  //   kFull: PRAGMA quick_check of the whole file (O(file size): ~30 ms for 5 MB of prices).
  //   kWrittenTables: quick_check of the tables a run writes (runs, strategies, positions,
  //     price_refresh, price_columns' siblings excluded) only; the prices it reads are checked
  //     page by page as SQLite reads them (SQLITE_CORRUPT then aborts the run before any
  //     write). Used by `run`, which must stay within its 50 ms budget. A file that needs a
  //     migration always gets kFull.
  enum class Check { kFull, kWrittenTables };
  static Result<Database> open(const std::string& path, Check check = Check::kFull);
  // For the commands that only read (data status, history, report, analyze-strategies): the
  // file must exist (it is never created), the connection is query_only (SQLite refuses any
  // write), nothing is migrated and the journal mode is left alone, so the file stays
  // byte-identical. Refused (kBadInput, message naming `kiss-signal run`, which migrates):
  // an empty file, another program's database, the original tool's database and a schema
  // older than kOldestReadableVersion; a user_version the original stamped over our tables
  // is read as the version the tables show (docs/persistence.md).
  // `oldest`: the oldest schema the caller reads (kOldestBookReadableVersion for the book).
  static Result<Database> open_read_only(const std::string& path,
                                         int oldest = kOldestReadableVersion);
  // A private in-memory database with the current schema (tests).
  static Result<Database> open_in_memory();

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs SQL without parameters (DDL, PRAGMA, BEGIN/COMMIT); may hold several statements.
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);

  // The value of PRAGMA user_version.
  Result<int> user_version();

  // Overrides the 5000 ms of open() (tests use a short one to see "database is locked" fast).
  void set_busy_timeout(int milliseconds) noexcept;

  std::int64_t last_insert_rowid() const noexcept;
  int changes() const noexcept;  // rows changed by the last INSERT/UPDATE/DELETE

  const std::string& path() const noexcept { return path_; }
  sqlite3* handle() const noexcept { return db_; }

  // An Error for the connection's current sqlite error, with `what` as a prefix.
  Error last_error(std::string_view what, std::string_view sql = {}) const;

 private:
  Database(sqlite3* db, std::string path) noexcept : db_(db), path_(std::move(path)) {}
  static Result<Database> open_impl(const std::string& path, bool in_memory, Check check,
                                    bool read_only = false, int oldest = kOldestReadableVersion);
  Status check_and_migrate(Check check);
  Status check_readable(int oldest);
  Result<int> header_version();
  Status quick_check(const std::vector<std::string>& checks);
  Status not_newer(int version) const;

  sqlite3* db_ = nullptr;
  std::string path_;  // as the user gave it; ":memory:" for in-memory databases
};

// A prepared statement. Parameters are 1-based (SQLite convention), columns 0-based.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Status bind_int64(int index, std::int64_t value);
  Status bind_double(int index, double value);
  Status bind_text(int index, std::string_view value);
  Status bind_blob(int index, const void* data, std::size_t bytes);
  Status bind_null(int index);
  // NULL for nullopt (and, for text, for an empty string).
  Status bind_double_or_null(int index, const std::optional<double>& value);
  Status bind_int64_or_null(int index, const std::optional<std::int64_t>& value);
  Status bind_text_or_null(int index, std::string_view value);

  // Binds consecutive parameters from `first` on, for hot loops (a multi-row INSERT): no
  // Status per value (building one zero-fills ~110 bytes: 6 % of a 100,000-row batch), and
  // text is read in place, not copied (SQLITE_STATIC): it must stay alive and unchanged until
  // this statement is reset() (which clears every binding) or destroyed. The first failure is
  // kept and status() reports it; later binds are skipped. NULL rules as the bind_* above.
  class Binder {
   public:
    Binder& text_ref(std::string_view value) noexcept;
    Binder& text_ref_or_null(std::string_view value) noexcept;  // NULL for ""
    Binder& real(double value) noexcept;
    Binder& real_or_null(const std::optional<double>& value) noexcept;
    Binder& int64(std::int64_t value) noexcept;
    Binder& int64_or_null(const std::optional<std::int64_t>& value) noexcept;
    Binder& null() noexcept;
    Status status();

   private:
    friend class Statement;
    Binder(Statement& st, int first) noexcept : st_(&st), next_(first) {}
    Binder& record(int rc) noexcept;
    Statement* st_;
    int next_;            // index of the next parameter
    int rc_ = SQLITE_OK;  // until a bind fails
    int failed_ = 0;      // index of the failed parameter
  };
  Binder binder(int first) noexcept { return Binder(*this, first); }

  // Advances: true = a row is available, false = done.
  Result<bool> step();
  // Steps a statement that returns no row (INSERT/UPDATE/DELETE) to completion.
  Status run();
  // Makes the statement ready to run again and clears its bindings.
  void reset() noexcept;

  int column_count() const noexcept;
  bool column_is_null(int index) const noexcept;
  std::int64_t column_int64(int index) const noexcept;
  double column_double(int index) const noexcept;
  std::string column_text(int index) const;  // "" for NULL
  // The bytes of a BLOB column (empty for NULL); valid until the next step/reset.
  std::span<const std::byte> column_blob(int index) const noexcept;
  std::optional<double> column_double_or_null(int index) const noexcept;
  std::optional<std::int64_t> column_int64_or_null(int index) const noexcept;

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, sqlite3* db, std::string path) noexcept
      : stmt_(stmt), db_(db), path_(std::move(path)) {}
  Status check_bind(int rc, int index);

  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  std::string path_;
};

// BEGIN IMMEDIATE (takes the write lock now, so a busy database fails here and not half-way);
// rolls back on destruction unless commit() succeeded. Not nestable.
class Transaction {
 public:
  static Result<Transaction> begin(Database& db);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status commit();
  void rollback() noexcept;
  bool active() const noexcept { return db_ != nullptr; }

 private:
  explicit Transaction(Database& db) noexcept : db_(&db) {}
  Database* db_ = nullptr;  // null once committed or rolled back
};

// Maps an SQLite result code to the program's exit code: environment failures -> kRunFailed,
// corrupt file / constraint -> kBadInput.
ExitCode exit_code_for(int sqlite_rc) noexcept;

}  // namespace kiss::store
