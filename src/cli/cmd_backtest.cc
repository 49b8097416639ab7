// kiss-signal backtest SYMBOL [--stack a+b] [--trades FILE] [--freeze-data D] [--walk-forward]
// (docs/discovery.md, "The backtest command"). Without --walk-forward: one in-sample backtest of
// one stack over the stored history of one symbol, the metrics, then the trade list as CSV (to
// FILE with --trades, else after the metrics on stdout); the default stack is the first candidate
// (the baseline in the PRD form). With --walk-forward: the stock's discovery exactly as `run`
// computes it (backtest/discovery.h discover_stock), so the edge score, win %, Sharpe and trade
// count are the ones `run` stores and reports, with every window and the out-of-sample trades.
// Reads the database, never writes it (a missing database file is an error, not created).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backtest/discovery.h"
#include "cli/commands.h"
#include "cli/console.h"
#include "config/config_loader.h"
#include "config/rules_loader.h"
#include "daily/setup.h"
#include "report/format.h"
#include "store/database.h"
#include "store/price_store.h"
#include "util/clock.h"
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

std::string trades_text(int n) { return std::to_string(n) + (n == 1 ? " trade" : " trades"); }

std::string span_text(Date first, Date last) {
  return format_date(first) + " .. " + format_date(last);
}

// The walk-forward windows and trades as JSON: every figure at full precision (a double
// round-trips through JSON), so a caller can compare it with the stored strategy bit for bit.
nlohmann::json walk_forward_json(const StockResult& r, const Bars& bars) {
  nlohmann::json windows = nlohmann::json::array();
  for (const WindowResult& w : r.windows) {
    const bool latest = w.test_begin == w.test_end;
    windows.push_back(
        {{"train_first", format_date(w.train_first)},
         {"train_last", format_date(w.train_last)},
         {"winner", w.winner >= 0 ? nlohmann::json(w.winner_name) : nlohmann::json()},
         {"train_edge_score", w.winner_train_metrics.edge_score},
         {"train_trades", w.winner_train_metrics.total_trades},
         {"test_first", latest ? nlohmann::json() : nlohmann::json(format_date(w.test_first))},
         {"test_last", latest ? nlohmann::json() : nlohmann::json(format_date(w.test_last))}});
  }
  nlohmann::json trades = nlohmann::json::array();
  for (const Trade& t : r.result.trades) {
    trades.push_back({{"signal_date", format_date(t.signal_date)},
                      {"entry_date", format_date(t.entry_date)},
                      {"entry_price", t.entry_price},
                      {"exit_date", format_date(t.exit_date)},
                      {"exit_price", t.exit_price},
                      {"exit_reason", t.exit_reason},
                      {"shares", t.shares},
                      {"net_return_pct", t.net_return * 100.0}});
  }
  return {{"symbol", r.symbol},
          {"walk_forward", true},
          {"in_sample", false},
          {"stack", r.has_signal_stack ? nlohmann::json(r.result.name) : nlohmann::json()},
          {"rule_stack", r.result.rule_names},
          {"first_date", format_date(bars.date.front())},
          {"last_date", format_date(bars.date.back())},
          {"metrics", metrics_json(r.result.metrics)},
          {"training_trades", r.signal_training_trades},
          {"windows", windows},
          {"trades", r.result.trades.size()},
          {"trade_list", trades}};
}

