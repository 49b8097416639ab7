// kiss-signal data status: per symbol first/last date, bars, gaps, last refresh and its result,
// validation warnings (counted; listed with --verbose). Stale symbols (last refresh failed, or
// last bar more than 3 trading days before today) are said, and so is a benchmark that ends
// before the stocks, with the rules it turns off. Reads only: a missing database is reported,
// not created.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/console.h"
#include "config/config.h"
#include "config/rules_loader.h"
#include "daily/prices.h"
#include "data/data_source.h"
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

// Whether a symbol's prices are stale today (docs/data.md): its last bar more than
// data::kStaleAfterTradingDays trading days before today.
bool is_stale(const store::PriceStatus& p, Date today) {
  return p.last && data::stale_note(*p.last, today).has_value();
}

// The latest bar of any symbol but the benchmark: what the benchmark should reach.
std::optional<Date> stocks_last(const std::vector<store::PriceStatus>& status,
                                const std::string& benchmark) {
  std::optional<Date> last;
  for (const store::PriceStatus& p : status) {
    if (p.symbol != benchmark && p.last && (!last || *p.last > *last)) last = p.last;
  }
  return last;
}

// The warnings under the table: stale prices, a benchmark shorter than the stocks.
std::vector<std::string> freshness_warnings(const std::vector<store::PriceStatus>& status,
                                            const Config& config, const GlobalOptions& g,
                                            Date today) {
  std::vector<std::string> out;
  std::optional<Date> newest;
  std::size_t stale = 0, with_bars = 0;
  for (const store::PriceStatus& p : status) {
    if (!p.last) continue;
    ++with_bars;
    stale += is_stale(p, today) ? 1 : 0;
    if (!newest || *p.last > *newest) newest = p.last;
  }
  if (newest && stale > 0) {
    // Every symbol stale: one line with the newest bar; otherwise the count (the table says which).
    const auto note = data::stale_note(*newest, today);
    out.push_back(note ? "prices are stale: " + *note + " (" + std::to_string(stale) + " of " +
                             std::to_string(with_bars) + " symbols)"
                       : std::to_string(stale) + " of " + std::to_string(with_bars) +
                             " symbols are stale (status 'stale': last bar more than " +
                             std::to_string(data::kStaleAfterTradingDays) +
                             " trading days before today " + format_date(today) + ")");
  }
  const std::string& benchmark = config.benchmark_symbol;
  const auto bench = std::find_if(status.begin(), status.end(), [&](const store::PriceStatus& p) {
    return p.symbol == benchmark;
  });
  const auto stocks_end = stocks_last(status, benchmark);
  if (bench != status.end() && bench->last && stocks_end && *bench->last < *stocks_end) {
    // The rules name what the short benchmark turns off; without them, say so.
    RuleSet rules;
    std::string unread;
    auto path = find_rules_path(g.rules_path, config);
    auto loaded = path ? load_rules(*path, config) : tl::unexpected(path.error());
    if (loaded) {
      rules = std::move(*loaded);
    } else {
      unread = " (rules not read: " + loaded.error().to_string() + ")";
    }
    std::string text = daily::benchmark_ends_early_text(benchmark, *bench->last, *stocks_end,
                                                        rules);
    if (!unread.empty()) {
      text = "benchmark " + benchmark + " ends " + format_date(*bench->last) +
             ", before the stocks' last bar " + format_date(*stocks_end) +
             ": every rule that reads it (market_above_sma) is false after it" + unread;
    }
    out.push_back(std::move(text));
  }
  return out;
}

void print_json(const std::vector<store::PriceStatus>& status, Date today) {
  nlohmann::json j = nlohmann::json::array();
  for (const store::PriceStatus& p : status) {
    nlohmann::json e = {{"symbol", p.symbol},
                        {"first",
                         p.first ? nlohmann::json(format_date(*p.first)) : nlohmann::json()},
                        {"last", p.last ? nlohmann::json(format_date(*p.last)) : nlohmann::json()},
                        {"bars", p.bars},
                        {"gaps", p.gaps},
                        {"trading_days_old", p.last ? nlohmann::json(weekdays_after(*p.last, today))
                                                    : nlohmann::json()},
                        {"stale", is_stale(p, today)}};
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

void print_table(const std::vector<store::PriceStatus>& status, bool verbose, Date today) {
  std::printf("%-12s %-10s %-10s %6s %4s  %-24s %-6s %s\n", "symbol", "first", "last", "bars",
              "gaps", "last refresh", "status", "warnings");
  std::size_t stale = 0;
  for (const store::PriceStatus& p : status) {
    const bool failed = p.refresh && p.refresh->status == "failed";
    stale += failed ? 1 : 0;
    std::printf("%-12s %-10s %-10s %6zu %4zu  %-24s %-6s %zu\n", p.symbol.c_str(),
                date_or_dash(p.first).c_str(), date_or_dash(p.last).c_str(), p.bars, p.gaps,
                p.refresh && !p.refresh->last_refresh.empty() ? p.refresh->last_refresh.c_str()
                                                              : "-",
                // A refresh that went well long ago is not "ok" today.
                is_stale(p, today) && !failed ? "stale"
                : p.refresh                   ? p.refresh->status.c_str()
                                              : "-",
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
  const Date today = exchange_today(SystemClock());
  if (g.json) {
    print_json(*status, today);
  } else if (status->empty()) {
    std::printf("No prices stored in %s\n", config->database_path.c_str());
  } else {
    print_table(*status, g.verbose, today);
    for (const std::string& w : freshness_warnings(*status, *config, g, today))
      std::printf("warning: %s\n", w.c_str());
  }
  return 0;
}

}  // namespace kiss::cli
