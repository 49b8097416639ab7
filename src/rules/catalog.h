// The rule catalog (SPEC §5.2): ONE table of every rule type, with its parameters (name, kind,
// default, range), its warm-up, and either a signal function or the price-level exit it stands
// for. The rules loader validates rules.yaml against this table, evaluate.h evaluates through
// it, `kiss-signal validate` prints it, and docs/rules.md is checked against it by a test.
#pragma once
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/evaluate.h"
#include "rules/model.h"

namespace kiss {

struct ParamSpec {
  enum class Kind { kInt, kDouble, kString };
  std::string_view name;
  Kind kind = Kind::kInt;
  double def = 0.0;             // numeric default (ignored when required)
  double min = 0.0;             // inclusive, unless min_open
  double max = std::numeric_limits<double>::infinity();  // inclusive
  bool min_open = false;        // value must be > min
  bool required = false;        // no default: must be written in rules.yaml
  std::string_view text_default;  // kString; "" = the config's benchmark_symbol
  std::string_view doc;
};

// Mask of one rule over the whole stock history (the contract of evaluate_signal).
using SignalFn = Result<Mask> (*)(const RuleInstance& rule, const RuleInput& in,
                                  IndicatorCache& cache);
// Leading bars without a defined value.
using WarmupFn = int (*)(const RuleInstance& rule);

struct RuleSpec {
  std::string_view name;
  std::string_view description;  // one line, for `validate` and docs/rules.md
  std::string_view formula;      // the exact condition, as in docs/rules.md
  std::vector<ParamSpec> params;
  WarmupFn warmup = nullptr;
  SignalFn signal = nullptr;  // null for price-level exits
  std::string_view warmup_doc;   // the warm-up in words, for docs/rules.md
  bool level_exit = false;
  LevelExit::Kind level_kind = LevelExit::Kind::kStopPct;
  std::string_view value_param;   // level exits: the param giving LevelExit::value
  std::string_view period_param;  // level exits of ATR kinds: the ATR period param
  // Optional ordering constraint between two params: params[lo] < params[hi].
  std::string_view less_param;
  std::string_view greater_param;
  bool uses_benchmark = false;
};

// Every rule type, in documentation order. Built once; never modified.
const std::vector<RuleSpec>& rule_catalog();
// nullptr when `type` is not in the catalog.
const RuleSpec* find_rule(std::string_view type);
std::vector<std::string> rule_type_names();
const ParamSpec* find_param(const RuleSpec& spec, std::string_view name);

// The catalog as Markdown (the body of docs/rules.md) and as plain text (for `validate`).
std::string catalog_markdown();
std::string catalog_text();

// A param's value of a checked RuleInstance (the loader completed the defaults).
double param(const RuleInstance& rule, std::string_view name);
int int_param(const RuleInstance& rule, std::string_view name);

}  // namespace kiss
