// The spec parser and the catalog table of spec.h.
#include "indicators/spec.h"

#include <gtest/gtest.h>

#include <cmath>

#include "indicators/test_io.h"

namespace kiss::ind {
namespace {

std::string error_of(const std::string& spec) {
  auto r = parse_spec(spec);
  EXPECT_FALSE(r.has_value()) << spec;
  return r ? std::string() : r.error().message;
}

TEST(ParseSpec, NamesParametersAndColumns) {
  auto r = parse_spec("rsi(14)");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->def->name, "rsi");
  EXPECT_EQ(r->column, "rsi_14");
  EXPECT_EQ(spec_lookback(*r), 14);

  r = parse_spec(" MACD( 12, 26 ,9 ) ");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->column, "macd_12_26_9");
  EXPECT_EQ(spec_lookback(*r), 33);

  r = parse_spec("bbands(20,2)");  // one deviation: both sides (TA-Lib / talib_ref)
  ASSERT_TRUE(r);
  EXPECT_EQ(r->params, (std::vector<double>{20, 2, 2}));

  r = parse_spec("rsi");  // TA-Lib's default period
  ASSERT_TRUE(r);
  EXPECT_EQ(r->column, "rsi");
  EXPECT_EQ(r->params, (std::vector<double>{14}));

  r = parse_spec("sma(50)@volume");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->source, "volume");
  EXPECT_EQ(r->column, "sma_50@volume");

  r = parse_spec("max(20)@high");  // TA-Lib's name as an alias
  ASSERT_TRUE(r);
  EXPECT_EQ(r->def->name, "highest");
  EXPECT_EQ(r->column, "max_20@high");
}

TEST(ParseSpec, ClearErrors) {
  EXPECT_NE(error_of("rsx(14)").find("did you mean 'rsi'"), std::string::npos);
  EXPECT_NE(error_of("supertrnd(10,3)").find("did you mean 'supertrend'"), std::string::npos);
  EXPECT_EQ(error_of("zzzzzzzz(1)").find("did you mean"), std::string::npos);
  EXPECT_NE(error_of("rsi(14,2)").find("at most 1 parameter(s) (period), got 2"),
            std::string::npos);
  EXPECT_NE(error_of("rsi(1)").find("out of range [2, 100000]"), std::string::npos);
  EXPECT_NE(error_of("macd(12,26,1)").find("signal = 1 is out of range [2, 100000]"),
            std::string::npos);
  EXPECT_NE(error_of("sma(2.5)").find("must be an integer"), std::string::npos);
  EXPECT_NE(error_of("sma(abc)").find("'abc' is not a number"), std::string::npos);
  EXPECT_NE(error_of("sma(20").find("missing ')'"), std::string::npos);
  EXPECT_NE(error_of("sma(20)x").find("unexpected 'x'"), std::string::npos);
  EXPECT_NE(error_of("sma(20,)").find("empty argument"), std::string::npos);
  EXPECT_NE(error_of("atr(14)@high").find("fixed price inputs"), std::string::npos);
  EXPECT_NE(error_of("sma(20)@vol").find("unknown source"), std::string::npos);
  EXPECT_NE(error_of("").find("expected an indicator name"), std::string::npos);
  // The error names the spec as its key.
  auto r = parse_spec("rsi(0)");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "rsi(0)");
  EXPECT_EQ(r.error().exit_code, ExitCode::kBadInput);
}

TEST(ParseSpec, ComputeSpecPropagatesErrors) {
  Bars b;
  EXPECT_FALSE(compute_spec(std::string("nope(3)"), b).has_value());
}

// Every catalog entry with its defaults: one column per output, named after the output, NaN
// exactly before the lookback on a real series, all NaN when the series is not longer than the
// lookback, and no trouble with an empty series.
TEST(Catalog, EveryEntryHonoursItsLookback) {
  const Bars bars = testing::read_bars("reliance.csv");
  ASSERT_GE(catalog().size(), 28u);
  for (const IndicatorDef& def : catalog()) {
    auto parsed = parse_spec(std::string(def.name));
    ASSERT_TRUE(parsed) << def.name;
    const int lb = spec_lookback(*parsed);
    auto cols = compute_spec(*parsed, bars);
    ASSERT_TRUE(cols) << def.name;
    ASSERT_EQ(cols->size(), def.outputs.size()) << def.name;
    for (const NamedColumn& c : *cols) {
      ASSERT_EQ(c.values.size(), bars.size());
      for (int i = 0; i < lb; ++i)
        EXPECT_TRUE(std::isnan(c.values[static_cast<std::size_t>(i)])) << c.name << " " << i;
      EXPECT_FALSE(std::isnan(c.values[static_cast<std::size_t>(lb)])) << c.name;
    }
    Bars shorter = bars;
    const std::size_t keep = static_cast<std::size_t>(lb);
    shorter.date.resize(keep), shorter.open.resize(keep), shorter.high.resize(keep);
    shorter.low.resize(keep), shorter.close.resize(keep), shorter.volume.resize(keep);
    auto few = compute_spec(*parsed, shorter);
    ASSERT_TRUE(few);
    for (const NamedColumn& c : *few)
      for (double v : c.values) EXPECT_TRUE(std::isnan(v)) << c.name;
    auto none = compute_spec(*parsed, Bars{});
    ASSERT_TRUE(none);
  }
}

}  // namespace
}  // namespace kiss::ind
