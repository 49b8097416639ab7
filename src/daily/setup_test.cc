#include "daily/setup.h"

#include <gtest/gtest.h>

#include "config/config_loader.h"
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
  std::vector<std::string> symbols;
  for (const UniverseEntry& u : s->universe) symbols.push_back(u.symbol);
  EXPECT_EQ(symbols, (std::vector<std::string>{"RELIANCE", "TCS", "INFY"}));
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

// --freeze-data after today (Asia/Kolkata) is a usage error; config.yaml's freeze_date after
// today is bad input naming the file and key. Today itself is fine.
TEST(Setup, AFreezeDateAfterTodayIsRefused) {
  DailyProject p("RELIANCE\n", "freeze_date: \"2099-01-01\"\n");
  const FixedClock clock(utc_instant(days_from_civil(2026, 12, 4), 10, 0, 0));
  Request r = request_of(p);
  r.freeze_data = "2026-12-04";
  auto today = load_setup(r);
  ASSERT_TRUE(today) << today.error().to_string();
  EXPECT_TRUE(check_freeze_not_future(*today, clock));
  r.freeze_data = "2026-12-05";
  auto tomorrow = load_setup(r);
  ASSERT_TRUE(tomorrow) << tomorrow.error().to_string();
  const Status st = check_freeze_not_future(*tomorrow, clock);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().exit_code, ExitCode::kUsage);
  EXPECT_EQ(st.error().to_string(),
            "--freeze-data: '2026-12-05' is after today (2026-12-04, Asia/Kolkata): a run "
            "cannot be dated in the future");
  r.freeze_data.reset();
  auto from_config = load_setup(r);
  ASSERT_TRUE(from_config) << from_config.error().to_string();
  const Status cs = check_freeze_not_future(*from_config, clock);
  ASSERT_FALSE(cs);
  EXPECT_EQ(cs.error().exit_code, ExitCode::kBadInput);
  EXPECT_EQ(cs.error().key, "freeze_date");
  EXPECT_EQ(cs.error().file, p.config_path);
}

// The freeze date of backtest and validate: the option wins, neither gives none, and a date
// after today is refused as run refuses it (config.yaml's with its line).
TEST(Setup, ResolveFreezeDate) {
  DailyProject p("RELIANCE\n", "freeze_date: \"2026-12-05\"\n");
  auto cfg = load_config(p.config_path);
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  const Date today = days_from_civil(2026, 12, 4);
  auto option = resolve_freeze_date(*cfg, std::string("2025-08-08"), today);
  ASSERT_TRUE(option) << option.error().to_string();
  EXPECT_EQ(*option, days_from_civil(2025, 8, 8));
  auto future_option = resolve_freeze_date(*cfg, std::string("2026-12-05"), today);
  ASSERT_FALSE(future_option);
  EXPECT_EQ(future_option.error().exit_code, ExitCode::kUsage);
  EXPECT_EQ(future_option.error().key, "--freeze-data");
  auto from_config = resolve_freeze_date(*cfg, std::nullopt, today);
  ASSERT_FALSE(from_config);
  EXPECT_EQ(from_config.error().exit_code, ExitCode::kBadInput);
  EXPECT_EQ(from_config.error().file, p.config_path);
  EXPECT_GT(from_config.error().line, 0);
  EXPECT_EQ(from_config.error().key, "freeze_date");
  auto on_the_day = resolve_freeze_date(*cfg, std::nullopt, today + 1);
  ASSERT_TRUE(on_the_day);
  EXPECT_EQ(*on_the_day, today + 1);
  cfg->freeze_date.clear();
  auto none = resolve_freeze_date(*cfg, std::nullopt, today);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
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
  s.universe = {UniverseEntry{"B", {}, {}, 2}, UniverseEntry{"A", {}, {}, 3}};
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
