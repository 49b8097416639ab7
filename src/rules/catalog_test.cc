#include "rules/catalog.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace kiss {
namespace {

TEST(Catalog, HasEveryRuleOfTheOriginalToolAndTheNewOnes) {
  const char* required[] = {
      "sma_crossover",       "ema_crossover",        "rsi_oversold",       "volume_spike",
      "hammer_pattern",      "engulfing_pattern",    "macd_crossover",     "bollinger_squeeze",
      "price_above_sma",     "sma_cross_under",      "stop_loss_pct",      "take_profit_pct",
      "stop_loss_atr",       "take_profit_atr",      "market_above_sma",   "price_above_long_sma",
      "is_volatile",         "simple_trailing_stop", "chandelier_exit",    "rsi_above",
      "rsi_below",           "macd_above_signal",    "bollinger_breakout", "donchian_breakout",
      "adx_trending",        "stochastic_oversold",  "new_high_52w",       "gap_up",
      "inside_bar_breakout", "supertrend_flip",      "obv_rising",         "min_avg_turnover"};
  for (const char* name : required) EXPECT_NE(find_rule(name), nullptr) << name;
  EXPECT_EQ(find_rule("no_such_rule"), nullptr);
  EXPECT_GE(rule_catalog().size(), 32u);
}

TEST(Catalog, EntriesAreWellFormed) {
  std::set<std::string_view> names;
  for (const auto& s : rule_catalog()) {
    EXPECT_TRUE(names.insert(s.name).second) << "duplicate " << s.name;
    EXPECT_FALSE(s.description.empty()) << s.name;
    EXPECT_FALSE(s.formula.empty()) << s.name;
    EXPECT_FALSE(s.warmup_doc.empty()) << s.name;
    ASSERT_NE(s.warmup, nullptr) << s.name;
    EXPECT_NE(s.level_exit, s.signal != nullptr) << s.name << ": exactly one of signal or level";
    if (s.level_exit) {
      EXPECT_NE(find_param(s, s.value_param), nullptr) << s.name;
    }
    std::set<std::string_view> params;
    for (const auto& p : s.params) {
      EXPECT_TRUE(params.insert(p.name).second) << s.name << "." << p.name;
      if (p.kind == ParamSpec::Kind::kString || p.required) continue;
      // Every default is a valid value.
      EXPECT_TRUE(p.min_open ? p.def > p.min : p.def >= p.min) << s.name << "." << p.name;
      EXPECT_LE(p.def, p.max) << s.name << "." << p.name;
      if (p.kind == ParamSpec::Kind::kInt) {
        EXPECT_EQ(p.def, std::trunc(p.def));
      }
    }
    if (!s.less_param.empty()) {
      EXPECT_NE(find_param(s, s.less_param), nullptr) << s.name;
      EXPECT_NE(find_param(s, s.greater_param), nullptr) << s.name;
    }
  }
}

TEST(Catalog, OriginalParameterNamesAndDefaults) {
  auto def = [](const char* rule, const char* p) {
    const RuleSpec* s = find_rule(rule);
    const ParamSpec* ps = s ? find_param(*s, p) : nullptr;
    return ps ? ps->def : std::nan("");
  };
  EXPECT_EQ(def("sma_crossover", "fast_period"), 10);
  EXPECT_EQ(def("sma_crossover", "slow_period"), 20);
  EXPECT_EQ(def("rsi_oversold", "oversold_threshold"), 30);
  EXPECT_EQ(def("volume_spike", "spike_multiplier"), 2.0);
  EXPECT_EQ(def("volume_spike", "price_change_threshold"), 0.01);
  EXPECT_EQ(def("hammer_pattern", "body_ratio"), 0.3);
  EXPECT_EQ(def("hammer_pattern", "shadow_ratio"), 2.0);
  EXPECT_EQ(def("engulfing_pattern", "min_body_ratio"), 1.2);
  EXPECT_EQ(def("macd_crossover", "signal_period"), 9);
  EXPECT_EQ(def("bollinger_squeeze", "squeeze_threshold"), 0.1);
  EXPECT_EQ(def("price_above_sma", "period"), 50);
  EXPECT_EQ(def("stop_loss_atr", "multiplier"), 2.0);
  EXPECT_EQ(def("take_profit_atr", "multiplier"), 4.0);
  EXPECT_EQ(def("market_above_sma", "period"), 50);
  EXPECT_EQ(def("price_above_long_sma", "period"), 200);
  EXPECT_EQ(def("is_volatile", "atr_threshold_pct"), 0.02);
  EXPECT_EQ(def("simple_trailing_stop", "trail_percent"), 0.05);
  EXPECT_EQ(def("chandelier_exit", "atr_period"), 22);
  EXPECT_EQ(def("chandelier_exit", "atr_multiplier"), 3.0);
  EXPECT_TRUE(find_param(*find_rule("stop_loss_pct"), "percentage")->required);
  EXPECT_TRUE(find_param(*find_rule("sma_cross_under"), "slow_period")->required);
}

TEST(Catalog, LevelExitsAreExactlyTheSixPriceLevelTypes) {
  std::set<std::string> level;
  for (const auto& s : rule_catalog()) {
    if (s.level_exit) level.insert(std::string(s.name));
  }
  EXPECT_EQ(level,
            (std::set<std::string>{"stop_loss_pct", "take_profit_pct", "stop_loss_atr",
                                   "take_profit_atr", "simple_trailing_stop", "chandelier_exit"}));
}

// docs/rules.md is the catalog's Markdown, verbatim, below a hand-written introduction; every
// table entry has a section and every section is a table entry. KISS_REGENERATE_DOCS=1
// rewrites the generated part.
TEST(Catalog, DocsRulesMdMatchesTheTable) {
  const std::string path = std::string(KISS_SOURCE_DIR) + "/docs/rules.md";
  const std::string marker = "<!-- generated from src/rules/catalog.cc: do not edit below -->\n";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  const auto at = doc.find(marker);
  ASSERT_NE(at, std::string::npos) << "marker missing in " << path;
  const std::string generated = catalog_markdown();
  if (const char* regen = std::getenv("KISS_REGENERATE_DOCS"); regen && std::string(regen) == "1") {
    doc = doc.substr(0, at + marker.size()) + generated;
    std::ofstream(path) << doc;
  }
  EXPECT_EQ(doc.substr(at + marker.size()), generated)
      << "docs/rules.md is stale: run rules_test with KISS_REGENERATE_DOCS=1";
  std::set<std::string> headed;
  std::istringstream lines(doc);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("### `", 0) == 0) headed.insert(line.substr(5, line.size() - 6));
  }
  std::set<std::string> table;
  for (const auto& s : rule_catalog()) table.insert(std::string(s.name));
  EXPECT_EQ(headed, table);
}

TEST(Catalog, TextListsEveryRuleAndParam) {
  const std::string t = catalog_text();
  for (const auto& s : rule_catalog()) {
    EXPECT_NE(t.find("  " + std::string(s.name)), std::string::npos) << s.name;
  }
  EXPECT_NE(t.find("percentage (number, required"), std::string::npos);
  EXPECT_NE(t.find("index_symbol (string, default benchmark_symbol)"), std::string::npos);
}

TEST(Catalog, DescribeStackInWords) {
  Stack s;
  s.entries.push_back({"sma_10_20_crossover",
                       "sma_crossover",
                       {{"fast_period", 10}, {"slow_period", 20}},
                       {},
                       "",
                       0});
  s.entries.push_back(
      {"rsi_momentum", "rsi_above", {{"period", 14}, {"threshold", 55.5}}, {}, "", 0});
  s.entries.push_back({"mystery", "no_such_type", {}, {}, "", 0});
  EXPECT_EQ(describe_stack(s),
            "fast SMA crosses above slow SMA (fast_period 10, slow_period 20); and RSI above a "
            "level (momentum) "
            "(period 14, threshold 55.5); and mystery");
  EXPECT_EQ(describe_stack(Stack{}), "");
}

}  // namespace
}  // namespace kiss
