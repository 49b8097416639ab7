#include "daily/run.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "daily/test_support.h"
#include "report/model_json.h"
#include "store/database.h"
#include "store/runs.h"
#include "util/version.h"

namespace kiss::daily {
namespace {

using testing::DailyProject;
using testing::RecordingEvents;

Request request_of(const DailyProject& p) {
  Request r;
  r.config_path = p.config_path;
  r.rules_path = p.rules_path;
  r.jobs = 1;
  return r;
}

// The whole loop on three stocks of the sample, refreshed from its CSV folder, on a clock that
// stands still at 2025-10-01 10:00:05 UTC.
TEST(RunDaily, StepsRecordsAndReportOnAFixedClock) {
  DailyProject p;
  RecordingEvents ev;
  const FixedClock clock(utc_instant(days_from_civil(2025, 10, 1), 10, 0, 5));
  auto out = run_daily(request_of(p), clock, ev);
  ASSERT_TRUE(out) << out.error().to_string();
  EXPECT_TRUE(out->saved);
  ASSERT_EQ(ev.steps.size(), 6u);
  EXPECT_EQ(ev.steps[0],
            "[1/6] Configuration loaded (3 symbols, 6 candidate stacks, 2 exit rules)");
  EXPECT_EQ(ev.steps[1], "[2/6] Prices refreshed: 4/4 up to date (last bar 2025-09-30)");
  EXPECT_EQ(ev.steps[2].rfind("[3/6] Strategies analysed: 3 symbols in 0.00 s (", 0), 0u)
      << ev.steps[2];
  EXPECT_EQ(ev.steps[5], "[6/6] Report written to " + out->report_md);
  EXPECT_TRUE(std::filesystem::exists(out->report_md));
  EXPECT_EQ(out->report.report_date, days_from_civil(2025, 9, 30));
  EXPECT_EQ(out->report.version, version());
  EXPECT_EQ(out->report.run_timestamp, "2025-10-01T10:00:05.000Z");

  auto db = store::Database::open(p.path("kiss.db"));
  ASSERT_TRUE(db) << db.error().to_string();
  auto run = store::latest_run(*db);
  ASSERT_TRUE(run && *run);
  EXPECT_EQ((*run)->run_timestamp, "2025-10-01T10:00:05.000Z");
  EXPECT_EQ((*run)->duration_ms, 0);  // the clock stood still
  EXPECT_EQ((*run)->version, version());
  // The stored report model is the one the run returned (and `--json` prints).
  EXPECT_EQ(store::report_of_date(*db, days_from_civil(2025, 9, 30)).value(),
            report::to_json(out->report));
}

// A clock of 2026-12-04 with the sample's prices ending 2025-09-30: the step says stale, and
// so does a warning on the console and in the report's WARNINGS; frozen, neither.
TEST(RunDaily, StaleDataIsSaidOnTheConsoleAndInTheReport) {
  DailyProject p;
  RecordingEvents ev;
  const FixedClock clock(utc_instant(days_from_civil(2026, 12, 4), 10, 0, 0));
  auto out = run_daily(request_of(p), clock, ev);
  ASSERT_TRUE(out) << out.error().to_string();
  ASSERT_EQ(ev.steps.size(), 6u);
  EXPECT_EQ(ev.steps[1],
            "[2/6] Prices stale: 4/4 symbols refreshed, the last bar 2025-09-30 is 308 trading "
            "days before today 2026-12-04 (Asia/Kolkata)");
  const std::string warning =
      "prices are stale: the last bar 2025-09-30 is 308 trading days before today 2026-12-04 "
      "(Asia/Kolkata); the signals are as of 2025-09-30 (refresh with `data fetch` or `data "
      "import`)";
  EXPECT_NE(std::find(ev.warnings.begin(), ev.warnings.end(), warning), ev.warnings.end());
  const auto& w = out->report.warnings;
  EXPECT_NE(std::find(w.begin(), w.end(), warning), w.end());

  RecordingEvents ev2;  // the prices the first run stored, frozen: old on purpose
  Request r = request_of(p);
  r.freeze_data = "2025-09-30";
  auto out2 = run_daily(r, clock, ev2);
  ASSERT_TRUE(out2) << out2.error().to_string();
  for (const std::string& x : out2->report.warnings)
    EXPECT_EQ(x.find("stale"), std::string::npos) << x;
}

TEST(RunDaily, ErrorsStoreNothing) {
  DailyProject p;
  Request r = request_of(p);
  r.rules_path = p.path("missing.yaml");
  RecordingEvents ev;
  const FixedClock clock(utc_instant(days_from_civil(2025, 10, 1)));
  auto out = run_daily(r, clock, ev);
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().to_string().find("missing.yaml"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(p.path("kiss.db")));
  EXPECT_TRUE(ev.steps.empty());
}

}  // namespace
}  // namespace kiss::daily