// The out-of-sample trades as a table padded by screen columns: fills (slipped), the net
// return after costs and the exit reason in words (report/format.h).
void print_trade_table(const std::vector<Trade>& trades) {
  const std::vector<std::string> head = {"Entry",  "Exit",       "Entry ₹",
                                         "Exit ₹", "Net Return", "Exit Reason"};
  std::vector<std::vector<std::string>> rows;
  rows.reserve(trades.size());
  for (const Trade& t : trades) {
    rows.push_back({format_date(t.entry_date), format_date(t.exit_date), fmt("%.2f", t.entry_price),
                    fmt("%.2f", t.exit_price), fmt("%+.2f%%", t.net_return * 100.0),
                    report::reason_words(t.exit_reason)});
  }
  std::vector<std::size_t> width(head.size());
  for (std::size_t c = 0; c < head.size(); ++c) {
    width[c] = display_width(head[c]);
    for (const auto& row : rows) width[c] = std::max(width[c], display_width(row[c]));
  }
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string out = " ";
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const bool left = c < 2 || c + 1 == cells.size();  // dates and the reason
      out += ' ';
      if (c + 1 == cells.size()) {
        out += cells[c];  // the last column is not padded: no trailing blanks
      } else {
        out += left ? pad_right(cells[c], width[c]) : pad_left(cells[c], width[c]);
        out += ' ';
      }
    }
    std::printf("%s\n", out.c_str());
  };
  line(head);
  for (const auto& row : rows) line(row);
}

// The console form: the stored figures, one line per window, then the trade list.
void print_walk_forward(const StockResult& r, const Bars& bars, const Config& config,
                        const std::optional<std::string>& trades_file) {
  const Metrics& m = r.result.metrics;
  std::printf(
      "Walk-forward out-of-sample backtest of %s (the result run stores and reports), "
      "bars %s\n",
      r.symbol.c_str(), span_text(bars.date.front(), bars.date.back()).c_str());
  if (r.has_signal_stack) {
    std::printf("  signal stack '%s' (winner of the latest training window, %s there)\n",
                r.result.name.c_str(), trades_text(r.signal_training_trades).c_str());
  } else {
    std::printf("  no signal stack: no candidate was eligible in the latest training window\n");
  }
  std::printf("  edge score %.4f, win %.1f%%, Sharpe %.4f, trades %d closed, avg return %+.2f%%\n",
              m.edge_score, m.win_pct * 100.0, m.sharpe, m.total_trades, m.avg_return);
  std::printf(
      "  max drawdown %.2f%%, CAGR %+.2f%%, exposure %.1f%%, expectancy %s, final equity "
      "%s of %s\n",
      m.max_drawdown_pct, m.cagr_pct, m.exposure_pct, rupees(m.expectancy).c_str(),
      rupees(r.equity.empty() ? config.portfolio_initial_capital : r.equity.back()).c_str(),
      rupees(config.portfolio_initial_capital).c_str());
  if (m.total_trades < config.min_trades_threshold) {
    std::printf("  WARNING: %d trades is below min_trades_threshold %d: no signals from it\n",
                m.total_trades, config.min_trades_threshold);
  }
  std::printf(
      "\nWindows (training span, winner, its training edge score and trades, test span):\n");
  for (std::size_t k = 0; k < r.windows.size(); ++k) {
    const WindowResult& w = r.windows[k];
    const bool latest = w.test_begin == w.test_end;
    const std::string label = latest ? std::string("latest") : std::to_string(k + 1);
    const std::string winner = w.winner >= 0
                                   ? w.winner_name + " (edge " +
                                         fmt("%.4f", w.winner_train_metrics.edge_score) + ", " +
                                         trades_text(w.winner_train_metrics.total_trades) + ")"
                                   : std::string("none eligible (flat)");
    std::printf("  %-6s train %s  %s  test %s\n", label.c_str(),
                span_text(w.train_first, w.train_last).c_str(), winner.c_str(),
                latest ? "none (today's signal stack)"
                       : span_text(w.test_first, w.test_last).c_str());
  }
  std::printf("\nOut-of-sample trades (%zu):\n", r.result.trades.size());
  print_trade_table(r.result.trades);
  if (trades_file) {
    std::printf("Trade list written to %s (%zu trades)\n", trades_file->c_str(),
                r.result.trades.size());
  }
}

