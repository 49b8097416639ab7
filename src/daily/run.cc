#include "daily/run.h"

#include <chrono>
#include <cstdio>
#include <utility>

#include "daily/analyse.h"
#include "daily/book.h"
#include "daily/persist.h"
#include "daily/prices.h"
#include "daily/report_model.h"
#include "report/run_log.h"
#include "report/write.h"
#include "store/database.h"
#include "store/price_store.h"
#include "util/crash_point.h"
#include "util/version.h"

// crash_point(...): the named kill -9 instants of the crash tests (util/crash_point.h).
namespace kiss::daily {

namespace {

// Wall time of each phase, reported with --verbose (how docs/performance.md splits a run).
class PhaseTimer {
 public:
  explicit PhaseTimer(const Clock& clock) : clock_(clock), last_(clock.steady()) {}
  void mark(const char* phase) {
    const auto now = clock_.steady();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%s %.1f ms", text_.empty() ? "" : ", ", phase,
                  std::chrono::duration<double, std::milli>(now - last_).count());
    text_ += buf;
    last_ = now;
  }
  const std::string& text() const { return text_; }

 private:
  const Clock& clock_;
  std::chrono::steady_clock::time_point last_;
  std::string text_;
};

// Everything the steps before the transaction produce.
struct Day {
  RunSetup setup;
  Market market;
  Analysis analysis;
  std::vector<std::string> warnings;  // in the order the steps found them
};

void append(std::vector<std::string>& to, const std::vector<std::string>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// Steps 2 and 3: refresh, load the bars, analyse.
Result<Day> prepare(RunSetup setup, const Request& request, store::Database& db, const Clock& clock,
                    Events& events, PhaseTimer& phases) {
  Day day;
  day.setup = std::move(setup);
  store::PriceStore prices(db);
  const std::vector<std::string> wanted = wanted_symbols(day.setup);
  if (auto st = check_sources(day.setup, prices, events); !st) {
    return tl::unexpected(std::move(st.error()));
  }
  if (auto st = check_no_future_bars(day.setup, wanted, prices, exchange_today(clock)); !st) {
    return tl::unexpected(std::move(st.error()));
  }
  RefreshSummary refreshed = refresh_prices(day.setup, request, wanted, prices, clock, events);
  events.step(2, kSteps, refreshed.text);
  day.warnings = std::move(refreshed.warnings);
  crash_point("run.after_refresh");
  phases.mark("open+refresh");
  auto market = load_market(day.setup, wanted, prices, events);
  if (!market) return tl::unexpected(std::move(market.error()));
  day.market = std::move(*market);
  append(day.warnings, day.market.warnings);
  if (auto stale = stale_warning(day.setup, day.market, exchange_today(clock))) {
    events.warn(*stale);
    day.warnings.push_back(std::move(*stale));
  }
  phases.mark("load prices");
  auto analysis = analyse(day.setup, day.market, clock, events);
  if (!analysis) return tl::unexpected(std::move(analysis.error()));
  crash_point("run.after_discovery");
  day.analysis = std::move(*analysis);
  append(day.warnings, day.analysis.warnings);
  events.step(3, kSteps, analysis_text(day.analysis));
  return day;
}

report::DailyReport make_report(const Day& day, BookDay& book, const Clock& clock) {
  ReportInputs ri;
  ri.data_date = day.market.data_date;
  ri.config = &day.setup.config;
  ri.rules = &day.setup.rules;
  ri.plan = &book.plan;
  ri.results = &day.analysis.results;
  ri.bars = day.market.bars_of;
  ri.benchmark = day.market.benchmark;
  ri.recent = std::move(book.recent);
  ri.sales_since = book.previous.value_or(0);
  ri.version = version();
  ri.run_timestamp = utc_timestamp_ms(clock);
  ri.results_saved = true;
  ri.warnings = day.warnings;
  append(ri.warnings, book.warnings);
  return build_daily_report(ri);
}

RenderFiles renderer(const Day& day, bool verbose) {
  return [&day, verbose](const report::DailyReport& r) {
    const Config& config = day.setup.config;
    auto files = report::render_report_files(config.reports_output_dir, r);
    if (verbose) {
      files.push_back(report::render_run_log_file(config.reports_output_dir, r.report_date,
                                                  day.analysis.results, day.setup.rules, config));
    }
    return files;
  };
}

std::string signals_text(const signals::DayPlan& plan) {
  const std::size_t buys = plan.new_buys.size();
  return "Signals: " + std::to_string(buys) + (buys == 1 ? " new buy, " : " new buys, ") +
         std::to_string(plan.open_positions.size()) + " open, " +
         std::to_string(plan.to_sell.size()) + " to sell";
}

// Steps 4 to 6: plan the book, commit the run with its report, publish the report.
Result<Outcome> conclude(const Day& day, const Request& request, store::Database db,
                         const Clock& clock, Events& events, PhaseTimer& phases,
                         std::chrono::steady_clock::time_point start) {
  auto book = plan_book(db, day.setup, day.market, day.analysis, exchange_today(clock), events);
  if (!book) return tl::unexpected(std::move(book.error()));
  phases.mark("discovery+book query");
  Outcome out;
  out.report = make_report(day, *book, clock);
  store::RunWrite write = make_run_write(day.setup.config, day.analysis.results, book->plan,
                                         out.report);
  if (request.clear_strategies) write.clear_config_hash = day.setup.config.hash;
  write.run.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.steady() - start).count();
  crash_point("run.before_save");
  phases.mark("signals+report model");
  Committed c = commit_run(db, write, out.report, renderer(day, request.verbose), events);
  out.saved = c.saved;
  const Config& config = day.setup.config;
  if (c.saved) {
    events.step(4, kSteps,
                "Results saved to " + config.database_path + " (run " + out.report.run_timestamp +
                    ")");
  }
  crash_point("run.after_save");
  events.step(5, kSteps, signals_text(book->plan));
  crash_point("run.before_report");
  if (auto st = publish_and_close(std::move(db), std::move(c.staged)); !st) {
    // Committed (or not, as said above); only the report is missing: exit 4 when the run is
    // stored, so exit 3 keeps its meaning "nothing was committed".
    Error e = std::move(st.error());
    e.message = "report not written: " + e.message;
    e.exit_code = c.saved ? ExitCode::kReportFailed : ExitCode::kRunFailed;
    return tl::unexpected(std::move(e));
  }
  crash_point("run.after_report");
  phases.mark("save+report files+close");
  if (request.verbose) events.info("timing: " + phases.text());
  out.report_md = report::report_path(config.reports_output_dir, out.report.report_date, "md");
  if (!c.saved) out.report_md = not_saved_path(out.report_md);
  events.step(6, kSteps, "Report written to " + out.report_md);
  return out;
}

}  // namespace

Result<Outcome> run_daily(const Request& request, const Clock& clock, Events& events) {
  const auto start = clock.steady();
  PhaseTimer phases(clock);
  auto setup = load_setup(request);
  if (!setup) return tl::unexpected(std::move(setup.error()));
  if (auto st = check_freeze_not_future(*setup, clock); !st) {
    return tl::unexpected(std::move(st.error()));
  }
  phases.mark("configuration");
  events.step(1, kSteps, setup_text(*setup));
  crash_point("run.before_refresh");
  auto db = store::Database::open(setup->config.database_path,
                                  store::Database::Check::kWrittenTables);
  if (!db) return tl::unexpected(std::move(db.error()));
  auto day = prepare(std::move(*setup), request, *db, clock, events, phases);
  if (!day) return tl::unexpected(std::move(day.error()));
  return conclude(*day, request, std::move(*db), clock, events, phases, start);
}

}  // namespace kiss::daily
