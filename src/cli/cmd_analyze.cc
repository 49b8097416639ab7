// kiss-signal analyze-strategies: the strategy leaderboard CSV from the database, with the
// original tool's columns. Aggregated (default): one row per rule stack and config hash;
// --per-stock: the latest row per symbol and rule stack. Rows with fewer than --min-trades
// trades (default: min_trades_threshold of config.yaml) are left out.
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/open_database.h"
#include "config/config.h"
#include "store/database.h"
#include "store/strategies.h"
#include "util/file.h"
#include "util/text.h"

namespace kiss::cli {
namespace {

std::string csv_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string stack_name(const std::vector<std::string>& stack) {
  const std::string out = join(stack, " + ");
  return out.empty() ? "(empty stack)" : out;
}

std::string hash_or_legacy(const std::string& h) { return h.empty() ? "legacy" : h; }

Result<std::string> aggregated_csv(store::Database& db, std::int64_t min_trades, int* rows) {
  auto groups = store::aggregate_strategies(db, min_trades);
  if (!groups) return tl::unexpected(std::move(groups.error()));
  std::string csv =
      "strategy_rule_stack,frequency,avg_edge_score,avg_win_pct,avg_sharpe,avg_return,"
      "avg_trades,top_symbols,config_hash,run_date,config_details\n";
  for (const auto& g : *groups) {
    std::string top;
    for (const auto& [sym, n] : g.top_symbols) {
      top += (top.empty() ? "" : ", ") + sym + " (" + std::to_string(n) + ")";
    }
    csv += csv_quote(stack_name(g.rule_stack)) + ',' + std::to_string(g.frequency) + ',' +
           fixed(g.avg_edge_score, 4) + ',' + fixed(g.avg_win_pct, 4) + ',' +
           fixed(g.avg_sharpe, 4) + ',' + fixed(g.avg_return, 4) + ',' + fixed(g.avg_trades, 1) +
           ',' + csv_quote(top) + ',' + csv_quote(g.config_hash) + ',' + csv_quote(g.run_date) +
           ',' + csv_quote(g.config_snapshot) + '\n';
  }
  *rows = static_cast<int>(groups->size());
  return csv;
}

Result<std::string> per_stock_csv(store::Database& db, std::int64_t min_trades, int* rows) {
  auto records = store::latest_per_symbol_and_stack(db, min_trades);
  if (!records) return tl::unexpected(std::move(records.error()));
  std::string csv =
      "symbol,strategy_rule_stack,edge_score,win_pct,sharpe,total_return,total_trades,"
      "config_hash,run_date,config_details\n";
  for (const auto& r : *records) {
    csv += csv_quote(r.symbol) + ',' + csv_quote(stack_name(r.rule_stack)) + ',' +
           fixed(r.edge_score, 4) + ',' + fixed(r.win_pct, 4) + ',' + fixed(r.sharpe, 4) + ',' +
           fixed(r.avg_return, 4) + ',' + std::to_string(r.total_trades) + ',' +
           csv_quote(hash_or_legacy(r.config_hash)) + ',' +
           csv_quote(r.run_timestamp.substr(0, 10)) + ',' + csv_quote(r.config_snapshot) + '\n';
  }
  *rows = static_cast<int>(records->size());
  return csv;
}

}  // namespace

int cmd_analyze_strategies(const GlobalOptions& g, const AnalyzeOptions& o) {
  auto cfg = load_config(g.config_path);
  if (!cfg) return fail(cfg.error());
  if (auto t = output_target(o.output, "--output"); !t) return fail(t.error());
  auto db = open_database_to_read(*cfg);
  if (!db) return fail(db.error());
  const std::int64_t min_trades = o.min_trades.value_or(cfg->min_trades_threshold);
  int rows = 0;
  auto csv = o.per_stock ? per_stock_csv(*db, min_trades, &rows)
                         : aggregated_csv(*db, min_trades, &rows);
  if (!csv) return fail(csv.error());
  if (auto st = write_file_atomic(o.output, *csv, "--output"); !st) return fail(st.error());
  if (g.json) {
    nlohmann::json j = {{"output", o.output},
                        {"rows", rows},
                        {"per_stock", o.per_stock},
                        {"min_trades", min_trades}};
    std::printf("%s\n", j.dump().c_str());
  } else if (!g.quiet) {
    std::printf("Wrote %d %s row%s (min trades %lld) to %s\n", rows,
                o.per_stock ? "per-stock" : "strategy", rows == 1 ? "" : "s",
                static_cast<long long>(min_trades), o.output.c_str());
  }
  return 0;
}

}  // namespace kiss::cli
