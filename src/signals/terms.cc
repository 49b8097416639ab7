#include "signals/terms.h"

#include <nlohmann/json.hpp>

namespace kiss::signals {

namespace {

using nlohmann::json;

bool same_rule(const RuleInstance& a, const RuleInstance& b) {
  return a.name == b.name && a.type == b.type && a.params == b.params &&
         a.text_params == b.text_params;
}

json rule_json(const RuleInstance& r) {
  json j;
  j["name"] = r.name;
  j["type"] = r.type;
  j["params"] = r.params;
  if (!r.text_params.empty()) j["text_params"] = r.text_params;
  return j;
}

json rules_json(const std::vector<RuleInstance>& rules) {
  json a = json::array();
  for (const RuleInstance& r : rules) a.push_back(rule_json(r));
  return a;
}

std::vector<RuleInstance> rules_from(const json& a) {
  std::vector<RuleInstance> out;
  for (const json& j : a) {
    RuleInstance r;
    r.name = j.at("name").get<std::string>();
    r.type = j.at("type").get<std::string>();
    r.params = j.at("params").get<std::map<std::string, double>>();
    if (j.contains("text_params")) {
      r.text_params = j.at("text_params").get<std::map<std::string, std::string>>();
    }
    out.push_back(std::move(r));
  }
  return out;
}

json costs_json(const Costs& c) {
  return json{{"brokerage_flat", c.brokerage_flat},
              {"brokerage_pct", c.brokerage_pct},
              {"dp_charge", c.dp_charge},
              {"exchange_txn_pct", c.exchange_txn_pct},
              {"gst_pct", c.gst_pct},
              {"sebi_per_crore", c.sebi_per_crore},
              {"slippage_bps", c.slippage_bps},
              {"stamp_duty_pct", c.stamp_duty_pct},
              {"stt_pct", c.stt_pct}};
}

Costs costs_from(const json& j) {
  Costs c;
  c.brokerage_flat = j.at("brokerage_flat").get<double>();
  c.brokerage_pct = j.at("brokerage_pct").get<double>();
  c.dp_charge = j.at("dp_charge").get<double>();
  c.exchange_txn_pct = j.at("exchange_txn_pct").get<double>();
  c.gst_pct = j.at("gst_pct").get<double>();
  c.sebi_per_crore = j.at("sebi_per_crore").get<double>();
  c.slippage_bps = j.at("slippage_bps").get<double>();
  c.stamp_duty_pct = j.at("stamp_duty_pct").get<double>();
  c.stt_pct = j.at("stt_pct").get<double>();
  return c;
}

}  // namespace

bool same_rules(const std::vector<RuleInstance>& a, const std::vector<RuleInstance>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same_rule(a[i], b[i])) return false;
  }
  return true;
}

bool same_costs(const Costs& a, const Costs& b) {
  return a.brokerage_flat == b.brokerage_flat && a.brokerage_pct == b.brokerage_pct &&
         a.dp_charge == b.dp_charge && a.exchange_txn_pct == b.exchange_txn_pct &&
         a.gst_pct == b.gst_pct && a.sebi_per_crore == b.sebi_per_crore &&
         a.slippage_bps == b.slippage_bps && a.stamp_duty_pct == b.stamp_duty_pct &&
         a.stt_pct == b.stt_pct;
}

bool Terms::same_management(const Terms& other) const {
  return same_rules(stack.entries, other.stack.entries) &&
         same_rules(stack.extra_exits, other.stack.extra_exits) &&
         same_rules(exit_conditions, other.exit_conditions) && execution == other.execution &&
         hold_period == other.hold_period && same_costs(costs, other.costs);
}

Terms freeze_terms(const Stack& stack, const RuleSet& rules, const Config& config,
                   double sizing_equity) {
  Terms t;
  t.stack = stack;
  t.exit_conditions = rules.exit_conditions;
  t.execution = config.execution;
  t.hold_period = config.hold_period;
  t.costs = config.costs;
  t.risk_per_trade_pct = config.risk_per_trade_pct;
  t.sizing_equity = sizing_equity;
  return t;
}

std::string terms_to_json(const Terms& t) {
  json j;
  j["version"] = 1;
  j["entries"] = rules_json(t.stack.entries);
  j["extra_exits"] = rules_json(t.stack.extra_exits);
  j["exit_conditions"] = rules_json(t.exit_conditions);
  j["execution"] = t.execution == Execution::kClose ? "close" : "next_open";
  j["hold_period"] = t.hold_period;
  j["costs"] = costs_json(t.costs);
  j["risk_per_trade_pct"] = t.risk_per_trade_pct;
  j["sizing_equity"] = t.sizing_equity;
  return j.dump();
}

Result<Terms> terms_from_json(std::string_view text, const std::string& what) {
  auto fail = [&](const std::string& why) -> Result<Terms> {
    return make_error(what + ": its frozen terms cannot be read: " + why, {}, 0, 0,
                      "positions.terms");
  };
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return fail("not a JSON object");
  try {
    if (j.at("version").get<int>() != 1) return fail("unknown version");
    Terms t;
    t.stack.entries = rules_from(j.at("entries"));
    t.stack.extra_exits = rules_from(j.at("extra_exits"));
    t.exit_conditions = rules_from(j.at("exit_conditions"));
    const auto execution = j.at("execution").get<std::string>();
    if (execution != "close" && execution != "next_open") return fail("execution " + execution);
    t.execution = execution == "close" ? Execution::kClose : Execution::kNextOpen;
    t.hold_period = j.at("hold_period").get<int>();
    if (t.hold_period < 1) return fail("hold_period below 1");
    t.costs = costs_from(j.at("costs"));
    t.risk_per_trade_pct = j.at("risk_per_trade_pct").get<double>();
    t.sizing_equity = j.at("sizing_equity").get<double>();
    return t;
  } catch (const json::exception& e) {  // a missing key or a wrong type: named, not swallowed
    return fail(e.what());
  }
}

RuleSet terms_rules(const Terms& t) {
  RuleSet r;
  r.path = "the position's frozen terms";
  r.exit_conditions = t.exit_conditions;
  r.candidates.push_back(t.stack);
  return r;
}

Config terms_config(const Config& base, const Terms& t) {
  Config c = base;
  c.execution = t.execution;
  c.hold_period = t.hold_period;
  c.costs = t.costs;
  c.risk_per_trade_pct = t.risk_per_trade_pct;
  return c;
}

}  // namespace kiss::signals
