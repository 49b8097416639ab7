// The database schema as numbered migrations (PRAGMA user_version = number of the last one
// applied). Migrations are append-only: a released migration is never edited; a change is a new
// migration. docs/persistence.md documents every table and column.
#pragma once
#include <span>
#include <string_view>

#include "util/error.h"

namespace kiss::store {

class Database;

// The newest schema this program understands; a database stamped higher is refused.
inline constexpr int kSchemaVersion = 4;

struct Migration {
  int version;            // the user_version stamped after it (1, 2, ...)
  std::string_view name;  // for messages and docs
  std::string_view sql;   // runs inside the migration's transaction
};

// All migrations, in order: migrations()[i].version == i + 1.
std::span<const Migration> migrations() noexcept;

// Applies the pending migrations, each in its own BEGIN IMMEDIATE transaction that re-reads
// user_version (another process may have migrated meanwhile), runs the SQL, stamps the version
// and commits. A failing migration rolls back completely and names its version.
Status migrate(Database& db);

}  // namespace kiss::store
