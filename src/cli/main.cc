// kiss-signal: parses the command line and dispatches to one cmd_* function (cli/commands.h).
// Parse errors are usage errors (exit 2); --help and --version need no configuration file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "util/version.h"

namespace {

using namespace kiss::cli;

// A parsed sub-command and what it runs.
using Commands = std::vector<std::pair<CLI::App*, std::function<int()>>>;

CLI::App* sub(CLI::App& app, const char* name, const char* help) {
  CLI::App* s = app.add_subcommand(name, help);
  s->fallthrough();
  return s;
}

// Global options: accepted before or after the sub-command (sub-commands fall through).
void add_global(CLI::App& app, GlobalOptions& g) {
  app.add_option("--config", g.config_path, "config.yaml to use")->capture_default_str();
  app.add_option("--rules", g.rules_path,
                 "rules.yaml to use (default: rules.yaml, then config/rules.yaml)");
  app.add_flag("-v,--verbose", g.verbose, "debug log, and run_log_YYYY-MM-DD.txt");
  app.add_flag("-q,--quiet", g.quiet, "print errors only");
  app.add_flag("--json", g.json, "machine-readable summary on stdout");
}

CLI::App* add_run(CLI::App& app, RunOptions& run) {
  CLI::App* c = sub(app, "run", "the daily loop: refresh, discover, signal, persist, report");
  c->add_option("--freeze-data", run.freeze_data, "use only bars dated <= YYYY-MM-DD");
  c->add_option("--min-trades", run.min_trades, "override min_trades_threshold")
      ->check(CLI::NonNegativeNumber);
  c->add_option("--jobs", run.jobs, "worker threads (1-1024)")->check(CLI::Range(1, 1024));
  c->add_flag("--no-refresh", run.no_refresh, "do not refresh prices");
  return c;
}

CLI::App* add_analyze(CLI::App& app, AnalyzeOptions& an) {
  CLI::App* c = sub(app, "analyze-strategies", "strategy leaderboard CSV from the database");
  c->add_option("-o,--output", an.output, "CSV file to write")->capture_default_str();
  c->add_flag("--per-stock", an.per_stock, "one row per stock and strategy");
  c->add_option("--min-trades", an.min_trades, "only strategies with at least N trades")
      ->check(CLI::NonNegativeNumber);
  return c;
}

CLI::App* add_clear(CLI::App& app, ClearOptions& cl) {
  CLI::App* c = sub(app, "clear-and-recalculate",
                    "delete this configuration's current strategies, then recalculate");
  c->add_flag("--force", cl.force, "do not ask for confirmation");
  c->add_flag("--preserve-all", cl.preserve_all, "keep the old strategies, add a new run");
  c->add_option("--freeze-data", cl.freeze_data, "use only bars dated <= YYYY-MM-DD");
  return c;
}

// `data import`, `data delete`, `data fetch`, `data status`.
void add_data(CLI::App& app, const GlobalOptions& g, DataImportOptions& di, DataDeleteOptions& dd,
              DataFetchOptions& df, Commands& commands) {
  CLI::App* data = sub(app, "data", "the price store: import, delete, fetch, status");
  data->require_subcommand(1);
  CLI::App* imp = sub(*data, "import", "import CSV files or folders");
  imp->add_option("paths", di.paths, "CSV files or folders")->required();
  imp->add_option("--symbol", di.symbol, "symbol of the files (they merge by date)");
  imp->add_flag("--replace", di.replace,
                "each imported symbol keeps only the imported bars (its other stored bars go)");
  CLI::App* del = sub(*data, "delete", "remove stored bars of a symbol (bounds inclusive)");
  del->add_option("symbol", dd.symbol, "symbol")->required();
  del->add_option("--from", dd.from, "first date to remove YYYY-MM-DD (default: the first bar)");
  del->add_option("--to", dd.to, "last date to remove YYYY-MM-DD (default: the last bar)");
  CLI::App* fetch = sub(*data, "fetch", "download or refresh from the online source");
  fetch->add_option("symbols", df.symbols, "symbols (default: the universe and the benchmark)");
  CLI::App* status = sub(*data, "status", "per symbol: dates, bars, gaps, refresh");
  commands.emplace_back(imp, [&g, &di] { return cmd_data_import(g, di); });
  commands.emplace_back(del, [&g, &dd] { return cmd_data_delete(g, dd); });
  commands.emplace_back(fetch, [&g, &df] { return cmd_data_fetch(g, df); });
  commands.emplace_back(status, [&g] { return cmd_data_status(g); });
}

// position list | fill | skip | exit (docs/positions.md, "The trader's facts").
void add_position(CLI::App& app, const GlobalOptions& g, PositionOptions& po, Commands& commands) {
  CLI::App* pos = sub(app, "position", "the book: list it, record fills, skips and exits");
  pos->require_subcommand(1);
  CLI::App* list = sub(*pos, "list", "every position with the facts you recorded");
  CLI::App* fill = sub(*pos, "fill", "record your real fill of a PENDING or OPEN position");
  fill->add_option("symbol", po.symbol, "symbol")->required();
  fill->add_option("--price", po.price, "the price you paid per share")->required();
  fill->add_option("--shares", po.shares, "shares bought (default: the ticket's)");
  fill->add_option("--date", po.date, "trading date of the fill YYYY-MM-DD (default: today)");
  CLI::App* skip = sub(*pos, "skip", "you did not take a PENDING signal");
  skip->add_option("symbol", po.symbol, "symbol")->required();
  CLI::App* exit = sub(*pos, "exit", "record your sale of an OPEN position (reason manual)");
  exit->add_option("symbol", po.symbol, "symbol")->required();
  exit->add_option("--price", po.price, "the price you sold at per share")->required();
  exit->add_option("--date", po.date, "trading date of the sale YYYY-MM-DD (default: today)");
  commands.emplace_back(list, [&g] { return cmd_position_list(g); });
  commands.emplace_back(fill,
                        [&g, &po] { return cmd_position_fact(g, po, kiss::FactKind::kFill); });
  commands.emplace_back(skip,
                        [&g, &po] { return cmd_position_fact(g, po, kiss::FactKind::kSkip); });
  commands.emplace_back(exit,
                        [&g, &po] { return cmd_position_fact(g, po, kiss::FactKind::kExit); });
}

CLI::App* add_backtest(CLI::App& app, BacktestOptions& bt) {
  CLI::App* c = sub(app, "backtest", "one backtest: metrics and the trade list");
  c->add_option("symbol", bt.symbol, "symbol")->required();
  c->add_option("--stack", bt.stack, "rule names joined by '+' (default: the baseline)");
  c->add_option("--trades", bt.trades_file, "write the trade list to this CSV file");
  c->add_option("--freeze-data", bt.freeze_data, "use only bars dated <= YYYY-MM-DD");
  c->add_flag("--walk-forward", bt.walk_forward,
              "the stitched out-of-sample result that run stores and reports, window by window");
  return c;
}

CLI::App* add_inspect(CLI::App& app, InspectOptions& in) {
  CLI::App* c = sub(app, "inspect", "indicator values as CSV");
  c->add_option("symbol", in.symbol, "symbol")->required();
  c->add_option("--indicator", in.indicators, "e.g. 'rsi(14)' (repeatable)")->required();
  c->add_option("--from", in.from, "first date YYYY-MM-DD");
  c->add_option("--to", in.to, "last date YYYY-MM-DD");
  return c;
}

CLI::App* add_track_record(CLI::App& app, TrackRecordOptions& tr) {
  CLI::App* c = sub(app, "track-record",
                    "replay every daily report of a period as one book (read-only)");
  c->add_option("--from", tr.from, "first day YYYY-MM-DD")->required();
  c->add_option("--to", tr.to, "last day YYYY-MM-DD")->required();
  c->add_option("-o,--output", tr.output,
                "folder of the outputs (default: <reports_output_dir>/track_record)");
  c->add_option("--jobs", tr.jobs, "worker threads (1-1024)")->check(CLI::Range(1, 1024));
  return c;
}

// Parses; returns the exit code when the process must stop here (help, version, errors).
std::optional<int> parse(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::RequiredError& e) {
    // "A subcommand is required" also when an unknown word stood where the command goes.
    const auto extras = app.remaining();
    if (!extras.empty() && app.get_subcommands().empty()) {
      std::fprintf(stderr, "kiss-signal: unknown command '%s' (see --help)\n",
                   extras.front().c_str());
      return 2;
    }
    app.exit(e);
    return 2;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  return std::nullopt;
}

}  // namespace

