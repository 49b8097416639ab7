#include "data/import.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "util/test_temp_dir.h"

namespace kiss::data {
namespace {
namespace fs = std::filesystem;

const std::string kData = KISS_SOURCE_DIR "/src/data/testdata";
const std::string kLong = kData + "/NIFTY50_2007-09-17_2024-12-31.csv";
const std::string kShort = kData + "/NSEI_2024-08-12_2025-08-08.csv";

// A fresh temporary folder per test, removed afterwards.
class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_test_temp_dir(std::string("import_") +
                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& rel, const std::string& text) {
    const fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  fs::path dir_;
};

std::vector<std::string> errors(const ImportSummary& s) {
  std::vector<std::string> out;
  for (const Issue& i : s.issues)
    if (i.kind == Issue::Kind::kError) out.push_back(i.to_string());
  return out;
}

TEST(Import, BothIndexFilesMergeByDateAsNsei) {
  ImportOptions o;
  o.symbol = "^NSEI";
  const ImportSummary s = import_paths({kLong, kShort}, o);
  EXPECT_TRUE(errors(s).empty());
  EXPECT_EQ(s.files.size(), 2u);
  EXPECT_EQ(s.rows, 4238u + 249u);
  EXPECT_EQ(s.rejected, 0u);
  EXPECT_EQ(s.merged, 97u);
  ASSERT_EQ(s.symbols.size(), 1u);
  const Bars& b = s.symbols[0].bars;
  EXPECT_EQ(b.symbol, "^NSEI");
  EXPECT_EQ(b.size(), 4238u + 249u - 97u);
  EXPECT_EQ(format_date(b.date.front()), "2007-09-17");
  EXPECT_EQ(format_date(b.date.back()), "2025-08-08");
  // The long file's column order is date,close,high,low,open: first row open 4518.4501953125.
  EXPECT_EQ(b.open.front(), 4518.4501953125);
  EXPECT_EQ(b.close.front(), 4494.64990234375);
  EXPECT_EQ(b.close.back(), 24363.30078125);
  for (std::size_t i = 1; i < b.size(); ++i) ASSERT_LT(b.date[i - 1], b.date[i]);
}

TEST_F(TempDir, ConflictingIndexOverlapIsAnErrorNamingBothFiles) {
  // The short file with one overlapping close changed (2024-08-13, line 3).
  std::ifstream in(kShort);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string from = "2024-08-13,24342.349609375,24359.94921875,24116.5,24139.0,";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "2024-08-13,24342.349609375,24359.94921875,24116.5,24139.5,");
  const std::string changed = write("NSEI_changed.csv", text);
  ImportOptions o;
  o.symbol = "^NSEI";
  const ImportSummary s = import_paths({kLong, changed}, o);
  EXPECT_EQ(errors(s), std::vector<std::string>{
                           "error: " + changed +
                           ":3: ^NSEI: date 2024-08-13 appears again with different values "
                           "(first at " +
                           kLong + ":4144)"});
  EXPECT_TRUE(s.has_errors());
  EXPECT_EQ(s.rejected, 1u);
}

TEST_F(TempDir, FolderFilesAreStemsAndSubFoldersAreOneSymbol) {
  fs::copy_file(kData + "/M&M.csv", dir_ / "M&M.csv");
  fs::copy_file(kData + "/BAJAJ-AUTO.csv", dir_ / "BAJAJ-AUTO.csv");
  fs::create_directories(dir_ / "^NSEI");
  fs::copy_file(kLong, dir_ / "^NSEI" / "a.csv");
  fs::copy_file(kShort, dir_ / "^NSEI" / "b.csv");
  write("README.md", "not a csv, ignored");
  const ImportSummary s = import_paths({dir_.string()}, {});
  EXPECT_TRUE(errors(s).empty());
  ASSERT_EQ(s.symbols.size(), 3u);
  EXPECT_EQ(s.symbols[0].bars.symbol, "BAJAJ-AUTO");
  EXPECT_EQ(s.symbols[1].bars.symbol, "M&M");
  EXPECT_EQ(s.symbols[2].bars.symbol, "^NSEI");
  EXPECT_EQ(s.symbols[2].bars.size(), 4390u);
  EXPECT_EQ(s.files.size(), 4u);
}

TEST_F(TempDir, RefusedAndMissingAreErrorsAndOtherFilesStillRead) {
  const std::string empty = write("EMPTY.csv", "");
  const std::string good = kData + "/M&M.csv";
  const ImportSummary s = import_paths({empty, good, (dir_ / "nope.csv").string()}, {});
  EXPECT_EQ(errors(s), (std::vector<std::string>{"error: " + (dir_ / "nope.csv").string() +
                                                     ": no such file or folder",
                                                 "error: " + empty + ": empty file"}));
  EXPECT_EQ(s.refused_files, 1u);
  ASSERT_EQ(s.symbols.size(), 1u);
  EXPECT_EQ(s.symbols[0].bars.symbol, "M&M");
}

// A FIFO given as an import path, or named *.csv inside a folder, is refused by name without
// blocking; the other files are still read (and the import, having an error, saves nothing).
TEST_F(TempDir, FifosAreRefusedByNameWithoutBlocking) {
  const std::string fifo = (dir_ / "pipe.csv").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string good = kData + "/M&M.csv";
  ImportSummary s = import_paths({fifo, good}, {});
  EXPECT_EQ(errors(s),
            (std::vector<std::string>{
                "error: " + fifo +
                ": import path is a FIFO (named pipe), not a regular file or a folder"}));
  ASSERT_EQ(s.symbols.size(), 1u);
  s = import_paths({dir_.string()}, {});
  EXPECT_EQ(errors(s),
            (std::vector<std::string>{"error: " + fifo +
                                      ": file is a FIFO (named pipe), not a regular file"}));
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
}

TEST_F(TempDir, EmptyFolderIsAnError) {
  const ImportSummary s = import_paths({dir_.string()}, {});
  EXPECT_EQ(errors(s),
            std::vector<std::string>{"error: " + dir_.string() + ": folder holds no CSV file"});
}

TEST_F(TempDir, ShortSymbolIsSkippedWithAWarningNotAnError) {
  std::string text = "date,open,high,low,close,volume\n";
  for (int d = 1; d <= 20; ++d)
    text += "2024-01-" + std::string(d < 10 ? "0" : "") + std::to_string(d) + ",10,11,9,10,5\n";
  write("NEW.csv", text);
  const ImportSummary s = import_paths({(dir_ / "NEW.csv").string()}, {});
  EXPECT_FALSE(s.has_errors());
  EXPECT_TRUE(s.symbols.empty());
  EXPECT_EQ(s.skipped, std::vector<std::string>{"NEW"});
  EXPECT_EQ(s.count(Issue::Kind::kWarning), 1u);
}

}  // namespace
}  // namespace kiss::data
