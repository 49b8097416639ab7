// kiss-signal backtest SYMBOL [--stack a+b] [--trades FILE] [--freeze-data D]: one in-sample
// backtest of one stack over the stored history of one symbol (docs/product.md): the metrics, then
// the trade list as CSV (to FILE with --trades, else after the metrics on stdout). The default
// stack is the first candidate (the baseline in the PRD form). Reads the database, never
// writes it (a missing database file is an error, not created).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backtest/discovery.h"
#include "cli/commands.h"
#include "cli/console.h"
#include "config/config_loader.h"
#include "config/rules_loader.h"
#include "store/database.h"
#include "store/price_store.h"
#include "util/date.h"
#include "util/file.h"
#include "util/text.h"

namespace kiss::cli {

namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// The stack named by --stack: a candidate with that name, or the baseline (PRD form) plus the
// named layers, or (other forms) the named rules together. Error lists the candidates.
Result<Stack> find_stack(const RuleSet& rules, const std::optional<std::string>& wanted) {
  if (rules.candidates.empty()) return make_error("no candidate stacks", rules.path);
  if (!wanted) return rules.candidates.front();
  for (const Stack& s : rules.candidates) {
    if (s.name() == *wanted) return s;
  }
  Stack out = rules.form == RuleSet::Form::kPrd ? rules.baseline : Stack{};
  std::vector<std::string> names = split(*wanted, '+');
  std::size_t i = 0;
  if (rules.form == RuleSet::Form::kPrd) {
    // The baseline's own names may be written first; they are implied anyway.
    for (const RuleInstance& r : rules.baseline.entries) {
      if (i < names.size() && names[i] == r.name) ++i;
    }
  }
  for (; i < names.size(); ++i) {
    bool found = false;
    for (const Stack& l : rules.layers) {
      const std::string layer_name = l.entries.empty() ? std::string() : l.name();
      if (layer_name == names[i] || (l.entries.size() == 1 && l.entries.front().name == names[i])) {
        out.entries.insert(out.entries.end(), l.entries.begin(), l.entries.end());
        out.extra_exits.insert(out.extra_exits.end(), l.extra_exits.begin(), l.extra_exits.end());
        found = true;
        break;
      }
    }
    if (!found) {
      std::string known;
      for (const Stack& s : rules.candidates) known += (known.empty() ? "" : ", ") + s.name();
      return make_error("unknown rule '" + names[i] + "' in --stack '" + *wanted +
                            "' (candidates: " + known + ")",
                        rules.path, 0, 0, "--stack", ExitCode::kUsage);
    }
  }
  return out;
}

std::string trades_csv(const std::vector<Trade>& trades) {
  std::string csv =
      "signal_date,entry_date,entry_price,exit_date,exit_price,exit_reason,shares,"
      "net_return_pct\n";
  for (const Trade& t : trades) {
    csv += format_date(t.signal_date) + ',' + format_date(t.entry_date) + ',' +
           fmt("%.4f", t.entry_price) + ',' + format_date(t.exit_date) + ',' +
           fmt("%.4f", t.exit_price) + ',' + t.exit_reason + ',' + std::to_string(t.shares) + ',' +
           fmt("%.4f", t.net_return * 100.0) + '\n';
  }
  return csv;
}

nlohmann::json metrics_json(const Metrics& m) {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
  return {{"total_trades", m.total_trades},
          {"win_pct", num(m.win_pct)},
          {"avg_return", num(m.avg_return)},
          {"sharpe", num(m.sharpe)},
          {"edge_score", num(m.edge_score)},
          {"sortino", num(m.sortino)},
          {"max_drawdown_pct", num(m.max_drawdown_pct)},
          {"cagr_pct", num(m.cagr_pct)},
          {"profit_factor", num(m.profit_factor)},
          {"expectancy", num(m.expectancy)},
          {"exposure_pct", num(m.exposure_pct)},
          {"avg_bars_held", num(m.avg_bars_held)},
          {"alpha_pct", num(m.alpha_pct)},
          {"beat_benchmark_pct", num(m.beat_benchmark_pct)},
          {"target_hit_pct", num(m.target_hit_pct)},
          {"deflated_sharpe", num(m.deflated_sharpe)}};
}

}  // namespace

