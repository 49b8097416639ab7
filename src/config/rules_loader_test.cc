#include "config/rules_loader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "config/config_loader.h"
#include "config/test_files.h"
#include "rules/catalog.h"
#include "rules/evaluate.h"

namespace kiss {
namespace {

using testing::TempDir;

const std::string kTestdata = std::string(KISS_SOURCE_DIR) + "/src/config/testdata";

std::vector<std::string> names(const std::vector<Stack>& stacks) {
  std::vector<std::string> out;
  for (const auto& s : stacks) out.push_back(s.name());
  return out;
}

Config test_config() { return default_config("."); }

// The first error of loading `yaml` as rules, as "line:column: key: message".
std::string first_error(const std::string& yaml) {
  TempDir dir;
  const std::string path = dir.write("rules.yaml", yaml);
  auto r = load_rules(path, test_config());
  if (r) return "(no error)";
  const std::string s = r.error().to_string();
  EXPECT_EQ(r.error().file, path);
  if (s.rfind(path + ": ", 0) == 0) return s.substr(path.size() + 2);
  return s.rfind(path + ":", 0) == 0 ? s.substr(path.size() + 1) : s;
}

// The W1 benchmark rules (tests/e2e/testdata/w1_rules.yaml), PRD form.
const char* kW1 = R"(context_filters:
  - name: nifty_above_sma50
    type: market_above_sma
    params: {index_symbol: "^NSEI", period: 50}

baseline:
  name: sma_10_20_crossover
  type: sma_crossover
  params: {fast_period: 10, slow_period: 20}

layers:
  - name: above_sma50
    type: price_above_sma
    params: {period: 50}
  - name: rsi_momentum
    type: rsi_above
    params: {period: 14, threshold: 55}
  - name: volume_confirm
    type: volume_spike
    params: {period: 20, spike_multiplier: 1.5, price_change_threshold: 0.005}
  - name: macd_positive
    type: macd_above_signal
    params: {fast_period: 12, slow_period: 26, signal_period: 9}
  - name: volatile_enough
    type: is_volatile
    params: {period: 14, atr_threshold_pct: 0.01}

exit_conditions:
  - name: atr_stop_2x
    type: stop_loss_atr
    params: {period: 14, multiplier: 2.0}
  - name: atr_target_4x
    type: take_profit_atr
    params: {period: 14, multiplier: 4.0}
)";

TEST(RulesLoader, PrdFormGivesBaselineThenBaselinePlusEachLayer) {
  TempDir dir;
  auto rs = load_rules(dir.write("rules.yaml", kW1), test_config());
  ASSERT_TRUE(rs) << rs.error().to_string();
  EXPECT_EQ(rs->form, RuleSet::Form::kPrd);
  EXPECT_EQ(names(rs->candidates),
            (std::vector<std::string>{"sma_10_20_crossover", "sma_10_20_crossover+above_sma50",
                                      "sma_10_20_crossover+rsi_momentum",
                                      "sma_10_20_crossover+volume_confirm",
                                      "sma_10_20_crossover+macd_positive",
                                      "sma_10_20_crossover+volatile_enough"}));
  ASSERT_EQ(rs->baseline.entries.size(), 1u);
  EXPECT_EQ(rs->layers.size(), 5u);
  ASSERT_EQ(rs->context_filters.size(), 1u);
  EXPECT_EQ(rs->context_filters[0].text_params.at("index_symbol"), "^NSEI");
  EXPECT_EQ(rs->context_filters[0].params.at("period"), 50.0);
  EXPECT_EQ(rs->context_filters[0].line, 2);
  ASSERT_EQ(rs->exit_conditions.size(), 2u);
  const LevelExit stop = to_level_exit(rs->exit_conditions[0]);
  EXPECT_EQ(stop.kind, LevelExit::Kind::kStopAtr);
  EXPECT_EQ(stop.value, 2.0);
  EXPECT_EQ(stop.atr_period, 14);
  EXPECT_EQ(stop.name, "atr_stop_2x");
  // Defaults completed from the catalog.
  const RuleInstance& vol = rs->candidates[3].entries[1];
  EXPECT_EQ(vol.type, "volume_spike");
  EXPECT_EQ(vol.params.at("spike_multiplier"), 1.5);
}

TEST(RulesLoader, W1FileAndRepositoryRulesLoad) {
  const std::string w1 = std::string(KISS_SOURCE_DIR) + "/tests/e2e/testdata/w1_rules.yaml";
  auto rs = load_rules(w1, test_config());
  ASSERT_TRUE(rs) << rs.error().to_string();
  EXPECT_EQ(rs->candidates.size(), 6u);
  auto root = load_rules(std::string(KISS_SOURCE_DIR) + "/rules.yaml", test_config());
  ASSERT_TRUE(root) << root.error().to_string();
  EXPECT_GE(root->candidates.size(), 2u);
}

TEST(RulesLoader, OriginalV14RulesLoadUnchanged) {
  auto rs = load_rules(kTestdata + "/original_rules_v14.yaml", test_config());
  ASSERT_TRUE(rs) << rs.error().to_string();
  EXPECT_EQ(rs->form, RuleSet::Form::kV14);
  EXPECT_EQ(names(rs->candidates),
            (std::vector<std::string>{"simple_sma_crossover", "confirm_with_rsi"}));
  EXPECT_TRUE(rs->baseline.entries.empty());
  ASSERT_EQ(rs->preconditions.size(), 1u);
  EXPECT_EQ(rs->preconditions[0].type, "is_volatile");
  EXPECT_EQ(rs->preconditions[0].params.at("atr_threshold_pct"), 0.01);
  EXPECT_EQ(rs->preconditions[0].description,
            "Stock must have some daily volatility for the strategy to work.");
  ASSERT_EQ(rs->exit_conditions.size(), 2u);
  const LevelExit ch = to_level_exit(rs->exit_conditions[1]);
  EXPECT_EQ(ch.kind, LevelExit::Kind::kChandelier);
  EXPECT_EQ(ch.value, 3.0);
  EXPECT_EQ(ch.atr_period, 22);
  EXPECT_EQ(rs->candidates[1].entries[0].params.at("oversold_threshold"), 40.0);
}

TEST(RulesLoader, OriginalPrdRulesWithSellConditionsAndValidationBlockLoad) {
  auto rs = load_rules(kTestdata + "/original_rules_prd.yaml", test_config());
  ASSERT_TRUE(rs) << rs.error().to_string();
  EXPECT_EQ(rs->form, RuleSet::Form::kPrd);
  EXPECT_EQ(names(rs->candidates),
            (std::vector<std::string>{"bullish_engulfing_reversal",
                                      "bullish_engulfing_reversal+filter_with_rsi_oversold",
                                      "bullish_engulfing_reversal+filter_with_volume_spike",
                                      "bullish_engulfing_reversal+filter_with_uptrend_context"}));
  ASSERT_EQ(rs->exit_conditions.size(), 3u);
  EXPECT_TRUE(is_level_exit(rs->exit_conditions[0].type));
  EXPECT_FALSE(is_level_exit(rs->exit_conditions[2].type));
  EXPECT_EQ(rs->exit_conditions[2].type, "sma_cross_under");
}

TEST(RulesLoader, StoryFormEachRuleIsACandidate) {
  TempDir dir;
  auto rs = load_rules(dir.write("rules.yaml", R"(rules:
  - name: a
    type: rsi_below
  - name: b
    type: ema_crossover
    params: {fast_period: 5, slow_period: 10}
exit_conditions:
  - {name: stop, type: stop_loss_pct, params: {percentage: 0.05}}
)"),
                       test_config());
  ASSERT_TRUE(rs) << rs.error().to_string();
  EXPECT_EQ(rs->form, RuleSet::Form::kStory);
  EXPECT_EQ(names(rs->candidates), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rs->candidates[0].entries[0].params.at("threshold"), 30.0);
  EXPECT_EQ(to_level_exit(rs->exit_conditions[0]).value, 0.05);
}

TEST(RulesLoader, LayerWithEntryAndExitListsAddsBoth) {
  TempDir dir;
  auto rs = load_rules(dir.write("rules.yaml", R"(baseline:
  - {name: base, type: sma_crossover}
  - {name: trend, type: price_above_long_sma}
layers:
  - name: momentum_and_trail
    entry:
      - {name: rsi_ok, type: rsi_above, params: {threshold: 55}}
    exit:
      - {name: trail5, type: simple_trailing_stop, params: {trail_percent: 0.05}}
  - name: trail_only
    exit: {name: chand, type: chandelier_exit}
)"),
                       test_config());
  ASSERT_TRUE(rs) << rs.error().to_string();
  EXPECT_EQ(names(rs->candidates),
            (std::vector<std::string>{"base+trend", "base+trend+rsi_ok+trail5",
                                      "base+trend+chand"}));
  ASSERT_EQ(rs->candidates[1].extra_exits.size(), 1u);
  EXPECT_EQ(to_level_exit(rs->candidates[1].extra_exits[0]).kind, LevelExit::Kind::kTrailingPct);
  EXPECT_EQ(rs->candidates[1].rule_names(),
            (std::vector<std::string>{"base", "trend", "rsi_ok", "trail5"}));
  EXPECT_TRUE(rs->candidates[2].entries.size() == 2 && rs->candidates[2].extra_exits.size() == 1);
}

TEST(RulesLoader, FindRulesPathPrefersRulesYamlThenConfigFolder) {
  TempDir dir;
  Config c = default_config(dir.path());
  EXPECT_FALSE(find_rules_path("", c));
  EXPECT_EQ(find_rules_path("", c).error().message,
            "no rules file: tried " + dir.path() + "/rules.yaml and " + dir.path() +
                "/config/rules.yaml (or give --rules PATH)");
  dir.write("config/rules.yaml", "rules: []\n");
  EXPECT_EQ(*find_rules_path("", c), dir.path() + "/config/rules.yaml");
  dir.write("rules.yaml", "rules: []\n");
  EXPECT_EQ(*find_rules_path("", c), dir.path() + "/rules.yaml");
  EXPECT_EQ(*find_rules_path("mine.yaml", c), "mine.yaml");
}

TEST(RulesLoader, AllErrorsAreCollected) {
  TempDir dir;
  const std::string path = dir.write("rules.yaml", R"(baseline:
  name: x
  type: sma_crossovr
layers:
  - {name: y, type: rsi_above, params: {period: 0}}
  - {name: y, type: rsi_above}
)");
  RulesLoad l = load_rules_all(path, test_config());
  ASSERT_EQ(l.errors.size(), 3u);
  EXPECT_EQ(l.errors[0].key, "baseline.type");
  EXPECT_EQ(l.errors[1].key, "layers[0].params.period");
  EXPECT_EQ(l.errors[2].key, "layers[1].name");
}

struct BadRules {
  const char* yaml;
  const char* error;
};

class BadRulesTest : public ::testing::TestWithParam<BadRules> {};

TEST_P(BadRulesTest, GivesTheExactMessage) {
  EXPECT_EQ(first_error(GetParam().yaml), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, BadRulesTest,
    ::testing::Values(
        BadRules{"baseline:\n  name: a\n  type: sma_crossovr\n",
                 "3:9: baseline.type: unknown rule type 'sma_crossovr' (did you mean "
                 "'sma_crossover'?)"},
        BadRules{"baseline:\n  name: a\n  type: sma_crossover\n  params:\n    fast_perid: 5\n",
                 "5:5: baseline.params.fast_perid: unknown parameter for sma_crossover (did you "
                 "mean 'fast_period'?)"},
        BadRules{"rules:\n  - {name: a, type: inside_bar_breakout, params: {period: 3}}\n",
                 "2:51: rules[0].params.period: unknown parameter for inside_bar_breakout (it "
                 "takes none)"},
        BadRules{"baseline: {name: a, type: sma_crossover}\nexit_conditions:\n  - name: x\n"
                 "    type: sma_cross_under\n    params: {fast_period: 10}\n",
                 "5:13: exit_conditions[0].params.slow_period: missing required parameter of "
                 "sma_cross_under"},
        BadRules{"baseline: {name: a, type: sma_crossover}\nexit_conditions:\n"
                 "  - {name: s, type: stop_loss_pct}\n",
                 "3:5: exit_conditions[0].params.percentage: missing required parameter of "
                 "stop_loss_pct"},
        BadRules{"baseline:\n  name: a\n  type: rsi_above\n  params: {period: 0}\n",
                 "4:20: baseline.params.period: must be between 2 and 500, got 0 (rule 'a', type "
                 "rsi_above)"},
        BadRules{"baseline:\n  name: a\n  type: rsi_above\n  params: {period: \"14\"}\n",
                 "4:20: baseline.params.period: expected an integer, got '14'"},
        BadRules{"baseline:\n  name: a\n  type: rsi_above\n  params: {period: 14.5}\n",
                 "4:20: baseline.params.period: expected an integer, got '14.5'"},
        BadRules{"baseline:\n  name: a\n  type: rsi_above\n  params: {threshold: high}\n",
                 "4:23: baseline.params.threshold: expected a number, got 'high'"},
        BadRules{"baseline:\n  name: a\n  type: sma_crossover\n"
                 "  params: {fast_period: 20, slow_period: 10}\n",
                 "4:25: baseline.params.fast_period: must be less than slow_period (20 >= 10) "
                 "(rule 'a', type sma_crossover)"},
        BadRules{"baseline:\n  name: a\n  type: volume_spike\n  params: {spike_multiplier: 1}\n",
                 "4:30: baseline.params.spike_multiplier: must be between 1 (excluded) and 100, "
                 "got 1 (rule 'a', type volume_spike)"},
        BadRules{"baseline: {name: a, type: sma_crossover}\nlayers:\n"
                 "  - {name: a, type: rsi_above}\n",
                 "3:12: layers[0].name: duplicate rule name 'a' (first defined at line 1)"},
        BadRules{"baseline:\n  name: a\n  type: rsi_above\n  params:\n    period: 14\n"
                 "    period: 21\n",
                 "6:5: baseline.params.period: duplicate key (first defined at line 5)"},
        BadRules{"baseline: {name: a, type: sma_crossover}\nlayers:\n"
                 "  - {name: s, type: stop_loss_pct, params: {percentage: 0.05}}\n",
                 "3:21: layers[0].type: 'stop_loss_pct' is a price-level exit: it is only valid "
                 "under exit_conditions or a layer's exit: list"},
        BadRules{"context_filters:\n  - {name: c, type: chandelier_exit}\n"
                 "baseline: {name: a, type: sma_crossover}\n",
                 "2:21: context_filters[0].type: 'chandelier_exit' is a price-level exit: it is "
                 "only valid under exit_conditions or a layer's exit: list"},
        BadRules{"baseline:\n  type: sma_crossover\n", "2:3: baseline.name: missing rule name"},
        BadRules{"baseline:\n  name: a\n", "2:3: baseline.type: missing rule type"},
        BadRules{"baseline:\n  name: a\n  type: rsi_above\n  param: {period: 14}\n",
                 "4:3: baseline.param: unknown key (did you mean 'params'?)"},
        BadRules{"baseline: {name: a, type: sma_crossover}\nexit_condition: []\n",
                 "2:1: exit_condition: unknown key (did you mean 'exit_conditions'?)"},
        BadRules{"baseline: {name: a, type: sma_crossover}\nentry_signals:\n"
                 "  - {name: b, type: rsi_above}\n",
                 "2:1: entry_signals: cannot be combined with 'baseline': a rules file uses one "
                 "form (baseline + layers, entry_signals, or rules)"},
        BadRules{"exit_conditions: []\n",
                 "no entry rules: expected 'baseline' (with optional 'layers'), 'entry_signals' "
                 "or 'rules'"},
        BadRules{"layers:\n  - {name: b, type: rsi_above}\n",
                 "1:1: layers: layers need a 'baseline' to build on"},
        BadRules{"context_filters:\n  - {name: m, type: market_above_sma, params: "
                 "{index_symbol: \"^NSEBANK\"}}\nrules:\n  - {name: a, type: rsi_above}\n",
                 "2:62: context_filters[0].params.index_symbol: '^NSEBANK' is not the configured "
                 "benchmark_symbol '^NSEI' (the only index loaded)"},
        BadRules{"entry_signals: []\n", "1:1: entry_signals: must list at least one rule"},
        BadRules{"baseline:\n  name: a+b\n  type: rsi_above\n",
                 "2:9: baseline.name: rule names may not contain '+' or ',' (they join rule "
                 "names in stacks)"},
        BadRules{"baseline:\n  name: a\n  type: rsi_above\n  params: 14\n",
                 "4:11: baseline.params: expected a mapping of parameters"},
        BadRules{"rules:\n  - sma_crossover\n",
                 "2:5: rules[0]: expected a rule {name, type, params}"},
        BadRules{"baseline: {name: a, type: sma_crossover}\nexit_conditions: []\n"
                 "sell_conditions: []\n",
                 "3:1: sell_conditions: cannot be combined with 'exit_conditions' "
                 "(sell_conditions is the original name of exit_conditions)"},
        BadRules{"baseline: {name: a, type: sma_crossover}\nlayers:\n  - name: l\n"
                 "    entry: {name: b, type: rsi_above}\n    exits: []\n",
                 "5:5: layers[0].exits: unknown key (did you mean 'exit'?)"},
        BadRules{"baseline: {name: a, type: sma_crossover}\nlayers:\n  - name: l\n"
                 "    exit: []\n",
                 "3:5: layers[0]: a layer needs at least one entry or exit rule"},
        BadRules{"baseline: {name: a, type: sma_crossover}\nexit_conditions:\n"
                 "  - {name: s, type: stop_loss_pct, params: {percentage: 0}}\n",
                 "3:57: exit_conditions[0].params.percentage: must be between 0 (excluded) and "
                 "1, got 0 (rule 's', type stop_loss_pct)"},
        BadRules{"rules: {name: a, type: rsi_above}\n", "1:8: rules: expected a list of rules"},
        BadRules{"baseline: [\n", "2:1: YAML syntax error: end of sequence flow not found"}));

// Parameter ranges are refused when rules.yaml is read, in every build type (not by an assert
// in a kernel): the message names the file, line and column, the key (the parameter), the rule
// and its type. Each file below is one refused value of a different kind of range.
TEST(RulesLoader, ParameterRangesAreRefusedAtLoadNamingFileLineRuleAndParam) {
  struct Case {
    const char* yaml;
    const char* error;
  };
  const Case cases[] = {
      {"rules:\n  - {name: fast, type: ema_crossover, params: {fast_period: 0}}\n",
       "2:61: rules[0].params.fast_period: must be between 1 and 500, got 0 (rule 'fast', type "
       "ema_crossover)"},
      {"rules:\n  - {name: st, type: supertrend_flip, params: {multiplier: 0}}\n",
       "2:60: rules[0].params.multiplier: must be between 0 (excluded) and 50, got 0 (rule 'st', "
       "type supertrend_flip)"},
      {"rules:\n  - {name: bb, type: bollinger_breakout, params: {std_dev: -2}}\n",
       "2:60: rules[0].params.std_dev: must be between 0 (excluded) and 10, got -2 (rule 'bb', "
       "type bollinger_breakout)"},
      {"rules:\n  - {name: hi, type: new_high_52w, params: {period: 0}}\n",
       "2:53: rules[0].params.period: must be between 1 and 2000, got 0 (rule 'hi', type "
       "new_high_52w)"},
      {"baseline: {name: a, type: sma_crossover}\nexit_conditions:\n"
       "  - {name: ch, type: chandelier_exit, params: {atr_period: 1}}\n",
       "3:60: exit_conditions[0].params.atr_period: must be between 2 and 500, got 1 (rule 'ch', "
       "type chandelier_exit)"},
      {"rules:\n  - {name: sar, type: parabolic_sar_bullish, params: {acceleration: 0.3, "
       "maximum: 0.2}}\n",
       "2:69: rules[0].params.acceleration: must be less than maximum (0.3 >= 0.2) (rule 'sar', "
       "type parabolic_sar_bullish)"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(first_error(c.yaml), c.error) << c.yaml;
  }
}

// Every error of a file is reported, each with its own line.
TEST(RulesLoader, EveryRefusedParameterOfAFileIsReported) {
  TempDir dir;
  const std::string path =
      dir.write("rules.yaml",
                "rules:\n"
                "  - {name: a, type: rsi_above, params: {period: 1}}\n"
                "  - {name: b, type: keltner_breakout, params: {period: 0}}\n");
  const RulesLoad l = load_rules_all(path, test_config());
  ASSERT_EQ(l.errors.size(), 2u);
  EXPECT_EQ(l.errors[0].line, 2);
  EXPECT_EQ(l.errors[0].key, "rules[0].params.period");
  EXPECT_NE(l.errors[0].message.find("(rule 'a', type rsi_above)"), std::string::npos);
  EXPECT_EQ(l.errors[1].line, 3);
  EXPECT_NE(l.errors[1].message.find("(rule 'b', type keltner_breakout)"), std::string::npos);
}

// Every rule of the W1 file evaluates on a series whose benchmark lacks some stock days.
TEST(RulesLoader, W1RulesEvaluateOverAStockAndItsBenchmark) {
  TempDir dir;
  auto rs = load_rules(dir.write("rules.yaml", kW1), test_config());
  ASSERT_TRUE(rs) << rs.error().to_string();
  Bars stock, bench;
  for (int i = 0; i < 300; ++i) {
    const double c = 100.0 + 10.0 * std::sin(i / 9.0) + 0.05 * i;
    stock.push_back(18000 + i, c - 0.5, c + 1.5, c - 1.5, c, 1000.0 + 300.0 * (i % 7));
    if (i % 11 != 5) bench.push_back(18000 + i, c, c + 1.0, c - 1.0, c * 1.01, 0.0);
  }
  const std::vector<int> idx = align_by_date(stock, bench);
  RuleInput in{&stock, &bench, idx};
  IndicatorCache cache;
  std::vector<RuleInstance> all = rs->context_filters;
  for (const auto& s : rs->candidates) all.insert(all.end(), s.entries.begin(), s.entries.end());
  for (const auto& r : all) {
    auto m = evaluate_signal(r, in, cache);
    ASSERT_TRUE(m) << r.name << ": " << m.error().to_string();
    ASSERT_EQ(m->size(), stock.size()) << r.name;
    for (int t = 0; t < rule_warmup(r) && t < 300; ++t) {
      EXPECT_EQ((*m)[static_cast<std::size_t>(t)], 0) << r.name << " bar " << t;
    }
  }
  // The market filter is false on every day the benchmark has no bar.
  auto market = evaluate_signal(rs->context_filters[0], in, cache);
  for (std::size_t t = 0; t < stock.size(); ++t) {
    if (idx[t] < 0) {
      EXPECT_EQ((*market)[t], 0) << t;
    }
  }
}

// The configuration hash (docs/configuration.md, "The config hash") covers config.yaml and
// rules.yaml by their canonical content: every edit that can change results changes it; comments,
// blank lines, indentation, flow or block style, quoting and key order do not.
std::string results_hash(const TempDir& dir, const std::string& config, const std::string& rules) {
  auto c = load_config(dir.write("config.yaml", config));
  EXPECT_TRUE(c) << c.error().to_string();
  auto r = load_rules(dir.write("rules.yaml", rules), *c);
  EXPECT_TRUE(r) << r.error().to_string();
  if (!c || !r) return {};
  include_rules_in_hash(*c, *r);
  EXPECT_NE(c->hash, c->file_hash);
  include_rules_in_hash(*c, *r);  // idempotent
  return c->hash;
}

TEST(RulesLoader, ConfigHashCoversBothFilesCanonically) {
  TempDir dir;
  const std::string config = "hold_period: 20\nmin_trades_threshold: 5\n";
  const std::string base = results_hash(dir, config, kW1);
  ASSERT_EQ(base.size(), 16u);
  std::string w1 = kW1;
  auto replaced = [&w1](const std::string& from, const std::string& to) {
    std::string s = w1;
    const auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.substr(0, at) + to + s.substr(at + from.size());
  };
  // Results can change: a layer renamed, a parameter, two more layers, a config value.
  EXPECT_NE(results_hash(dir, config, replaced("name: rsi_momentum", "name: rsi_mom")), base);
  EXPECT_NE(results_hash(dir, config, replaced("multiplier: 2.0}", "multiplier: 2.5}")), base);
  EXPECT_NE(results_hash(dir, config,
                         replaced("exit_conditions:",
                                  "  - name: above_sma100\n    type: price_above_sma\n"
                                  "    params: {period: 100}\n  - name: above_sma200\n"
                                  "    type: price_above_sma\n    params: {period: 200}\n\n"
                                  "exit_conditions:")),
            base);
  EXPECT_NE(results_hash(dir, "hold_period: 21\nmin_trades_threshold: 5\n", kW1), base);
  // Layer order is a list order: it changes the hash.
  EXPECT_NE(results_hash(dir, config,
                         replaced("  - name: above_sma50\n    type: price_above_sma\n"
                                  "    params: {period: 50}\n",
                                  "") +
                             "  - name: above_sma50\n    type: price_above_sma\n"
                             "    params: {period: 50}\n"),
            base);
  // Form only: a comment, blank lines, key order, flow vs block style, quoting of a string.
  EXPECT_EQ(results_hash(dir, "# my settings\nmin_trades_threshold: 5\n\nhold_period:   20\n",
                         "# edited on Monday\n" + w1 + "\n\n"),
            base);
  EXPECT_EQ(
      results_hash(dir, config,
                   replaced("  type: sma_crossover\n  params: {fast_period: 10, slow_period: 20}",
                            "  params:\n    slow_period: 20\n    fast_period: 10\n"
                            "  type: 'sma_crossover'")),
      base);
}

}  // namespace
}  // namespace kiss
