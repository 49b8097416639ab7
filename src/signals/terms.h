// The frozen terms of a position (docs/positions.md, "Frozen positions"): everything that decides
// how the book manages a position after its NEW BUY, copied when the position is created and
// stored with it (positions.terms, JSON). Editing rules.yaml or config.yaml afterwards changes the
// strategies and future signals, never the management of a position already in the book, and
// never makes a run fail. Pure: JSON text in, JSON text out.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "rules/model.h"
#include "util/error.h"

namespace kiss::signals {

struct Terms {
  Stack stack;                                // the entries (and a layer's extra exits)
  std::vector<RuleInstance> exit_conditions;  // the file's shared exit rules, with their params
  Execution execution = Execution::kNextOpen;
  int hold_period = 20;
  Costs costs;
  double risk_per_trade_pct = 0.01;
  double sizing_equity = 0;  // the book equity the shares were sized from (rupees)

  // Same management: stack, exits, execution, hold period and costs (a rule's line number and
  // description, and the sizing equity, do not change how the position is managed).
  bool same_management(const Terms& other) const;
};

// Same rules in the same order: name, type and parameters (not line or description).
bool same_rules(const std::vector<RuleInstance>& a, const std::vector<RuleInstance>& b);
bool same_costs(const Costs& a, const Costs& b);

// The terms a position signalled now by `stack` gets from the current files.
Terms freeze_terms(const Stack& stack, const RuleSet& rules, const Config& config,
                   double sizing_equity);

// Compact JSON, keys sorted, numbers as shortest round-trip text (same terms, same bytes).
std::string terms_to_json(const Terms& terms);
// The inverse; an error names `what` (e.g. "position of TCS") and the bad key.
Result<Terms> terms_from_json(std::string_view json, const std::string& what);

// A rules set holding only what the terms manage: `stack` as its one candidate and the frozen
// exit conditions (no filters or preconditions: the signal has already been given).
RuleSet terms_rules(const Terms& terms);
// `base` with the frozen execution, hold period, costs and risk.
Config terms_config(const Config& base, const Terms& terms);

}  // namespace kiss::signals
