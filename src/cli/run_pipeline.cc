#include "cli/run_pipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "backtest/discovery.h"
#include "cli/book_mapping.h"
#include "cli/console.h"
#include "cli/run_report.h"
#include "config/config.h"
#include "config/rules_loader.h"
#include "config/universe.h"
#include "data/data_source.h"
#include "report/model_json.h"
#include "report/run_log.h"
#include "report/write.h"
#include "signals/daily.h"
#include "store/database.h"
#include "store/positions.h"
#include "store/price_store.h"
#include "store/run_commit.h"
#include "util/crash_point.h"

#ifndef KISS_VERSION
#define KISS_VERSION "1.0.0"
#endif

namespace kiss::cli {

namespace {

constexpr int kSteps = 6;

int fail(Console& console, const Error& e) {
  console.error(e.to_string());
  return static_cast<int>(e.exit_code);
}

// ISO-8601 UTC with milliseconds: unique per run and sortable.
std::string now_iso() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t secs = static_cast<std::time_t>(ms.count() / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms.count() % 1000));
  return buf;
}

// Today's date in India (the exchange's calendar): UTC + 5:30.
Date today_ist() {
  const auto now = std::chrono::system_clock::now();
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  return static_cast<Date>((secs.count() + 19800) / 86400);
}

// Wall time of each phase, printed with --verbose (how docs/performance.md splits a run).
class PhaseTimer {
 public:
  void mark(const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%s %.1f ms", text_.empty() ? "" : ", ", phase,
                  std::chrono::duration<double, std::milli>(now - last_).count());
    text_ += buf;
    last_ = now;
  }
  const std::string& text() const { return text_; }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::string text_;
};

std::string fmt_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", s);
  return buf;
}

}  // namespace

