#include "config/config_loader.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "config/test_files.h"

namespace kiss {
namespace {

using testing::TempDir;

const std::string kTestdata = std::string(KISS_SOURCE_DIR) + "/src/config/testdata";

// The first error of loading `yaml`, as "line:column: key: message" (file name stripped).
std::string first_error(const std::string& yaml) {
  TempDir dir;
  const std::string path = dir.write("config.yaml", yaml);
  auto c = load_config(path);
  if (c) return "(no error)";
  const std::string s = c.error().to_string();
  EXPECT_EQ(s.rfind(path + ":", 0), 0u) << s;
  EXPECT_EQ(c.error().file, path);
  return s.substr(path.size() + 1);
}

TEST(ConfigLoader, OriginalToolsDefaultConfigLoadsUnchanged) {
  auto c = load_config(kTestdata + "/original_config.yaml");
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->universe_path, kTestdata + "/data/nifty_large_mid.csv");
  EXPECT_EQ(c->cache_dir, kTestdata + "/data");
  EXPECT_EQ(c->database_path, kTestdata + "/data/kiss_signal.db");
  EXPECT_EQ(c->reports_output_dir, kTestdata + "/reports/");
  EXPECT_EQ(c->historical_data_years, 3);
  EXPECT_EQ(c->hold_period, 20);
  EXPECT_EQ(c->min_trades_threshold, 5);
  EXPECT_DOUBLE_EQ(c->edge_score_weights.win_pct, 0.6);
  EXPECT_DOUBLE_EQ(c->edge_score_weights.sharpe, 0.4);
  EXPECT_DOUBLE_EQ(c->edge_score_threshold, 0.5);
  EXPECT_DOUBLE_EQ(c->portfolio_initial_capital, 100000.0);
  EXPECT_DOUBLE_EQ(c->risk_per_trade_pct, 0.01);
  EXPECT_DOUBLE_EQ(c->seeker_min_edge_score, 0.6);
  EXPECT_EQ(c->seeker_min_trades, 20);
  EXPECT_TRUE(c->walk_forward.enabled);
  EXPECT_EQ(c->walk_forward.training_period.count, 365);
  EXPECT_EQ(c->walk_forward.training_period.unit, Duration::Unit::kDays);
  EXPECT_EQ(c->walk_forward.testing_period.to_bars(), 62);
  EXPECT_EQ(c->walk_forward.min_trades_per_period, 1);
  // New keys keep their defaults.
  EXPECT_EQ(c->benchmark_symbol, "^NSEI");
  EXPECT_EQ(c->execution, Execution::kNextOpen);
  EXPECT_EQ(c->search.max_layers, 1);
  EXPECT_EQ(c->snapshot.size(), 1502u);
  EXPECT_EQ(c->hash, c->file_hash);  // the rules are not loaded yet
  EXPECT_EQ(c->hash.size(), 16u);
}

TEST(ConfigLoader, RepositoryConfigLoads) {
  auto c = load_config(std::string(KISS_SOURCE_DIR) + "/config.yaml");
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->walk_forward.training_period.to_bars(), 252);
  EXPECT_EQ(c->data_source.type, DataSource::Type::kCsv);
}

