#include "rules/price_lines.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace kiss {
namespace {

TEST(PriceLines, NamesOfPriceScaleKeys) {
  EXPECT_EQ(price_line_name("sma(close,20)"), "SMA 20");
  EXPECT_EQ(price_line_name("ema(close,9)"), "EMA 9");
  EXPECT_EQ(price_line_name("bbands(close,20,2,2).upper"), "BBANDS 20,2,2 upper");
  EXPECT_EQ(price_line_name("highest(high,20)"), "HIGHEST high 20");
  EXPECT_EQ(price_line_name("donchian(20).lower"), "DONCHIAN 20 lower");
  EXPECT_EQ(price_line_name("keltner(20,2).middle"), "KELTNER 20,2 middle");
  EXPECT_EQ(price_line_name("supertrend(10,3).line"), "SUPERTREND 10,3");
  EXPECT_EQ(price_line_name("sar(0.02,0.2)"), "SAR 0.02,0.2");
  EXPECT_EQ(price_line_name("vwap(20)"), "VWAP 20");
}

TEST(PriceLines, OffTheScaleKeysHaveNoName) {
  EXPECT_EQ(price_line_name("rsi(close,14)"), "");
  EXPECT_EQ(price_line_name("macd(close,12,26,9).signal"), "");
  EXPECT_EQ(price_line_name("atr(14)"), "");
  EXPECT_EQ(price_line_name("sma(volume,20)"), "");  // volume, not a price
  EXPECT_EQ(price_line_name("highest(turnover,20)"), "");
  EXPECT_EQ(price_line_name("supertrend(10,3).direction"), "");
  EXPECT_EQ(price_line_name("bench:sma(close,50)"), "");  // NIFTY's, not the stock's
  EXPECT_EQ(price_line_name("obv"), "");
}

RuleInstance rule(const std::string& name, const std::string& type,
                  std::map<std::string, double> params) {
  RuleInstance r;
  r.name = name;
  r.type = type;
  r.params = std::move(params);
  return r;
}

// An SMA 3/5 crossover and an RSI filter: the two SMAs are the stack's lines (sorted by key),
// the RSI is not; the values are the SMA of the closes by hand.
TEST(PriceLines, TheStacksMovingAverages) {
  Bars b;
  b.symbol = "T";
  for (int i = 0; i < 8; ++i) {
    const double c = 10 + i;
    b.push_back(19000 + i, c, c + 1, c - 1, c, 1000);
  }
  Stack s;
  s.entries.push_back(rule("x", "sma_crossover", {{"fast_period", 3}, {"slow_period", 5}}));
  s.entries.push_back(rule("r", "rsi_above", {{"period", 3}, {"threshold", 50}}));
  s.extra_exits.push_back(rule("sl", "stop_loss_pct", {{"percentage", 0.05}}));
  const RuleInput in{&b, nullptr, {}};
  auto lines = stack_price_lines(s, in);
  ASSERT_TRUE(lines) << lines.error().to_string();
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].key, "sma(close,3)");
  EXPECT_EQ((*lines)[0].name, "SMA 3");
  EXPECT_EQ((*lines)[1].name, "SMA 5");
  ASSERT_EQ((*lines)[0].values.size(), 8u);
  EXPECT_TRUE(std::isnan((*lines)[0].values[1]));
  EXPECT_DOUBLE_EQ((*lines)[0].values[2], 11.0);  // (10 + 11 + 12) / 3
  EXPECT_DOUBLE_EQ((*lines)[1].values[7], 15.0);  // (13 + 14 + 15 + 16 + 17) / 5
}

}  // namespace
}  // namespace kiss