int run_pipeline(const GlobalOptions& g, const RunOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  PhaseTimer phases;
  Console console(g.quiet, g.json);
  if (!g.quiet && !g.json) console.info(std::string("KISS Signal ") + KISS_VERSION);

  // [1/6] Configuration.
  std::optional<Date> freeze;
  if (o.freeze_data) {
    freeze = parse_iso_date(*o.freeze_data);
    if (!freeze) {
      console.error("--freeze-data: '" + *o.freeze_data + "' is not a date YYYY-MM-DD");
      return static_cast<int>(ExitCode::kUsage);
    }
  }
  auto config = load_config(g.config_path);
  if (!config) return fail(console, config.error());
  // The original tool's `freeze_date` key freezes too; the command line wins.
  std::string freeze_text = o.freeze_data.value_or(config->freeze_date);
  config->freeze_date = freeze_text;  // the effective one, for strategies.config_snapshot
  if (!freeze && !config->freeze_date.empty()) {
    freeze = parse_iso_date(config->freeze_date);
    if (!freeze) {
      console.error(config->config_path + ": freeze_date: '" + config->freeze_date +
                    "' is not a date YYYY-MM-DD");
      return static_cast<int>(ExitCode::kBadInput);
    }
  }
  if (o.min_trades) config->min_trades_threshold = *o.min_trades;
  if (o.jobs) config->jobs = *o.jobs;
  auto rules_path = find_rules_path(g.rules_path, *config);
  if (!rules_path) return fail(console, rules_path.error());
  auto rules = load_rules(*rules_path, *config);
  if (!rules) return fail(console, rules.error());
  auto universe = load_universe(config->universe_path);
  if (!universe) return fail(console, universe.error());
  std::vector<std::string> symbols;
  for (const UniverseEntry& u : *universe) symbols.push_back(u.symbol);
  phases.mark("configuration");
  console.step(1, kSteps,
               "Configuration loaded (" + std::to_string(symbols.size()) + " symbols, " +
                   std::to_string(rules->candidates.size()) + " candidate stacks, " +
                   std::to_string(rules->exit_conditions.size()) + " exit rules)");

  // [2/6] Prices. (crash_point: named kill -9 instants of the crash test, util/crash_point.h)
  crash_point("run.before_refresh");
  auto db = store::Database::open(config->database_path, store::Database::Check::kWrittenTables);
  if (!db) return fail(console, db.error());
  store::PriceStore prices(*db);
  std::vector<std::string> wanted = symbols;
  if (std::find(wanted.begin(), wanted.end(), config->benchmark_symbol) == wanted.end()) {
    wanted.push_back(config->benchmark_symbol);
  }
  std::vector<std::string> warnings;
  if (freeze || o.no_refresh) {
    console.step(2, kSteps,
                 std::string("Prices: refresh skipped (") +
                     (freeze ? "frozen at " + freeze_text : std::string("--no-refresh")) +
                     ")");
  } else {
    data::RefreshOptions ro;
    ro.today = today_ist();
    ro.now_iso = now_iso();
    int done = 0;
    const int total = static_cast<int>(wanted.size());
    ro.on_symbol = [&](const data::SymbolRefresh&) { console.progress(++done, total); };
    const auto refreshed = data::refresh(*config, prices, wanted, ro);
    console.end_progress();
    int ok = 0;
    std::optional<Date> last;
    std::vector<std::string> stale;
    for (const data::SymbolRefresh& r : refreshed) {
      if (r.state == data::SymbolRefresh::State::kOk) {
        ++ok;
      } else {
        stale.push_back(r.symbol);
        warnings.push_back(r.symbol + " is " + data::to_string(r.state) + ": " + r.reason);
        console.warn(r.symbol + ": " + r.reason);
      }
      if (r.last_bar && (!last || *r.last_bar > *last)) last = r.last_bar;
    }
    console.step(2, kSteps,
                 "Prices refreshed: " + std::to_string(ok) + "/" + std::to_string(total) +
                     " up to date" + (last ? " (last bar " + format_date(*last) + ")" : ""));
  }

  crash_point("run.after_refresh");
  // [3/6] Discovery.
  phases.mark("open+refresh");
  auto loaded = prices.load_many(wanted, freeze);
  if (!loaded) return fail(console, loaded.error());
  std::map<std::string, const Bars*> bars_of;
  const Bars* benchmark = nullptr;
  std::vector<const Bars*> stocks;
  std::vector<std::string> stock_symbols;
  Date market_date = 0;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const Bars& b = (*loaded)[i];
    if (wanted[i] == config->benchmark_symbol) {
      if (!b.empty()) benchmark = &b;
      if (i >= symbols.size()) continue;  // the benchmark is not itself in the universe
    }
    if (b.empty()) {
      warnings.push_back(wanted[i] + ": no prices in the store; skipped");
      console.warn(wanted[i] + ": no prices in the store; skipped");
      continue;
    }
    bars_of[wanted[i]] = &b;
    stocks.push_back(&b);
    stock_symbols.push_back(wanted[i]);
    market_date = std::max(market_date, b.date.back());
  }
  if (benchmark == nullptr) {
    warnings.push_back("benchmark " + config->benchmark_symbol + " has no prices in the store");
    console.warn(warnings.back());
  } else if (benchmark->date.back() < market_date) {
    warnings.push_back("benchmark " + config->benchmark_symbol + " ends " +
                       format_date(benchmark->date.back()) + ", before the data date " +
                       format_date(market_date) + ": market filters are false after it");
    console.warn(warnings.back());
  }
  const Date data_date = freeze ? *freeze : market_date;
  const int jobs = config->jobs > 0 ? config->jobs
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  phases.mark("load prices");
  const auto t_disc = std::chrono::steady_clock::now();
  auto results = analyze_all(stocks, benchmark, *rules, *config, jobs,
                             [&](int done, int total) { console.progress(done, total); });
  console.end_progress();
  if (!results) return fail(console, results.error());
  crash_point("run.after_discovery");
  const double disc_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t_disc).count();
  int valid = 0;
  for (const StockResult& r : *results) {
    if (r.ok && r.has_signal_stack) ++valid;
    if (!r.ok) warnings.push_back(r.symbol + ": skipped: " + r.skip_reason);
  }
  console.step(3, kSteps,
               "Strategies analysed: " + std::to_string(results->size()) + " symbols in " +
                   fmt_seconds(disc_s) + " (" + std::to_string(valid) +
                   " with a valid strategy)");

  // Signals and the position book (computed before the one transaction that stores them).
  std::optional<Date> previous_date, latest_date;
  {
    auto runs = store::all_runs(*db);
    if (!runs) return fail(console, runs.error());
    for (const store::RunRecord& r : *runs) {
      if (!r.data_as_of) continue;
      if (!latest_date || *r.data_as_of > *latest_date) latest_date = r.data_as_of;
      if (*r.data_as_of < data_date && (!previous_date || *r.data_as_of > *previous_date)) {
        previous_date = r.data_as_of;
      }
    }
  }
  // Every position of the universe: the live ones are replayed, the recent ones reported.
  const Date recent_from = recent_window_start(bars_of, market_date);
  std::vector<signals::BookPosition> live, recent;
  auto book = store::positions_signalled_until(*db, market_date);
  if (!book) return fail(console, book.error());
  for (const store::Position& p : *book) {
    const bool closed_before = p.status == store::PositionStatus::kClosed && p.exit_date &&
                               previous_date && *p.exit_date <= *previous_date;
    if (bars_of.count(p.symbol) == 0) {  // not in this universe, or no prices
      if (p.status != store::PositionStatus::kClosed) {
        warnings.push_back(p.symbol + ": open position not updated: the symbol is not in the " +
                           "universe or has no prices");
        console.warn(warnings.back());
      }
      continue;
    }
    if (!closed_before) live.push_back(to_book(p));
    if (p.signal_date >= recent_from) recent.push_back(to_book(p));
  }

  signals::DayInput day;
  day.data_date = market_date;
  day.results = &*results;
  day.bars = bars_of;
  day.benchmark = benchmark;
  day.rules = &*rules;
  day.config = &*config;
  day.min_trades = config->min_trades_threshold;
  day.positions = std::move(live);
  day.backdated = latest_date && data_date < *latest_date;
  phases.mark("discovery+book query");
  auto plan = signals::plan_day(day);
  if (!plan) return fail(console, plan.error());
  // This run's new positions are not stored yet: add them to the recent signals.
  for (const signals::BookPosition& p : plan->inserts) recent.push_back(p);

  // The report, built before the transaction so the run stores what it shows.
  const std::string run_timestamp = now_iso();
  ReportInputs ri;
  ri.data_date = data_date;
  ri.config = &*config;
  ri.plan = &*plan;
  ri.results = &*results;
  ri.bars = bars_of;
  ri.benchmark = benchmark;
  ri.recent = std::move(recent);
  ri.version = KISS_VERSION;
  ri.run_timestamp = run_timestamp;
  ri.results_saved = true;
  ri.warnings = warnings;
  report::DailyReport daily = build_daily_report(ri);

  // [4/6] One transaction: the run row, its strategies, every position change and the report.
  store::RunWrite write;
  write.run.run_timestamp = run_timestamp;
  write.run.data_as_of = data_date;
  write.run.config_hash = config->hash;
  write.run.config_yaml = config->snapshot;
  write.run.version = KISS_VERSION;
  write.run.symbols = static_cast<std::int64_t>(results->size());
  write.run.new_buys = static_cast<std::int64_t>(plan->new_buys.size());
  write.run.open_positions = static_cast<std::int64_t>(plan->open_positions.size());
  write.run.to_sell = static_cast<std::int64_t>(plan->to_sell.size());
  for (const StockResult& r : *results) {
    if (r.ok && r.has_signal_stack) write.strategies.push_back(to_strategy_record(r, *config));
  }
  write.run.strategies = static_cast<std::int64_t>(write.strategies.size());
  for (const signals::BookPosition& p : plan->updates) write.position_updates.push_back(to_row(p));
  for (const signals::BookPosition& p : plan->inserts) write.new_positions.push_back(to_row(p));
  write.run.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - t0)
                              .count();
  crash_point("run.before_save");
  write.report_json = report::to_json(daily);
  phases.mark("signals+report model");

  // The report files are written to durable temporaries on another thread while the
  // transaction commits (both end in fsyncs, which overlap on the disk), and become visible
  // only once the commit succeeded (report/write.h). The verbose run log goes with them.
  auto render_files = [&] {
    std::vector<report::FileBytes> f = report::render_report_files(config->reports_output_dir, daily);
    if (g.verbose) {
      f.push_back(report::render_run_log_file(config->reports_output_dir, data_date, *results,
                                              *rules, *config));
    }
    return f;
  };
  std::vector<report::FileBytes> files = render_files();
  auto staging = std::async(std::launch::async, [&files] { return report::stage_files(files); });
  bool saved = true;
  int exit_code = 0;
  auto id = store::save_run(*db, write);
  auto staged = staging.get();
  if (!id) {
    saved = false;
    exit_code = static_cast<int>(ExitCode::kRunFailed);
    console.error("results not saved: " + id.error().to_string());
    daily.results_saved = false;
    daily.warnings.push_back("results not saved: " + id.error().message);
    // The staged report shows a saved run: replace it by one that says it was not saved.
    if (staged) staged->discard();
    files = render_files();
    staged = report::stage_files(files);
  } else {
    console.step(4, kSteps,
                 "Results saved to " + config->database_path + " (run " + run_timestamp + ")");
  }

  crash_point("run.after_save");
  // [5/6] Signals.
  console.step(5, kSteps,
               "Signals: " + std::to_string(plan->new_buys.size()) + " new buys, " +
                   std::to_string(plan->open_positions.size()) + " open, " +
                   std::to_string(plan->to_sell.size()) + " to sell");

  // [6/6] Report. The connection closes (its checkpoint copies the WAL into the database file
  // and fsyncs it) on another thread while the reports are renamed into place and their folder
  // is fsynced: nothing after this point reads the database.
  crash_point("run.before_report");
  std::thread closer([&db] {
    const store::Database closing = std::move(*db);  // closed here, by its destructor
  });
  Status published = staged ? staged->publish() : Status(tl::unexpected(staged.error()));
  closer.join();
  if (!published) {
    console.error(published.error().to_string());
    return static_cast<int>(ExitCode::kRunFailed);
  }
  crash_point("run.after_report");
  phases.mark("save+report files+close");
  if (g.verbose) console.info("timing: " + phases.text());
  const std::string md = report::report_path(config->reports_output_dir, data_date, "md");
  console.step(6, kSteps, "Report written to " + md);

  if (g.json) {
    nlohmann::ordered_json j;
    j["version"] = KISS_VERSION;
    j["run_timestamp"] = run_timestamp;
    j["data_date"] = format_date(data_date);
    j["results_saved"] = saved;
    j["report"] = md;
    j["new_buys"] = nlohmann::ordered_json::array();
    for (const report::NewBuy& b : daily.new_buys) {
      j["new_buys"].push_back({{"symbol", b.symbol}, {"date", format_date(b.buy_date)},
                               {"entry_price", b.entry_price}, {"rule_stack", b.rule_stack},
                               {"edge_score", b.edge_score}});
    }
    j["open_positions"] = nlohmann::ordered_json::array();
    for (const report::OpenPosition& p : daily.open_positions) {
      j["open_positions"].push_back({{"symbol", p.symbol}, {"status", p.status},
                                     {"entry_date", format_date(p.entry_date)},
                                     {"entry_price", p.entry_price},
                                     {"current_price", p.current_price},
                                     {"return_pct", p.return_pct},
                                     {"day_in_trade", p.day_in_trade}});
    }
    j["to_sell"] = nlohmann::ordered_json::array();
    for (const report::PositionToSell& p : daily.to_sell) {
      j["to_sell"].push_back({{"symbol", p.symbol}, {"exit_date", format_date(p.exit_date)},
                              {"exit_price", p.exit_price}, {"return_pct", p.return_pct},
                              {"reason", p.reason}});
    }
    j["warnings"] = daily.warnings;
    std::printf("%s\n", j.dump(2).c_str());
  }
  return exit_code;
}

}  // namespace kiss::cli
