// Loading config.yaml with every error reported (for `kiss-signal validate`), next to the
// contract's load_config (config.h), which stops at the first.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "rules/model.h"

namespace kiss {

struct ConfigLoad {
  Config config;              // meaningful only when errors is empty
  std::vector<Error> errors;  // in file order; empty = valid
};
ConfigLoad load_config_all(const std::string& path);

// Parses `365d`, `12w`, `6m`, `3y`, `252b` (count >= 1). nullopt on anything else.
std::optional<Duration> parse_duration(const std::string& text);
std::string format_duration(const Duration& d);

// FNV-1a 64 of `bytes`, as 16 lowercase hex digits.
std::string fnv1a64_hex(const std::string& bytes);

// config.hash := the hash of config.yaml's and rules.yaml's canonical content together (both
// file hashes; idempotent). Every command that stores or deletes by config hash calls it.
void include_rules_in_hash(Config& config, const RuleSet& rules);

}  // namespace kiss
