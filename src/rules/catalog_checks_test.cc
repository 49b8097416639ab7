// The rule catalog's guards: the typed parameter accessor, the checks of the table's entries
// (a misspelt parameter or indicator fails when the table is built, never reads a silent 0),
// and the load-time validation of rules.yaml's values that the rules loader wraps.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "rules/catalog.h"
#include "rules/columns.h"

namespace kiss {
namespace {

RuleInstance instance(const std::string& type, std::map<std::string, double> params = {}) {
  RuleInstance r;
  r.name = "r_" + type;
  r.type = type;
  r.params = std::move(params);
  return r;
}

TEST(CatalogArgs, ReadsDeclaredParamsWithTheirDefaults) {
  const RuleSpec& spec = *find_rule("rsi_above");
  const RuleInstance r = instance("rsi_above", {{"threshold", 61.5}});
  const Args a(spec, r);
  EXPECT_EQ(a.integer("period"), 14);  // not given: the catalog default
  EXPECT_EQ(a.number("threshold"), 61.5);
}

TEST(CatalogArgs, RefusesAnUndeclaredNameOrTheWrongKind) {
  const RuleSpec& spec = *find_rule("rsi_above");
  const RuleInstance r = instance("rsi_above");
  const Args a(spec, r);
  EXPECT_THROW(a.integer("perod"), std::logic_error);    // misspelt
  EXPECT_THROW(a.number("treshold"), std::logic_error);  // misspelt
  EXPECT_THROW(a.number("period"), std::logic_error);    // an int read as a number
  EXPECT_THROW(a.text("period"), std::logic_error);      // an int read as text
  try {
    a.integer("perod");
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("rsi_above"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'perod'"), std::string::npos) << e.what();
  }
}

TEST(CatalogArgs, ARequiredParamMissingFromACodeBuiltInstanceIsAnError) {
  const RuleSpec& spec = *find_rule("stop_loss_pct");
  const RuleInstance r = instance("stop_loss_pct");
  EXPECT_THROW(Args(spec, r).number("percentage"), std::logic_error);
}

TEST(CatalogEntries, EveryEntryPassesItsOwnCheck) {
  for (const RuleSpec& s : rule_catalog()) {
    const Status st = check_entry(s);
    EXPECT_TRUE(st) << (st ? "" : st.error().message);
  }
}

// An entry whose signal function reads a parameter it does not declare fails the check that
// building the table runs, naming the rule type and the parameter.
TEST(CatalogEntries, AMisspeltParamInASignalFailsTheTableCheck) {
  RuleSpec s = *find_rule("rsi_above");
  s.signal = [](const Args& a, const RuleInput&, IndicatorCache&) -> Result<Mask> {
    a.number("treshold");
    return Mask{};
  };
  const Status st = check_entry(s);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("rsi_above"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("'treshold'"), std::string::npos) << st.error().message;
}

TEST(CatalogEntries, AMisspeltParamInAWarmupOrAnUnknownIndicatorFailsTheTableCheck) {
  RuleSpec s = *find_rule("rsi_above");
  s.warmup = [](const Args& a) { return a.integer("perid"); };
  EXPECT_FALSE(check_entry(s));
  s = *find_rule("rsi_above");
  s.warmup = [](const Args& a) { return cols::lookback("rsii", {a.integer("period")}); };
  const Status st = check_entry(s);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("rsii"), std::string::npos) << st.error().message;
}

TEST(CatalogEntries, MalformedDeclarationsFailTheTableCheck) {
  RuleSpec s = *find_rule("stop_loss_atr");
  s.value_param = "multiplyer";
  EXPECT_FALSE(check_entry(s));
  s = *find_rule("sma_crossover");
  s.less_param = "fast";
  EXPECT_FALSE(check_entry(s));
  s = *find_rule("rsi_above");
  s.params[0].def = 1;  // below its minimum of 2
  EXPECT_FALSE(check_entry(s));
  s = *find_rule("rsi_above");
  s.params.push_back(s.params[0]);  // declared twice
  EXPECT_FALSE(check_entry(s));
}

// Every integer parameter is a period or a count: at least 1 in every entry, which is what the
// indicator kernels require (their asserts are then preconditions the loader has checked).
TEST(CatalogEntries, EveryIntegerParamIsAtLeastOne) {
  for (const RuleSpec& s : rule_catalog()) {
    for (const ParamSpec& p : s.params) {
      if (p.kind == ParamSpec::Kind::kInt) {
        EXPECT_GE(p.min, 1.0) << s.name << "." << p.name;
      }
    }
  }
}

TEST(CatalogValidation, CheckValueNamesTheRange) {
  const RuleSpec& rsi = *find_rule("rsi_above");
  const ParamSpec& period = *find_param(rsi, "period");
  EXPECT_EQ(check_value(period, 14), std::nullopt);
  EXPECT_EQ(check_value(period, 0).value_or(""), "must be between 2 and 500, got 0");
  EXPECT_EQ(check_value(period, 501).value_or(""), "must be between 2 and 500, got 501");
  EXPECT_EQ(check_value(period, 2.5).value_or(""), "must be an integer, got 2.5");
  EXPECT_EQ(check_value(period, std::numeric_limits<double>::quiet_NaN()).value_or(""),
            "must be a finite number");
  const ParamSpec& mult = *find_param(*find_rule("volume_spike"), "spike_multiplier");
  EXPECT_EQ(check_value(mult, 1).value_or(""), "must be between 1 (excluded) and 100, got 1");
  const ParamSpec& turnover = *find_param(*find_rule("min_avg_turnover"), "min_turnover");
  EXPECT_EQ(check_value(turnover, -1).value_or(""), "must be at least 0, got -1");
}

TEST(CatalogValidation, CheckParamsBlamesTheLesserParam) {
  const RuleSpec& spec = *find_rule("sma_crossover");
  EXPECT_EQ(check_params(spec, instance("sma_crossover", {{"fast_period", 5}, {"slow_period", 9}})),
            std::nullopt);
  const auto issue = check_params(spec, instance("sma_crossover",
                                                 {{"fast_period", 20}, {"slow_period", 10}}));
  ASSERT_TRUE(issue);
  EXPECT_EQ(issue->param, "fast_period");
  EXPECT_EQ(issue->message, "must be less than slow_period (20 >= 10)");
}

}  // namespace
}  // namespace kiss
