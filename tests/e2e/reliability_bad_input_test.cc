// Reliability, bad input (issue 8; SPEC §2 exit codes, §3, §4.3, §10): a table of bad inputs
// across config.yaml, rules.yaml, the universe file, CSV imports and the command line. Each must
// give exactly one error message on stderr (naming file, line and key where they apply; the test
// asserts on the text), exit code 1 (2 for command-line usage errors), and leave the database
// byte-identical (file bytes and a dump of every table).
//
// One project is set up once (sample imported, one complete frozen run, so every table has rows);
// each case mutates one file, runs the command, checks, and restores the file.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <memory>

#include "e2e_util.h"

namespace kiss::e2e {
namespace {

struct BadInput {
  const char* name;
  const char* file;     // file of the project to write ("" = none)
  const char* from;     // text of the original file to replace ("" = replace the whole file)
  const char* to;       // replacement
  const char* args;     // kiss-signal arguments
  int code;             // expected exit code
  std::vector<std::string> needles;  // each must appear in the error message
  int line = 0;         // when > 0: the message must name "<file>:<line>:"
};

// The line (1-based) where `text` starts in `content`.
int line_of(const std::string& content, const std::string& text) {
  const auto pos = content.find(text);
  if (pos == std::string::npos) return 0;
  return 1 + static_cast<int>(std::count(content.begin(), content.begin() + static_cast<long>(pos), '\n'));
}

// Every table's rows (and the schema version): "no change to stored data" at the row level.
std::vector<std::string> dump(const fs::path& db) {
  std::vector<std::string> out = query_rows(db, "PRAGMA user_version");
  for (const std::string& t : query_rows(db, "SELECT name FROM sqlite_master WHERE type='table' "
                                             "AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
    out.push_back("== " + t);
    for (std::string& r : query_rows(db, "SELECT * FROM \"" + t + "\" ORDER BY 1, 2"))
      out.push_back(std::move(r));
  }
  return out;
}

constexpr const char* kRun = "run --freeze-data 2025-08-08";
const std::string kCsvHeader = "date,open,high,low,close,volume\n";

std::string good_rows(int n) {
  // n valid consecutive-ish bars from 2024-01-01 (weekdays not required by the importer).
  std::string s;
  for (int i = 0; i < n; ++i) {
    const int day = 1 + i % 28, month = 1 + i / 28;
    char buf[96];
    std::snprintf(buf, sizeof buf, "2024-%02d-%02d,100,101,99,100.5,1000\n", month, day);
    s += buf;
  }
  return s;
}

std::vector<BadInput> cases() {
  // 120 valid rows (lines 2..121): enough bars that the only problem is the one under test.
  const std::string csv_ok = kCsvHeader + good_rows(120);
  // Storage for composed texts (BadInput holds char*); a deque never moves its elements.
  static std::deque<std::string> keep;
  auto own = [](std::string s) { keep.push_back(std::move(s)); return keep.back().c_str(); };
  return {
      // ---- config.yaml (SPEC §3.1): file:line:col: key: message --------------------------------
      {"config_unknown_key", "config.yaml", "hold_period: 20", "hold_perod: 20", kRun, 1,
       {"hold_perod", "hold_period"}},
      {"config_negative_hold", "config.yaml", "hold_period: 20", "hold_period: -5", kRun, 1,
       {"hold_period"}},
      {"config_text_hold", "config.yaml", "hold_period: 20", "hold_period: abc", kRun, 1,
       {"hold_period"}},
      {"config_weights_sum", "config.yaml", "{win_pct: 0.6, sharpe: 0.4}",
       "{win_pct: 0.7, sharpe: 0.4}", kRun, 1, {"edge_score_weights"}},
      {"config_weight_range", "config.yaml", "{win_pct: 0.6, sharpe: 0.4}",
       "{win_pct: 1.5, sharpe: -0.5}", kRun, 1, {"edge_score_weights"}},
      {"config_years_zero", "config.yaml", "historical_data_years: 5", "historical_data_years: 0",
       kRun, 1, {"historical_data_years"}},
      {"config_years_big", "config.yaml", "historical_data_years: 5",
       "historical_data_years: 31", kRun, 1, {"historical_data_years"}},
      {"config_bad_duration", "config.yaml", "training_period: \"252b\"",
       "training_period: \"252x\"", kRun, 1, {"walk_forward.training_period"}},
      {"config_unknown_nested", "config.yaml", "  min_trades_per_period: 1",
       "  min_trade_per_period: 1", kRun, 1, {"min_trade_per_period", "min_trades_per_period"}},
      {"config_execution", "config.yaml", "execution: next_open", "execution: tomorrow", kRun, 1,
       {"execution", "tomorrow"}},
      {"config_source_type", "config.yaml", "execution: next_open",
       "execution: next_open\ndata_source: {type: ftp}", kRun, 1, {"data_source.type", "ftp"}},
      // The parser notices the unclosed flow on the next line: the line is not asserted.
      {"config_yaml_syntax", "config.yaml", "hold_period: 20", "hold_period: [1, 2", kRun, 1,
       {"config.yaml:", "YAML"}, -1},
      {"config_not_mapping", "config.yaml", "", "- a\n- b\n", kRun, 1, {"config.yaml"}},
      {"config_risk_range", "config.yaml", "risk_per_trade_pct: 0.01", "risk_per_trade_pct: 2",
       kRun, 1, {"risk_per_trade_pct"}},
      {"config_duplicate_key", "config.yaml", "min_trades_threshold: 5",
       "min_trades_threshold: 5\nhold_period: 10", kRun, 1, {"hold_period"}},
      {"config_max_layers", "config.yaml", "execution: next_open",
       "execution: next_open\nsearch: {max_layers: 0}", kRun, 1, {"search.max_layers"}},
      {"config_missing_file", "", "", "", "--config nope.yaml run", 1, {"nope.yaml"}},
      {"config_freeze_date", "config.yaml", "execution: next_open",
       "execution: next_open\nfreeze_date: \"2025-13-01\"", "run", 1, {"freeze_date"}},
      {"config_missing_universe", "config.yaml", "universe_path: \"universe.csv\"",
       "universe_path: \"missing.csv\"", kRun, 1, {"missing.csv", "universe"}, -1},
      // ---- rules.yaml (SPEC §3.2) ----------------------------------------------------------
      {"rules_unknown_type", "rules.yaml", "type: rsi_above", "type: rsi_abov", kRun, 1,
       {"rsi_abov", "rsi_above"}},
      {"rules_unknown_param", "rules.yaml", "{period: 14, threshold: 55}",
       "{period: 14, treshold: 55}", kRun, 1, {"treshold", "threshold"}},
      // (most params have the original tool's defaults; stop_loss_pct.percentage has none)
      {"rules_missing_param", "rules.yaml", "type: stop_loss_atr\n    params: {period: 14, multiplier: 2.0}",
       "type: stop_loss_pct\n    params: {}", kRun, 1, {"percentage"}},
      {"rules_out_of_range", "rules.yaml", "params: {period: 50}", "params: {period: -3}", kRun,
       1, {"period"}},
      {"rules_yaml_syntax", "rules.yaml", "params: {period: 50}", "params: {period: 50", kRun, 1,
       {"rules.yaml:", "YAML"}, -1},
      {"rules_empty", "rules.yaml", "", "", kRun, 1, {"rules.yaml"}},
      {"rules_params_not_map", "rules.yaml", "params: {period: 50}", "params: 50", kRun, 1,
       {"params"}},
      {"rules_missing_file", "", "", "", "--rules none.yaml run --freeze-data 2025-08-08", 1,
       {"none.yaml"}},
      // ---- universe file ---------------------------------------------------------------------
      {"universe_no_symbol_col", "universe.csv", "", "ticker\nINFY\n", kRun, 1,
       {"universe.csv", "symbol"}},
      {"universe_duplicate", "universe.csv", "", "symbol\nINFY\nTCS\nINFY\n", kRun, 1,
       {"universe.csv", "INFY"}, 4},
      {"universe_empty_symbol", "universe.csv", "", "symbol,name\nINFY,Infosys\n,Nobody\n", kRun,
       1, {"universe.csv"}, 3},
      {"universe_header_only", "universe.csv", "", "symbol\n", kRun, 1, {"universe.csv"}},
      {"universe_extra_fields", "universe.csv", "", "symbol\nINFY,extra\n", kRun, 1,
       {"universe.csv"}, 2},
      // A symbol with no stored prices and no NSE form (issue 17): named before any download.
      {"universe_foreign_symbol", "universe.csv", "", "symbol\nINFY\nRELIANCE.NS\n", kRun, 1,
       {"universe.csv", "'RELIANCE.NS' has no prices in the store", "did you mean 'RELIANCE'"}, 3},
      // ---- CSV import (SPEC §4.2, §4.3): the file, the line, the column ------------------------
      {"csv_missing_close", "bad.csv", "", "date,open,high,low,volume\n2024-01-01,1,2,0.5,10\n",
       "data import bad.csv", 1, {"bad.csv", "close"}},
      {"csv_empty", "bad.csv", "", "", "data import bad.csv", 1, {"bad.csv"}},
      {"csv_binary", "bad.csv", "", own(std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10)),
       "data import bad.csv", 1, {"bad.csv"}},
      {"csv_bad_date", "bad.csv", "", own(csv_ok + "2024-12-32,100,101,99,100.5,1000\n"),
       "data import bad.csv", 1, {"bad.csv", "2024-12-32"}, 122},
      {"csv_bad_number", "bad.csv", "", own(csv_ok + "2024-12-02,100,1o1,99,100.5,1000\n"),
       "data import bad.csv", 1, {"bad.csv", "high"}, 122},
      {"csv_negative_price", "bad.csv", "", own(csv_ok + "2024-12-02,-100,101,99,100.5,1000\n"),
       "data import bad.csv", 1, {"bad.csv", "open"}, 122},
      {"csv_high_below_low", "bad.csv", "", own(csv_ok + "2024-12-02,100,98,99,100.5,1000\n"),
       "data import bad.csv", 1, {"bad.csv", "high"}, 122},
      {"csv_negative_volume", "bad.csv", "", own(csv_ok + "2024-12-02,100,101,99,100.5,-1\n"),
       "data import bad.csv", 1, {"bad.csv", "volume"}, 122},
      {"csv_conflicting_dup", "bad.csv", "",
       own(kCsvHeader + "2024-01-01,100,105,99,104,1000\n" + good_rows(120)),
       "data import bad.csv", 1, {"bad.csv", "2024-01-01", "different values"}, 3},
      {"csv_missing_path", "", "", "", "data import nothing_here.csv", 1, {"nothing_here.csv"}},
      // ---- command line (SPEC §2): usage errors exit 2 ---------------------------------------
      // CLI11 does not name the unknown word here (reported to the CLI's owner).
      {"cli_unknown_command", "", "", "", "runn", 2, {"unknown command", "runn"}},
      {"cli_unknown_option", "", "", "", "run --bogus", 2, {"--bogus"}},
      {"cli_jobs_not_number", "", "", "", "run --jobs abc", 2, {"--jobs"}},
      {"cli_jobs_zero", "", "", "", "run --jobs 0", 2, {"--jobs"}},
      {"cli_bad_freeze_date", "", "", "", "run --freeze-data 2025-02-30", 2, {"--freeze-data"}},
      {"cli_backtest_no_symbol", "", "", "", "backtest", 2, {"symbol"}},
      {"cli_import_no_path", "", "", "", "data import", 2, {"paths"}},
      {"cli_no_command", "", "", "", "", 2, {"subcommand"}},
  };
}

class BadInputTable : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    project_ = std::make_unique<TempProject>("rel_bad");
    write_w1_project(*project_);
    const RunResult imp = import_sample(*project_);
    ASSERT_EQ(imp.code, 0) << imp.err;
    const RunResult r = project_->run(kRun);
    ASSERT_EQ(r.code, 0) << r.err;
  }
  static void TearDownTestSuite() { project_.reset(); }
  static std::unique_ptr<TempProject> project_;
};
std::unique_ptr<TempProject> BadInputTable::project_;

