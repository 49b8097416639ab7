#include "report/markdown.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "report/format.h"
#include "report/tables.h"
#include "report/test_reports.h"
#include "util/date.h"
#include "util/text.h"

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
            "Summary: 2 New Buy Signals, 2 Open Positions, 3 Positions to Sell.");
}

TEST(Markdown, PipeInAValueDoesNotSplitTheRow) {
  DailyReport r = testing::empty_report();
  r.to_sell = {testing::sale("A|B", testing::d(2025, 8, 1), 10, testing::d(2025, 8, 8), 11, 10, 1,
                             5, "stop | gap", 3)};
  const std::string md = render_markdown(r);
  EXPECT_NE(md.find("| A\\|B   |      3 | 2025-08-01 |       10.00 | 2025-08-08 |      11.00 |"
                    "        +10.00% |                +1.00% |         5 | stop \\| gap |\n"),
            std::string::npos)
      << md;
}

TEST(Markdown, QuietDayMatchesGolden) {
  expect_golden("quiet.md", render_markdown(testing::quiet_report()));
}

// Columns line up under `cat`: every line of a table has the same screen width, though cells
// holding ₹ have more bytes than columns.
TEST(Markdown, TablesLineUpByScreenColumns) {
  const std::string md = render_markdown(testing::full_report());
  std::size_t tables = 0;
  std::size_t width = 0;
  std::size_t start = 0;
  bool in_table = false;
  while (start < md.size()) {
    const std::size_t end = md.find('\n', start);
    const std::string line = md.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line[0] == '|') {
      if (!in_table) {
        ++tables;
        width = display_width(line);
      }
      EXPECT_EQ(display_width(line), width) << line;
      in_table = true;
    } else {
      in_table = false;
    }
  }
  EXPECT_EQ(tables, 5U);
  EXPECT_NE(md.find("\u20b99777.99"), std::string::npos);
}

// The reason codes in words, from the one table (format.h).
TEST(Markdown, ReasonsInWords) {
  EXPECT_EQ(reason_words("stop_loss_gap"), "opened below the stop: sold at that open");
  EXPECT_EQ(reason_words("time_exit"), "holding period reached: sold at the close");
  EXPECT_EQ(reason_words("manual"), "your recorded exit (position exit)");
  EXPECT_EQ(reason_words("indicator_exit:rsi_70"), "exit rule rsi_70 true at the close");
  EXPECT_EQ(reason_words("something_new"), "something_new");
  for (const ReasonWords& w : reason_table()) EXPECT_NE(reason_words(w.code), w.code);
}

// The first report of a database names the replay of the year before; no later one does.
TEST(Markdown, FirstReportNamesTheTrackRecordOfTheYearBefore) {
  DailyReport r = testing::full_report();
  r.report_date = days_from_civil(2024, 2, 29);
  r.sales_since = 0;
  const std::string line =
      "First report of this database: its book starts on 2024-02-29. To see the advice of the "
      "year before followed as a portfolio, run: kiss-signal track-record --from 2023-02-28 "
      "--to 2024-02-29";
  EXPECT_EQ(first_report_text(r), line);
  const std::vector<std::string> lines = action_lines(r);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(), line + ".");
  r.recent_signals.clear();
  EXPECT_NE(render_markdown(r).find("No signals recorded yet. " + line + ".\n"), std::string::npos);

  r.sales_since = days_from_civil(2024, 2, 28);  // a later report
  EXPECT_EQ(first_report_text(r), "");
  EXPECT_EQ(render_markdown(r).find("First report"), std::string::npos);
  r.sales_since.reset();  // a report stored before sales_since existed
  EXPECT_EQ(first_report_text(r), "");
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
