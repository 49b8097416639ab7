#include "daily/persist.h"

#include <cmath>
#include <filesystem>
#include <future>
#include <thread>

#include "config/settings_snapshot.h"
#include "report/model_json.h"

namespace kiss::daily {

store::StrategyRecord to_strategy_record(const StockResult& r, const Config& config) {
  const Metrics& m = r.result.metrics;
  store::StrategyRecord s;
  s.symbol = r.symbol;
  s.rule_stack = r.result.rule_names;
  s.edge_score = m.edge_score;
  s.win_pct = m.win_pct;
  s.sharpe = m.sharpe;
  s.total_trades = m.total_trades;
  s.avg_return = m.avg_return;
  s.config_snapshot = settings_snapshot_json(config);
  s.config_hash = config.hash;
  s.sortino = m.sortino;
  s.max_drawdown_pct = m.max_drawdown_pct;
  s.cagr_pct = m.cagr_pct;
  // An infinite profit factor (no losing trade) cannot be stored as a REAL: NULL means "n/a".
  if (std::isfinite(m.profit_factor)) s.profit_factor = m.profit_factor;
  s.expectancy = m.expectancy;
  s.exposure_pct = m.exposure_pct;
  s.avg_bars_held = m.avg_bars_held;
  s.alpha_pct = m.alpha_pct;
  s.beat_benchmark_pct = m.beat_benchmark_pct;
  s.target_hit_pct = m.target_hit_pct;
  s.deflated_sharpe = m.deflated_sharpe;
  s.in_sample = r.in_sample;
  std::int64_t test_windows = 0;
  for (const WindowResult& w : r.windows) {
    if (w.test_end > w.test_begin) ++test_windows;
  }
  s.oos_windows = test_windows;
  if (!r.equity_dates.empty()) {
    s.oos_start = r.equity_dates.front();
    s.oos_end = r.equity_dates.back();
  }
  return s;
}

store::RunWrite make_run_write(const Config& config, const std::vector<StockResult>& results,
                               const signals::DayPlan& plan, const report::DailyReport& report) {
  store::RunWrite write;
  write.run.run_timestamp = report.run_timestamp;
  write.run.data_as_of = report.report_date;
  write.run.config_hash = config.hash;
  write.run.config_yaml = config.snapshot;
  write.run.version = report.version;
  write.run.symbols = static_cast<std::int64_t>(results.size());
  write.run.new_buys = static_cast<std::int64_t>(plan.new_buys.size());
  write.run.open_positions = static_cast<std::int64_t>(plan.open_positions.size());
  write.run.to_sell = static_cast<std::int64_t>(plan.to_sell.size());
  for (const StockResult& r : results) {
    if (r.ok && r.has_signal_stack) write.strategies.push_back(to_strategy_record(r, config));
  }
  write.run.strategies = static_cast<std::int64_t>(write.strategies.size());
  write.position_updates = plan.updates;
  write.new_positions = plan.inserts;
  write.report_json = report::to_json(report);
  return write;
}

std::string not_saved_path(const std::string& path) {
  const std::filesystem::path p(path);
  std::filesystem::path out = p;
  out.replace_filename(p.stem().string() + ".NOT-SAVED" + p.extension().string());
  return out.string();
}

Committed commit_run(store::Database& db, const store::RunWrite& write, report::DailyReport& report,
                     const RenderFiles& render, Events& events) {
  std::vector<report::FileBytes> files = render(report);
  auto staging = std::async(std::launch::async, [&files] { return report::stage_files(files); });
  auto id = store::save_run(db, write);
  Committed c{id.has_value(), staging.get()};
  if (c.saved) return c;
  events.error("results not saved: " + id.error().to_string());
  report.results_saved = false;
  report.warnings.push_back("results not saved: " + id.error().message);
  // The staged report shows a saved run: replace it by one that says it was not saved, under
  // its own name (an earlier saved run's report of this date stays as it is).
  if (c.staged) c.staged->discard();
  files = render(report);
  for (report::FileBytes& f : files) f.first = not_saved_path(f.first);
  c.staged = report::stage_files(files);
  return c;
}

Status publish_and_close(store::Database db, Result<report::StagedFiles> staged) {
  std::thread closer([&db] {
    const store::Database closing = std::move(db);  // closed here, by its destructor
  });
  Status published = staged ? staged->publish() : Status(tl::unexpected(staged.error()));
  closer.join();
  if (!published) published.error().exit_code = ExitCode::kRunFailed;
  return published;
}

}  // namespace kiss::daily