TEST_F(BadInputTable, EachGivesOneClearMessageTheExitCodeAndNoChange) {
  const TempProject& p = *project_;
  const fs::path db = p.path("w1.db");
  const std::string bytes_before = read_file(db);
  const auto dump_before = dump(db);
  ASSERT_GT(dump_before.size(), 1000u);  // prices, strategies, runs are all there
  const std::vector<BadInput> table = cases();
  ASSERT_GE(table.size(), 40u);
  for (const BadInput& c : table) {
    SCOPED_TRACE(c.name);
    std::string original;
    const bool has_file = c.file[0] != '\0';
    const fs::path target = has_file ? p.path(c.file) : fs::path();
    const bool existed = has_file && fs::exists(target);
    int line = c.line;
    if (has_file) {
      original = existed ? read_file(target) : "";
      std::string text = c.to;
      if (std::string(c.name) == "csv_binary") text.assign(c.to, 10);
      if (c.from[0] != '\0') {
        const auto pos = original.find(c.from);
        ASSERT_NE(pos, std::string::npos) << "case text not found: " << c.from;
        text = original;
        text.replace(pos, std::string(c.from).size(), c.to);
        // The error is on the last line the replacement wrote.
        if (line == 0 && std::string(c.file) != "bad.csv") {
          const std::string to = c.to;
          line = line_of(original, c.from) + static_cast<int>(std::count(to.begin(), to.end(), '\n'));
        }
      }
      write_file(target, text);
    }
    const RunResult r = p.run(c.args);
    if (has_file) {
      if (existed) write_file(target, original);
      else fs::remove(target);
    }
    EXPECT_EQ(r.code, c.code) << r.out << r.err;
    // Exactly one message: one non-empty line on stderr (for usage errors CLI11 adds its fixed
    // hint line, which is not a second message).
    std::string err = r.err;
    while (!err.empty() && err.back() == '\n') err.pop_back();
    const std::string hint = "\nRun with --help for more information.";
    if (c.code == 2 && err.size() > hint.size() &&
        err.compare(err.size() - hint.size(), hint.size(), hint) == 0)
      err.resize(err.size() - hint.size());
    EXPECT_FALSE(err.empty());
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 0) << "more than one line:\n" << r.err;
    for (const std::string& n : c.needles) EXPECT_NE(err.find(n), std::string::npos) << n << " not in: " << err;
    // Where the error is about a line of a file, the message names file:line.
    if (has_file && line > 0) {
      const std::string where = std::string(c.file) + ":" + std::to_string(line) + ":";
      EXPECT_NE(err.find(where), std::string::npos) << where << " not in: " << err;
    }
    EXPECT_TRUE(read_file(db) == bytes_before) << "database bytes changed";
    const auto dump_after = dump(db);
    if (dump_after != dump_before) {
      // Name the first differing row (the dumps are thousands of rows long).
      std::size_t i = 0;
      while (i < dump_after.size() && i < dump_before.size() && dump_after[i] == dump_before[i]) ++i;
      ADD_FAILURE() << "stored data changed at row " << i << ": "
                    << (i < dump_before.size() ? dump_before[i] : "<end>") << " -> "
                    << (i < dump_after.size() ? dump_after[i] : "<end>");
      return;  // every later case would report the same change
    }
  }
}

}  // namespace
}  // namespace kiss::e2e
