#include "report/write.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "report/html.h"
#include "report/markdown.h"
#include "report/test_reports.h"
#include "util/test_temp_dir.h"

namespace kiss::report {
namespace {

namespace fs = std::filesystem;

class WriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = make_test_temp_dir(std::string("report_write_") + info->name());
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static std::set<std::string> names(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
    return out;
  }

  fs::path root_;
};

TEST_F(WriteTest, WritesBothFilesCreatingTheFolder) {
  const DailyReport r = testing::full_report();
  const fs::path dir = root_ / "a" / "reports";
  ASSERT_TRUE(write_report_files(dir.string(), r));
  EXPECT_EQ(names(dir), (std::set<std::string>{"signals_2025-08-08.html", "signals_2025-08-08.md"}))
      << "no temporary file may be left behind";
  EXPECT_EQ(read(dir / "signals_2025-08-08.md"), render_markdown(r));
  EXPECT_EQ(read(dir / "signals_2025-08-08.html"), render_html(r));
  EXPECT_EQ(fs::status(dir / "signals_2025-08-08.md").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                fs::perms::others_read);
}

TEST_F(WriteTest, ReplacesAnOlderReportOfTheSameDate) {
  const fs::path md = root_ / "signals_2025-08-08.md";
  std::ofstream(md) << "old and much longer content than the new report will ever have........"
                       "................................................................"
                       "................................................................"
                       "................................................................"
                       "................................................................"
                       "................................................................"
                       "................................................................"
                       "................................................................"
                       "................................................................"
                       "................................................................"
                       "................................................................"
                       "................................................................";
  const DailyReport r = testing::empty_report();
  ASSERT_TRUE(write_report_files(root_.string(), r));
  EXPECT_EQ(read(md), render_markdown(r));
}

TEST_F(WriteTest, FolderThatIsAFileNamesThePath) {
  const fs::path file = root_ / "not_a_dir";
  std::ofstream(file) << "x";
  const std::string dir = (file / "reports").string();
  const auto s = write_report_files(dir, testing::empty_report());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().to_string().find("not_a_dir"), std::string::npos) << s.error().to_string();
  EXPECT_NE(s.error().message.find("cannot create folder"), std::string::npos);
  EXPECT_EQ(read(file), "x");
}

// A folder where the .html must go: refused before anything is written (the .md is not
// written either), the error names that path and what it is, and no temporary file remains.
TEST_F(WriteTest, FolderAtAFinalNameIsRefusedBeforeAnyWrite) {
  fs::create_directories(root_ / "signals_2025-08-08.html" / "occupied");
  const auto s = write_report_files(root_.string(), testing::empty_report());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().file, (root_ / "signals_2025-08-08.html").string());
  EXPECT_NE(s.error().message.find("is a folder"), std::string::npos) << s.error().message;
  EXPECT_EQ(names(root_), (std::set<std::string>{"signals_2025-08-08.html"}));
}

// A FIFO where the .md must go: refused at stage time, and still a FIFO afterwards.
TEST_F(WriteTest, FifoAtAFinalNameIsRefusedAndLeftAlone) {
  const fs::path md = root_ / "signals_2025-08-08.md";
  ASSERT_EQ(::mkfifo(md.c_str(), 0600), 0);
  const auto s = write_report_files(root_.string(), testing::empty_report());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().file, md.string());
  EXPECT_NE(s.error().message.find("FIFO"), std::string::npos) << s.error().message;
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(md)));
  EXPECT_EQ(names(root_), (std::set<std::string>{"signals_2025-08-08.md"}));
}

// The destination is checked again just before the rename: a FIFO that appeared after staging
// is refused by publish(), left as it is, and the temporaries are removed.
TEST_F(WriteTest, DestinationThatChangedAfterStagingIsRefusedAtPublish) {
  const fs::path a = root_ / "a.md";
  auto staged = stage_files({{a.string(), "new a"}, {(root_ / "b.md").string(), "new b"}});
  ASSERT_TRUE(staged);
  ASSERT_EQ(::mkfifo(a.c_str(), 0600), 0);
  const auto s = staged->publish();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().file, a.string());
  EXPECT_NE(s.error().message.find("FIFO"), std::string::npos) << s.error().message;
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(a)));
  EXPECT_EQ(names(root_), (std::set<std::string>{"a.md"}));
}

TEST_F(WriteTest, ReportPath) {
  EXPECT_EQ(report_path("reports", testing::d(2025, 8, 8), "md"), "reports/signals_2025-08-08.md");
  EXPECT_EQ(report_path("/x/y/", testing::d(2024, 2, 29), "html"), "/x/y/signals_2024-02-29.html");
}

