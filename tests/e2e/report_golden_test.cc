// Issue 7: the markdown report of a fixed day over the bundled sample, byte for byte against a
// golden file. The book is built by four consecutive frozen runs (2025-04-21 .. 2025-04-24), so
// the golden holds new buys, open positions and recent signals from real data.
// Regenerate after an intended change with KISS_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>

#include "e2e_util.h"

namespace kiss::e2e {
namespace {

void check_golden(const std::string& actual, const fs::path& golden) {
  if (std::getenv("KISS_UPDATE_GOLDEN") != nullptr) write_file(golden, actual);
  const std::string expected = read_file(golden);
  ASSERT_FALSE(expected.empty()) << "missing golden " << golden;
  EXPECT_EQ(actual, expected) << "differs from " << golden;
}

TEST(ReportGolden, MarkdownOfAFixedDayOverTheBundledSample) {
  TempProject p{"golden"};
  write_w1_project(p);
  ASSERT_EQ(import_sample(p).code, 0);
  for (const char* d : {"2025-04-21", "2025-04-22", "2025-04-23", "2025-04-24"}) {
    const RunResult r = p.run(std::string("run --freeze-data ") + d);
    ASSERT_EQ(r.code, 0) << r.err;
  }
  const fs::path golden_dir = fs::path(KISS_SOURCE_DIR) / "tests/e2e/testdata/golden";
  check_golden(read_file(p.path("w1_reports/signals_2025-04-24.md")),
               golden_dir / "signals_2025-04-24.md");
}

}  // namespace
}  // namespace kiss::e2e
