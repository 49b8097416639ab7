// kiss-signal validate: load config.yaml, rules.yaml and the universe; print what a run would
// use (universe size, candidate stacks, filters, exits) and the rule catalog (docs/rules.md), or
// every error found, one per line "file:line:column: key: message", and exit 1.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "config/config_loader.h"
#include "config/rules_loader.h"
#include "config/universe.h"
#include "daily/book_view.h"
#include "daily/setup.h"
#include "data/symbol_form.h"
#include "rules/catalog.h"
#include "rules/evaluate.h"
#include "store/database.h"
#include "store/positions.h"
#include "store/price_store.h"
#include "store/schema.h"
#include "util/clock.h"

namespace kiss::cli {

namespace {

const char* form_name(RuleSet::Form f) {
  switch (f) {
    case RuleSet::Form::kPrd: return "PRD form: baseline + layers";
    case RuleSet::Form::kV14: return "v1.4 form: entry_signals";
    case RuleSet::Form::kStory: return "story-007 form: rules";
  }
  return "?";
}

std::string params_text(const RuleInstance& r) {
  std::string out;
  for (const auto& [k, v] : r.params) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    out.append(out.empty() ? "" : ", ").append(k).append("=").append(buf);
  }
  for (const auto& [k, v] : r.text_params) {
    out.append(out.empty() ? "" : ", ").append(k).append("=").append(v);
  }
  return out;
}

std::string rule_line(const RuleInstance& r) {
  return r.name + " (" + r.type + (r.params.empty() && r.text_params.empty() ? "" : ": ") +
         params_text(r) + ")";
}

void print_rules(const char* title, const std::vector<RuleInstance>& rules) {
  std::printf("%s (%zu)%s\n", title, rules.size(), rules.empty() ? ": none" : ":");
  for (const auto& r : rules) std::printf("  %s\n", rule_line(r).c_str());
}

// Everything validate loads, and every error found on the way.
struct Loaded {
  Config config;
  std::string rules_path;
  RulesLoad rules;
  UniverseLoad universe;
  std::vector<Error> errors;
};

// Universe symbols that can never have prices (data/symbol_form.h). The store is opened only
// when one symbol lacks the NSE form and the database exists: its prices may vouch for it. The
// open is read-only (store/database.h open_read_only): validate never migrates or writes a
// database; one it cannot read as is (an older schema) is reported, untouched.
void check_symbol_forms(Loaded& l) {
  const auto& entries = l.universe.entries;
  bool any_odd = false;
  for (const UniverseEntry& u : entries) any_odd = any_odd || !data::is_nse_symbol_form(u.symbol);
  if (!any_odd) return;
  std::error_code ec;
  if (!std::filesystem::exists(l.config.database_path, ec)) {
    auto bad = data::unsourced_symbols(entries, l.config.universe_path, nullptr);
    if (bad) l.errors.insert(l.errors.end(), bad->begin(), bad->end());
    return;
  }
  auto db = store::Database::open_read_only(l.config.database_path);
  if (!db) {
    l.errors.push_back(db.error());
    return;
  }
  store::PriceStore prices(*db);
  auto bad = data::unsourced_symbols(entries, l.config.universe_path, &prices);
  if (!bad) {
    l.errors.push_back(bad.error());
  } else {
    l.errors.insert(l.errors.end(), bad->begin(), bad->end());
  }
}

Loaded load_all(const GlobalOptions& g) {
  Loaded l;
  ConfigLoad cl = load_config_all(g.config_path);
  const bool config_ok = cl.errors.empty();
  l.errors.insert(l.errors.end(), cl.errors.begin(), cl.errors.end());
  l.config = cl.config;
  if (l.config.config_dir.empty()) {
    // config.yaml unreadable: still look for the rules next to where it should be.
    const std::string dir = std::filesystem::path(g.config_path).parent_path().string();
    l.config = default_config(dir.empty() ? "." : dir);
  }
  if (auto p = find_rules_path(g.rules_path, l.config)) {
    l.rules_path = *p;
    l.rules = load_rules_all(l.rules_path, l.config);
    l.errors.insert(l.errors.end(), l.rules.errors.begin(), l.rules.errors.end());
    if (l.rules.errors.empty()) include_rules_in_hash(l.config, l.rules.rules);
  } else {
    l.errors.push_back(p.error());
  }
  if (config_ok) {
    // A freeze_date `run` would refuse: not a date, or after today (Asia/Kolkata).
    auto freeze = daily::resolve_freeze_date(l.config, std::nullopt, exchange_today(SystemClock()));
    if (!freeze) l.errors.push_back(freeze.error());
    l.universe = load_universe_all(l.config.universe_path);
    l.errors.insert(l.errors.end(), l.universe.errors.begin(), l.universe.errors.end());
  }
  if (config_ok && l.universe.errors.empty()) check_symbol_forms(l);
  return l;
}

int print_errors(const GlobalOptions& g, const std::vector<Error>& errors) {
  for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
  if (g.json) {
    nlohmann::json j;
    j["valid"] = false;
    j["errors"] = nlohmann::json::array();
    for (const auto& e : errors) j["errors"].push_back(e.to_string());
    std::printf("%s\n", j.dump(2).c_str());
  } else if (!g.quiet) {
    std::fprintf(stderr, "validate: %zu error%s\n", errors.size(), errors.size() == 1 ? "" : "s");
  }
  return static_cast<int>(ExitCode::kBadInput);
}

void print_json(const Loaded& l) {
  const RuleSet& rs = l.rules.rules;
  nlohmann::json j;
  j["valid"] = true;
  j["config"] = l.config.config_path;
  j["config_hash"] = l.config.hash;
  j["rules"] = l.rules_path;
  j["universe_size"] = l.universe.entries.size();
  j["candidates"] = nlohmann::json::array();
  for (const auto& s : rs.candidates) j["candidates"].push_back(s.name());
  j["exit_rules"] = nlohmann::json::array();
  for (const auto& r : rs.exit_conditions) j["exit_rules"].push_back(r.name);
  j["catalog"] = rule_type_names();
  std::printf("%s\n", j.dump(2).c_str());
}

void print_text(const Loaded& l) {
  const Config& config = l.config;
  const RuleSet& rs = l.rules.rules;
  std::printf("Configuration valid.\n");
  std::printf("config:    %s (hash %s)\n", config.config_path.c_str(), config.hash.c_str());
  std::printf("rules:     %s (%s)\n", l.rules_path.c_str(), form_name(rs.form));
  std::printf("universe:  %s: %zu symbols\n", config.universe_path.c_str(),
              l.universe.entries.size());
  std::printf("benchmark: %s\n", config.benchmark_symbol.c_str());
  std::printf("candidate stacks (%zu):\n", rs.candidates.size());
  for (std::size_t i = 0; i < rs.candidates.size(); ++i) {
    const Stack& s = rs.candidates[i];
    std::printf("  %2zu. %s", i + 1, s.name().c_str());
    if (!s.extra_exits.empty()) std::printf("   (adds %zu exit rule(s))", s.extra_exits.size());
    std::printf("\n");
  }
  print_rules("preconditions", rs.preconditions);
  print_rules("context filters", rs.context_filters);
  std::printf("exit rules (%zu, plus the time exit after hold_period = %d bars)%s\n",
              rs.exit_conditions.size(), config.hold_period, rs.exit_conditions.empty() ? "" : ":");
  for (const auto& r : rs.exit_conditions) {
    std::printf("  %s%s\n", rule_line(r).c_str(),
                is_level_exit(r.type) ? " [price level]" : " [indicator, on the close]");
  }
  std::printf("rule catalog (%zu types):\n%s", rule_catalog().size(), catalog_text().c_str());
}

}  // namespace

