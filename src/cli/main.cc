// kiss-signal: parses the command line and dispatches to one cmd_* function (cli/commands.h).
// Parse errors are usage errors (exit 2); --help and --version need no configuration file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "cli/commands.h"

#ifndef KISS_VERSION
#define KISS_VERSION "0.0.0"
#endif

// A function-try-block: an exception no command turned into an error (a failed allocation, a
// file-system error) ends the program with one message and exit 3, not std::terminate's abort.
int main(int argc, char** argv) try {
  using namespace kiss::cli;
  CLI::App app{"KISS Signal: one command, actionable signals for NSE equities.", "kiss-signal"};
  app.set_version_flag("--version", std::string("KISS Signal ") + KISS_VERSION);
  app.require_subcommand(1);

  GlobalOptions g;
  // Global options: accepted before or after the sub-command (sub-commands fall through).
  app.add_option("--config", g.config_path, "config.yaml to use")->capture_default_str();
  app.add_option("--rules", g.rules_path,
                 "rules.yaml to use (default: rules.yaml, then config/rules.yaml)");
  app.add_flag("-v,--verbose", g.verbose, "debug log, and run_log_YYYY-MM-DD.txt");
  app.add_flag("-q,--quiet", g.quiet, "print errors only");
  app.add_flag("--json", g.json, "machine-readable summary on stdout");

  auto sub = [&app](const char* name, const char* help) {
    CLI::App* s = app.add_subcommand(name, help);
    s->fallthrough();
    return s;
  };

  RunOptions run;
  CLI::App* c_run = sub("run", "the daily loop: refresh, discover, signal, persist, report");
  c_run->add_option("--freeze-data", run.freeze_data, "use only bars dated <= YYYY-MM-DD");
  c_run->add_option("--min-trades", run.min_trades, "override min_trades_threshold")
      ->check(CLI::NonNegativeNumber);
  c_run->add_option("--jobs", run.jobs, "worker threads (1-1024)")->check(CLI::Range(1, 1024));
  c_run->add_flag("--no-refresh", run.no_refresh, "do not refresh prices");

  AnalyzeOptions an;
  CLI::App* c_an = sub("analyze-strategies", "strategy leaderboard CSV from the database");
  c_an->add_option("-o,--output", an.output, "CSV file to write")->capture_default_str();
  c_an->add_flag("--per-stock", an.per_stock, "one row per stock and strategy");
  c_an->add_option("--min-trades", an.min_trades, "only strategies with at least N trades")
      ->check(CLI::NonNegativeNumber);

  ClearOptions cl;
  CLI::App* c_cl = sub("clear-and-recalculate",
                       "delete this configuration's current strategies, then recalculate");
  c_cl->add_flag("--force", cl.force, "do not ask for confirmation");
  c_cl->add_flag("--preserve-all", cl.preserve_all, "keep the old strategies, add a new run");
  c_cl->add_option("--freeze-data", cl.freeze_data, "use only bars dated <= YYYY-MM-DD");

  CLI::App* c_data = sub("data", "the price store: import, fetch, status");
  c_data->require_subcommand(1);
  DataImportOptions di;
  CLI::App* c_di = c_data->add_subcommand("import", "import CSV files or folders");
  c_di->fallthrough();
  c_di->add_option("paths", di.paths, "CSV files or folders")->required();
  c_di->add_option("--symbol", di.symbol, "symbol of the files (they merge by date)");
  DataFetchOptions df;
  CLI::App* c_df = c_data->add_subcommand("fetch", "download or refresh from the online source");
  c_df->fallthrough();
  c_df->add_option("symbols", df.symbols, "symbols (default: the universe and the benchmark)");
  CLI::App* c_ds = c_data->add_subcommand("status", "per symbol: dates, bars, gaps, refresh");
  c_ds->fallthrough();

  BacktestOptions bt;
  CLI::App* c_bt = sub("backtest", "one backtest: metrics and the trade list");
  c_bt->add_option("symbol", bt.symbol, "symbol")->required();
  c_bt->add_option("--stack", bt.stack, "rule names joined by '+' (default: the baseline)");
  c_bt->add_option("--trades", bt.trades_file, "write the trade list to this CSV file");
  c_bt->add_option("--freeze-data", bt.freeze_data, "use only bars dated <= YYYY-MM-DD");

  InspectOptions in;
  CLI::App* c_in = sub("inspect", "indicator values as CSV");
  c_in->add_option("symbol", in.symbol, "symbol")->required();
  c_in->add_option("--indicator", in.indicators, "e.g. 'rsi(14)' (repeatable)")->required();
  c_in->add_option("--from", in.from, "first date YYYY-MM-DD");
  c_in->add_option("--to", in.to, "last date YYYY-MM-DD");

  CLI::App* c_va = sub("validate", "check config, rules and universe; print the candidate stacks");

  ReportOptions rp;
  CLI::App* c_rp = sub("report", "rewrite the report for a date from the database alone");
  c_rp->add_option("--date", rp.date, "report date YYYY-MM-DD (default: the latest run)");

  HistoryOptions hi;
  CLI::App* c_hi = sub("history", "chosen strategies and positions of a symbol over all runs");
  c_hi->add_option("symbol", hi.symbol, "symbol")->required();

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
      std::fprintf(stderr, "kiss-signal: unknown command '%s' (see --help)\n", extras.front().c_str());
      return 2;
    }
    app.exit(e);
    return 2;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  if (c_run->parsed()) return cmd_run(g, run);
  if (c_an->parsed()) return cmd_analyze_strategies(g, an);
  if (c_cl->parsed()) return cmd_clear_and_recalculate(g, cl);
  if (c_di->parsed()) return cmd_data_import(g, di);
  if (c_df->parsed()) return cmd_data_fetch(g, df);
  if (c_ds->parsed()) return cmd_data_status(g);
  if (c_bt->parsed()) return cmd_backtest(g, bt);
  if (c_in->parsed()) return cmd_inspect(g, in);
  if (c_va->parsed()) return cmd_validate(g);
  if (c_rp->parsed()) return cmd_report(g, rp);
  if (c_hi->parsed()) return cmd_history(g, hi);
  std::fputs("kiss-signal: no sub-command given (see --help)\n", stderr);
  return 2;
} catch (const std::exception& e) {
  std::fprintf(stderr, "kiss-signal: %s\n", e.what());
  return 3;
}
