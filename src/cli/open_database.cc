#include "cli/open_database.h"

#include <filesystem>
#include <system_error>

namespace kiss::cli {

Result<store::Database> open_existing_database(const Config& cfg) {
  std::error_code ec;
  if (!std::filesystem::exists(cfg.database_path, ec)) {
    return make_error("no database yet (run `kiss-signal run` first)", cfg.database_path, 0, 0,
                      "database_path");
  }
  return store::Database::open(cfg.database_path);
}

Result<store::Database> open_database_to_read(const Config& cfg, int oldest) {
  return store::Database::open_read_only(cfg.database_path, oldest);
}

}  // namespace kiss::cli
