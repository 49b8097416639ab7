#include "daily/setup.h"

#include <gtest/gtest.h>

#include "daily/test_support.h"

namespace kiss::daily {
namespace {

using testing::DailyProject;

Request request_of(const DailyProject& p) {
  Request r;
  r.config_path = p.config_path;
  r.rules_path = p.rules_path;
  return r;
}

TEST(Setup, LoadsConfigurationRulesAndUniverse) {
  DailyProject p;
  auto s = load_setup(request_of(p));
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->symbols, (std::vector<std::string>{"RELIANCE", "TCS", "INFY"}));
  EXPECT_FALSE(s->freeze);
  // W1 rules: the baseline alone and with each of its five layers; two exit rules.
  EXPECT_EQ(setup_text(*s), "Configuration loaded (3 symbols, 6 candidate stacks, 2 exit rules)");
}

TEST(Setup, CommandLineOverridesTheConfiguration) {
  DailyProject p("RELIANCE\n", "freeze_date: \"2025-01-01\"\njobs: 3\n");
  Request r = request_of(p);
  r.freeze_data = "2025-04-21";
  r.min_trades = 7;
  auto s = load_setup(r);
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->freeze, days_from_civil(2025, 4, 21));
  EXPECT_EQ(s->freeze_text, "2025-04-21");
  EXPECT_EQ(s->config.min_trades_threshold, 7);
  EXPECT_EQ(worker_count(s->config), 3);
  r.freeze_data.reset();
  r.jobs = 2;
  auto t = load_setup(r);
  ASSERT_TRUE(t) << t.error().to_string();
  EXPECT_EQ(t->freeze, days_from_civil(2025, 1, 1));  // the config's freeze_date
  EXPECT_EQ(t->config.jobs, 2);
}

TEST(Setup, FreezeDataThatIsNoDateIsAUsageError) {
  DailyProject p;
  Request r = request_of(p);
  r.freeze_data = "2025-02-30";
  auto s = load_setup(r);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().exit_code, ExitCode::kUsage);
  EXPECT_EQ(s.error().to_string(), "--freeze-data: '2025-02-30' is not a date YYYY-MM-DD");
}

TEST(Setup, LoaderErrorsComeBackUnchanged) {
  DailyProject p("RELIANCE\n", "freeze_date: 2025-13-01\n");
  auto s = load_setup(request_of(p));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().exit_code, ExitCode::kBadInput);
  EXPECT_EQ(s.error().key, "freeze_date");
  EXPECT_GT(s.error().line, 0);
  EXPECT_EQ(s.error().file, p.config_path);
}

TEST(Setup, WantedSymbolsAddTheBenchmarkOnce) {
  RunSetup s;
  s.symbols = {"B", "A"};
  s.config.benchmark_symbol = "^NSEI";
  EXPECT_EQ(wanted_symbols(s), (std::vector<std::string>{"B", "A", "^NSEI"}));
  s.config.benchmark_symbol = "A";
  EXPECT_EQ(wanted_symbols(s), (std::vector<std::string>{"B", "A"}));
}

TEST(Setup, WorkerCountIsTheCoresWhenZero) {
  Config c;
  c.jobs = 0;
  EXPECT_GE(worker_count(c), 1);
  c.jobs = 5;
  EXPECT_EQ(worker_count(c), 5);
}

}  // namespace
}  // namespace kiss::daily
