// kiss-signal inspect SYMBOL --indicator SPEC... [--from D] [--to D]: indicator values as CSV on
// stdout, `date,<one column per output>`, values %.17g (exact round trip), empty cells during the
// warm-up. Indicators are computed over the symbol's whole stored history and only then cut to
// [--from, --to], so the range never shortens a warm-up. Reads only.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "cli/commands.h"
#include "config/config.h"
#include "indicators/spec.h"
#include "store/database.h"
#include "store/price_store.h"
#include "util/date.h"

namespace kiss::cli {
namespace {

int fail(const Error& e) {
  std::fprintf(stderr, "%s\n", e.to_string().c_str());
  return static_cast<int>(e.exit_code);
}

}  // namespace

int cmd_inspect(const GlobalOptions& g, const InspectOptions& o) {
  // Command-line values first (usage errors), before touching any file.
  std::vector<ind::ParsedSpec> specs;
  for (const std::string& s : o.indicators) {
    auto parsed = ind::parse_spec(s);
    if (!parsed) {
      Error e = parsed.error();
      e.key = "--indicator " + e.key;
      e.exit_code = ExitCode::kUsage;
      return fail(e);
    }
    specs.push_back(*parsed);
  }
  std::optional<Date> from, to;
  for (auto [flag, text, out] : {std::tuple{"--from", &o.from, &from}, std::tuple{"--to", &o.to, &to}}) {
    if (!*text) continue;
    *out = parse_iso_date(**text);
    if (!*out)
      return fail(Error{{}, 0, 0, flag, "'" + **text + "' is not a date (YYYY-MM-DD)", ExitCode::kUsage});
  }
  if (from && to && *from > *to)
    return fail(Error{{}, 0, 0, "--from", "--from is after --to", ExitCode::kUsage});

  auto config = load_config(g.config_path);
  if (!config) return fail(config.error());
  std::error_code ec;
  if (!std::filesystem::exists(config->database_path, ec))
    return fail(Error{config->database_path, 0, 0, {},
                      "no database yet (import prices with `kiss-signal data import`)",
                      ExitCode::kBadInput});
  auto db = store::Database::open(config->database_path);
  if (!db) return fail(db.error());
  store::PriceStore prices(*db);
  auto bars = prices.load(o.symbol);
  if (!bars) return fail(bars.error());
  if (bars->empty())
    return fail(Error{config->database_path, 0, 0, o.symbol, "no prices stored for this symbol",
                      ExitCode::kBadInput});

  std::vector<ind::NamedColumn> columns;
  std::set<std::string> names;
  for (const ind::ParsedSpec& spec : specs) {
    auto cols = ind::compute_spec(spec, *bars);
    if (!cols) return fail(cols.error());
    for (ind::NamedColumn& c : *cols) {
      if (!names.insert(c.name).second)
        return fail(Error{{}, 0, 0, "--indicator", "column '" + c.name + "' requested twice",
                          ExitCode::kUsage});
      columns.push_back(std::move(c));
    }
  }

  std::string out = "date";
  for (const ind::NamedColumn& c : columns) out += "," + c.name;
  out += '\n';
  char buf[40];
  for (std::size_t i = 0; i < bars->size(); ++i) {
    const Date d = bars->date[i];
    if ((from && d < *from) || (to && d > *to)) continue;
    out += format_date(d);
    for (const ind::NamedColumn& c : columns) {
      out += ',';
      const double v = c.values[i];
      if (std::isnan(v)) continue;  // warm-up: empty cell
      std::snprintf(buf, sizeof buf, "%.17g", v);
      out += buf;
    }
    out += '\n';
    if (out.size() > (1u << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace kiss::cli
