// The rule catalog: ONE table of every rule type, with its parameters (name, kind, default,
// range), its warm-up, and either a signal function or the price-level exit it stands for. The
// rules loader validates rules.yaml against this table (check_value, check_params), evaluate.h
// evaluates through it, `kiss-signal validate` prints it, and docs/rules.md is checked against
// it by a test. The entries live in one file per family (catalog_trend.cc, catalog_momentum.cc,
// ...); catalog.cc assembles them in documentation order. Adding a rule type: docs/architecture.md.
#pragma once
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/evaluate.h"
#include "rules/model.h"
#include "util/error.h"

namespace kiss {

struct ParamSpec {
  enum class Kind { kInt, kDouble, kString };
  std::string_view name;
  Kind kind = Kind::kInt;
  double def = 0.0;                                      // numeric default (ignored when required)
  double min = 0.0;                                      // inclusive, unless min_open
  double max = std::numeric_limits<double>::infinity();  // inclusive
  bool min_open = false;                                 // value must be > min
  bool required = false;          // no default: must be written in rules.yaml
  std::string_view text_default;  // kString; "" = the config's benchmark_symbol
  std::string_view doc;
};

struct RuleSpec;

// Typed read access to one rule's parameters, by the names its catalog entry declares: reading
// a name the entry does not declare, or with the wrong kind, throws std::logic_error (never a
// silent 0). rule_catalog() runs every entry once through this accessor when the table is built,
// so a misspelt name in a family file fails at the first load of any rules file (and in
// rules_test), not on some later bar.
class Args {
 public:
  Args(const RuleSpec& spec, const RuleInstance& rule) : spec_(spec), rule_(rule) {}

  int integer(std::string_view name) const;       // a kInt parameter
  double number(std::string_view name) const;     // a kDouble parameter
  std::string text(std::string_view name) const;  // a kString parameter ("" when unset)

  const RuleInstance& rule() const noexcept { return rule_; }
  const RuleSpec& spec() const noexcept { return spec_; }

 private:
  const ParamSpec& declared(std::string_view name, ParamSpec::Kind kind) const;
  double value(const ParamSpec& p) const;

  const RuleSpec& spec_;
  const RuleInstance& rule_;
};

// Mask of one rule over the whole stock history (the contract of evaluate_signal).
using SignalFn = Result<Mask> (*)(const Args& args, const RuleInput& in, IndicatorCache& cache);
// Leading bars without a defined value.
using WarmupFn = int (*)(const Args& args);

struct RuleSpec {
  std::string_view name;
  std::string_view description;  // one line, for `validate` and docs/rules.md
  std::string_view formula;      // the exact condition, as in docs/rules.md
  std::vector<ParamSpec> params;
  WarmupFn warmup = nullptr;
  SignalFn signal = nullptr;    // null for price-level exits
  std::string_view warmup_doc;  // the warm-up in words, for docs/rules.md
  bool level_exit = false;
  LevelExit::Kind level_kind = LevelExit::Kind::kStopPct;
  std::string_view value_param;   // level exits: the param giving LevelExit::value
  std::string_view period_param;  // level exits of ATR kinds: the ATR period param
  // Optional ordering constraint between two params: params[lo] < params[hi].
  std::string_view less_param;
  std::string_view greater_param;
  bool uses_benchmark = false;
};

// Every rule type, in documentation order. Built once; never modified. Building it checks every
// entry (check_entry) and throws std::logic_error naming each faulty one.
const std::vector<RuleSpec>& rule_catalog();
// nullptr when `type` is not in the catalog.
const RuleSpec* find_rule(std::string_view type);
std::vector<std::string> rule_type_names();
const ParamSpec* find_param(const RuleSpec& spec, std::string_view name);

// An entry's own consistency, as the table build checks it: its params are well formed, the
// params it names (value, period, less/greater) are declared, and its warm-up, signal and level
// exit run on a short series with every param at a valid value without reading an undeclared
// param. The error message names the rule type and what is wrong.
Status check_entry(const RuleSpec& spec);

// Load-time validation (the rules loader wraps the message with the file, line and key).
// Why one value is out of `p`'s range ("must be between 2 and 500, got 0"); nullopt when valid.
std::optional<std::string> check_value(const ParamSpec& p, double value);
// A violated constraint between the params of a complete instance: the param to blame and why
// ("must be less than slow_period (20 >= 10)").
struct ParamIssue {
  std::string param;
  std::string message;
};
std::optional<ParamIssue> check_params(const RuleSpec& spec, const RuleInstance& rule);

// A stack in words, for the order ticket (docs/report.md): each entry rule's catalog description
// with its parameters, joined by "; and ": "fast SMA crosses above slow SMA (fast_period 10,
// slow_period 20); and RSI above a level (period 14, threshold 55)". Text parameters are left
// out; an entry of an unknown type gives its name.
std::string describe_stack(const Stack& stack);

// The catalog as Markdown (the body of docs/rules.md) and as plain text (for `validate`).
std::string catalog_markdown();
std::string catalog_text();

}  // namespace kiss
