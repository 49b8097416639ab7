#include "config/universe.h"

#include <gtest/gtest.h>

#include "config/test_files.h"

namespace kiss {
namespace {

using testing::TempDir;

TEST(Universe, ReadsSymbolNameSectorWithBomCrlfAndQuotes) {
  TempDir dir;
  const std::string path = dir.write("u.csv",
                                     "\xEF\xBB\xBFSector,Symbol,Name\r\nAuto,M&M,\"Mahindra, "
                                     "Ltd\"\r\n\r\nAuto,BAJAJ-AUTO,Bajaj\r\n");
  auto u = load_universe(path);
  ASSERT_TRUE(u) << u.error().to_string();
  ASSERT_EQ(u->size(), 2u);
  EXPECT_EQ((*u)[0].symbol, "M&M");
  EXPECT_EQ((*u)[0].name, "Mahindra, Ltd");
  EXPECT_EQ((*u)[0].sector, "Auto");
  EXPECT_EQ((*u)[0].line, 2);
  EXPECT_EQ((*u)[1].symbol, "BAJAJ-AUTO");
  EXPECT_EQ((*u)[1].line, 4);
}

TEST(Universe, SampleFilesLoad) {
  auto a = load_universe(std::string(KISS_SOURCE_DIR) + "/data/sample/nifty50.csv");
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(a->size(), 50u);
  auto b = load_universe(std::string(KISS_SOURCE_DIR) + "/data/sample/nifty_large_mid.csv");
  ASSERT_TRUE(b) << b.error().to_string();
  EXPECT_EQ(b->size(), 13u);  // the data README says 12; the file lists 13
  EXPECT_EQ((*b)[0].name, "Reliance Industries");
}

std::vector<std::string> errors_of(const std::string& text) {
  TempDir dir;
  const std::string path = dir.write("u.csv", text);
  std::vector<std::string> out;
  for (const auto& e : load_universe_all(path).errors) {
    out.push_back(e.to_string().substr(path.size()));
  }
  return out;
}

TEST(Universe, EveryProblemNamesItsLine) {
  EXPECT_EQ(errors_of("ticker,name\nA,x\n"),
            (std::vector<std::string>{":1: symbol: the header has no 'symbol' column"}));
  EXPECT_EQ(errors_of("symbol\nA\nB\nA\n"),
            (std::vector<std::string>{":4: symbol: duplicate symbol 'A' (first at line 2)"}));
  EXPECT_EQ(errors_of("symbol,name\n,x\nB,y,z\n\"C\n"),
            (std::vector<std::string>{":2: symbol: empty symbol",
                                      ":3: row has 3 fields, the header 2",
                                      ":4: unterminated quote"}));
  EXPECT_EQ(errors_of(""),
            (std::vector<std::string>{
                ": the universe file is empty (expected a header with a 'symbol' column)"}));
  EXPECT_EQ(errors_of("symbol\n\n"),
            (std::vector<std::string>{": symbol: the universe file lists no symbols"}));
  auto missing = load_universe("/nonexistent/u.csv");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().to_string(),
            "/nonexistent/u.csv: cannot open universe file: No such file or directory");
}

}  // namespace
}  // namespace kiss
