// rules.yaml: PRD form (baseline + layers), the original v1.4 form (entry_signals) and the
// story-007 form (rules:), with shared preconditions, context_filters and exit_conditions (the
// original PRD-era files call the latter sell_conditions). Every rule is checked against the
// catalog table; nothing is silently fixed.
#include "config/rules_loader.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "config/config_loader.h"
#include "config/yaml_util.h"
#include "rules/catalog.h"
#include "util/text.h"

namespace kiss {

namespace {

using yamlx::Diagnostics;

// Where a rule stands decides whether price-level exits are allowed.
enum class Role { kEntry, kFilter, kExit };

const std::vector<std::string>& rule_keys() {
  static const std::vector<std::string> k = {"name", "type", "params", "description"};
  return k;
}

const std::vector<std::string>& top_keys() {
  static const std::vector<std::string> k = {"baseline",        "layers",
                                             "entry_signals",   "rules",
                                             "preconditions",   "context_filters",
                                             "exit_conditions", "sell_conditions",
                                             "validation"};
  return k;
}

int line_of(const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }

class RulesReader {
 public:
  RulesReader(Diagnostics& diag, const Config& config) : diag_(diag), config_(config) {}

  // One rule {name, type, params, description}.
  std::optional<RuleInstance> rule(const YAML::Node& node, const std::string& path, Role role) {
    if (!node.IsMap()) {
      diag_.add(node, path, "expected a rule {name, type, params}");
      return std::nullopt;
    }
    const std::size_t errors_before = diag_.errors().size();
    RuleInstance r;
    r.line = line_of(node);
    YAML::Node name_node, type_node, params_node;
    bool has_params = false;
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
      if (!seen.insert(k).second) continue;  // duplicate: reported by check_duplicate_keys
      const std::string key = yamlx::join(path, k);
      if (k == "name") {
        name_node = it->second;
      } else if (k == "type") {
        type_node = it->second;
      } else if (k == "params") {
        params_node = it->second;
        has_params = true;
      } else if (k == "description") {
        if (!it->second.IsNull()) {
          if (auto d = yamlx::get_string(it->second, key, diag_)) r.description = *d;
        }
      } else {
        diag_.add(it->first, key, "unknown key" + yamlx::did_you_mean(k, rule_keys()));
      }
    }
    // name
    if (!name_node || name_node.IsNull()) {
      diag_.add(node, yamlx::join(path, "name"), "missing rule name");
    } else if (auto n = yamlx::get_string(name_node, yamlx::join(path, "name"), diag_)) {
      if (n->empty()) {
        diag_.add(name_node, yamlx::join(path, "name"), "must not be empty");
      } else if (n->find_first_of("+,") != std::string::npos) {
        diag_.add(name_node, yamlx::join(path, "name"),
                  "rule names may not contain '+' or ',' (they join rule names in stacks)");
      } else {
        r.name = *n;
        auto [pos, inserted] = names_.emplace(r.name, line_of(name_node));
        if (!inserted) {
          diag_.add(name_node, yamlx::join(path, "name"),
                    "duplicate rule name '" + clip(r.name) + "' (first defined at line " +
                        std::to_string(pos->second) + ")");
        }
      }
    }
    // type
    const RuleSpec* spec = nullptr;
    const std::string type_key = yamlx::join(path, "type");
    if (!type_node || type_node.IsNull()) {
      diag_.add(node, type_key, "missing rule type");
    } else if (auto t = yamlx::get_string(type_node, type_key, diag_)) {
      spec = find_rule(*t);
      if (spec == nullptr) {
        diag_.add(type_node, type_key,
                  "unknown rule type '" + clip(*t) + "'" +
                      yamlx::did_you_mean(*t, rule_type_names()));
      } else {
        r.type = *t;
        if (spec->level_exit && role != Role::kExit) {
          diag_.add(type_node, type_key,
                    "'" + r.type +
                        "' is a price-level exit: it is only valid under exit_conditions or a "
                        "layer's exit: list");
        }
      }
    }
    if (spec != nullptr) {
      params(*spec, has_params ? params_node : node, !has_params, yamlx::join(path, "params"), r);
    }
    if (diag_.errors().size() != errors_before) return std::nullopt;
    return r;
  }

