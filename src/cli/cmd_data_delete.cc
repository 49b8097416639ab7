// kiss-signal data delete SYMBOL [--from D] [--to D]: removes stored bars of one symbol, both
// bounds inclusive, all of its bars without bounds, in one transaction (store/price_store.h).
// An unknown symbol, an empty range or a date that is not YYYY-MM-DD is one message, exit 1
// (exit 2 for a malformed date), and nothing changes. The book needs no repair: every run
// replays the live positions from the stored bars (docs/data.md, "Correcting stored bars").
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/open_database.h"
#include "config/config.h"
#include "store/database.h"
#include "store/price_store.h"

namespace kiss::cli {

namespace {

Result<std::optional<Date>> date_option(const std::optional<std::string>& text, const char* name) {
  if (!text) return std::optional<Date>{};
  const auto d = parse_iso_date(*text);
  if (!d) {
    return make_error("'" + *text + "' is not a date YYYY-MM-DD", {}, 0, 0, name, ExitCode::kUsage);
  }
  return std::optional<Date>{*d};
}

}  // namespace

int cmd_data_delete(const GlobalOptions& g, const DataDeleteOptions& o) {
  auto from = date_option(o.from, "--from");
  if (!from) return fail(from.error());
  auto to = date_option(o.to, "--to");
  if (!to) return fail(to.error());
  auto config = load_config(g.config_path);
  if (!config) return fail(config.error());
  auto db = open_existing_database(*config);
  if (!db) return fail(db.error());
  store::PriceStore store(*db);
  auto deleted = store.delete_bars(o.symbol, *from, *to);
  if (!deleted) return fail(deleted.error());
  if (g.json) {
    const nlohmann::json j = {{"symbol", o.symbol},
                              {"deleted", deleted->bars},
                              {"first", format_date(deleted->first)},
                              {"last", format_date(deleted->last)},
                              {"remaining", deleted->remaining},
                              {"orphaned_signals", deleted->orphaned_signals}};
    std::printf("%s\n", j.dump(2).c_str());
  } else if (!g.quiet) {
    std::printf("Deleted %zu bars of %s (%s..%s); %zu bars remain\n", deleted->bars,
                o.symbol.c_str(), format_date(deleted->first).c_str(),
                format_date(deleted->last).c_str(), deleted->remaining);
  }
  for (const std::string& d : deleted->orphaned_signals) {
    std::fprintf(stderr,
                 "warning: %s: the signal bar %s of an open position was deleted; `run` fails "
                 "until a bar dated %s is stored again (data import)\n",
                 o.symbol.c_str(), d.c_str(), d.c_str());
  }
  return 0;
}

}  // namespace kiss::cli
