// config.yaml (docs/configuration.md): the original tool's keys with their meaning, plus the new
// ones. Each mapping is read through a table of known keys, so an unknown key is reported with the
// nearest known one, and every value is checked for type and range where it stands.
#include "config/config_loader.h"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <regex>
#include <set>

#include "config/yaml_util.h"
#include "util/date.h"
#include "util/text.h"

namespace kiss {

namespace {

using yamlx::Diagnostics;
using yamlx::format_number;

// One known key of a mapping and how to read its value (`key` is the full key path).
struct Field {
  std::string name;
  std::function<void(const YAML::Node& value, const std::string& key)> read;
  bool null_ok = false;  // `key:` with no value allowed (means "not set")
};

// Reads `map` (a mapping, or nothing for "all defaults") against `fields`.
void read_map(const YAML::Node& map, const std::string& path, const std::vector<Field>& fields,
              Diagnostics& diag) {
  if (map.IsNull()) return;
  if (!map.IsMap()) {
    diag.add(map, path.empty() ? std::string() : path, "expected a mapping of keys");
    return;
  }
  std::vector<std::string> names;
  names.reserve(fields.size());
  for (const auto& f : fields) names.push_back(f.name);
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node k = it->first;  // a copy: it-> yields a temporary proxy
    const YAML::Node v = it->second;
    if (!k.IsScalar()) {
      diag.add(k, path, "keys must be plain names");
      continue;
    }
    const std::string& name = k.Scalar();  // k, a copy of the node, outlives the loop body
    const std::string key = yamlx::join(path, name);
    if (!seen.insert(name).second) continue;  // duplicate: reported by check_duplicate_keys
    const Field* field = nullptr;
    for (const auto& f : fields) {
      if (f.name == name) field = &f;
    }
    if (field == nullptr) {
      diag.add(k, key, "unknown key" + yamlx::did_you_mean(name, names));
      continue;
    }
    if (v.IsNull()) {
      if (!field->null_ok) diag.add(k, key, "missing value");
      continue;
    }
    field->read(v, key);
  }
}

std::string range_text(double lo, double hi, bool lo_open) {
  if (std::isinf(hi)) {
    return lo_open ? "greater than " + format_number(lo) : "at least " + format_number(lo);
  }
  return std::string("between ") + format_number(lo) + (lo_open ? " (excluded)" : "") + " and " +
         format_number(hi);
}

// Every numeric key has a range (docs/configuration.md): a value outside it is a typo or a unit
// error (capital 1e308 silently gave 0 trades), never a setting.
constexpr int kMaxDurationBars = 25200;  // 100 years of 252 bars

class ConfigReader {
 public:
  ConfigReader(Diagnostics& diag) : diag_(diag) {}

  Field integer(std::string name, int& out, long long lo, long long hi) {
    return {std::move(name), [this, &out, lo, hi](const YAML::Node& v, const std::string& key) {
              auto x = yamlx::get_int(v, key, diag_);
              if (!x) return;
              if (*x < lo || *x > hi) {
                diag_.add(v, key,
                          "must be " +
                              range_text(static_cast<double>(lo), static_cast<double>(hi), false) +
                              ", got " + std::to_string(*x));
                return;
              }
              out = static_cast<int>(*x);
            }};
  }

  Field number(std::string name, double& out, double lo, double hi, bool lo_open = false) {
    return {std::move(name),
            [this, &out, lo, hi, lo_open](const YAML::Node& v, const std::string& key) {
              auto x = yamlx::get_double(v, key, diag_);
              if (!x) return;
              if ((lo_open ? *x <= lo : *x < lo) || *x > hi) {
                diag_.add(v, key,
                          "must be " + range_text(lo, hi, lo_open) + ", got " + format_number(*x));
                return;
              }
              out = *x;
            }};
  }

  Field boolean(std::string name, bool& out) {
    return {std::move(name), [this, &out](const YAML::Node& v, const std::string& key) {
              if (auto x = yamlx::get_bool(v, key, diag_)) out = *x;
            }};
  }