int cmd_backtest(const GlobalOptions& g, const BacktestOptions& o) {
  std::optional<Date> until;
  if (o.freeze_data) {
    until = parse_iso_date(*o.freeze_data);
    if (!until) {
      std::fprintf(stderr, "kiss-signal: --freeze-data: '%s' is not a date YYYY-MM-DD\n",
                   o.freeze_data->c_str());
      return static_cast<int>(ExitCode::kUsage);
    }
  }
  auto config = load_config(g.config_path);
  if (!config) return fail(config.error());
  auto rules_path = find_rules_path(g.rules_path, *config);
  if (!rules_path) return fail(rules_path.error());
  auto rules = load_rules(*rules_path, *config);
  if (!rules) return fail(rules.error());
  auto stack = find_stack(*rules, o.stack);
  if (!stack) return fail(stack.error());
  // A --trades path that can never be written is refused before the work (and checked again
  // when written).
  if (o.trades_file) {
    if (auto t = output_target(*o.trades_file, "--trades"); !t) return fail(t.error());
  }

  if (!std::filesystem::exists(config->database_path)) {
    return fail(Error{config->database_path, 0, 0, "database_path",
                      "no database yet: import prices first (kiss-signal data import PATH)",
                      ExitCode::kBadInput});
  }
  auto db = store::Database::open(config->database_path);
  if (!db) return fail(db.error());
  store::PriceStore prices(*db);
  auto bars = prices.load(o.symbol, until);
  if (!bars) return fail(bars.error());
  if (bars->empty()) {
    return fail(Error{config->database_path, 0, 0, o.symbol,
                      "no bars stored for symbol '" + o.symbol + "'", ExitCode::kBadInput});
  }
  bars->symbol = o.symbol;
  auto bench = prices.load(config->benchmark_symbol, until);
  if (!bench) return fail(bench.error());
  const Bars* benchmark = bench->empty() ? nullptr : &*bench;

  auto r = backtest_stack(*bars, benchmark, *stack, *rules, *config);
  if (!r) return fail(r.error());
  const Metrics& m = r->metrics;
  const std::string csv = trades_csv(r->trades);
  if (o.trades_file) {
    if (auto s = write_file_atomic(*o.trades_file, csv, "--trades"); !s) return fail(s.error());
  }

  if (g.json) {
    nlohmann::json j = {{"symbol", o.symbol},
                        {"stack", r->name},
                        {"rule_stack", r->rule_names},
                        {"in_sample", true},
                        {"first_date", format_date(bars->date.front())},
                        {"last_date", format_date(bars->date.back())},
                        {"metrics", metrics_json(m)},
                        {"trades", r->trades.size()}};
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  if (!g.quiet) {
    std::printf("Backtest %s, stack '%s' (in sample), bars %s .. %s\n", o.symbol.c_str(),
                r->name.c_str(), format_date(bars->date.front()).c_str(),
                format_date(bars->date.back()).c_str());
    std::printf(
        "  trades %d closed%s, win %.1f%%, avg return %+.2f%%, Sharpe %.2f, "
        "EdgeScore %.3f\n",
        m.total_trades, (!r->trades.empty() && r->trades.back().open) ? " (+1 open)" : "",
        m.win_pct * 100.0, m.avg_return, m.sharpe, m.edge_score);
    std::printf(
        "  Sortino %.2f, max drawdown %.2f%%, CAGR %+.2f%%, profit factor %s, "
        "expectancy %.2f\n",
        m.sortino, m.max_drawdown_pct, m.cagr_pct,
        std::isfinite(m.profit_factor) ? fmt("%.2f", m.profit_factor).c_str() : "inf",
        m.expectancy);
    std::printf(
        "  exposure %.1f%%, avg bars held %.1f, alpha %+.2f%% (%d trades vs %s), "
        "beat benchmark %.1f%%, target hit %.1f%%\n",
        m.exposure_pct, m.avg_bars_held, m.alpha_pct, m.benchmark_trades,
        config->benchmark_symbol.c_str(), m.beat_benchmark_pct, m.target_hit_pct);
    if (o.trades_file) {
      std::printf("Trade list written to %s (%zu trades)\n", o.trades_file->c_str(),
                  r->trades.size());
    } else {
      std::printf("\n%s", csv.c_str());
    }
  }
  return 0;
}

}  // namespace kiss::cli
