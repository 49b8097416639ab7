// kiss-signal history SYMBOL: the strategy chosen for a symbol on each data date (the latest
// run of that date: a re-run on the same data replaces the earlier one), and every position the
// tool recommended on it, oldest first (docs/persistence.md, "Keyed by the data date").
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/open_database.h"
#include "config/config.h"
#include "store/positions.h"
#include "store/strategies.h"
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

void print_json(const std::string& symbol, const std::vector<store::StrategyRecord>& strategies,
                const std::vector<BookPosition>& positions) {
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
         {"rule_stack", p.rule_stack}});
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

// printf pads by bytes; ₹ is three bytes wide in UTF-8 and one column on screen.
std::string pad_left(const std::string& s, std::size_t width) {
  std::size_t columns = 0;
  for (unsigned char c : s) columns += (c & 0xC0) != 0x80 ? 1 : 0;
  return columns >= width ? s : std::string(width - columns, ' ') + s;
}

void print_positions(const std::vector<BookPosition>& positions) {
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
                p.days_held ? std::to_string(*p.days_held).c_str() : "-", p.exit_reason.c_str());
  }
}

}  // namespace

int cmd_history(const GlobalOptions& g, const HistoryOptions& o) {
  auto cfg = load_config(g.config_path);
  if (!cfg) return fail(cfg.error());
  auto db = open_database_to_read(*cfg);
  if (!db) return fail(db.error());
  auto strategies = store::history_of_symbol(*db, o.symbol);
  if (!strategies) return fail(strategies.error());
  auto positions = store::positions_of_symbol(*db, o.symbol);
  if (!positions) return fail(positions.error());
  if (g.json) {
    print_json(o.symbol, *strategies, *positions);
    return 0;
  }
  if (strategies->empty() && positions->empty()) {
    std::printf("No strategies or positions recorded for %s.\n", o.symbol.c_str());
    return 0;
  }
  std::printf("History of %s\n\n", o.symbol.c_str());
  print_strategies(*strategies);
  print_positions(*positions);
  return 0;
}

}  // namespace kiss::cli
