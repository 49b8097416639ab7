// Opening the database for the commands that do not import prices or run: they refuse to create
// an empty database as a side effect.
#pragma once
#include "config/config.h"
#include "store/database.h"
#include "store/schema.h"
#include "util/error.h"

namespace kiss::cli {

// For clear-and-recalculate (which deletes, then runs): error (exit 1) naming database_path
// when the file does not exist; otherwise Database::open (checks, migrates).
Result<store::Database> open_existing_database(const Config& cfg);

// For the reading commands (analyze-strategies, history, report, position list; data status
// opens the same way): Database::open_read_only, which never creates, migrates or writes the
// file. `oldest`: the oldest schema the command reads (store::kOldestBookReadableVersion for
// the ones that read the position book).
Result<store::Database> open_database_to_read(const Config& cfg,
                                              int oldest = store::kOldestReadableVersion);

}  // namespace kiss::cli
