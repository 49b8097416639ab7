// The database schema as numbered migrations (PRAGMA user_version = number of the last one
// applied). Migrations are append-only: a released migration is never edited; a change is a new
// migration. docs/persistence.md documents every table and column.
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace kiss::store {

class Database;

// The newest schema this program understands; a database stamped higher is refused.
inline constexpr int kSchemaVersion = 6;

struct Migration {
  int version;            // the user_version stamped after it (1, 2, ...)
  std::string_view name;  // for messages and docs
  std::string_view sql;   // runs inside the migration's transaction
};

// All migrations, in order: migrations()[i].version == i + 1.
std::span<const Migration> migrations() noexcept;

// The oldest schema the reading commands read as it is (Database::open_read_only); an older
// file is refused with a message naming the command that migrates it. Version 5 only added
// what readers never read (runs.config_yaml, a looser positions.signal_date).
inline constexpr int kOldestReadableVersion = 4;
// The oldest schema the commands that read the position book read (history, position list and
// the position facts' checks, validate's list of positions): version 6 added positions.terms and
// the position_facts table they read.
inline constexpr int kOldestBookReadableVersion = 6;

// What a file holds, read from sqlite_master before anything is written. user_version alone
// cannot say: the original Python tool stamped 0, 1 (its tests) or 2 with layouts of its own,
// and its create_database() stamps 2 into any file it opens, ours included.
struct Shape {
  enum class Kind {
    kEmpty,     // no table: a new file
    kOurs,      // our schema; `version` = the version its tables show (1 = story 007's table)
    kOriginal,  // the original's later layouts: no runs table; strategies with its config
                // columns or its positions table (docs/persistence.md lists them)
    kForeign,   // anything else: another program's database
  };
  Kind kind = Kind::kEmpty;
  int version = 0;
  std::vector<std::string> tables;              // user tables, by name
  std::vector<std::string> strategies_columns;  // empty when there is no strategies table
  std::vector<std::string> positions_columns;   // kOriginal: empty when it has no positions
  std::string describe() const;                 // for messages
};
Result<Shape> detect_shape(Database& db);

// The version the file's tables are at (0 = empty or the original's, to be adopted), or the
// refusal (kBadInput) of a foreign file or of a user_version that contradicts the tables.
Result<int> effective_version(const std::string& path, int user_version, const Shape& shape);

// Brings the file to kSchemaVersion in ONE BEGIN IMMEDIATE transaction that re-reads
// user_version and the shape under the write lock (another process may have migrated
// meanwhile), adopts an original's tables, runs every pending migration, stamps
// kSchemaVersion and commits: the file is either unchanged or fully migrated. A failure rolls
// everything back and names the migration or the row.
Status migrate(Database& db);

}  // namespace kiss::store
