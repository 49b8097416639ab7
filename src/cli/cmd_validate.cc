// kiss-signal validate: load config.yaml, rules.yaml and the universe; print what a run would
// use (universe size, candidate stacks, filters, exits) and the rule catalog (SPEC §5.2), or
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
#include "rules/catalog.h"
#include "rules/evaluate.h"

namespace kiss::cli {

namespace {

const char* form_name(RuleSet::Form f) {
  switch (f) {
    case RuleSet::Form::kPrd:
      return "PRD form: baseline + layers";
    case RuleSet::Form::kV14:
      return "v1.4 form: entry_signals";
    case RuleSet::Form::kStory:
      return "story-007 form: rules";
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

}  // namespace

int cmd_validate(const GlobalOptions& g) {
  std::vector<Error> errors;

  ConfigLoad cl = load_config_all(g.config_path);
  const bool config_ok = cl.errors.empty();
  errors.insert(errors.end(), cl.errors.begin(), cl.errors.end());
  Config config = cl.config;
  if (config.config_dir.empty()) {
    // config.yaml unreadable: still look for the rules next to where it should be.
    const std::string dir = std::filesystem::path(g.config_path).parent_path().string();
    config = default_config(dir.empty() ? "." : dir);
  }

  RulesLoad rl;
  std::string rules_path;
  if (auto p = find_rules_path(g.rules_path, config)) {
    rules_path = *p;
    rl = load_rules_all(rules_path, config);
    errors.insert(errors.end(), rl.errors.begin(), rl.errors.end());
  } else {
    errors.push_back(p.error());
  }

  UniverseLoad ul;
  if (config_ok) {
    ul = load_universe_all(config.universe_path);
    errors.insert(errors.end(), ul.errors.begin(), ul.errors.end());
  }

  if (!errors.empty()) {
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

  const RuleSet& rs = rl.rules;
  if (g.json) {
    nlohmann::json j;
    j["valid"] = true;
    j["config"] = config.config_path;
    j["config_hash"] = config.hash;
    j["rules"] = rules_path;
    j["universe_size"] = ul.entries.size();
    j["candidates"] = nlohmann::json::array();
    for (const auto& s : rs.candidates) j["candidates"].push_back(s.name());
    j["exit_rules"] = nlohmann::json::array();
    for (const auto& r : rs.exit_conditions) j["exit_rules"].push_back(r.name);
    j["catalog"] = rule_type_names();
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  if (g.quiet) return 0;

  std::printf("Configuration valid.\n");
  std::printf("config:    %s (hash %s)\n", config.config_path.c_str(), config.hash.c_str());
  std::printf("rules:     %s (%s)\n", rules_path.c_str(), form_name(rs.form));
  std::printf("universe:  %s: %zu symbols\n", config.universe_path.c_str(), ul.entries.size());
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
              rs.exit_conditions.size(), config.hold_period,
              rs.exit_conditions.empty() ? "" : ":");
  for (const auto& r : rs.exit_conditions) {
    std::printf("  %s%s\n", rule_line(r).c_str(),
                is_level_exit(r.type) ? " [price level]" : " [indicator, on the close]");
  }
  std::printf("rule catalog (%zu types):\n%s", rule_catalog().size(), catalog_text().c_str());
  return 0;
}

}  // namespace kiss::cli