// The positions of the book whose frozen terms differ from what the files now give
// (docs/positions.md, "Frozen positions"): "SYMBOL (signalled D): stack, exits". Read-only;
// a database that cannot be read as is gives one line saying so.
std::vector<std::string> positions_with_older_rules(const Loaded& l) {
  std::error_code ec;
  if (!std::filesystem::exists(l.config.database_path, ec)) return {};
  auto db = store::Database::open_read_only(l.config.database_path,
                                            store::kOldestBookReadableVersion);
  if (!db) return {"the book was not read: " + db.error().to_string()};
  auto book = store::all_positions(*db);
  if (!book) return {"the book was not read: " + book.error().to_string()};
  std::vector<std::string> out;
  for (const BookPosition& p : *book) {
    const std::string why = daily::older_rules(p, l.rules.rules, l.config);
    if (!why.empty()) {
      out.push_back(p.symbol + " (signalled " + format_date(p.signal_date) + "): " + why);
    }
  }
  return out;
}

int cmd_validate(const GlobalOptions& g) {
  const Loaded loaded = load_all(g);
  if (!loaded.errors.empty()) return print_errors(g, loaded.errors);
  const std::vector<std::string> older = positions_with_older_rules(loaded);
  if (g.json) {
    print_json(loaded);
  } else if (!g.quiet) {
    print_text(loaded);
    if (!older.empty()) {
      std::printf(
          "\n%zu open position%s keep older rules than the files now give (frozen when "
          "signalled; they are managed by them until they close):\n",
          older.size(), older.size() == 1 ? "" : "s");
      for (const std::string& line : older) std::printf("  %s\n", line.c_str());
    }
  }
  return 0;
}

}  // namespace kiss::cli