  // A rule or a list of rules (baseline; a layer's entry/exit).
  std::vector<RuleInstance> rule_or_list(const YAML::Node& node, const std::string& path,
                                         Role role) {
    if (node.IsMap()) {
      std::vector<RuleInstance> out;
      if (auto r = rule(node, path, role)) out.push_back(std::move(*r));
      return out;
    }
    return list(node, path, role);
  }

  std::vector<RuleInstance> list(const YAML::Node& node, const std::string& path, Role role) {
    std::vector<RuleInstance> out;
    if (node.IsNull()) return out;
    if (!node.IsSequence()) {
      diag_.add(node, path, "expected a list of rules");
      return out;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      if (auto r = rule(node[i], yamlx::index(path, i), role)) out.push_back(std::move(*r));
    }
    return out;
  }

  // A PRD layer: a rule (one more entry condition) or {name, entry: [...], exit: [...]}.
  std::optional<Stack> layer(const YAML::Node& node, const std::string& path) {
    if (!node.IsMap() || !(node["entry"] || node["exit"])) {
      auto r = rule(node, path, Role::kEntry);
      if (!r) return std::nullopt;
      Stack s;
      s.entries.push_back(std::move(*r));
      return s;
    }
    static const std::vector<std::string> keys = {"name", "entry", "exit", "description"};
    const std::size_t errors_before = diag_.errors().size();
    Stack s;
    std::set<std::string> seen;
    bool named = false;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
      if (!seen.insert(k).second) continue;
      const std::string key = yamlx::join(path, k);
      if (k == "name") {
        if (auto n = yamlx::get_string(it->second, key, diag_)) named = !n->empty();
        if (!named && diag_.errors().size() == errors_before) {
          diag_.add(it->second, key, "must not be empty");
        }
      } else if (k == "description") {
        yamlx::get_string(it->second, key, diag_);
      } else if (k == "entry") {
        s.entries = rule_or_list(it->second, key, Role::kEntry);
      } else if (k == "exit") {
        s.extra_exits = rule_or_list(it->second, key, Role::kExit);
      } else {
        diag_.add(it->first, key, "unknown key" + yamlx::did_you_mean(k, keys));
      }
    }
    if (!seen.count("name")) diag_.add(node, yamlx::join(path, "name"), "missing layer name");
    if (diag_.errors().size() != errors_before) return std::nullopt;
    if (s.entries.empty() && s.extra_exits.empty()) {
      diag_.add(node, path, "a layer needs at least one entry or exit rule");
      return std::nullopt;
    }
    return s;
  }