// --walk-forward: discover_stock on the same bars and configuration as `run`.
int walk_forward(const GlobalOptions& g, const BacktestOptions& o, const Config& config,
                 const RuleSet& rules, const Bars& bars, const Bars* benchmark) {
  auto r = discover_stock(bars, benchmark, rules, config);
  if (!r) return fail(r.error());
  if (!r->ok) {
    return fail(Error{config.database_path, 0, 0, o.symbol,
                      "'" + o.symbol + "' cannot be analysed: " + r->skip_reason,
                      ExitCode::kBadInput});
  }
  if (o.trades_file) {
    if (auto s = write_file_atomic(*o.trades_file, trades_csv(r->result.trades), "--trades"); !s) {
      return fail(s.error());
    }
  }
  if (g.json) {
    std::printf("%s\n", walk_forward_json(*r, bars).dump(2).c_str());
  } else if (!g.quiet) {
    print_walk_forward(*r, bars, config, o.trades_file);
  }
  return 0;
}

}  // namespace

int cmd_backtest(const GlobalOptions& g, const BacktestOptions& o) {
  if (o.freeze_data && !parse_iso_date(*o.freeze_data)) {
    std::fprintf(stderr, "kiss-signal: --freeze-data: '%s' is not a date YYYY-MM-DD\n",
                 o.freeze_data->c_str());
    return static_cast<int>(ExitCode::kUsage);
  }
  auto config = load_config(g.config_path);
  if (!config) return fail(config.error());
  // The bars up to --freeze-data, else config.yaml's freeze_date, as `run` reads them; never a
  // date after today.
  auto until = daily::resolve_freeze_date(*config, o.freeze_data, exchange_today(SystemClock()));
  if (!until) return fail(until.error());
  auto rules_path = find_rules_path(g.rules_path, *config);
  if (!rules_path) return fail(rules_path.error());
  auto rules = load_rules(*rules_path, *config);
  if (!rules) return fail(rules.error());
  if (o.walk_forward && o.stack) {
    return fail(Error{{},
                      0,
                      0,
                      "--stack",
                      "--stack and --walk-forward exclude each other: the walk-forward chooses "
                      "the stack of every window",
                      ExitCode::kUsage});
  }
  if (o.walk_forward && !config->walk_forward.enabled) {
    return fail(Error{g.config_path, 0, 0, "walk_forward.enabled",
                      "--walk-forward: walk_forward.enabled is false, so run stores an in-sample "
                      "result; use backtest without --walk-forward",
                      ExitCode::kBadInput});
  }
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
  auto bars = prices.load(o.symbol, *until);
  if (!bars) return fail(bars.error());
  if (bars->empty()) {
    return fail(Error{config->database_path, 0, 0, o.symbol,
                      "no bars stored for symbol '" + o.symbol + "'", ExitCode::kBadInput});
  }
  bars->symbol = o.symbol;
  auto bench = prices.load(config->benchmark_symbol, *until);
  if (!bench) return fail(bench.error());
  const Bars* benchmark = bench->empty() ? nullptr : &*bench;

  if (o.walk_forward) return walk_forward(g, o, *config, *rules, *bars, benchmark);

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
    std::printf(
        "In-sample backtest of one stack: %s, stack '%s', bars %s .. %s (not the walk-forward "
        "result the report shows: see --walk-forward)\n",
        o.symbol.c_str(), r->name.c_str(), format_date(bars->date.front()).c_str(),
        format_date(bars->date.back()).c_str());
    std::printf(
        "  trades %d closed%s, win %.1f%%, avg return %+.2f%%, Sharpe %.2f, "
        "EdgeScore %.3f\n",
        m.total_trades, (!r->trades.empty() && r->trades.back().open) ? " (+1 open)" : "",
        m.win_pct * 100.0, m.avg_return, m.sharpe, m.edge_score);
    std::printf(
        "  Sortino %.2f, max drawdown %.2f%%, CAGR %+.2f%%, profit factor %s, "
        "expectancy %s\n",
        m.sortino, m.max_drawdown_pct, m.cagr_pct,
        std::isfinite(m.profit_factor) ? fmt("%.2f", m.profit_factor).c_str() : "inf",
        rupees(m.expectancy).c_str());
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
