// Opening the database for the reading commands (analyze-strategies, history, report,
// clear-and-recalculate): they refuse to create an empty database as a side effect.
#pragma once
#include "config/config.h"
#include "store/database.h"
#include "util/error.h"

namespace kiss::cli {

// Error (exit 1) naming database_path when the file does not exist. Defined in cmd_analyze.cc.
Result<store::Database> open_existing_database(const Config& cfg);

}  // namespace kiss::cli