TEST(ConfigLoader, EveryNewKeyIsRead) {
  TempDir dir;
  const std::string path = dir.write("config.yaml", R"(benchmark_symbol: "^NSEBANK"
data_source:
  type: yahoo
  base_url: "http://127.0.0.1:8080"
  suffix: ".BO"
  timeout_seconds: 5
  retries: 1
  delay_between_symbols: 0
execution: close
costs:
  brokerage_pct: 0.0003
  brokerage_flat: 20
  stt_pct: 0.001
  exchange_txn_pct: 0.0000322
  sebi_per_crore: 10
  stamp_duty_pct: 0.00015
  gst_pct: 0.18
  dp_charge: 13.5
  slippage_bps: 2.5
search: {max_layers: 3}
jobs: 2
freeze_date: 2025-08-08
cache_refresh_days: 1
)");
  auto c = load_config(path);
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->benchmark_symbol, "^NSEBANK");
  EXPECT_EQ(c->data_source.type, DataSource::Type::kYahoo);
  EXPECT_EQ(c->data_source.base_url, "http://127.0.0.1:8080");
  EXPECT_EQ(c->data_source.suffix, ".BO");
  EXPECT_DOUBLE_EQ(c->data_source.timeout_seconds, 5.0);
  EXPECT_EQ(c->data_source.retries, 1);
  EXPECT_EQ(c->execution, Execution::kClose);
  EXPECT_DOUBLE_EQ(c->costs.brokerage_flat, 20.0);
  EXPECT_DOUBLE_EQ(c->costs.dp_charge, 13.5);
  EXPECT_DOUBLE_EQ(c->costs.slippage_bps, 2.5);
  EXPECT_EQ(c->search.max_layers, 3);
  EXPECT_EQ(c->jobs, 2);
  EXPECT_EQ(c->freeze_date, "2025-08-08");
  EXPECT_EQ(c->cache_refresh_days, 1);
}

TEST(ConfigLoader, EmptyFileGivesTheDefaults) {
  TempDir dir;
  const std::string path = dir.write("config.yaml", "# nothing but a comment\n");
  auto c = load_config(path);
  ASSERT_TRUE(c) << c.error().to_string();
  const Config d = default_config(dir.path());
  EXPECT_EQ(c->universe_path, d.universe_path);
  EXPECT_EQ(c->universe_path, dir.path() + "/data/sample/nifty50.csv");
  EXPECT_EQ(c->hold_period, 20);
  EXPECT_EQ(c->walk_forward.training_period.to_bars(), 252);
  EXPECT_EQ(c->costs.dp_charge, 15.93);
}

TEST(ConfigLoader, AbsolutePathsStayAsWritten) {
  TempDir dir;
  const std::string path = dir.write("sub/config.yaml",
                                     "database_path: /var/tmp/k.db\n"
                                     "universe_path: ../u.csv\n");
  auto c = load_config(path);
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->database_path, "/var/tmp/k.db");
  EXPECT_EQ(c->universe_path, dir.path() + "/u.csv");
}

TEST(ConfigLoader, HashIsFnv1a64OfTheBytes) {
  // Reference values of FNV-1a 64.
  EXPECT_EQ(fnv1a64_hex(""), "cbf29ce484222325");
  EXPECT_EQ(fnv1a64_hex("a"), "af63dc4c8601ec8c");
}

TEST(Duration, ToBarsRoundsCalendarDaysAt252Per365) {
  EXPECT_EQ((Duration{365, Duration::Unit::kDays}).to_bars(), 252);
  EXPECT_EQ((Duration{90, Duration::Unit::kDays}).to_bars(), 62);     // 62.14
  EXPECT_EQ((Duration{4, Duration::Unit::kWeeks}).to_bars(), 19);     // 19.33
  EXPECT_EQ((Duration{12, Duration::Unit::kMonths}).to_bars(), 252);  // 252.17
  EXPECT_EQ((Duration{3, Duration::Unit::kMonths}).to_bars(), 63);    // 63.04
  EXPECT_EQ((Duration{2, Duration::Unit::kYears}).to_bars(), 504);    // 504.35
  EXPECT_EQ((Duration{63, Duration::Unit::kBars}).to_bars(), 63);
}

TEST(Duration, ParseAcceptsOnlyCountAndUnit) {
  ASSERT_TRUE(parse_duration("252b"));
  EXPECT_EQ(parse_duration("252b")->unit, Duration::Unit::kBars);
  EXPECT_EQ(parse_duration("6m")->count, 6);
  EXPECT_FALSE(parse_duration("0d"));
  EXPECT_FALSE(parse_duration("-5d"));
  EXPECT_FALSE(parse_duration("5"));
  EXPECT_FALSE(parse_duration("5 d"));
  EXPECT_FALSE(parse_duration("5D"));
  EXPECT_FALSE(parse_duration("d"));
  EXPECT_EQ(format_duration(*parse_duration("90d")), "90d");
}

