#include "daily/persist.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>

#include "daily/test_support.h"
#include "report/model_json.h"
#include "store/runs.h"

namespace kiss::daily {
namespace {

StockResult result(const std::string& symbol, bool ok, bool signal_stack) {
  StockResult r;
  r.symbol = symbol;
  r.ok = ok;
  r.has_signal_stack = signal_stack;
  r.result.rule_names = {"base", "layer"};
  r.result.metrics.edge_score = 0.7;
  r.result.metrics.total_trades = 12;
  r.result.metrics.profit_factor = std::numeric_limits<double>::infinity();
  return r;
}

TEST(Persist, InfiniteProfitFactorIsStoredAsNull) {
  Config c;
  c.hash = "abc";
  StockResult r = result("A", true, true);
  const store::StrategyRecord s = to_strategy_record(r, c);
  EXPECT_EQ(s.symbol, "A");
  EXPECT_EQ(s.config_hash, "abc");
  EXPECT_EQ(s.total_trades, 12);
  EXPECT_FALSE(s.profit_factor.has_value());
  r.result.metrics.profit_factor = 1.5;
  EXPECT_EQ(to_strategy_record(r, c).profit_factor, 1.5);
}

report::DailyReport report_of(Date d) {
  report::DailyReport r;
  r.report_date = d;
  r.version = "9.9.9";
  r.run_timestamp = "2025-08-08T10:00:00.000Z";
  return r;
}

TEST(Persist, RunWriteHoldsTheStrategiesThePlanAndTheReport) {
  Config c;
  c.hash = "abc";
  const std::vector<StockResult> results{result("A", true, true), result("B", true, false),
                                         result("C", false, false)};
  signals::DayPlan plan;
  plan.inserts.resize(2);
  plan.updates.resize(1);
  plan.new_buys.resize(2);
  plan.to_sell.resize(1);
  const report::DailyReport rep = report_of(days_from_civil(2025, 8, 8));
  const store::RunWrite w = make_run_write(c, results, plan, rep);
  EXPECT_EQ(w.run.run_timestamp, "2025-08-08T10:00:00.000Z");
  EXPECT_EQ(w.run.data_as_of, days_from_civil(2025, 8, 8));
  EXPECT_EQ(w.run.version, "9.9.9");
  EXPECT_EQ(w.run.symbols, 3);
  EXPECT_EQ(w.run.strategies, 1);
  ASSERT_EQ(w.strategies.size(), 1u);
  EXPECT_EQ(w.strategies[0].symbol, "A");
  EXPECT_EQ(w.run.new_buys, 2);
  EXPECT_EQ(w.run.open_positions, 0);
  EXPECT_EQ(w.run.to_sell, 1);
  EXPECT_EQ(w.new_positions.size(), 2u);
  EXPECT_EQ(w.position_updates.size(), 1u);
  EXPECT_EQ(w.report_json, report::to_json(rep));
}

RenderFiles one_file(const std::string& dir) {
  return [dir](const report::DailyReport& r) {
    return std::vector<report::FileBytes>{
        {dir + "/out.txt", r.results_saved ? "saved" : "not saved"}};
  };
}

TEST(Persist, CommittedRunPublishesItsReport) {
  testing::TempDir dir;
  auto db = store::Database::open(dir.path() + "/kiss.db");
  ASSERT_TRUE(db) << db.error().to_string();
  report::DailyReport rep = report_of(days_from_civil(2025, 8, 8));
  const store::RunWrite w = make_run_write(Config{}, {}, signals::DayPlan{}, rep);
  testing::RecordingEvents ev;
  Committed c = commit_run(*db, w, rep, one_file(dir.path()), ev);
  EXPECT_TRUE(c.saved);
  EXPECT_TRUE(ev.errors.empty());
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/out.txt"));  // staged, not visible
  auto runs = store::all_runs(*db);
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 1u);
  ASSERT_TRUE(publish_and_close(std::move(*db), std::move(c.staged)));
  EXPECT_EQ(std::filesystem::file_size(dir.path() + "/out.txt"), 5u);  // "saved"
}

TEST(Persist, FailedCommitStoresNothingAndTheReportSaysSo) {
  testing::TempDir dir;
  auto db = store::Database::open(dir.path() + "/kiss.db");
  ASSERT_TRUE(db) << db.error().to_string();
  report::DailyReport rep = report_of(days_from_civil(2025, 8, 8));
  const store::RunWrite w = make_run_write(Config{}, {}, signals::DayPlan{}, rep);
  ASSERT_TRUE(store::save_run(*db, w));  // the same run_timestamp again: the insert fails
  {
    std::ofstream saved(dir.path() + "/out.txt");  // the report of the run that was saved
    saved << "saved";
  }
  testing::RecordingEvents ev;
  Committed c = commit_run(*db, w, rep, one_file(dir.path()), ev);
  EXPECT_FALSE(c.saved);
  EXPECT_FALSE(rep.results_saved);
  ASSERT_EQ(ev.errors.size(), 1u);
  EXPECT_EQ(ev.errors[0].rfind("results not saved: ", 0), 0u) << ev.errors[0];
  ASSERT_FALSE(rep.warnings.empty());
  EXPECT_EQ(rep.warnings.back().rfind("results not saved: ", 0), 0u);
  EXPECT_EQ(store::all_runs(*db)->size(), 1u);
  ASSERT_TRUE(publish_and_close(std::move(*db), std::move(c.staged)));
  EXPECT_EQ(std::filesystem::file_size(dir.path() + "/out.NOT-SAVED.txt"), 9u);  // "not saved"
  EXPECT_EQ(std::filesystem::file_size(dir.path() + "/out.txt"), 5u);            // kept: "saved"
}

TEST(Persist, NotSavedPath) {
  EXPECT_EQ(not_saved_path("reports/signals_2025-08-08.md"),
            "reports/signals_2025-08-08.NOT-SAVED.md");
  EXPECT_EQ(not_saved_path("/r/run_log_2025-08-08.txt"), "/r/run_log_2025-08-08.NOT-SAVED.txt");
}

TEST(Persist, AFailedStagingIsExitThree) {
  testing::TempDir dir;
  auto db = store::Database::open(dir.path() + "/kiss.db");
  ASSERT_TRUE(db);
  Result<report::StagedFiles> failed = tl::unexpected(Error{"x", 0, 0, {}, "cannot write"});
  const Status st = publish_and_close(std::move(*db), std::move(failed));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().exit_code, ExitCode::kRunFailed);
  EXPECT_EQ(st.error().message, "cannot write");
}

}  // namespace
}  // namespace kiss::daily
