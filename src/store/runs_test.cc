#include "store/runs.h"

#include <gtest/gtest.h>

#include "store/run_commit.h"
#include "store/test_support.h"

namespace kiss::store {
namespace {

using testing::record;

RunRecord run_at(const std::string& ts, Date as_of) {
  RunRecord r;
  r.run_timestamp = ts;
  r.data_as_of = as_of;
  r.config_hash = "h1";
  r.version = "1.0.0";
  r.symbols = 50;
  return r;
}

std::int64_t scalar(Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  EXPECT_TRUE(st && st->step().value());
  return st->column_int64(0);
}

const Date kMon = days_from_civil(2025, 6, 23);
const Date kTue = days_from_civil(2025, 6, 24);

TEST(Runs, InsertQueryAndUpdate) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  EXPECT_FALSE(latest_run(*db).value().has_value());
  auto id1 = insert_run(*db, run_at("2025-06-23T18:00:00", kMon));
  ASSERT_TRUE(id1);
  auto id2 = insert_run(*db, run_at("2025-06-24T18:00:00", kTue));
  ASSERT_TRUE(id2);
  auto rerun = run_at("2025-06-24T19:00:00", kTue);
  rerun.data_as_of.reset();
  ASSERT_TRUE(insert_run(*db, rerun));

  auto latest = latest_run(*db);
  ASSERT_TRUE(latest && latest->has_value());
  EXPECT_EQ((*latest)->run_timestamp, "2025-06-24T19:00:00");
  EXPECT_FALSE((*latest)->data_as_of.has_value());

  auto monday = run_by_data_date(*db, kMon);
  ASSERT_TRUE(monday && monday->has_value());
  RunRecord r = **monday;
  EXPECT_EQ(r.id, *id1);
  EXPECT_EQ(r.config_hash, "h1");
  EXPECT_EQ(r.version, "1.0.0");
  EXPECT_EQ(r.status, "COMPLETED");
  EXPECT_EQ(r.symbols, 50);
  EXPECT_FALSE(r.duration_ms.has_value());
  EXPECT_FALSE(r.created_at.empty());
  EXPECT_FALSE(run_by_data_date(*db, kMon - 1).value().has_value());

  r.strategies = 12;
  r.new_buys = 2;
  r.open_positions = 3;
  r.to_sell = 1;
  r.duration_ms = 41;
  ASSERT_TRUE(update_run(*db, r));
  auto again = run_by_data_date(*db, kMon).value();
  EXPECT_EQ(again->strategies, 12);
  EXPECT_EQ(again->new_buys, 2);
  EXPECT_EQ(again->open_positions, 3);
  EXPECT_EQ(again->to_sell, 1);
  EXPECT_EQ(again->duration_ms, 41);

  auto all = all_runs(*db);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, *id1);

  r.id = 999;
  EXPECT_FALSE(update_run(*db, r));
}

// Schema v3: a run stores the report it showed; the latest run of a data date wins.
TEST(Runs, ReportOfADateIsTheLatestRunsReport) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  RunWrite first;
  first.run = run_at("2025-06-23T18:00:00", kMon);
  first.report_json = "{\"n\":1}";
  ASSERT_TRUE(save_run(*db, first));
  RunWrite again = first;
  again.run.run_timestamp = "2025-06-23T19:00:00";
  again.report_json = "{\"n\":2}";
  ASSERT_TRUE(save_run(*db, again));
  auto r = report_of_date(*db, kMon);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ(**r, "{\"n\":2}");
  auto none = report_of_date(*db, kTue);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  EXPECT_FALSE(set_run_report(*db, 999, "{}"));  // no such run
}

TEST(Runs, BadRunsAreRefused) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  auto bad = insert_run(*db, run_at("today", kMon));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().key, "runs.run_timestamp");
  ASSERT_TRUE(insert_run(*db, run_at("2025-06-23T18:00:00", kMon)));
  auto dup = insert_run(*db, run_at("2025-06-23T18:00:00", kMon));
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message.find("UNIQUE"), std::string::npos);
  ASSERT_TRUE(db->exec("UPDATE runs SET data_as_of = '23-06-2025'"));
  EXPECT_EQ(latest_run(*db).error().key, "runs.data_as_of");
}

TEST(RunCommit, AWholeRunCommitsAsOne) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  BookPosition open;
  open.symbol = "TCS";
  open.status = PositionStatus::kPending;
  open.signal_date = kMon;
  open.rule_stack = {"x"};
  auto pos_id = insert_position(*db, open);
  ASSERT_TRUE(pos_id);

  RunWrite w;
  w.run = run_at("2025-06-24T18:00:00", kTue);
  w.strategies = {record("TCS", {"x"}), record("INFY", {"y"})};
  BookPosition filled = open;
  filled.id = *pos_id;
  filled.status = PositionStatus::kOpen;
  filled.entry_date = kTue;
  filled.entry_price = 3500.0;
  w.position_updates = {filled};
  BookPosition buy;
  buy.symbol = "INFY";
  buy.signal_date = kTue;
  buy.rule_stack = {"y"};
  w.new_positions = {buy};
  auto run_id = save_run(*db, w);
  ASSERT_TRUE(run_id) << run_id.error().to_string();
  EXPECT_EQ(scalar(*db,
                   "SELECT COUNT(*) FROM strategies WHERE run_id = " + std::to_string(*run_id)),
            2);
  EXPECT_EQ(active_position(*db, "INFY").value()->run_id, *run_id);
  EXPECT_EQ(active_position(*db, "TCS").value()->status, PositionStatus::kOpen);
}

TEST(RunCommit, AFailureAnywhereLeavesNothingOfTheRun) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  BookPosition existing;
  existing.symbol = "TCS";
  existing.signal_date = kMon;
  existing.rule_stack = {"x"};
  ASSERT_TRUE(insert_position(*db, existing));

  RunWrite w;
  w.run = run_at("2025-06-24T18:00:00", kTue);
  w.strategies = {record("TCS", {"x"}), record("INFY", {"y"})};
  BookPosition duplicate = existing;  // TCS already has an active position: the last step fails
  duplicate.signal_date = kTue;
  w.new_positions = {duplicate};
  auto failed = save_run(*db, w);
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("position of TCS"), std::string::npos);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM runs"), 0);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM strategies"), 0);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM positions"), 1);

  // A failing update in the middle (unknown id) also leaves nothing.
  w.new_positions.clear();
  BookPosition ghost = existing;
  ghost.id = 77;
  w.position_updates = {ghost};
  EXPECT_FALSE(save_run(*db, w));
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM runs"), 0);
  // And a bad run row fails first.
  w.position_updates.clear();
  w.run.run_timestamp = "bad";
  EXPECT_FALSE(save_run(*db, w));
  w.run.run_timestamp = "2025-06-24T18:00:00";
  w.strategies.push_back(record("INFY", {"y"}));  // duplicate row: strategies step fails
  EXPECT_FALSE(save_run(*db, w));
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM runs"), 0);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM strategies"), 0);
}

}  // namespace
}  // namespace kiss::store