struct BadConfig {
  const char* yaml;
  const char* error;  // "line:column: key: message"
};

class BadConfigTest : public ::testing::TestWithParam<BadConfig> {};

TEST_P(BadConfigTest, GivesTheExactMessage) {
  EXPECT_EQ(first_error(GetParam().yaml), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, BadConfigTest,
    ::testing::Values(
        BadConfig{"hold_perod: 20\n", "1:1: hold_perod: unknown key (did you mean 'hold_period'?)"},
        BadConfig{"historical_data_years: 45\n",
                  "1:24: historical_data_years: must be between 1 and 30, got 45"},
        BadConfig{"historical_data_years: 0\n",
                  "1:24: historical_data_years: must be between 1 and 30, got 0"},
        BadConfig{"hold_period: 0\n", "1:14: hold_period: must be between 1 and 1000, got 0"},
        BadConfig{"hold_period: \"20\"\n", "1:14: hold_period: expected an integer, got '20'"},
        BadConfig{"hold_period: 2.5\n", "1:14: hold_period: expected an integer, got '2.5'"},
        BadConfig{"hold_period:\n", "1:1: hold_period: missing value"},
        BadConfig{"edge_score_weights: {win_pct: 0.7, sharpe: 0.4}\n",
                  "1:21: edge_score_weights: win_pct + sharpe must sum to 1 (within 1e-6), got "
                  "1.1"},
        BadConfig{"edge_score_weights:\n  win_pct: 1.5\n  sharpe: -0.5\n",
                  "2:12: edge_score_weights.win_pct: must be between 0 and 1, got 1.5"},
        BadConfig{"edge_score_weights:\n  win_pct: abc\n",
                  "2:12: edge_score_weights.win_pct: expected a number, got 'abc'"},
        BadConfig{"edge_score_threshold: 1.5\n",
                  "1:23: edge_score_threshold: must be between 0 and 1, got 1.5"},
        BadConfig{"risk_per_trade_pct: 0\n",
                  "1:21: risk_per_trade_pct: must be between 0 (excluded) and 0.1, got 0"},
        BadConfig{"portfolio_initial_capital: -5\n",
                  "1:28: portfolio_initial_capital: must be between 0 (excluded) and "
                  "1000000000000, got -5"},
        // Every numeric key has an upper bound (issue 17: 1e308 silently gave 0 trades).
        BadConfig{"portfolio_initial_capital: 1e308\n",
                  "1:28: portfolio_initial_capital: must be between 0 (excluded) and "
                  "1000000000000, got 1e+308"},
        BadConfig{"hold_period: 100000\n",
                  "1:14: hold_period: must be between 1 and 1000, got 100000"},
        BadConfig{"min_trades_threshold: 1000000\n",
                  "1:23: min_trades_threshold: must be between 0 and 100000, got 1000000"},
        BadConfig{"seeker_min_trades: 1000000\n",
                  "1:20: seeker_min_trades: must be between 0 and 100000, got 1000000"},
        BadConfig{"cache_refresh_days: 4000\n",
                  "1:21: cache_refresh_days: must be between 1 and 3650, got 4000"},
        BadConfig{"walk_forward:\n  min_trades_per_period: 100001\n",
                  "2:26: walk_forward.min_trades_per_period: must be between 0 and 100000, got "
                  "100001"},
        BadConfig{"walk_forward:\n  training_period: \"101y\"\n",
                  "2:20: walk_forward.training_period: duration '101y' is longer than 100 years "
                  "(25200 bars)"},
        // YAML beyond what the loaders read (issue 17): a second document, a non-standard tag.
        BadConfig{"hold_period: 20\n---\nhold_period: 30\n",
                  "2:1: a second YAML document (after '---' or '...') is not allowed: the file "
                  "holds one document"},
        BadConfig{"hold_period: !custom 20\n",
                  "1:14: unknown YAML tag '!custom' (only the standard tags !!str, !!int, "
                  "!!float, !!bool, !!null, !!map and !!seq are accepted)"},
        BadConfig{"hold_period: !!python/object 20\n",
                  "1:14: unknown YAML tag '!!python/object' (only the standard tags !!str, !!int, "
                  "!!float, !!bool, !!null, !!map and !!seq are accepted)"},
        BadConfig{"hold_period: !!str 20\n", "1:14: hold_period: expected an integer, got '20'"},
        BadConfig{"walk_forward:\n  training_period: \"365x\"\n",
                  "2:20: walk_forward.training_period: bad duration '365x' (expected a count >= 1 "
                  "and a unit: d, w, m, y or b, e.g. \"365d\" or \"252b\")"},
        BadConfig{"walk_forward:\n  testing_period: 0d\n",
                  "2:19: walk_forward.testing_period: bad duration '0d' (expected a count >= 1 "
                  "and a unit: d, w, m, y or b, e.g. \"365d\" or \"252b\")"},
        BadConfig{"walk_forward:\n  step_size: [90, d]\n",
                  "2:14: walk_forward.step_size: expected a duration, got a list"},
        BadConfig{"walk_forward:\n  trainig_period: \"365d\"\n",
                  "2:3: walk_forward.trainig_period: unknown key (did you mean "
                  "'training_period'?)"},
        BadConfig{"walk_forward:\n  enabled: maybe\n",
                  "2:12: walk_forward.enabled: expected true or false, got 'maybe'"},
        BadConfig{"walk_forward: 5\n", "1:15: walk_forward: expected a mapping of keys"},
        BadConfig{"execution: next_close\n",
                  "1:12: execution: unknown value 'next_close' (expected next_open|close) (did "
                  "you mean 'next_open'?)"},
        BadConfig{"data_source:\n  type: s3\n",
                  "2:9: data_source.type: unknown value 's3' (expected csv|yahoo) (did you mean "
                  "'csv'?)"},
        BadConfig{"data_source:\n  type: yahoo\n  base_url: \"ftp://x\"\n",
                  "3:13: data_source.base_url: must start with http:// or https://, got 'ftp://x'"},
        BadConfig{"hold_period: 20\nhold_period: 30\n",
                  "2:1: hold_period: duplicate key (first defined at line 1)"},
        BadConfig{"walk_forward:\n  enabled: true\n  enabled: false\n",
                  "3:3: walk_forward.enabled: duplicate key (first defined at line 2)"},
        BadConfig{"- a\n- b\n", "1:1: expected a mapping of keys at the top of the file"},
        BadConfig{"hold_period: [1, 2\n", "2:1: YAML syntax error: end of sequence flow not found"},
        BadConfig{"freeze_date: 2025-13-01\n",
                  "1:14: freeze_date: expected a date YYYY-MM-DD, got '2025-13-01'"},
        BadConfig{"search:\n  max_layers: 0\n",
                  "2:15: search.max_layers: must be between 1 and 10, got 0"},
        BadConfig{"jobs: -1\n", "1:7: jobs: must be between 0 and 1024, got -1"},
        BadConfig{"universe_path: \"\"\n", "1:16: universe_path: must not be empty"},
        BadConfig{"costs:\n  slippage_bps: -1\n",
                  "2:17: costs.slippage_bps: must be between 0 and 1000, got -1"},
        BadConfig{"costs:\n  stt: 0.001\n",
                  "2:3: costs.stt: unknown key (did you mean 'stt_pct'?)"},
        BadConfig{"benchmark_symbol: {a: 1}\n",
                  "1:19: benchmark_symbol: expected a string, got a mapping"}));

TEST(ConfigLoader, MissingFileNamesIt) {
  auto c = load_config("/nonexistent/kiss/config.yaml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().to_string(),
            "/nonexistent/kiss/config.yaml: cannot open config file: No such file or directory");
  EXPECT_EQ(c.error().exit_code, ExitCode::kBadInput);
}

// A "billion laughs" document: nine levels of nine aliases, 1.3 KB expanding to 9^9 values.
// Refused by the node count on its sixth line, in milliseconds (it took 97 s and one more level
// never finished when the duplicate-key check walked every alias).
std::string alias_bomb() {
  std::string y =
      "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    const char prev = static_cast<char>(c - 1);
    y += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) y += std::string(i ? ", " : "") + "*" + prev;
    y += "]\n";
  }
  return y;
}