  Field text(std::string name, std::string& out) {
    return {std::move(name), [this, &out](const YAML::Node& v, const std::string& key) {
              auto x = yamlx::get_string(v, key, diag_);
              if (!x) return;
              if (x->empty()) {
                diag_.add(v, key, "must not be empty");
                return;
              }
              out = *x;
            }};
  }

  Field duration(std::string name, Duration& out) {
    return {std::move(name), [this, &out](const YAML::Node& v, const std::string& key) {
              auto s = yamlx::scalar(v, key, "a duration", diag_);
              if (!s) return;
              auto d = parse_duration(s->text);
              if (d && d->to_bars() > kMaxDurationBars) {
                diag_.add(v, key,
                          "duration '" + s->text + "' is longer than 100 years (" +
                              std::to_string(kMaxDurationBars) + " bars)");
                return;
              }
              if (!d) {
                diag_.add(v, key,
                          "bad duration '" + clip(s->text) +
                              "' (expected a count >= 1 and a unit: d, w, m, y or b, e.g. "
                              "\"365d\" or \"252b\")");
                return;
              }
              out = *d;
            }};
  }

  template <class E>
  Field choice(std::string name, E& out, std::vector<std::pair<std::string, E>> options) {
    return {std::move(name), [this, &out, options](const YAML::Node& v, const std::string& key) {
              auto s = yamlx::get_string(v, key, diag_);
              if (!s) return;
              std::vector<std::string> names;
              for (const auto& [n, e] : options) {
                if (n == *s) {
                  out = e;
                  return;
                }
                names.push_back(n);
              }
              diag_.add(v, key,
                        "unknown value '" + clip(*s) + "' (expected " + join(names, '|') + ")" +
                            yamlx::did_you_mean(*s, names));
            }};
  }

  Field sub(std::string name, std::vector<Field> fields,
            std::function<void(const YAML::Node&, const std::string&)> after = {}) {
    return {std::move(name),
            [this, fields = std::move(fields), after = std::move(after)](const YAML::Node& v,
                                                                         const std::string& key) {
              const std::size_t before = diag_.errors().size();
              read_map(v, key, fields, diag_);
              if (after && diag_.errors().size() == before && v.IsMap()) after(v, key);
            }};
  }

 private:
  Diagnostics& diag_;
};

std::string resolve(const std::string& dir, const std::string& p) {
  std::filesystem::path path(p);
  if (path.is_absolute()) return path.lexically_normal().string();
  return (std::filesystem::path(dir) / path).lexically_normal().string();
}

void resolve_paths(Config& c) {
  c.universe_path = resolve(c.config_dir, c.universe_path);
  c.cache_dir = resolve(c.config_dir, c.cache_dir);
  c.database_path = resolve(c.config_dir, c.database_path);
  c.reports_output_dir = resolve(c.config_dir, c.reports_output_dir);
  c.data_source.path = resolve(c.config_dir, c.data_source.path);
}

std::string dir_of(const std::string& path) {
  std::string d = std::filesystem::path(path).parent_path().string();
  return d.empty() ? std::string(".") : d;
}

}  // namespace

int Duration::to_bars() const noexcept {
  double days = 0.0;
  switch (unit) {
    case Unit::kBars: return count;
    case Unit::kDays: days = count; break;
    case Unit::kWeeks: days = 7.0 * count; break;
    case Unit::kMonths: days = 30.4375 * count; break;
    case Unit::kYears: days = 365.25 * count; break;
  }
  return static_cast<int>(std::lround(days * 252.0 / 365.0));
}