 private:
  void params(const RuleSpec& spec, const YAML::Node& node, bool absent, const std::string& path,
              RuleInstance& r) {
    std::vector<std::string> names;
    for (const auto& p : spec.params) names.emplace_back(p.name);
    std::set<std::string> given;
    if (!absent && !node.IsNull()) {
      if (!node.IsMap()) {
        diag_.add(node, path, "expected a mapping of parameters");
        return;
      }
      for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
        if (!given.insert(k).second) continue;
        const std::string key = yamlx::join(path, k);
        const ParamSpec* p = find_param(spec, k);
        if (p == nullptr) {
          diag_.add(it->first, key,
                    "unknown parameter for " + std::string(spec.name) +
                        (names.empty() ? std::string(" (it takes none)")
                                       : yamlx::did_you_mean(k, names)));
          continue;
        }
        value(spec, *p, it->second, key, r);
      }
    }
    for (const auto& p : spec.params) {
      if (given.count(std::string(p.name))) continue;
      const std::string key = yamlx::join(path, p.name);
      if (p.required) {
        diag_.add(node, key, "missing required parameter of " + std::string(spec.name));
      } else if (p.kind == ParamSpec::Kind::kString) {
        r.text_params[std::string(p.name)] = p.text_default.empty() ? config_.benchmark_symbol
                                                                    : std::string(p.text_default);
      } else {
        r.params[std::string(p.name)] = p.def;
      }
    }
    if (auto issue = check_params(spec, r)) {
      const YAML::Node at = (!absent && node.IsMap() && node[issue->param]) ? node[issue->param]
                                                                            : node;
      diag_.add(at, yamlx::join(path, issue->param), issue->message + of_rule(spec, r));
    }
  }

  void value(const RuleSpec& spec, const ParamSpec& p, const YAML::Node& v, const std::string& key,
             RuleInstance& r) {
    const std::string name(p.name);
    if (v.IsNull()) {
      diag_.add(v, key, "missing value");
      return;
    }
    if (p.kind == ParamSpec::Kind::kString) {
      auto s = yamlx::get_string(v, key, diag_);
      if (!s) return;
      if (s->empty()) {
        diag_.add(v, key, "must not be empty");
        return;
      }
      if (name == "index_symbol" && *s != config_.benchmark_symbol) {
        diag_.add(v, key,
                  "'" + clip(*s) + "' is not the configured benchmark_symbol '" +
                      config_.benchmark_symbol + "' (the only index loaded)");
        return;
      }
      r.text_params[name] = *s;
      return;
    }
    std::optional<double> x;
    if (p.kind == ParamSpec::Kind::kInt) {
      auto i = yamlx::get_int(v, key, diag_);
      if (i) x = static_cast<double>(*i);
    } else {
      x = yamlx::get_double(v, key, diag_);
    }
    if (!x) return;
    if (auto why = check_value(p, *x)) {
      diag_.add(v, key, *why + of_rule(spec, r));
      return;
    }
    r.params[name] = *x;
  }

  // The rule a refused value belongs to, appended to the catalog's message (the key names the
  // parameter, the diagnostic the file and line).
  static std::string of_rule(const RuleSpec& spec, const RuleInstance& r) {
    return " (rule " + (r.name.empty() ? std::string() : "'" + r.name + "', ") + "type " +
           std::string(spec.name) + ")";
  }

  Diagnostics& diag_;
  const Config& config_;
  std::map<std::string, int> names_;  // rule name -> line of first definition
};

}  // namespace