TEST(ConfigLoader, AnAliasBombIsRefusedQuicklyWithItsLine) {
  const std::string bomb = alias_bomb();
  ASSERT_LT(bomb.size(), 1400u);
  const auto start = std::chrono::steady_clock::now();
  const std::string e = first_error(bomb);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(e.substr(0, e.find(' ')), "6:8:");
  EXPECT_NE(e.find("more than 100000 values once its aliases (*name) are expanded"),
            std::string::npos)
      << e;
  EXPECT_LT(took, std::chrono::seconds(1));
}

// An alias inside the node its own anchor names is a cycle (found by the fuzzer: every walk of
// the loaded graph recursed until memory ran out). Refused with its line before any walk.
TEST(ConfigLoader, AnAliasInsideItsOwnAnchorIsACycleAndRefused) {
  const std::string e = first_error("hold_period: 20\nxe: &e [1, *e, 2]\n");
  EXPECT_EQ(e.substr(0, e.find(' ')), "2:12:") << e;  // the alias *e
  EXPECT_NE(e.find("an alias (*name) inside the node its anchor (&name) names makes a cycle"),
            std::string::npos)
      << e;
  // A nested anchor referring to itself, one level down.
  EXPECT_NE(first_error("xa: &a {b: &b [1, *b]}\n").find("makes a cycle"), std::string::npos);
}

