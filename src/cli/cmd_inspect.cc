// kiss-signal inspect SYMBOL --indicator SPEC... [--from D] [--to D]: indicator values as CSV on
// stdout, `date,<one column per output>`, values in the shortest text that reads back exactly,
// empty cells during the warm-up. Indicators are computed over the symbol's whole stored history
// and only then cut to
// [--from, --to], so the range never shortens a warm-up. Reads only.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "cli/commands.h"
#include "cli/console.h"
#include "config/config.h"
#include "indicators/spec.h"
#include "store/database.h"
#include "store/price_store.h"
#include "util/date.h"

namespace kiss::cli {

namespace {

// The command line's values, checked before any file is touched (usage errors).
struct Query {
  std::vector<ind::ParsedSpec> specs;
  std::optional<Date> from, to;
};

Result<Query> parse_query(const InspectOptions& o) {
  Query q;
  for (const std::string& s : o.indicators) {
    auto parsed = ind::parse_spec(s);
    if (!parsed) {
      Error e = parsed.error();
      e.key = "--indicator " + e.key;
      e.exit_code = ExitCode::kUsage;
      return tl::unexpected(std::move(e));
    }
    q.specs.push_back(*parsed);
  }
  for (auto [flag, text, out] :
       {std::tuple{"--from", &o.from, &q.from}, std::tuple{"--to", &o.to, &q.to}}) {
    if (!*text) continue;
    *out = parse_iso_date(**text);
    if (!*out)
      return make_error("'" + **text + "' is not a date (YYYY-MM-DD)", {}, 0, 0, flag,
                        ExitCode::kUsage);
  }
  if (q.from && q.to && *q.from > *q.to)
    return make_error("--from is after --to", {}, 0, 0, "--from", ExitCode::kUsage);
  return q;
}

// The stored bars of `symbol`; the database must exist already.
Result<Bars> stored_bars(const Config& config, const std::string& symbol) {
  std::error_code ec;
  if (!std::filesystem::exists(config.database_path, ec))
    return make_error("no database yet (import prices with `kiss-signal data import`)",
                      config.database_path);
  auto db = store::Database::open(config.database_path);
  if (!db) return tl::unexpected(std::move(db.error()));
  store::PriceStore prices(*db);
  auto bars = prices.load(symbol);
  if (!bars) return tl::unexpected(std::move(bars.error()));
  if (bars->empty())
    return make_error("no prices stored for this symbol", config.database_path, 0, 0, symbol);
  return std::move(*bars);
}

Result<std::vector<ind::NamedColumn>> columns_of(const Query& q, const Bars& bars) {
  std::vector<ind::NamedColumn> columns;
  std::set<std::string> names;
  for (const ind::ParsedSpec& spec : q.specs) {
    auto cols = ind::compute_spec(spec, bars);
    if (!cols) return tl::unexpected(std::move(cols.error()));
    for (ind::NamedColumn& c : *cols) {
      if (!names.insert(c.name).second)
        return make_error("column '" + c.name + "' requested twice", {}, 0, 0, "--indicator",
                          ExitCode::kUsage);
      columns.push_back(std::move(c));
    }
  }
  return columns;
}

void print_csv(const Query& q, const Bars& bars, const std::vector<ind::NamedColumn>& columns) {
  std::string out = "date";
  for (const ind::NamedColumn& c : columns) out += "," + c.name;
  out += '\n';
  char buf[40];
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Date d = bars.date[i];
    if ((q.from && d < *q.from) || (q.to && d > *q.to)) continue;
    out += format_date(d);
    for (const ind::NamedColumn& c : columns) {
      out += ',';
      const double v = c.values[i];
      if (std::isnan(v)) continue;  // warm-up: empty cell
      // The shortest text that reads back to the same double (3111.395, not 3111.3949999999986).
      const auto res = std::to_chars(buf, buf + sizeof buf, v);
      out.append(buf, res.ptr);
    }
    out += '\n';
    if (out.size() > (1u << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

int cmd_inspect(const GlobalOptions& g, const InspectOptions& o) {
  auto query = parse_query(o);
  if (!query) return fail(query.error());
  auto config = load_config(g.config_path);
  if (!config) return fail(config.error());
  auto bars = stored_bars(*config, o.symbol);
  if (!bars) return fail(bars.error());
  auto columns = columns_of(*query, *bars);
  if (!columns) return fail(columns.error());
  print_csv(*query, *bars, *columns);
  return 0;
}

}  // namespace kiss::cli
