#include "daily/setup.h"

#include <algorithm>
#include <thread>

#include "config/config_loader.h"
#include "config/rules_loader.h"
#include "config/universe.h"

namespace kiss::daily {

namespace {

// The freeze date: --freeze-data wins over the config's freeze_date (the original tool's key).
Status resolve_freeze(const Request& request, RunSetup& s) {
  s.freeze_text = request.freeze_data.value_or(s.config.freeze_date);
  s.freeze_from_config = !request.freeze_data && !s.config.freeze_date.empty();
  if (request.freeze_data) {
    s.freeze = parse_iso_date(*request.freeze_data);
    return {};
  }
  if (s.config.freeze_date.empty()) return {};
  s.freeze = parse_iso_date(s.config.freeze_date);
  if (!s.freeze) {
    return make_error("'" + s.config.freeze_date + "' is not a date YYYY-MM-DD",
                      s.config.config_path, s.config.freeze_date_line, 0, "freeze_date");
  }
  return {};
}

// A freeze date after today, named as the user gave it: --freeze-data (usage, exit 2) or
// config.yaml's freeze_date (exit 1, naming the file and the key).
Error future_freeze(const std::string& text, bool from_config, const Config& config, Date today) {
  return make_error("'" + text + "' is after today (" + format_date(today) +
                        ", Asia/Kolkata): a run cannot be dated in the future",
                    from_config ? config.config_path : std::string(),
                    from_config ? config.freeze_date_line : 0, 0,
                    from_config ? "freeze_date" : "--freeze-data",
                    from_config ? ExitCode::kBadInput : ExitCode::kUsage)
      .value();
}

}  // namespace

Result<std::optional<Date>> resolve_freeze_date(const Config& config,
                                                const std::optional<std::string>& option,
                                                Date today) {
  const bool from_config = !option && !config.freeze_date.empty();
  if (!option && !from_config) return std::optional<Date>{};
  const std::string& text = option ? *option : config.freeze_date;
  const std::optional<Date> date = parse_iso_date(text);
  if (!date) {
    return make_error("'" + text + "' is not a date YYYY-MM-DD",
                      from_config ? config.config_path : std::string(),
                      from_config ? config.freeze_date_line : 0, 0,
                      from_config ? "freeze_date" : "--freeze-data",
                      from_config ? ExitCode::kBadInput : ExitCode::kUsage);
  }
  if (*date > today) return tl::unexpected(future_freeze(text, from_config, config, today));
  return date;
}

Result<RunSetup> load_setup(const Request& request) {
  if (request.freeze_data && !parse_iso_date(*request.freeze_data)) {
    return make_error("'" + *request.freeze_data + "' is not a date YYYY-MM-DD", {}, 0, 0,
                      "--freeze-data", ExitCode::kUsage);
  }
  RunSetup s;
  auto config = load_config(request.config_path);
  if (!config) return tl::unexpected(std::move(config.error()));
  s.config = std::move(*config);
  if (auto st = resolve_freeze(request, s); !st) return tl::unexpected(std::move(st.error()));
  s.config.freeze_date = s.freeze_text;  // the effective one, for strategies.config_snapshot
  if (request.min_trades) s.config.min_trades_threshold = *request.min_trades;
  if (request.jobs) s.config.jobs = *request.jobs;
  auto rules_path = find_rules_path(request.rules_path, s.config);
  if (!rules_path) return tl::unexpected(std::move(rules_path.error()));
  auto rules = load_rules(*rules_path, s.config);
  if (!rules) return tl::unexpected(std::move(rules.error()));
  s.rules = std::move(*rules);
  include_rules_in_hash(s.config, s.rules);  // results depend on both files
  auto universe = load_universe(s.config.universe_path);
  if (!universe) return tl::unexpected(std::move(universe.error()));
  s.universe = std::move(*universe);
  return s;
}

Status check_freeze_not_future(const RunSetup& setup, const Clock& clock) {
  const Date today = exchange_today(clock);
  if (!setup.freeze || *setup.freeze <= today) return {};
  return tl::unexpected(
      future_freeze(setup.freeze_text, setup.freeze_from_config, setup.config, today));
}

std::string setup_text(const RunSetup& setup) {
  return "Configuration loaded (" + std::to_string(setup.universe.size()) + " symbols, " +
         std::to_string(setup.rules.candidates.size()) + " candidate stacks, " +
         std::to_string(setup.rules.exit_conditions.size()) + " exit rules)";
}

std::vector<std::string> wanted_symbols(const RunSetup& setup) {
  std::vector<std::string> wanted;
  wanted.reserve(setup.universe.size() + 1);
  for (const UniverseEntry& u : setup.universe) wanted.push_back(u.symbol);
  const std::string& benchmark = setup.config.benchmark_symbol;
  if (std::find(wanted.begin(), wanted.end(), benchmark) == wanted.end()) {
    wanted.push_back(benchmark);
  }
  return wanted;
}

int worker_count(const Config& config) {
  if (config.jobs > 0) return config.jobs;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace kiss::daily
