// Golden test: every column talib_ref (TA-Lib 0.6.0-dev C) wrote for four real series
// (tools/talib/make_golden.sh) is recomputed through the spec catalog and compared:
// NaN exactly where TA-Lib has no value (the warm-up), |a − b| <= 1e-9·max(1, |b|) elsewhere.
// The column names are recomputed too, so this also checks the naming contract of spec.h.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "indicators/spec.h"
#include "indicators/test_io.h"

namespace kiss::ind {
namespace {

using testing::read_bars;
using testing::read_csv;
using testing::testdata;

// "macd_12_26_9.macd" -> "macd(12,26,9)"; "max_20@high" -> "max(20)@high"; "plus_di_5" -> ...
std::string spec_of_column(const std::string& col) {
  // Strip the output suffix: the last '.' that follows a letter (decimals follow digits).
  std::string src;
  const auto at = col.find('@');
  std::string head = at == std::string::npos ? col : col.substr(0, at);
  if (at != std::string::npos) src = col.substr(at);
  const auto dot = head.rfind('.');
  if (dot != std::string::npos && dot + 1 < head.size() &&
      std::isalpha(static_cast<unsigned char>(head[dot + 1])))
    head = head.substr(0, dot);
  // Name = the longest '_'-joined prefix that the catalog knows.
  std::vector<std::string> tok;
  std::size_t pos = 0;
  while (true) {
    const auto u = head.find('_', pos);
    tok.push_back(head.substr(pos, u - pos));
    if (u == std::string::npos) break;
    pos = u + 1;
  }
  std::size_t k = tok.size();
  std::string name;
  for (; k > 0; --k) {
    name.clear();
    for (std::size_t i = 0; i < k; ++i) name += (i ? "_" : "") + tok[i];
    if (find_indicator(name) != nullptr) break;
  }
  std::string spec = name;
  if (k < tok.size()) {
    spec += "(";
    for (std::size_t i = k; i < tok.size(); ++i) spec += (i > k ? "," : "") + tok[i];
    spec += ")";
  }
  return spec + src;
}

TEST(SpecOfColumn, RebuildsSpecs) {
  EXPECT_EQ(spec_of_column("macd_12_26_9.signal"), "macd(12,26,9)");
  EXPECT_EQ(spec_of_column("sar_0.02_0.2"), "sar(0.02,0.2)");
  EXPECT_EQ(spec_of_column("bbands_10_1.5_2.5.upper"), "bbands(10,1.5,2.5)");
  EXPECT_EQ(spec_of_column("plus_di_14"), "plus_di(14)");
  EXPECT_EQ(spec_of_column("trange"), "trange");
  EXPECT_EQ(spec_of_column("max_20@high"), "max(20)@high");
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesTaLib) {
  const std::string name = GetParam();
  const Bars bars = read_bars(name + ".csv");
  const testing::Table golden = read_csv(testdata(name + ".golden.csv"));
  ASSERT_EQ(golden.rows.size(), bars.size());
  ASSERT_GT(golden.header.size(), 60u);
  int columns = 0;
  for (std::size_t c = 1; c < golden.header.size(); ++c) {
    const std::string& col = golden.header[c];
    const std::string spec = spec_of_column(col);
    auto computed = compute_spec(spec, bars);
    ASSERT_TRUE(computed.has_value()) << col << ": " << computed.error().to_string();
    const NamedColumn* mine = nullptr;
    for (const NamedColumn& nc : *computed)
      if (nc.name == col) mine = &nc;
    ASSERT_NE(mine, nullptr) << "no column named " << col << " from spec " << spec;
    ++columns;
    double max_rel = 0.0;
    int values = 0;
    for (std::size_t r = 0; r < bars.size(); ++r) {
      const std::string& cell = golden.rows[r][c];
      const double a = mine->values[r];
      if (cell.empty()) {
        ASSERT_TRUE(std::isnan(a)) << col << " row " << r << ": TA-Lib has no value, we have " << a;
        continue;
      }
      const double b = std::stod(cell);
      ASSERT_FALSE(std::isnan(a)) << col << " row " << r << ": NaN, TA-Lib " << cell;
      const double err = std::fabs(a - b) / std::max(1.0, std::fabs(b));
      ASSERT_LE(err, 1e-9) << col << " row " << r << ": " << a << " vs TA-Lib " << cell;
      max_rel = std::max(max_rel, err);
      ++values;
    }
    EXPECT_GT(values, 0) << col;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", max_rel);
    RecordProperty(col, buf);
  }
  EXPECT_EQ(columns, static_cast<int>(golden.header.size()) - 1);
}

INSTANTIATE_TEST_SUITE_P(Series, Golden, ::testing::Values("reliance", "tcs", "mm", "nifty50"));

}  // namespace
}  // namespace kiss::ind