// Aliases within the limit still load (the count is of values, not of bytes).
TEST(ConfigLoader, ModestAliasesLoad) {
  EXPECT_EQ(first_error("costs: &c {stt_pct: 0.001}\nwalk_forward: {enabled: true}\n"),
            "(no error)");
}

TEST(ConfigLoader, AFolderOrAFifoIsRefusedWithoutReadingDefaults) {
  TempDir dir;
  auto c = load_config(dir.path());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().to_string(), dir.path() + ": config file is a folder, not a regular file");
  const std::string fifo = dir.path() + "/config.yaml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  c = load_config(fifo);  // would block forever in open() before the check
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "config file is a FIFO (named pipe), not a regular file");
}

TEST(ConfigLoader, AFileOverOneMebibyteIsRefused) {
  TempDir dir;
  const std::string path = dir.write("config.yaml", "# " + std::string(2'000'000, 'x') + "\n");
  auto c = load_config(path);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "config file is 2000003 bytes, larger than the limit of 1 MiB");
}

// Input text quoted in a message is clipped to 200 bytes.
TEST(ConfigLoader, LongValuesAreClippedInMessages) {
  const std::string e = first_error("hold_period: " + std::string(5000, '9') + "x\n");
  EXPECT_EQ(e, "1:14: hold_period: expected an integer, got '" + std::string(200, '9') +
                   "... (5001 bytes)'");
}

TEST(ConfigLoader, AllErrorsAreCollectedInFileOrder) {
  TempDir dir;
  const std::string path = dir.write("config.yaml",
                                     "hold_period: 0\n"
                                     "jobz: 2\n"
                                     "walk_forward:\n"
                                     "  step_size: \"1q\"\n");
  ConfigLoad l = load_config_all(path);
  ASSERT_EQ(l.errors.size(), 3u);
  EXPECT_EQ(l.errors[0].key, "hold_period");
  EXPECT_EQ(l.errors[1].key, "jobz");
  EXPECT_EQ(l.errors[1].message, "unknown key (did you mean 'jobs'?)");
  EXPECT_EQ(l.errors[2].key, "walk_forward.step_size");
  EXPECT_EQ(l.errors[2].line, 4);
}

}  // namespace
}  // namespace kiss