std::optional<Duration> parse_duration(const std::string& text) {
  static const std::regex re("^([0-9]{1,6})([dwmyb])$");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return std::nullopt;
  Duration d;
  d.count = std::stoi(m[1].str());
  if (d.count < 1) return std::nullopt;
  switch (m[2].str()[0]) {
    case 'd': d.unit = Duration::Unit::kDays; break;
    case 'w': d.unit = Duration::Unit::kWeeks; break;
    case 'm': d.unit = Duration::Unit::kMonths; break;
    case 'y': d.unit = Duration::Unit::kYears; break;
    default: d.unit = Duration::Unit::kBars; break;
  }
  return d;
}

std::string format_duration(const Duration& d) {
  const char* u = "d";
  switch (d.unit) {
    case Duration::Unit::kDays: u = "d"; break;
    case Duration::Unit::kWeeks: u = "w"; break;
    case Duration::Unit::kMonths: u = "m"; break;
    case Duration::Unit::kYears: u = "y"; break;
    case Duration::Unit::kBars: u = "b"; break;
  }
  return std::to_string(d.count) + u;
}

std::string fnv1a64_hex(const std::string& bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Config default_config(const std::string& dir) {
  Config c;
  c.config_dir = dir.empty() ? std::string(".") : dir;
  c.config_path = (std::filesystem::path(c.config_dir) / "config.yaml").lexically_normal().string();
  resolve_paths(c);
  c.file_hash = fnv1a64_hex(c.snapshot);
  c.hash = c.file_hash;
  return c;
}

ConfigLoad load_config_all(const std::string& path) {
  ConfigLoad out;
  auto doc = yamlx::read_document(path, "config file");
  if (!doc) {
    out.errors.push_back(doc.error());
    return out;
  }
  Diagnostics diag(path);
  Config& c = out.config;
  c.config_path = path;
  c.config_dir = dir_of(path);
  c.snapshot = doc->bytes;
  c.file_hash = fnv1a64_hex(yamlx::canonical_text(doc->root));
  c.hash = c.file_hash;

  yamlx::check_duplicate_keys(doc->root, "", diag);
  ConfigReader r(diag);

  auto weights_sum = [&diag, &c](const YAML::Node& v, const std::string& key) {
    const double sum = c.edge_score_weights.win_pct + c.edge_score_weights.sharpe;
    if (std::fabs(sum - 1.0) > 1e-6) {
      diag.add(v, key, "win_pct + sharpe must sum to 1 (within 1e-6), got " + format_number(sum));
    }
  };

  auto base_url_ok = [&diag, &c](const YAML::Node& v, const std::string& key) {
    const std::string& u = c.data_source.base_url;
    if (c.data_source.type == DataSource::Type::kYahoo && u.rfind("http://", 0) != 0 &&
        u.rfind("https://", 0) != 0) {
      const YAML::Node at = v["base_url"] ? v["base_url"] : v;
      diag.add(at, yamlx::join(key, "base_url"),
               "must start with http:// or https://, got '" + clip(u) + "'");
    }
  };

  std::vector<Field> top = {
      r.text("universe_path", c.universe_path),
      r.integer("historical_data_years", c.historical_data_years, 1, 30),
      r.text("cache_dir", c.cache_dir),
      r.text("database_path", c.database_path),
      r.integer("hold_period", c.hold_period, 1, 1000),
      r.integer("min_trades_threshold", c.min_trades_threshold, 0, 100000),
      r.sub("edge_score_weights",
            {r.number("win_pct", c.edge_score_weights.win_pct, 0.0, 1.0),
             r.number("sharpe", c.edge_score_weights.sharpe, 0.0, 1.0)},
            weights_sum),
      r.number("edge_score_threshold", c.edge_score_threshold, 0.0, 1.0),
      r.text("reports_output_dir", c.reports_output_dir),
      r.number("portfolio_initial_capital", c.portfolio_initial_capital, 0.0, 1e12, true),
      r.number("risk_per_trade_pct", c.risk_per_trade_pct, 0.0, 0.1, true),
      r.integer("max_open_positions", c.max_open_positions, 1, 1000),
      r.sub("walk_forward",
            {r.boolean("enabled", c.walk_forward.enabled),
             r.duration("training_period", c.walk_forward.training_period),
             r.duration("testing_period", c.walk_forward.testing_period),
             r.duration("step_size", c.walk_forward.step_size),
             r.integer("min_trades_per_period", c.walk_forward.min_trades_per_period, 0, 100000)}),
      r.number("seeker_min_edge_score", c.seeker_min_edge_score, 0.0, 1.0),
      r.integer("seeker_min_trades", c.seeker_min_trades, 0, 100000),
      r.text("benchmark_symbol", c.benchmark_symbol),
      r.sub("data_source",
            {r.choice<DataSource::Type>("type", c.data_source.type,
                                        {{"csv", DataSource::Type::kCsv},
                                         {"yahoo", DataSource::Type::kYahoo}}),
             r.text("path", c.data_source.path), r.text("base_url", c.data_source.base_url),
             r.text("suffix", c.data_source.suffix),
             r.number("timeout_seconds", c.data_source.timeout_seconds, 0.0, 600.0, true),
             r.integer("retries", c.data_source.retries, 0, 10),
             r.number("delay_between_symbols", c.data_source.delay_between_symbols, 0.0, 60.0)},
            base_url_ok),
      r.choice<Execution>("execution", c.execution,
                          {{"next_open", Execution::kNextOpen}, {"close", Execution::kClose}}),
      r.sub("costs", {r.number("brokerage_pct", c.costs.brokerage_pct, 0.0, 0.1),
                      r.number("brokerage_flat", c.costs.brokerage_flat, 0.0, 1e6),
                      r.number("stt_pct", c.costs.stt_pct, 0.0, 0.1),
                      r.number("exchange_txn_pct", c.costs.exchange_txn_pct, 0.0, 0.1),
                      r.number("sebi_per_crore", c.costs.sebi_per_crore, 0.0, 1e6),
                      r.number("stamp_duty_pct", c.costs.stamp_duty_pct, 0.0, 0.1),
                      r.number("gst_pct", c.costs.gst_pct, 0.0, 1.0),
                      r.number("dp_charge", c.costs.dp_charge, 0.0, 1e6),
                      r.number("slippage_bps", c.costs.slippage_bps, 0.0, 1000.0)}),
      r.sub("search", {r.integer("max_layers", c.search.max_layers, 1, 10)}),
      r.integer("jobs", c.jobs, 0, 1024),
      r.integer("cache_refresh_days", c.cache_refresh_days, 1, 3650),
  };
  // freeze_date: YYYY-MM-DD (quoted or not; YAML would read it as a date string either way).
  top.push_back(Field{"freeze_date",
                      [&diag, &c](const YAML::Node& v, const std::string& key) {
                        auto s = yamlx::get_string(v, key, diag);
                        if (!s) return;
                        if (!parse_iso_date(*s)) {
                          diag.add(v, key, "expected a date YYYY-MM-DD, got '" + clip(*s) + "'");
                          return;
                        }
                        c.freeze_date = *s;
                        c.freeze_date_line = v.Mark().is_null() ? 0 : v.Mark().line + 1;
                      },
                      true});

  if (!doc->root.IsNull() && !doc->root.IsMap()) {
    diag.add(doc->root, "", "expected a mapping of keys at the top of the file");
  } else {
    read_map(doc->root, "", top, diag);
  }
  resolve_paths(c);
  out.errors = diag.take();
  std::stable_sort(out.errors.begin(), out.errors.end(), [](const Error& a, const Error& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return out;
}

Result<Config> load_config(const std::string& path) {
  ConfigLoad l = load_config_all(path);
  if (!l.errors.empty()) return tl::unexpected<Error>(l.errors.front());
  return std::move(l.config);
}

void include_rules_in_hash(Config& config, const RuleSet& rules) {
  config.hash = fnv1a64_hex("config " + config.file_hash + " rules " + rules.hash);
}

}  // namespace kiss
