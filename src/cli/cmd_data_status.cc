// kiss-signal data status: per symbol first/last date, bars, gaps, last refresh and its result,
// validation warnings (counted; listed with --verbose). Stale symbols (last refresh failed) are
// listed with the reason. Reads only: a missing database is reported, not created.
#include <cstdio>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/console.h"
#include "config/config.h"
#include "store/database.h"
#include "store/price_store.h"

namespace kiss::cli {

namespace {

std::string date_or_dash(const std::optional<Date>& d) {
  return d ? format_date(*d) : std::string("-");
}

// The stored status of every symbol; the database must exist already.
Result<std::vector<store::PriceStatus>> read_status(const Config& config) {
  std::error_code ec;
  if (!std::filesystem::exists(config.database_path, ec)) {
    return make_error("no database yet (import prices with `kiss-signal data import`)",
                      config.database_path);
  }
  auto db = store::Database::open_read_only(config.database_path);
  if (!db) return tl::unexpected(std::move(db.error()));
  store::PriceStore store(*db);
  return store.status();
}

void print_json(const std::vector<store::PriceStatus>& status) {
  nlohmann::json j = nlohmann::json::array();
  for (const store::PriceStatus& p : status) {
    nlohmann::json e = {{"symbol", p.symbol},
                        {"first",
                         p.first ? nlohmann::json(format_date(*p.first)) : nlohmann::json()},
                        {"last", p.last ? nlohmann::json(format_date(*p.last)) : nlohmann::json()},
                        {"bars", p.bars},
                        {"gaps", p.gaps}};
    if (p.refresh) {
      e["source"] = p.refresh->source;
      e["last_refresh"] = p.refresh->last_refresh;
      e["last_attempt_date"] = p.refresh->last_attempt_date;
      e["status"] = p.refresh->status;
      e["message"] = p.refresh->message;
      e["warnings"] = p.refresh->warnings;
    }
    j.push_back(std::move(e));
  }
  std::printf("%s\n", j.dump(2).c_str());
}

void print_table(const std::vector<store::PriceStatus>& status, bool verbose) {
  std::printf("%-12s %-10s %-10s %6s %4s  %-20s %-6s %s\n", "symbol", "first", "last", "bars",
              "gaps", "last refresh", "status", "warnings");
  std::size_t stale = 0;
  for (const store::PriceStatus& p : status) {
    const bool failed = p.refresh && p.refresh->status == "failed";
    stale += failed ? 1 : 0;
    std::printf("%-12s %-10s %-10s %6zu %4zu  %-20s %-6s %zu\n", p.symbol.c_str(),
                date_or_dash(p.first).c_str(), date_or_dash(p.last).c_str(), p.bars, p.gaps,
                p.refresh && !p.refresh->last_refresh.empty() ? p.refresh->last_refresh.c_str()
                                                              : "-",
                p.refresh ? p.refresh->status.c_str() : "-",
                p.refresh ? p.refresh->warnings.size() : std::size_t{0});
    if (verbose && p.refresh) {
      for (const std::string& w : p.refresh->warnings) std::printf("    warning: %s\n", w.c_str());
    }
  }
  if (stale == 0) return;
  std::printf("\nStale (last refresh failed, cached bars used):\n");
  for (const store::PriceStatus& p : status) {
    if (p.refresh && p.refresh->status == "failed")
      std::printf("  %s: %s (attempt %s)\n", p.symbol.c_str(), p.refresh->message.c_str(),
                  p.refresh->last_attempt_date.c_str());
  }
}

}  // namespace

int cmd_data_status(const GlobalOptions& g) {
  auto config = load_config(g.config_path);
  if (!config) return fail(config.error());
  auto status = read_status(*config);
  if (!status) return fail(status.error());
  if (g.json) {
    print_json(*status);
  } else if (status->empty()) {
    std::printf("No prices stored in %s\n", config->database_path.c_str());
  } else {
    print_table(*status, g.verbose);
  }
  return 0;
}

}  // namespace kiss::cli
