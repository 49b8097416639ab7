// Reliability, crash (issue 8; docs/persistence.md "a run commits atomically"):
// the real `kiss-signal run` is killed with SIGKILL at 20 instants: 14 named points placed in the
// pipeline (util/crash_point.h, armed by KISS_CRASH_POINT) during refresh, discovery, saving and
// reporting, plus 6 kills after fixed fractions of a measured complete run's duration. A kill
// must land: a named point that is not reached fails, and a delayed kill that comes after the
// run ended is retried earlier (a bounded number of times) and fails if it never lands.
// After each kill:
//   - PRAGMA integrity_check is "ok" and PRAGMA foreign_key_check is empty;
//   - the run is absent (runs, strategies and positions exactly as before) or complete (its runs
//     row, its strategies and its position changes exactly as an uninterrupted run leaves them);
//   - the previous report files are intact: an older report is byte-identical, and the report of
//     the run's date is either the previous bytes or the complete new report, never a part;
//   - the next run succeeds and leaves the same database rows and report as an uninterrupted run.
//
// Setup: a project with the bundled sample imported, one complete run frozen at 2025-08-01, and
// placeholder "previous" report files at the names the unfrozen run writes. Each case runs on a
// fresh copy of that project. The crashing run is unfrozen, so it refreshes prices from the
// sample folder (data_source csv) before discovery.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

#include "reliability_util.h"

namespace kiss::e2e {
namespace {

// Rows that an uninterrupted run determines (no ids of volatile origin, no created_at, no
// timestamps or durations).
const char* kRunsSql =
    "SELECT id, data_as_of, config_hash, version, status, symbols, strategies, new_buys, "
    "open_positions, to_sell FROM runs ORDER BY id";
const char* kStrategiesSql =
    "SELECT id, run_id, symbol, rule_stack, edge_score, win_pct, sharpe, total_trades, "
    "avg_return FROM strategies ORDER BY id";
const char* kPositionsSql =
    "SELECT id, run_id, symbol, status, signal_date, entry_date, entry_price, exit_date, "
    "exit_price, rule_stack_used, final_return_pct, exit_reason, days_held, shares "
    "FROM positions ORDER BY id";

struct Snapshot {
  std::vector<std::string> runs, strategies, positions;
  bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(const fs::path& db) {
  return {query_rows(db, kRunsSql), query_rows(db, kStrategiesSql), query_rows(db, kPositionsSql)};
}

constexpr const char* kPlaceholder = "previous report: must survive any crash intact\n";

class CrashTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    base_ = std::make_unique<TempProject>("rel_crash_base");
    write_w1_project(*base_, "data_source: {type: csv, path: \"" +
                                 (sample_dir() / "prices").string() + "\"}\n");
    ASSERT_EQ(import_sample(*base_).code, 0);
    const RunResult first = base_->run("run --freeze-data 2025-08-01");
    ASSERT_EQ(first.code, 0) << first.err;
    old_md_ = read_file(base_->path("w1_reports/signals_2025-08-01.md"));
    ASSERT_FALSE(old_md_.empty());
    before_ = snapshot(base_->path("w1.db"));

    // The uninterrupted reference run, on a copy.
    ref_ = std::make_unique<TempProject>("rel_crash_ref");
    copy_project(base_->dir(), ref_->dir());
    const Child c = run_child(ref_->dir(), {"run"});
    ASSERT_EQ(c.code, 0) << c.err;
    ref_seconds_ = c.seconds;
    std::printf("[ crash    ] uninterrupted run: %.3f s\n", c.seconds);
    after_ = snapshot(ref_->path("w1.db"));
    ASSERT_EQ(after_.runs.size(), before_.runs.size() + 1);
    for (const auto& e : fs::directory_iterator(ref_->path("w1_reports"))) {
      const std::string name = e.path().filename().string();
      if (name.rfind("signals_", 0) == 0 && name.find("2025-08-01") == std::string::npos)
        ref_reports_[name] = read_file(e.path());
    }
    ASSERT_EQ(ref_reports_.size(), 2u);  // .md and .html of the unfrozen run's date
    // Placeholders at those names in the base: the "previous report" a crash must not damage.
    for (const auto& [name, bytes] : ref_reports_)
      write_file(base_->path("w1_reports/" + name), kPlaceholder);
  }
  static void TearDownTestSuite() {
    base_.reset();
    ref_.reset();
  }

  // Kills a run on a fresh copy of the base project and checks every guarantee. A kill that
  // does not land tests nothing, so it never passes: a named point must be reached; a delayed
  // kill whose run finished first (the machine was faster than when ref_seconds_ was measured)
  // is tried again on a fresh copy, earlier (0.8 × the shorter of the last delay and the last
  // run's measured duration), at most kMaxAttempts times, and the case fails if none lands.
  void crash_and_check(const std::string& point, double kill_after) {
    constexpr int kMaxAttempts = 5;
    double delay = kill_after;
    for (int attempt = 1;; ++attempt) {
      auto p = std::make_unique<TempProject>("rel_crash");
      copy_project(base_->dir(), p->dir());
      ChildOptions o;
      o.crash_point = point;
      o.kill_after = delay;
      const Child c = run_child(p->dir(), {"run"}, o);
      if (c.killed) {
        check_after_kill(*p, c, point, delay);
        return;
      }
      ASSERT_TRUE(point.empty()) << "point " << point << " not reached; exit " << c.code << "\n"
                                 << c.err;
      ASSERT_EQ(c.code, 0) << "the run failed without being killed\n" << c.err;
      std::printf(
          "[ crash    ] (delay) kill at %.3f s did not land: the run ended in %.3f s "
          "(exit %d), attempt %d of %d\n",
          delay, c.seconds, c.code, attempt, kMaxAttempts);
      ASSERT_LT(attempt, kMaxAttempts)
          << "no kill landed in " << kMaxAttempts << " attempts (first at " << kill_after << " s)";
      delay = 0.8 * std::min(delay, c.seconds);
    }
  }