// A function-try-block: an exception no command turned into an error (a failed allocation, a
// file-system error) ends the program with one message and exit 3, not std::terminate's abort.
int main(int argc, char** argv) try {
  CLI::App app{"KISS Signal: one command, actionable signals for NSE equities.", "kiss-signal"};
  app.set_version_flag("--version", "KISS Signal " + kiss::version());
  app.require_subcommand(1);
  GlobalOptions g;
  add_global(app, g);
  RunOptions run;
  AnalyzeOptions an;
  ClearOptions cl;
  DataImportOptions di;
  DataDeleteOptions dd;
  DataFetchOptions df;
  BacktestOptions bt;
  InspectOptions in;
  ReportOptions rp;
  HistoryOptions hi;
  PositionOptions po;
  TrackRecordOptions tr;
  Commands commands;
  commands.emplace_back(add_run(app, run), [&] { return cmd_run(g, run); });
  commands.emplace_back(add_analyze(app, an), [&] { return cmd_analyze_strategies(g, an); });
  commands.emplace_back(add_clear(app, cl), [&] { return cmd_clear_and_recalculate(g, cl); });
  add_data(app, g, di, dd, df, commands);
  add_position(app, g, po, commands);
  commands.emplace_back(add_backtest(app, bt), [&] { return cmd_backtest(g, bt); });
  commands.emplace_back(add_inspect(app, in), [&] { return cmd_inspect(g, in); });
  commands.emplace_back(add_track_record(app, tr), [&] { return cmd_track_record(g, tr); });
  commands.emplace_back(sub(app, "validate",
                            "check config, rules and universe; print the candidate stacks"),
                        [&] { return cmd_validate(g); });
  CLI::App* c_rp = sub(app, "report", "rewrite the report for a date from the database alone");
  c_rp->add_option("--date", rp.date, "report date YYYY-MM-DD (default: the latest run)");
  commands.emplace_back(c_rp, [&] { return cmd_report(g, rp); });
  CLI::App* c_hi = sub(app, "history", "chosen strategies and positions of a symbol over all runs");
  c_hi->add_option("symbol", hi.symbol, "symbol")->required();
  commands.emplace_back(c_hi, [&] { return cmd_history(g, hi); });

  if (auto code = parse(app, argc, argv)) return *code;
  for (const auto& [command, call] : commands) {
    if (command->parsed()) return call();
  }
  std::fputs("kiss-signal: no sub-command given (see --help)\n", stderr);
  return 2;
} catch (const std::exception& e) {
  std::fprintf(stderr, "kiss-signal: %s\n", e.what());
  return 3;
}
