// kiss-signal data import PATH... [--symbol S] [--replace]: CSV files or folders into the price
// store. Every problem is printed with file:line; the import is all or nothing: with any error
// nothing is written (the database is not even opened) and the exit code is 1. Without
// --replace the bars merge by date into the stored ones; with it each imported symbol holds
// exactly the imported bars afterwards (a corrected file removes a bad stored bar).
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/console.h"
#include "config/config.h"
#include "data/import.h"
#include "store/database.h"
#include "store/price_store.h"
#include "util/clock.h"

namespace kiss::cli {

namespace {

// Problems first (stderr), errors before warnings before notes, each in the order found.
void print_issues(const GlobalOptions& g, const data::ImportSummary& s) {
  for (auto kind :
       {data::Issue::Kind::kError, data::Issue::Kind::kWarning, data::Issue::Kind::kNote}) {
    if (g.quiet && kind != data::Issue::Kind::kError) continue;
    for (const data::Issue& i : s.issues)
      if (i.kind == kind) std::fprintf(stderr, "%s\n", i.to_string().c_str());
  }
}

// Saves every symbol with its refresh record ("import"), in one transaction; with --replace each
// symbol's stored bars are replaced by the imported ones in that same transaction.
Status save_import(const Config& config, const data::ImportSummary& s, bool replace) {
  auto db = store::Database::open(config.database_path);
  if (!db) return tl::unexpected(std::move(db.error()));
  std::vector<data::RefreshRecord> records;
  const std::string now = utc_timestamp(SystemClock());
  for (const data::SymbolData& d : s.symbols) {
    data::RefreshRecord r;
    r.symbol = d.bars.symbol;
    r.source = "import";
    r.last_refresh = now;
    r.status = "ok";
    r.message = std::string(replace ? "replaced by " : "imported ") +
                std::to_string(d.bars.size()) + " bars " + format_date(d.bars.date.front()) + ".." +
                format_date(d.bars.date.back());
    r.warnings = d.warnings;
    records.push_back(std::move(r));
  }
  store::PriceStore store(*db);
  return store.save_all(s.symbols, &records,
                        replace ? store::PriceStore::Mode::kReplace
                                : store::PriceStore::Mode::kMerge);
}

void print_json(const data::ImportSummary& s, bool saved) {
  nlohmann::json j = {{"files", s.files.size()},
                      {"rows", s.rows},
                      {"rejected", s.rejected},
                      {"merged_duplicates", s.merged},
                      {"errors", s.count(data::Issue::Kind::kError)},
                      {"warnings", s.count(data::Issue::Kind::kWarning)},
                      {"saved", saved},
                      {"symbols", nlohmann::json::array()},
                      {"skipped", s.skipped},
                      {"issues", nlohmann::json::array()}};
  for (const data::SymbolData& d : s.symbols)
    j["symbols"].push_back({{"symbol", d.bars.symbol},
                            {"bars", d.bars.size()},
                            {"first", format_date(d.bars.date.front())},
                            {"last", format_date(d.bars.date.back())}});
  for (const data::Issue& i : s.issues) j["issues"].push_back(i.to_string());
  std::printf("%s\n", j.dump(2).c_str());
}

void print_text(const Config& config, const data::ImportSummary& s, bool saved, bool replace) {
  const std::size_t errors = s.count(data::Issue::Kind::kError);
  std::size_t bars = 0;
  for (const data::SymbolData& d : s.symbols) bars += d.bars.size();
  std::printf("Read %zu files: %zu rows, %zu rejected, %zu duplicate rows merged, %zu warnings\n",
              s.files.size(), s.rows, s.rejected, s.merged, s.count(data::Issue::Kind::kWarning));
  if (errors > 0) {
    std::printf("Import failed with %zu errors: nothing was saved\n", errors);
  } else if (saved) {
    std::printf(
        replace ? "Replaced the stored bars of %zu symbols by %zu imported bars in %s%s\n"
                : "Saved %zu symbols (%zu bars) to %s%s\n",
        s.symbols.size(), bars, config.database_path.c_str(),
        s.skipped.empty()
            ? ""
            : (", skipped " + std::to_string(s.skipped.size()) + " with too few bars").c_str());
  } else {
    std::printf("Nothing to save (%zu symbols skipped)\n", s.skipped.size());
  }
}

}  // namespace

int cmd_data_import(const GlobalOptions& g, const DataImportOptions& o) {
  auto config = load_config(g.config_path);
  if (!config) return fail(config.error());
  if (o.symbol && !data::is_valid_symbol(*o.symbol)) {
    return fail(
        Error{{},
              0,
              0,
              "--symbol",
              "invalid symbol '" + *o.symbol + "' (1..32 characters of A-Z a-z 0-9 & ^ . _ -)",
              ExitCode::kUsage});
  }
  data::ImportOptions io;
  io.symbol = o.symbol;
  io.validate.today = exchange_today(SystemClock());  // a bar dated after today is refused
  const data::ImportSummary s = data::import_paths(o.paths, io);
  print_issues(g, s);
  const std::size_t errors = s.count(data::Issue::Kind::kError);
  bool saved = false;
  if (errors == 0 && !s.symbols.empty()) {
    if (auto st = save_import(*config, s, o.replace); !st) return fail(st.error());
    saved = true;
  }
  if (g.json) {
    print_json(s, saved);
  } else if (!g.quiet || errors > 0) {
    print_text(*config, s, saved, o.replace);
  }
  return errors > 0 ? static_cast<int>(ExitCode::kBadInput) : 0;
}

}  // namespace kiss::cli