  // Every guarantee after a kill that landed.
  void check_after_kill(const TempProject& p, const Child& c, const std::string& point,
                        double kill_after) {
    SCOPED_TRACE("crash point '" + point + "', kill after " + std::to_string(kill_after) + " s");
    ASSERT_TRUE(c.killed);
    const fs::path db = p.path("w1.db");
    EXPECT_EQ(rw_query(db, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
    EXPECT_EQ(rw_query(db, "PRAGMA foreign_key_check"), std::vector<std::string>{});
    const Snapshot s = snapshot(db);
    const bool absent = s == before_;
    const bool complete = s == after_;
    // One line per case, so a log shows where each kill landed.
    std::printf("[ crash    ] %-26s killed=%d after %.3f s: run %s\n",
                point.empty() ? "(delay)" : point.c_str(), c.killed ? 1 : 0, c.seconds,
                absent     ? "absent"
                : complete ? "complete"
                           : "PARTIAL");
    EXPECT_TRUE(absent || complete)
        << "partial run: " << s.runs.size() << " runs, " << s.strategies.size() << " strategies, "
        << s.positions.size() << " positions";
    if (point.rfind("save_run.", 0) == 0 && point != "save_run.after_commit") {
      EXPECT_TRUE(absent) << "killed before COMMIT, yet the run is stored";
    }
    if (point == "save_run.after_commit" || point == "run.after_save" ||
        (point.rfind("run.", 0) == 0 && point.find("report") != std::string::npos)) {
      EXPECT_TRUE(complete) << "killed after COMMIT, yet the run is missing";
    }
    EXPECT_EQ(read_file(p.path("w1_reports/signals_2025-08-01.md")), old_md_);
    for (const auto& [name, bytes] : ref_reports_) {
      const std::string now = read_file(p.path("w1_reports/" + name));
      EXPECT_TRUE(now == kPlaceholder || now == bytes)
          << name << " is neither the previous nor the complete report (" << now.size()
          << " bytes)";
    }

    // The next run succeeds and leaves what an uninterrupted run leaves (plus its own row).
    const Child next = run_child(p.dir(), {"run"});
    ASSERT_EQ(next.code, 0) << next.err;
    EXPECT_EQ(rw_query(db, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
    const Snapshot n = snapshot(db);
    EXPECT_EQ(n.runs.size(), s.runs.size() + 1);
    for (const auto& [name, bytes] : ref_reports_) {
      EXPECT_EQ(read_file(p.path("w1_reports/" + name)), bytes) << name;
    }
    if (absent) {
      EXPECT_EQ(n, after_) << "the next run differs from an uninterrupted run";
    }
  }

  static std::unique_ptr<TempProject> base_, ref_;
  static std::string old_md_;
  static Snapshot before_, after_;
  static std::map<std::string, std::string> ref_reports_;
  static double ref_seconds_;
};
std::unique_ptr<TempProject> CrashTest::base_, CrashTest::ref_;
std::string CrashTest::old_md_;
Snapshot CrashTest::before_, CrashTest::after_;
std::map<std::string, std::string> CrashTest::ref_reports_;
double CrashTest::ref_seconds_ = 0;

// The 14 named instants, in pipeline order (the calls are in daily/run.cc, data_source.cc
// and run_commit.cc).
class NamedCrash : public CrashTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(NamedCrash, RunIsAllOrNothingAndTheNextRunSucceeds) { crash_and_check(GetParam(), 0); }

INSTANTIATE_TEST_SUITE_P(Points, NamedCrash,
                         ::testing::Values("run.before_refresh", "refresh.before_save",
                                           "refresh.after_save", "run.after_refresh",
                                           "run.after_discovery", "run.before_save",
                                           "save_run.after_begin", "save_run.after_run_row",
                                           "save_run.after_strategies", "save_run.before_commit",
                                           "save_run.after_commit", "run.after_save",
                                           "run.before_report", "run.after_report"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& ch : n)
                             if (ch == '.') ch = '_';
                           return n;
                         });

// Kills after fixed fractions of an uninterrupted run's measured duration (so the instants
// spread over refresh, discovery, saving and reporting whatever the machine's speed).
class DelayedCrash : public CrashTest, public ::testing::WithParamInterface<double> {};

TEST_P(DelayedCrash, RunIsAllOrNothingAndTheNextRunSucceeds) {
  crash_and_check("", GetParam() * ref_seconds_);
}

INSTANTIATE_TEST_SUITE_P(Fractions, DelayedCrash,
                         ::testing::Values(0.13, 0.37, 0.58, 0.79, 0.94, 0.985));

}  // namespace
}  // namespace kiss::e2e
