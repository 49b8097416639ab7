// kiss-signal history SYMBOL: the strategy chosen for a symbol on each data date (the latest
// run of that date: a re-run on the same data replaces the earlier one), and every position the
// tool recommended on it, oldest first (docs/persistence.md, "Keyed by the data date").
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/open_database.h"
#include "config/config.h"
#include "config/config_loader.h"
#include "config/rules_loader.h"
#include "daily/book_view.h"
#include "report/format.h"
#include "store/positions.h"
#include "store/schema.h"
#include "store/strategies.h"
#include "util/clock.h"
#include "util/text.h"

namespace kiss::cli {

namespace {

std::string stack_name(const std::vector<std::string>& stack) { return join(stack, '+'); }

std::string opt_date(const std::optional<Date>& d) { return d ? format_date(*d) : "-"; }

std::string opt_num(const std::optional<double>& v, const char* fmt) {
  if (!v) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, *v);
  return buf;
}

nlohmann::json opt_json(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// The model's own values beside the trader's recorded facts (docs/positions.md), by position id.
using ModelLines = std::map<std::int64_t, daily::BookLine>;

nlohmann::json model_entry(const ModelLines& model, std::int64_t id) {
  const auto it = model.find(id);
  return it == model.end() ? nlohmann::json(nullptr) : opt_json(it->second.model_entry_price);
}

nlohmann::json facts_json(const std::vector<PositionFact>& facts) {
  nlohmann::json a = nlohmann::json::array();
  for (const PositionFact& f : facts) {
    a.push_back({{"kind", std::string(to_string(f.kind))},
                 {"date", f.date ? nlohmann::json(format_date(*f.date)) : nullptr},
                 {"price", opt_json(f.price)},
                 {"shares", f.shares ? nlohmann::json(*f.shares) : nullptr},
                 {"recorded_at", f.recorded_at},
                 {"source", f.source}});
  }
  return a;
}

void print_json(const std::string& symbol, const std::vector<store::StrategyRecord>& strategies,
                const std::vector<BookPosition>& positions, const ModelLines& model) {
  nlohmann::json j = {{"symbol", symbol},
                      {"strategies", nlohmann::json::array()},
                      {"positions", nlohmann::json::array()}};
  for (const auto& s : strategies) {
    j["strategies"].push_back({{"data_date", s.data_date},
                               {"run_timestamp", s.run_timestamp},
                               {"config_hash", s.config_hash},
                               {"rule_stack", s.rule_stack},
                               {"edge_score", s.edge_score},
                               {"win_pct", s.win_pct},
                               {"sharpe", s.sharpe},
                               {"total_trades", s.total_trades},
                               {"avg_return", s.avg_return}});
  }
  for (const auto& p : positions) {
    j["positions"].push_back(
        {{"status", std::string(to_string(p.status))},
         {"signal_date", format_date(p.signal_date)},
         {"entry_date", opt_date(p.entry_date)},
         {"entry_price", opt_json(p.entry_price)},
         {"exit_date", opt_date(p.exit_date)},
         {"exit_price", opt_json(p.exit_price)},
         {"final_return_pct", opt_json(p.final_return_pct)},
         {"days_held", p.days_held ? nlohmann::json(*p.days_held) : nlohmann::json(nullptr)},
         {"exit_reason", p.exit_reason},
         {"rule_stack", p.rule_stack},
         {"facts", facts_json(p.facts)},
         {"model_entry_price", model_entry(model, p.id)}});
  }
  std::printf("%s\n", j.dump().c_str());
}

// Units (docs/report.md "Units"): the win rate is stored as a fraction (0..1) and printed as a
// percentage; avg_return is already a percentage (docs/metrics.md); edge score and Sharpe are
// ratios without a unit, their headers say what they are.
void print_strategies(const std::vector<store::StrategyRecord>& strategies) {
  std::printf("Strategies (%zu):\n", strategies.size());
  if (!strategies.empty()) {
    std::printf("  %-10s %-26s %-16s %-30s %10s %8s %8s %7s %13s\n", "data date", "run", "config",
                "rule stack", "edge score", "win rate", "sharpe", "trades", "avg return");
  }
  for (const auto& s : strategies) {
    std::printf("  %-10s %-26s %-16s %-30s %10.4f %7.1f%% %8.4f %7lld %12.2f%%\n",
                s.data_date.c_str(), s.run_timestamp.c_str(),
                s.config_hash.empty() ? "legacy" : s.config_hash.c_str(),
                stack_name(s.rule_stack).c_str(), s.edge_score, 100.0 * s.win_pct, s.sharpe,
                static_cast<long long>(s.total_trades), s.avg_return);
  }
}

// A money amount in rupees with two decimals ("₹1385.00"), or "-".
std::string opt_rupees(const std::optional<double>& v) { return v ? rupees(*v) : "-"; }

void print_positions(const std::vector<BookPosition>& positions, const ModelLines& model,
                     const std::string& model_note) {
  std::printf("\nPositions (%zu):\n", positions.size());
  if (!positions.empty()) {
    std::printf("  %-8s %-10s %-10s %12s %-10s %12s %9s %9s  %s\n", "status", "signal", "entry",
                "entry price", "exit", "exit price", "return", "days held", "reason");
  }
  for (const auto& p : positions) {
    std::printf("  %-8s %-10s %-10s %s %-10s %s %9s %9s  %s\n",
                std::string(to_string(p.status)).c_str(), format_date(p.signal_date).c_str(),
                opt_date(p.entry_date).c_str(), pad_left(opt_rupees(p.entry_price), 12).c_str(),
                opt_date(p.exit_date).c_str(), pad_left(opt_rupees(p.exit_price), 12).c_str(),
                opt_num(p.final_return_pct, "%+.2f%%").c_str(),
                p.days_held ? std::to_string(*p.days_held).c_str() : "-",
                p.exit_reason.empty() ? "" : report::reason_words(p.exit_reason).c_str());
    // The trader's facts beside the model's values: what was recorded, then the model's fill.
    for (const PositionFact& f : p.facts)
      std::printf("  %11s%s\n", "", daily::fact_text(f).c_str());
    if (p.facts.empty()) continue;
    const auto it = model.find(p.id);
    if (it != model.end() && it->second.model_entry_price) {
      std::printf("  %11smodel fill %s on %s\n", "", rupees(*it->second.model_entry_price).c_str(),
                  opt_date(it->second.model_entry_date).c_str());
    } else if (it != model.end() && !it->second.model_note.empty()) {
      std::printf("  %11smodel: %s\n", "", it->second.model_note.c_str());
    } else if (!model_note.empty()) {
      std::printf("  %11s%s\n", "", model_note.c_str());
    }
  }
}

// The model's fills of the symbol's positions, replayed from the stored bars with the rules
// (daily/book_view.h). Needed only beside recorded facts; when the rules cannot be read the
// facts are still shown, with a note saying why the model's values are not.
ModelLines model_lines(const GlobalOptions& g, const Config& cfg, store::Database& db,
                       const std::string& symbol, std::string& note) {
  ModelLines out;
  auto rules_path = find_rules_path(g.rules_path, cfg);
  if (!rules_path) {
    note = "model values not shown: " + rules_path.error().message;
    return out;
  }
  auto rules = load_rules(*rules_path, cfg);
  if (!rules) {
    note = "model values not shown: " + rules.error().message;
    return out;
  }
  auto lines = daily::book_lines(db, *rules, cfg, exchange_today(SystemClock()));
  if (!lines) {
    note = "model values not shown: " + lines.error().message;
    return out;
  }
  for (daily::BookLine& l : *lines) {
    if (l.position.symbol == symbol) out.emplace(l.position.id, std::move(l));
  }
  return out;
}

}  // namespace

int cmd_history(const GlobalOptions& g, const HistoryOptions& o) {
  auto cfg = load_config(g.config_path);
  if (!cfg) return fail(cfg.error());
  auto db = open_database_to_read(*cfg, store::kOldestBookReadableVersion);
  if (!db) return fail(db.error());
  auto strategies = store::history_of_symbol(*db, o.symbol);
  if (!strategies) return fail(strategies.error());
  auto positions = store::positions_of_symbol(*db, o.symbol);
  if (!positions) return fail(positions.error());
  bool any_facts = false;
  for (const BookPosition& p : *positions) any_facts = any_facts || !p.facts.empty();
  std::string model_note;
  const ModelLines model = any_facts ? model_lines(g, *cfg, *db, o.symbol, model_note)
                                     : ModelLines{};
  if (g.json) {
    print_json(o.symbol, *strategies, *positions, model);
    return 0;
  }
  if (strategies->empty() && positions->empty()) {
    std::printf("No strategies or positions recorded for %s.\n", o.symbol.c_str());
    return 0;
  }
  std::printf("History of %s\n\n", o.symbol.c_str());
  print_strategies(*strategies);
  print_positions(*positions, model, model_note);
  return 0;
}

}  // namespace kiss::cli
