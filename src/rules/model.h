// The one model that every rules.yaml form maps to (docs/configuration.md), and that discovery
// consumes.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace kiss {

// One rule as written in rules.yaml, its params already checked against the catalog and
// completed with the catalog's defaults.
struct RuleInstance {
  std::string name;  // user's name ("sma_10_20_crossover"); unique within a file
  std::string type;  // catalog type ("sma_crossover")
  std::map<std::string, double> params;            // numeric params (ints stored exactly)
  std::map<std::string, std::string> text_params;  // string params, e.g. index_symbol
  std::string description;
  int line = 0;  // where it stands in rules.yaml, for messages
};

// A candidate stack: entry conditions AND-ed, plus exits added by its layers. The shared
// context filters, preconditions and exit conditions of the file apply to every stack.
struct Stack {
  std::vector<RuleInstance> entries;
  std::vector<RuleInstance> extra_exits;
  // Display name: the entry names joined with '+' in order ("sma_10_20_crossover+above_sma50"),
  // then the extra exits' names when a layer adds any (so an exit-only layer has its own name).
  std::string name() const;
  // The names of entries (then extra exits) in order, as stored in the JSON rule_stack.
  std::vector<std::string> rule_names() const;
};

struct RuleSet {
  std::string path;  // the rules.yaml read
  // FNV-1a 64 (hex) of the file's canonical content (config/yaml_util.h canonical_text); set by
  // the rules loader, part of the configuration hash (config_loader.h include_rules_in_hash).
  std::string hash;
  enum class Form { kPrd, kV14, kStory } form = Form::kPrd;
  std::vector<RuleInstance> preconditions;
  std::vector<RuleInstance> context_filters;
  std::vector<RuleInstance> exit_conditions;
  // PRD form: baseline + layers. v1.4 / story forms: baseline empty, each entry a layer that
  // stands alone as a candidate.
  Stack baseline;
  std::vector<Stack> layers;
  // The candidates of the first search level (docs/configuration.md, docs/discovery.md): the
  // baseline alone, then baseline + each layer (PRD form); each rule alone (other forms). Deeper
  // stacks are built greedily by discovery from `baseline` and `layers` when search.max_layers > 1.
  std::vector<Stack> candidates;
};

}  // namespace kiss
