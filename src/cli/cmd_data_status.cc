// kiss-signal data status: per symbol first/last date, bars, gaps, last refresh and its result,
// validation warnings (counted; listed with --verbose). Stale symbols (last refresh failed) are
// listed with the reason. Reads only: a missing database is reported, not created.
#include <cstdio>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "config/config.h"
#include "store/database.h"
#include "store/price_store.h"

namespace kiss::cli {

int cmd_data_status(const GlobalOptions& g) {
  auto config = load_config(g.config_path);
  if (!config) {
    std::fprintf(stderr, "%s\n", config.error().to_string().c_str());
    return static_cast<int>(config.error().exit_code);
  }
  std::error_code ec;
  if (!std::filesystem::exists(config->database_path, ec)) {
    std::fprintf(stderr, "%s: no database yet (import prices with `kiss-signal data import`)\n",
                 config->database_path.c_str());
    return static_cast<int>(ExitCode::kBadInput);
  }
  auto db = store::Database::open_read_only(config->database_path);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().to_string().c_str());
    return static_cast<int>(db.error().exit_code);
  }
  store::PriceStore store(*db);
  auto st = store.status();
  if (!st) {
    std::fprintf(stderr, "%s\n", st.error().to_string().c_str());
    return static_cast<int>(st.error().exit_code);
  }
  auto date_or_dash = [](const std::optional<Date>& d) { return d ? format_date(*d) : std::string("-"); };

  if (g.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const store::PriceStatus& p : *st) {
      nlohmann::json e = {{"symbol", p.symbol},
                          {"first", p.first ? nlohmann::json(format_date(*p.first)) : nlohmann::json()},
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
    return 0;
  }
  if (st->empty()) {
    std::printf("No prices stored in %s\n", config->database_path.c_str());
    return 0;
  }
  std::printf("%-12s %-10s %-10s %6s %4s  %-20s %-6s %s\n", "symbol", "first", "last", "bars",
              "gaps", "last refresh", "status", "warnings");
  std::size_t stale = 0;
  for (const store::PriceStatus& p : *st) {
    const bool failed = p.refresh && p.refresh->status == "failed";
    stale += failed ? 1 : 0;
    std::printf("%-12s %-10s %-10s %6zu %4zu  %-20s %-6s %zu\n", p.symbol.c_str(),
                date_or_dash(p.first).c_str(), date_or_dash(p.last).c_str(), p.bars, p.gaps,
                p.refresh && !p.refresh->last_refresh.empty() ? p.refresh->last_refresh.c_str() : "-",
                p.refresh ? p.refresh->status.c_str() : "-",
                p.refresh ? p.refresh->warnings.size() : std::size_t{0});
    if (g.verbose && p.refresh) {
      for (const std::string& w : p.refresh->warnings) std::printf("    warning: %s\n", w.c_str());
    }
  }
  if (stale > 0) {
    std::printf("\nStale (last refresh failed, cached bars used):\n");
    for (const store::PriceStatus& p : *st) {
      if (p.refresh && p.refresh->status == "failed")
        std::printf("  %s: %s (attempt %s)\n", p.symbol.c_str(), p.refresh->message.c_str(),
                    p.refresh->last_attempt_date.c_str());
    }
  }
  return 0;
}

}  // namespace kiss::cli
