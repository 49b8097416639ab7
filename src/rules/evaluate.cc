// evaluate.h through the catalog: every rule type is one table entry (rules/catalog_*.cc).
#include "rules/evaluate.h"

#include "rules/catalog.h"
#include "rules/columns.h"

namespace kiss {

Result<Mask> evaluate_signal(const RuleInstance& rule, const RuleInput& in, IndicatorCache& cache) {
  const RuleSpec* spec = find_rule(rule.type);
  if (spec == nullptr) {
    return make_error("rule '" + rule.name + "' has unknown type '" + rule.type + "'");
  }
  if (spec->level_exit) {
    return make_error("rule '" + rule.name + "' (" + rule.type +
                      ") is a price-level exit, not a signal");
  }
  if (in.bars == nullptr) return make_error("rule '" + rule.name + "' evaluated without bars");
  return spec->signal(Args(*spec, rule), in, cache);
}

bool is_level_exit(const std::string& type) {
  const RuleSpec* spec = find_rule(type);
  return spec != nullptr && spec->level_exit;
}

LevelExit to_level_exit(const RuleInstance& rule) {
  const RuleSpec* spec = find_rule(rule.type);
  LevelExit out;
  out.name = rule.name;
  if (spec == nullptr || !spec->level_exit) return out;  // precondition violated
  out.kind = spec->level_kind;
  const Args args(*spec, rule);
  out.value = args.number(spec->value_param);
  if (!spec->period_param.empty()) out.atr_period = args.integer(spec->period_param);
  return out;
}

const std::vector<double>& atr_column(const RuleInput& in, IndicatorCache& cache, int period) {
  return cols::column(cols::Series{*in.bars, ""}, cache, "atr", {period});
}

int rule_warmup(const RuleInstance& rule) {
  const RuleSpec* spec = find_rule(rule.type);
  return spec == nullptr ? 0 : spec->warmup(Args(*spec, rule));
}

}  // namespace kiss
