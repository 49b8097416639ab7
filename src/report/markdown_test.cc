#include "report/markdown.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "report/test_reports.h"

namespace kiss::report {
namespace {

const std::string kGoldenDir = std::string(KISS_SOURCE_DIR) + "/src/report/testdata/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Byte-for-byte comparison with a golden file. With KISS_UPDATE_GOLDEN=1 the golden is
// rewritten instead (then review the diff by hand before committing it).
void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = kGoldenDir + name;
  const char* update = std::getenv("KISS_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "golden rewritten: " << path;
  }
  std::ifstream probe(path);
  ASSERT_TRUE(probe.good()) << "missing golden " << path << " (KISS_UPDATE_GOLDEN=1 writes it)";
  EXPECT_EQ(actual, read_file(path)) << "differs from " << path;
}

TEST(Markdown, FullReportMatchesGolden) {
  expect_golden("full.md", render_markdown(testing::full_report()));
}

TEST(Markdown, EmptyDayMatchesGolden) {
  expect_golden("empty.md", render_markdown(testing::empty_report()));
}

TEST(Markdown, BannersMatchGolden) {
  expect_golden("banners.md", render_markdown(testing::banner_report()));
}

TEST(Markdown, FirstLineIsTheSummary) {
  const std::string md = render_markdown(testing::full_report());
  EXPECT_EQ(md.substr(0, md.find('\n')),
            "Summary: 2 New Buy Signals, 2 Open Positions, 1 Position to Sell.");
}

TEST(Markdown, PipeInAValueDoesNotSplitTheRow) {
  DailyReport r = testing::empty_report();
  r.to_sell = {
      {"A|B", testing::d(2025, 8, 1), 10, testing::d(2025, 8, 8), 11, 10, 1, 5, "stop | gap"}};
  const std::string md = render_markdown(r);
  EXPECT_NE(md.find("| A\\|B | 2025-08-01 | 10.00 | 11.00 | +10.00% | 5 | stop \\| gap |\n"),
            std::string::npos)
      << md;
}

TEST(Markdown, NoBannersOnANormalDay) {
  const std::string md = render_markdown(testing::full_report());
  EXPECT_EQ(md.find("IN-SAMPLE"), std::string::npos);
  EXPECT_EQ(md.find("NOT SAVED"), std::string::npos);
}

TEST(Markdown, RunTimestampDoesNotChangeTheBytes) {
  DailyReport a = testing::full_report();
  DailyReport b = a;
  b.run_timestamp = "2025-08-09T07:00:00";
  EXPECT_EQ(render_markdown(a), render_markdown(b));
}

}  // namespace
}  // namespace kiss::report