RulesLoad load_rules_all(const std::string& path, const Config& config) {
  RulesLoad out;
  auto doc = yamlx::read_document(path, "rules file");
  if (!doc) {
    out.errors.push_back(doc.error());
    return out;
  }
  Diagnostics diag(path);
  RuleSet& rs = out.rules;
  rs.path = path;
  const YAML::Node& root = doc->root;
  rs.hash = fnv1a64_hex(yamlx::canonical_text(root));
  yamlx::check_duplicate_keys(root, "", diag);
  RulesReader reader(diag, config);

  if (!root.IsNull() && !root.IsMap()) {
    diag.add(root, "", "expected a mapping of keys at the top of the file");
    out.errors = diag.take();
    return out;
  }
  // Top-level keys, in file order (so rule names are checked for duplicates in file order).
  bool has_baseline = false, has_layers = false;
  YAML::Node layers_key;
  std::string form_key;  // the first form key seen
  std::set<std::string> seen;
  std::string exits_key;
  if (root.IsMap()) {
    for (auto it = root.begin(); it != root.end(); ++it) {
      const std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
      if (!seen.insert(k).second) continue;
      const YAML::Node v = it->second;
      if (std::find(top_keys().begin(), top_keys().end(), k) == top_keys().end()) {
        diag.add(it->first, k, "unknown key" + yamlx::did_you_mean(k, top_keys()));
        continue;
      }
      if (k == "baseline" || k == "layers" || k == "entry_signals" || k == "rules") {
        const bool prd = k == "baseline" || k == "layers";
        const bool prev_prd = form_key == "baseline" || form_key == "layers";
        if (!form_key.empty() && !(prd && prev_prd)) {
          diag.add(it->first, k,
                   "cannot be combined with '" + form_key +
                       "': a rules file uses one form (baseline + layers, entry_signals, or "
                       "rules)");
          continue;
        }
        if (form_key.empty()) form_key = k;
      }
      if (k == "baseline") {
        has_baseline = true;
        if (v.IsNull()) {
          diag.add(it->first, k, "missing value");
        } else {
          rs.baseline.entries = reader.rule_or_list(v, k, Role::kEntry);
        }
      } else if (k == "layers") {
        has_layers = true;
        layers_key = it->first;
        if (!v.IsNull() && !v.IsSequence()) {
          diag.add(v, k, "expected a list of layers");
        } else if (v.IsSequence()) {
          for (std::size_t i = 0; i < v.size(); ++i) {
            if (auto s = reader.layer(v[i], yamlx::index(k, i))) rs.layers.push_back(*s);
          }
        }
      } else if (k == "entry_signals" || k == "rules") {
        rs.form = k == "rules" ? RuleSet::Form::kStory : RuleSet::Form::kV14;
        for (auto& r : reader.list(v, k, Role::kEntry)) {
          Stack s;
          s.entries.push_back(std::move(r));
          rs.layers.push_back(std::move(s));
        }
        if (v.IsNull() || (v.IsSequence() && v.size() == 0)) {
          diag.add(it->first, k, "must list at least one rule");
        }
      } else if (k == "preconditions") {
        rs.preconditions = reader.list(v, k, Role::kFilter);
      } else if (k == "context_filters") {
        rs.context_filters = reader.list(v, k, Role::kFilter);
      } else if (k == "exit_conditions" || k == "sell_conditions") {
        if (!exits_key.empty()) {
          diag.add(it->first, k,
                   "cannot be combined with '" + exits_key +
                       "' (sell_conditions is the original name of exit_conditions)");
          continue;
        }
        exits_key = k;
        rs.exit_conditions = reader.list(v, k, Role::kExit);
      } else if (k == "validation") {
        // The original's reference table of parameter ranges: the catalog's ranges apply.
        if (!v.IsNull() && !v.IsMap()) diag.add(v, k, "expected a mapping");
      }
    }
  }
  if (form_key.empty()) {
    diag.add_at(0, 0, "",
                "no entry rules: expected 'baseline' (with optional 'layers'), 'entry_signals' "
                "or 'rules'");
  } else if (has_layers && !has_baseline) {
    diag.add(layers_key, "layers", "layers need a 'baseline' to build on");
  }
  if (has_baseline || has_layers) rs.form = RuleSet::Form::kPrd;

  if (diag.ok()) {
    if (rs.form == RuleSet::Form::kPrd) {
      rs.candidates.push_back(rs.baseline);
      for (const auto& l : rs.layers) {
        Stack s = rs.baseline;
        s.entries.insert(s.entries.end(), l.entries.begin(), l.entries.end());
        s.extra_exits = l.extra_exits;
        rs.candidates.push_back(std::move(s));
      }
    } else {
      rs.candidates = rs.layers;
    }
  }
  out.errors = diag.take();
  std::stable_sort(out.errors.begin(), out.errors.end(), [](const Error& a, const Error& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return out;
}

Result<RuleSet> load_rules(const std::string& path, const Config& config) {
  RulesLoad l = load_rules_all(path, config);
  if (!l.errors.empty()) return tl::unexpected<Error>(l.errors.front());
  return std::move(l.rules);
}

Result<std::string> find_rules_path(const std::string& option, const Config& config) {
  if (!option.empty()) return option;
  const std::filesystem::path dir(config.config_dir.empty() ? "." : config.config_dir);
  const std::string a = (dir / "rules.yaml").lexically_normal().string();
  const std::string b = (dir / "config" / "rules.yaml").lexically_normal().string();
  std::error_code ec;
  if (std::filesystem::is_regular_file(a, ec)) return a;
  if (std::filesystem::is_regular_file(b, ec)) return b;
  return make_error("no rules file: tried " + a + " and " + b + " (or give --rules PATH)");
}

}  // namespace kiss
