// kiss-signal data fetch [SYMBOL...]: refresh prices from the configured data source (csv folder
// or Yahoo) for the given symbols, or the universe plus the benchmark. One line per symbol; a
// failure names the symbol and the reason, the others go on; exit 1 when any symbol failed.
// Without network the remaining symbols are not tried and one "no network: ..." line says so.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "config/config.h"
#include "config/universe.h"
#include "data/csv_import.h"
#include "data/data_source.h"
#include "store/database.h"
#include "store/price_store.h"
#include "util/clock.h"

namespace kiss::cli {

int cmd_data_fetch(const GlobalOptions& g, const DataFetchOptions& o) {
  auto config = load_config(g.config_path);
  if (!config) {
    std::fprintf(stderr, "%s\n", config.error().to_string().c_str());
    return static_cast<int>(config.error().exit_code);
  }
  std::vector<std::string> symbols = o.symbols;
  for (const std::string& s : symbols) {
    if (!data::is_valid_symbol(s)) {
      std::fprintf(stderr, "invalid symbol '%s' (1..32 characters of A-Z a-z 0-9 & ^ . _ -)\n",
                   s.c_str());
      return static_cast<int>(ExitCode::kUsage);
    }
  }
  if (symbols.empty()) {
    auto universe = load_universe(config->universe_path);
    if (!universe) {
      std::fprintf(stderr, "%s\n", universe.error().to_string().c_str());
      return static_cast<int>(universe.error().exit_code);
    }
    for (const UniverseEntry& u : *universe) symbols.push_back(u.symbol);
    if (std::find(symbols.begin(), symbols.end(), config->benchmark_symbol) == symbols.end())
      symbols.push_back(config->benchmark_symbol);
  }
  auto db = store::Database::open(config->database_path);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().to_string().c_str());
    return static_cast<int>(db.error().exit_code);
  }
  store::PriceStore store(*db);
  data::RefreshOptions ro;
  ro.today = exchange_today(SystemClock());
  ro.now_iso = utc_timestamp(SystemClock());
  std::size_t bad = 0;
  nlohmann::json j = nlohmann::json::array();
  ro.on_symbol = [&](const data::SymbolRefresh& r) {
    if (r.state != data::SymbolRefresh::State::kOk) ++bad;
    const std::string last = r.last_bar ? format_date(*r.last_bar) : std::string("-");
    if (g.json) {
      j.push_back({{"symbol", r.symbol},
                   {"state", data::to_string(r.state)},
                   {"reason", r.reason},
                   {"new_bars", r.new_bars},
                   {"last_bar", last},
                   {"warnings", r.warnings}});
      return;
    }
    const bool ok = r.state == data::SymbolRefresh::State::kOk;
    if (g.quiet && ok) return;
    if (r.network_down) return;  // told once below, not per symbol
    std::fprintf(ok ? stdout : stderr, "%s: %s: %s (last bar %s)\n", r.symbol.c_str(),
                 data::to_string(r.state), r.reason.c_str(), last.c_str());
    if (!g.quiet)
      for (const std::string& w : r.warnings) std::printf("  warning: %s\n", w.c_str());
  };
  const auto results = data::refresh(*config, store, symbols, ro);
  const data::RefreshSummary summary = data::summarize(results);
  if (summary.no_network && !g.json) std::fprintf(stderr, "%s\n", summary.lines.front().c_str());
  if (g.json) {
    std::printf("%s\n", j.dump(2).c_str());
  } else if (!g.quiet) {
    std::printf("%zu/%zu symbols up to date%s\n", results.size() - bad, results.size(),
                bad > 0 ? "; the others keep their cached bars" : "");
    if (summary.last_bar) {
      if (auto stale = data::stale_note(*summary.last_bar, ro.today))
        std::fprintf(stderr, "warning: prices are stale: %s\n", stale->c_str());
    }
  }
  return bad > 0 ? static_cast<int>(ExitCode::kBadInput) : 0;
}

}  // namespace kiss::cli