// Staged files are complete on disk but invisible until publish(); an unpublished stage
// (a run whose commit failed) leaves nothing behind, and the previous report stays intact.
TEST_F(WriteTest, StagedFilesAreInvisibleUntilPublished) {
  std::ofstream(root_ / "a.md") << "previous";
  auto staged = stage_files({{(root_ / "a.md").string(), "new a"},
                             {(root_ / "sub" / "b.html").string(), "new b"},
                             {(root_ / "c.txt").string(), std::string(100000, 'c')}});
  ASSERT_TRUE(staged) << staged.error().to_string();
  EXPECT_EQ(read(root_ / "a.md"), "previous");
  EXPECT_FALSE(fs::exists(root_ / "c.txt"));
  EXPECT_EQ(names(root_).size(), 4u) << "a.md, sub/ and two temporaries";
  ASSERT_TRUE(staged->publish());
  EXPECT_EQ(read(root_ / "a.md"), "new a");
  EXPECT_EQ(read(root_ / "sub" / "b.html"), "new b");
  EXPECT_EQ(read(root_ / "c.txt"), std::string(100000, 'c'));
  EXPECT_EQ(names(root_), (std::set<std::string>{"a.md", "c.txt", "sub"}));
  EXPECT_EQ(names(root_ / "sub"), (std::set<std::string>{"b.html"}));
}

TEST_F(WriteTest, UnpublishedStageRemovesItsTemporaries) {
  std::ofstream(root_ / "a.md") << "previous";
  {
    auto staged = stage_files(
        {{(root_ / "a.md").string(), "new"}, {(root_ / "b.md").string(), "b"}});
    ASSERT_TRUE(staged);
    EXPECT_EQ(names(root_).size(), 3u);
    StagedFiles moved = std::move(*staged);  // ownership moves; the moved-from owns nothing
  }
  EXPECT_EQ(names(root_), (std::set<std::string>{"a.md"}));
  EXPECT_EQ(read(root_ / "a.md"), "previous");
  auto again = stage_files({{(root_ / "b.md").string(), "b"}});
  ASSERT_TRUE(again);
  again->discard();
  EXPECT_EQ(names(root_), (std::set<std::string>{"a.md"}));
  EXPECT_TRUE(again->publish()) << "publishing nothing is not an error";
  EXPECT_EQ(names(root_), (std::set<std::string>{"a.md"}));
}

// One file cannot be staged: the error names it, and the temporaries of the others, written
// in parallel, are removed. Its folder is a file (caught before any write), or its name is too
// long for the file system (caught by the write itself, on its thread).
TEST_F(WriteTest, StageFailureNamesTheFileAndLeavesNothing) {
  std::ofstream(root_ / "blocker") << "x";
  auto staged = stage_files({{(root_ / "a.md").string(), "a"},
                             {(root_ / "blocker" / "b.md").string(), "b"},
                             {(root_ / "c.md").string(), "c"}});
  ASSERT_FALSE(staged);
  EXPECT_NE(staged.error().to_string().find("blocker"), std::string::npos)
      << staged.error().to_string();
  EXPECT_EQ(names(root_), (std::set<std::string>{"blocker"}));

  // A final name of 250 bytes is valid, its temporary's name (".<name>.<pid>.<n>.tmp") is not.
  const std::string too_long = (root_ / std::string(250, 'n')).string();
  staged = stage_files(
      {{(root_ / "a.md").string(), "a"}, {too_long, "b"}, {(root_ / "c.md").string(), "c"}});
  ASSERT_FALSE(staged);
  EXPECT_EQ(staged.error().file, too_long);
  EXPECT_NE(staged.error().message.find("cannot create temporary file"), std::string::npos)
      << staged.error().message;
  EXPECT_EQ(names(root_), (std::set<std::string>{"blocker"}));
}

// Leftovers of a killed run (".<final>.<pid>.<n>.tmp") are removed by the next stage of that
// file once older than ten minutes; a recent one (maybe a run in progress), "<final>.tmp" and
// unrelated files stay.
TEST_F(WriteTest, StaleTemporariesOfAKilledRunAreRemoved) {
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const char* n : {".a.md.123.0.tmp", ".a.md.123.1.tmp", "a.md.tmp", ".b.md.123.0.tmp"}) {
    std::ofstream(root_ / n) << "partial";
  }
  for (const char* n : {".a.md.123.0.tmp", "a.md.tmp", ".b.md.123.0.tmp"}) {
    fs::last_write_time(root_ / n, old_time);
  }
  auto staged = stage_files({{(root_ / "a.md").string(), "new"}});
  ASSERT_TRUE(staged);
  ASSERT_TRUE(staged->publish());
  EXPECT_EQ(names(root_),
            (std::set<std::string>{"a.md", ".a.md.123.1.tmp", "a.md.tmp", ".b.md.123.0.tmp"}));
  EXPECT_EQ(read(root_ / "a.md.tmp"), "partial");
}

}  // namespace
}  // namespace kiss::report
