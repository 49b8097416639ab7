// The rule catalog: the table assembled from the family files, the typed parameter accessor,
// the checks of the table and of rules.yaml's values, and the catalog as text (see catalog.h).
#include "rules/catalog.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "rules/catalog_parts.h"
#include "util/text.h"

namespace kiss {

namespace {

using Kind = ParamSpec::Kind;

// The order of docs/rules.md, `validate` and did-you-mean: the original tool's rules first, then
// those a trader expects beyond them. Every entry of a family file must appear here exactly once
// (checked when the table is built).
constexpr std::string_view kDocumentationOrder[] = {
    "sma_crossover",       "ema_crossover",         "rsi_oversold",       "volume_spike",
    "hammer_pattern",      "engulfing_pattern",     "macd_crossover",     "bollinger_squeeze",
    "price_above_sma",     "sma_cross_under",       "stop_loss_pct",      "take_profit_pct",
    "stop_loss_atr",       "take_profit_atr",       "market_above_sma",   "price_above_long_sma",
    "is_volatile",         "simple_trailing_stop",  "chandelier_exit",    "rsi_above",
    "rsi_below",           "macd_above_signal",     "bollinger_breakout", "donchian_breakout",
    "adx_trending",        "stochastic_oversold",   "new_high_52w",       "gap_up",
    "inside_bar_breakout", "supertrend_flip",       "obv_rising",         "min_avg_turnover",
    "price_above_ema",     "williams_r_oversold",   "mfi_oversold",       "roc_above",
    "keltner_breakout",    "parabolic_sar_bullish", "volume_above_avg",
};

std::string kind_name(Kind k) {
  switch (k) {
    case Kind::kInt: return "int";
    case Kind::kDouble: return "number";
    case Kind::kString: return "string";
  }
  return "?";
}

std::string fmt(double v) {
  if (std::isinf(v)) return "∞";
  return shortest_number(v);
}

std::string default_text(const ParamSpec& p) {
  if (p.required) return "required";
  if (p.kind == Kind::kString) {
    return p.text_default.empty() ? "benchmark_symbol" : std::string(p.text_default);
  }
  return fmt(p.def);
}

std::string range_text(const ParamSpec& p) {
  if (p.kind == Kind::kString) return "-";
  return std::string(p.min_open ? "(" : "[") + fmt(p.min) + ", " + fmt(p.max) +
         (std::isinf(p.max) ? ")" : "]");
}

}  // namespace

// --- Args ---------------------------------------------------------------------------------

const ParamSpec& Args::declared(std::string_view name, Kind kind) const {
  const ParamSpec* p = find_param(spec_, name);
  if (p == nullptr) {
    throw std::logic_error("rule type " + std::string(spec_.name) + " reads parameter '" +
                           std::string(name) + "', which it does not declare");
  }
  if (p->kind != kind) {
    throw std::logic_error("rule type " + std::string(spec_.name) + " reads parameter '" +
                           std::string(name) + "' as " + kind_name(kind) + ", declared " +
                           kind_name(p->kind));
  }
  return *p;
}

double Args::value(const ParamSpec& p) const {
  auto it = rule_.params.find(std::string(p.name));
  if (it != rule_.params.end()) return it->second;
  // Not completed by the loader (an instance built in code): the catalog default.
  if (p.required) {
    throw std::logic_error("rule '" + rule_.name + "' (" + std::string(spec_.name) +
                           ") has no value for its required parameter '" + std::string(p.name) +
                           "'");
  }
  return p.def;
}

int Args::integer(std::string_view name) const {
  return static_cast<int>(std::lround(value(declared(name, Kind::kInt))));
}

double Args::number(std::string_view name) const { return value(declared(name, Kind::kDouble)); }

std::string Args::text(std::string_view name) const {
  const ParamSpec& p = declared(name, Kind::kString);
  auto it = rule_.text_params.find(std::string(p.name));
  return it == rule_.text_params.end() ? std::string() : it->second;
}

// --- Checks -------------------------------------------------------------------------------

std::optional<std::string> check_value(const ParamSpec& p, double x) {
  if (!std::isfinite(x)) return "must be a finite number";
  if (p.kind == Kind::kInt && x != std::trunc(x)) {
    return "must be an integer, got " + shortest_number(x);
  }
  const bool low = p.min_open ? x <= p.min : x < p.min;
  if (!low && !(x > p.max)) return std::nullopt;
  const std::string range = std::isinf(p.max) ? (p.min_open ? "greater than " : "at least ") +
                                                    shortest_number(p.min)
                                              : "between " + shortest_number(p.min) +
                                                    (p.min_open ? " (excluded)" : "") + " and " +
                                                    shortest_number(p.max);
  return "must be " + range + ", got " + shortest_number(x);
}

std::optional<ParamIssue> check_params(const RuleSpec& spec, const RuleInstance& rule) {
  if (spec.less_param.empty()) return std::nullopt;
  auto lo = rule.params.find(std::string(spec.less_param));
  auto hi = rule.params.find(std::string(spec.greater_param));
  if (lo == rule.params.end() || hi == rule.params.end() || lo->second < hi->second) {
    return std::nullopt;
  }
  return ParamIssue{std::string(spec.less_param),
                    "must be less than " + std::string(spec.greater_param) + " (" +
                        shortest_number(lo->second) + " >= " + shortest_number(hi->second) + ")"};
}

namespace {

// The params of `spec` as a table entry must declare them.
std::string param_problems(const RuleSpec& spec) {
  std::string out;
  auto add = [&](const std::string& what) { out += (out.empty() ? "" : "; ") + what; };
  for (std::size_t i = 0; i < spec.params.size(); ++i) {
    const ParamSpec& p = spec.params[i];
    const std::string name(p.name);
    for (std::size_t j = 0; j < i; ++j) {
      if (spec.params[j].name == p.name) add("parameter '" + name + "' declared twice");
    }
    if (p.kind == Kind::kString || p.required) continue;
    if (auto why = check_value(p, p.def)) add("default of '" + name + "' " + *why);
  }
  auto named = [&](std::string_view role, std::string_view n, std::optional<Kind> kind) {
    if (n.empty()) return;
    const ParamSpec* p = find_param(spec, n);
    if (p == nullptr) {
      add(std::string(role) + " '" + std::string(n) + "' is not a declared parameter");
    } else if (kind && p->kind != *kind) {
      add(std::string(role) + " '" + std::string(n) + "' has the wrong kind");
    }
  };
  named("value_param", spec.value_param, Kind::kDouble);
  named("period_param", spec.period_param, Kind::kInt);
  named("less_param", spec.less_param, std::nullopt);
  named("greater_param", spec.greater_param, std::nullopt);
  if (spec.warmup == nullptr) add("no warm-up function");
  if (spec.level_exit == (spec.signal != nullptr)) add("needs exactly one of signal or level exit");
  if (spec.level_exit && spec.value_param.empty()) add("a level exit needs a value_param");
  return out;
}

// A valid value of a required param, for the probe run of check_entry.
double probe_value(const ParamSpec& p) {
  double v = std::isinf(p.max) ? p.min + 1.0 : (p.min + p.max) / 2.0;
  if (p.kind == Kind::kInt) v = std::ceil(v);
  return v;
}

// A short rising, wobbling series (every bar valid), for the probe run of check_entry.
Bars probe_bars() {
  Bars b;
  b.symbol = "PROBE";
  for (int i = 0; i < 40; ++i) {
    const double c = 100.0 + i + ((i % 3) == 0 ? 2.0 : -1.0);
    b.push_back(20000 + i, c - 0.5, c + 1.5, c - 1.5, c, 1000.0 + 10.0 * (i % 7));
  }
  return b;
}

// Runs every function of the entry once on the probe series with every param set.
void probe(const RuleSpec& spec) {
  RuleInstance r;
  r.name = "probe";
  r.type = std::string(spec.name);
  for (const ParamSpec& p : spec.params) {
    if (p.kind == Kind::kString) {
      r.text_params[std::string(p.name)] = "PROBE";
    } else {
      r.params[std::string(p.name)] = p.required ? probe_value(p) : p.def;
    }
  }
  const Args args(spec, r);
  spec.warmup(args);
  if (spec.level_exit) {
    args.number(spec.value_param);
    if (!spec.period_param.empty()) args.integer(spec.period_param);
    return;
  }
  const Bars bars = probe_bars();
  const std::vector<int> idx = align_by_date(bars, bars);
  IndicatorCache cache;
  auto with_bench = spec.signal(args, RuleInput{&bars, &bars, idx}, cache);
  if (!with_bench) throw std::logic_error(with_bench.error().message);
  if (spec.uses_benchmark) spec.signal(args, RuleInput{&bars, nullptr, {}}, cache);
}

}  // namespace

Status check_entry(const RuleSpec& spec) {
  const std::string problems = param_problems(spec);
  if (!problems.empty()) {
    return make_error("rule type " + std::string(spec.name) + ": " + problems);
  }
  try {
    probe(spec);
  } catch (const std::logic_error& e) {
    // A slip in the entry's code (an undeclared param, an unknown indicator): reported as the
    // entry's error, which rule_catalog() turns into a failure of the table build.
    return make_error("rule type " + std::string(spec.name) + ": " + e.what());
  }
  return {};
}

// --- The table ----------------------------------------------------------------------------

namespace {

std::vector<RuleSpec> assemble() {
  catalog::Family all;
  catalog::add_trend_rules(all);
  catalog::add_momentum_rules(all);
  catalog::add_breakout_rules(all);
  catalog::add_volume_rules(all);
  catalog::add_pattern_rules(all);
  catalog::add_market_rules(all);
  catalog::add_exit_rules(all);
  std::vector<RuleSpec> table;
  std::string problems;
  for (std::string_view name : kDocumentationOrder) {
    const auto n = std::count_if(all.begin(), all.end(),
                                 [&](const RuleSpec& s) { return s.name == name; });
    if (n != 1) {
      problems += "\n  " + std::string(name) + ": " + std::to_string(n) +
                  " entries in the family files (expected 1)";
      continue;
    }
    table.push_back(
        *std::find_if(all.begin(), all.end(), [&](const RuleSpec& s) { return s.name == name; }));
  }
  for (const RuleSpec& s : all) {
    if (std::find(std::begin(kDocumentationOrder), std::end(kDocumentationOrder), s.name) ==
        std::end(kDocumentationOrder)) {
      problems += "\n  " + std::string(s.name) + ": missing from kDocumentationOrder";
    }
  }
  for (const RuleSpec& s : table) {
    if (auto st = check_entry(s); !st) problems += "\n  " + st.error().message;
  }
  // A faulty table is a programming error: fail loudly at the first use (the first rules file
  // loaded, and rules_test), never evaluate with it.
  if (!problems.empty()) throw std::logic_error("the rule catalog is inconsistent:" + problems);
  return table;
}

}  // namespace

const std::vector<RuleSpec>& rule_catalog() {
  static const std::vector<RuleSpec> catalog = assemble();
  return catalog;
}

const RuleSpec* find_rule(std::string_view type) {
  for (const auto& s : rule_catalog()) {
    if (s.name == type) return &s;
  }
  return nullptr;
}

std::vector<std::string> rule_type_names() {
  std::vector<std::string> out;
  for (const auto& s : rule_catalog()) out.emplace_back(s.name);
  return out;
}

const ParamSpec* find_param(const RuleSpec& spec, std::string_view name) {
  for (const auto& p : spec.params) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

// --- The catalog as text ------------------------------------------------------------------

std::string catalog_markdown() {
  std::string out;
  for (const auto& s : rule_catalog()) {
    out += "### `" + std::string(s.name) + "`\n\n";
    std::string d(s.description);
    if (!d.empty()) d[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(d[0])));
    out += d + ".";
    if (s.level_exit)
      out += " Price-level exit: valid only under `exit_conditions` or a layer's `exit:`.";
    if (s.uses_benchmark) out += " Reads the benchmark series.";
    out += "\n\n";
    out += "Condition: " + std::string(s.formula) + ".\n\n";
    out += "Warm-up: " + std::string(s.warmup_doc) + " bars.\n\n";
    if (s.params.empty()) {
      out += "No parameters.\n\n";
      continue;
    }
    out += "| parameter | kind | default | range | meaning |\n|---|---|---|---|---|\n";
    for (const auto& p : s.params) {
      out += "| `" + std::string(p.name) + "` | " + kind_name(p.kind) + " | " + default_text(p) +
             " | " + range_text(p) + " | " + std::string(p.doc) + " |\n";
    }
    if (!s.less_param.empty()) {
      out += "\nConstraint: `" + std::string(s.less_param) + "` < `" +
             std::string(s.greater_param) + "`.\n";
    }
    out += "\n";
  }
  return out;
}

std::string catalog_text() {
  std::string out;
  for (const auto& s : rule_catalog()) {
    out += "  " + std::string(s.name);
    out += s.level_exit ? " [exit level]" : "";
    out += ": " + std::string(s.description) + "\n";
    for (const auto& p : s.params) {
      out += "      " + std::string(p.name) + " (" + kind_name(p.kind) + ", " +
             (p.required ? std::string("required") : "default " + default_text(p)) +
             (p.kind == Kind::kString ? std::string() : ", " + range_text(p)) + ")\n";
    }
  }
  return out;
}

std::string describe_stack(const Stack& stack) {
  std::string out;
  for (const RuleInstance& r : stack.entries) {
    if (!out.empty()) out += "; and ";
    const RuleSpec* spec = find_rule(r.type);
    if (spec == nullptr) {
      out += r.name;
      continue;
    }
    out += spec->description;
    std::string params;
    for (const auto& [name, value] : r.params) {
      params += (params.empty() ? "" : ", ") + name + " " + shortest_number(value);
    }
    if (!params.empty()) out += " (" + params + ")";
  }
  return out;
}

}  // namespace kiss
