// rules.yaml (docs/configuration.md): the three accepted forms, validated against the rule catalog
// and mapped to the one RuleSet model with its first-level candidates.
#pragma once
#include <string>
#include <vector>

#include "config/config.h"
#include "rules/model.h"
#include "util/error.h"

namespace kiss {

// Loads and validates `path`. Every error names the file, line, column and key path
// ("layers[2].params.period"); unknown types and params name the nearest known one.
// `config` supplies benchmark_symbol (market_above_sma's index_symbol default).
Result<RuleSet> load_rules(const std::string& path, const Config& config);

struct RulesLoad {
  RuleSet rules;              // meaningful only when errors is empty
  std::vector<Error> errors;  // every error found, in file order
};
RulesLoad load_rules_all(const std::string& path, const Config& config);

// The rules file to use: `option` when given (--rules), else rules.yaml, then config/rules.yaml,
// both in config.yaml's folder. Error (naming what was tried) when none exists.
Result<std::string> find_rules_path(const std::string& option, const Config& config);

}  // namespace kiss
