// Reliability, bad input (issue 8; docs/product.md exit codes, docs/configuration.md,
// docs/data.md): a table of bad inputs across config.yaml, rules.yaml, the universe file, CSV
// imports and the command line. Each must give exactly one error message on stderr (naming file,
// line and key where they apply; the test asserts on the text), exit code 1 (2 for command-line
// usage errors), and leave the database byte-identical (file bytes and a dump of every table).
//
// One project is set up once (sample imported, one complete frozen run, so every table has rows);
// each case mutates one file, runs the command, checks, and restores the file.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <memory>

#include "e2e_util.h"

namespace kiss::e2e {
namespace {

struct BadInput {
  const char* name;
  const char* file;  // file of the project to write ("" = none)
  const char* from;  // text of the original file to replace ("" = replace the whole file)
  const char* to;    // replacement
  const char* args;  // kiss-signal arguments
  int code;          // expected exit code
  std::vector<std::string> needles;  // each must appear in the error message
  int line = 0;                      // when > 0: the message must name "<file>:<line>:"
  bool fifo = false;                 // `file` is made a FIFO (named pipe) instead of being written
};

// A "billion laughs" YAML document: nine levels of nine aliases, 1.3 KB expanding to 9^9
// values. `key` is the first level's key, so the same bomb fits config.yaml and rules.yaml.
std::string alias_bomb(const std::string& key) {
  std::string y =
      key +
      ": &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    y += std::string("x") + c + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) y += std::string(i ? ", " : "") + "*" + static_cast<char>(c - 1);
    y += "]\n";
  }
  return y;
}

// The line (1-based) where `text` starts in `content`.
int line_of(const std::string& content, const std::string& text) {
  const auto pos = content.find(text);
  if (pos == std::string::npos) return 0;
  return 1 + static_cast<int>(
                 std::count(content.begin(), content.begin() + static_cast<long>(pos), '\n'));
}

// Every table's rows (and the schema version): "no change to stored data" at the row level.
std::vector<std::string> dump(const fs::path& db) {
  std::vector<std::string> out = query_rows(db, "PRAGMA user_version");
  for (const std::string& t : query_rows(db,
                                         "SELECT name FROM sqlite_master WHERE type='table' "
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
  auto own = [](std::string s) {
    keep.push_back(std::move(s));
    return keep.back().c_str();
  };
  return {
      // ---- config.yaml (docs/configuration.md): file:line:col: key: message
      // --------------------------------
      {"config_unknown_key",
       "config.yaml",
       "hold_period: 20",
       "hold_perod: 20",
       kRun,
       1,
       {"hold_perod", "hold_period"}},
      {"config_negative_hold",
       "config.yaml",
       "hold_period: 20",
       "hold_period: -5",
       kRun,
       1,
       {"hold_period"}},
      {"config_text_hold",
       "config.yaml",
       "hold_period: 20",
       "hold_period: abc",
       kRun,
       1,
       {"hold_period"}},
      {"config_weights_sum",
       "config.yaml",
       "{win_pct: 0.6, sharpe: 0.4}",
       "{win_pct: 0.7, sharpe: 0.4}",
       kRun,
       1,
       {"edge_score_weights"}},
      {"config_weight_range",
       "config.yaml",
       "{win_pct: 0.6, sharpe: 0.4}",
       "{win_pct: 1.5, sharpe: -0.5}",
       kRun,
       1,
       {"edge_score_weights"}},
      {"config_years_zero",
       "config.yaml",
       "historical_data_years: 5",
       "historical_data_years: 0",
       kRun,
       1,
       {"historical_data_years"}},
      {"config_years_big",
       "config.yaml",
       "historical_data_years: 5",
       "historical_data_years: 31",
       kRun,
       1,
       {"historical_data_years"}},
      {"config_bad_duration",
       "config.yaml",
       "training_period: \"252b\"",
       "training_period: \"252x\"",
       kRun,
       1,
       {"walk_forward.training_period"}},
      {"config_unknown_nested",
       "config.yaml",
       "  min_trades_per_period: 1",
       "  min_trade_per_period: 1",
       kRun,
       1,
       {"min_trade_per_period", "min_trades_per_period"}},
      {"config_execution",
       "config.yaml",
       "execution: next_open",
       "execution: tomorrow",
       kRun,
       1,
       {"execution", "tomorrow"}},
      {"config_source_type",
       "config.yaml",
       "execution: next_open",
       "execution: next_open\ndata_source: {type: ftp}",
       kRun,
       1,
       {"data_source.type", "ftp"}},
      // The parser notices the unclosed flow on the next line: the line is not asserted.
      {"config_yaml_syntax",
       "config.yaml",
       "hold_period: 20",
       "hold_period: [1, 2",
       kRun,
       1,
       {"config.yaml:", "YAML"},
       -1},
      {"config_not_mapping", "config.yaml", "", "- a\n- b\n", kRun, 1, {"config.yaml"}},
      {"config_risk_range",
       "config.yaml",
       "risk_per_trade_pct: 0.01",
       "risk_per_trade_pct: 2",
       kRun,
       1,
       {"risk_per_trade_pct"}},
      {"config_duplicate_key",
       "config.yaml",
       "min_trades_threshold: 5",
       "min_trades_threshold: 5\nhold_period: 10",
       kRun,
       1,
       {"hold_period"}},
      {"config_max_layers",
       "config.yaml",
       "execution: next_open",
       "execution: next_open\nsearch: {max_layers: 0}",
       kRun,
       1,
       {"search.max_layers"}},
      {"config_missing_file", "", "", "", "--config nope.yaml run", 1, {"nope.yaml"}},
      {"config_freeze_date",
       "config.yaml",
       "execution: next_open",
       "execution: next_open\nfreeze_date: \"2025-13-01\"",
       "run",
       1,
       {"freeze_date"}},
      // ---- hostile files (issue 17): bounded YAML, sizes, FIFOs and folders ------------------
      // Refused by its node count on its sixth line; the whole run is under a time limit.
      {"config_alias_bomb",
       "config.yaml",
       "",
       own(alias_bomb("hold_period")),
       kRun,
       1,
       {"more than 100000 values once its aliases"},
       6},
      {"config_second_document",
       "config.yaml",
       "",
       "hold_period: 20\n---\nhold_period: 30\n",
       kRun,
       1,
       {"a second YAML document"},
       2},
      {"config_unknown_tag",
       "config.yaml",
       "hold_period: 20",
       "hold_period: !custom 20",
       kRun,
       1,
       {"unknown YAML tag '!custom'"}},
      {"config_two_mib",
       "config.yaml",
       "",
       own("# " + std::string(2'000'000, 'x') + "\n"),
       kRun,
       1,
       {"config.yaml", "larger than the limit of 1 MiB"}},
      {"config_fifo",
       "pipe.yaml",
       "",
       "",
       "--config pipe.yaml run --freeze-data 2025-08-08",
       1,
       {"pipe.yaml", "config file is a FIFO (named pipe), not a regular file"},
       0,
       true},
      {"config_folder",
       "",
       "",
       "",
       "--config w1_reports run --freeze-data 2025-08-08",
       1,
       {"w1_reports", "config file is a folder, not a regular file"}},
      {"config_capital_huge",
       "config.yaml",
       "portfolio_initial_capital: 100000",
       "portfolio_initial_capital: 1e308",
       kRun,
       1,
       {"portfolio_initial_capital", "1e+308", "1000000000000"}},
      {"config_missing_universe",
       "config.yaml",
       "universe_path: \"universe.csv\"",
       "universe_path: \"missing.csv\"",
       kRun,
       1,
       {"missing.csv", "universe"},
       -1},
      // ---- rules.yaml (docs/configuration.md)
      // ----------------------------------------------------------
      {"rules_unknown_type",
       "rules.yaml",
       "type: rsi_above",
       "type: rsi_abov",
       kRun,
       1,
       {"rsi_abov", "rsi_above"}},
      {"rules_unknown_param",
       "rules.yaml",
       "{period: 14, threshold: 55}",
       "{period: 14, treshold: 55}",
       kRun,
       1,
       {"treshold", "threshold"}},
      // (most params have the original tool's defaults; stop_loss_pct.percentage has none)
      {"rules_missing_param",
       "rules.yaml",
       "type: stop_loss_atr\n    params: {period: 14, multiplier: 2.0}",
       "type: stop_loss_pct\n    params: {}",
       kRun,
       1,
       {"percentage"}},
      {"rules_out_of_range",
       "rules.yaml",
       "params: {period: 50}",
       "params: {period: -3}",
       kRun,
       1,
       {"period"}},
      {"rules_yaml_syntax",
       "rules.yaml",
       "params: {period: 50}",
       "params: {period: 50",
       kRun,
       1,
       {"rules.yaml:", "YAML"},
       -1},
      {"rules_empty", "rules.yaml", "", "", kRun, 1, {"rules.yaml"}},
      {"rules_params_not_map",
       "rules.yaml",
       "params: {period: 50}",
       "params: 50",
       kRun,
       1,
       {"params"}},
      {"rules_missing_file",
       "",
       "",
       "",
       "--rules none.yaml run --freeze-data 2025-08-08",
       1,
       {"none.yaml"}},
      {"rules_alias_bomb",
       "rules.yaml",
       "",
       own(alias_bomb("validation")),
       kRun,
       1,
       {"more than 100000 values once its aliases"},
       6},
      {"rules_second_document",
       "rules.yaml",
       "",
       own(read_file(fs::path(KISS_SOURCE_DIR) / "tests/e2e/testdata/w1_rules.yaml") +
           "...\n---\nbaseline: {}\n"),
       kRun,
       1,
       {"a second YAML document"},
       -1},
      {"rules_unknown_tag",
       "rules.yaml",
       "params: {period: 50}",
       "params: !!python/object {period: 50}",
       kRun,
       1,
       {"unknown YAML tag '!!python/object'"}},
      {"rules_fifo",
       "pipe.yaml",
       "",
       "",
       "--rules pipe.yaml run --freeze-data 2025-08-08",
       1,
       {"pipe.yaml", "rules file is a FIFO (named pipe), not a regular file"},
       0,
       true},
      {"rules_folder",
       "",
       "",
       "",
       "--rules w1_reports run --freeze-data 2025-08-08",
       1,
       {"w1_reports", "rules file is a folder, not a regular file"}},
      // ---- universe file ---------------------------------------------------------------------
      {"universe_no_symbol_col",
       "universe.csv",
       "",
       "ticker\nINFY\n",
       kRun,
       1,
       {"universe.csv", "symbol"}},
      {"universe_duplicate",
       "universe.csv",
       "",
       "symbol\nINFY\nTCS\nINFY\n",
       kRun,
       1,
       {"universe.csv", "INFY"},
       4},
      {"universe_empty_symbol",
       "universe.csv",
       "",
       "symbol,name\nINFY,Infosys\n,Nobody\n",
       kRun,
       1,
       {"universe.csv"},
       3},
      {"universe_header_only", "universe.csv", "", "symbol\n", kRun, 1, {"universe.csv"}},
      {"universe_extra_fields",
       "universe.csv",
       "",
       "symbol\nINFY,extra\n",
       kRun,
       1,
       {"universe.csv"},
       2},
      // A symbol with no stored prices and no NSE form (issue 17): named before any download.
      {"universe_foreign_symbol",
       "universe.csv",
       "",
       "symbol\nINFY\nRELIANCE.NS\n",
       kRun,
       1,
       {"universe.csv", "'RELIANCE.NS' has no prices in the store", "did you mean 'RELIANCE'"},
       3},
      // ---- CSV import (docs/data.md): the file, the line, the column ------------------------
      {"csv_missing_close",
       "bad.csv",
       "",
       "date,open,high,low,volume\n2024-01-01,1,2,0.5,10\n",
       "data import bad.csv",
       1,
       {"bad.csv", "close"}},
      {"csv_empty", "bad.csv", "", "", "data import bad.csv", 1, {"bad.csv"}},
      {"csv_binary",
       "bad.csv",
       "",
       own(std::string("\x7f"
                       "ELF\x02\x01\x01\0\0\0",
                       10)),
       "data import bad.csv",
       1,
       {"bad.csv"}},
      // A bar dated after today: refused with its line; the whole import saves nothing.
      {"csv_future_date",
       "bad.csv",
       "",
       own(csv_ok + "2052-01-01,100,101,99,100.5,1000\n"),
       "data import bad.csv",
       1,
       {"bad.csv", "2052-01-01", "is after today"},
       122},
      {"csv_bad_date",
       "bad.csv",
       "",
       own(csv_ok + "2024-12-32,100,101,99,100.5,1000\n"),
       "data import bad.csv",
       1,
       {"bad.csv", "2024-12-32"},
       122},
      {"csv_bad_number",
       "bad.csv",
       "",
       own(csv_ok + "2024-12-02,100,1o1,99,100.5,1000\n"),
       "data import bad.csv",
       1,
       {"bad.csv", "high"},
       122},
      {"csv_negative_price",
       "bad.csv",
       "",
       own(csv_ok + "2024-12-02,-100,101,99,100.5,1000\n"),
       "data import bad.csv",
       1,
       {"bad.csv", "open"},
       122},
      {"csv_high_below_low",
       "bad.csv",
       "",
       own(csv_ok + "2024-12-02,100,98,99,100.5,1000\n"),
       "data import bad.csv",
       1,
       {"bad.csv", "high"},
       122},
      {"csv_negative_volume",
       "bad.csv",
       "",
       own(csv_ok + "2024-12-02,100,101,99,100.5,-1\n"),
       "data import bad.csv",
       1,
       {"bad.csv", "volume"},
       122},
      {"csv_conflicting_dup",
       "bad.csv",
       "",
       own(kCsvHeader + "2024-01-01,100,105,99,104,1000\n" + good_rows(120)),
       "data import bad.csv",
       1,
       {"bad.csv", "2024-01-01", "different values"},
       3},
      {"csv_missing_path", "", "", "", "data import nothing_here.csv", 1, {"nothing_here.csv"}},
      {"csv_price_huge",
       "bad.csv",
       "",
       own(csv_ok + "2024-12-02,100,1e300,99,100.5,1000\n"),
       "data import bad.csv",
       1,
       {"bad.csv", "high", "1e+300", "out of range"},
       122},
      // A 1 MB cell: the line limit refuses the file, and only 200 bytes of it are quoted.
      {"csv_huge_cell",
       "bad.csv",
       "",
       own(csv_ok + "2024-12-02," + std::string(1'000'000, '9') + ",101,99,100.5,1000\n"),
       "data import bad.csv",
       1,
       {"bad.csv", "longer than the limit of 64 KiB", "(1000029 bytes)"},
       122},
      {"csv_fifo",
       "pipe.csv",
       "",
       "",
       "data import pipe.csv",
       1,
       {"pipe.csv", "a FIFO (named pipe)"},
       0,
       true},
      // ---- output paths (issue 17): only a regular file is ever replaced -----------------------
      {"trades_fifo",
       "pipe.csv",
       "",
       "",
       "backtest INFY --trades pipe.csv",
       1,
       {"pipe.csv", "--trades", "a FIFO (named pipe), not a regular file"},
       0,
       true},
      {"trades_folder",
       "",
       "",
       "",
       "backtest INFY --trades w1_reports",
       1,
       {"w1_reports", "--trades", "is a folder, not a regular file"}},
      {"analyze_output_fifo",
       "pipe.csv",
       "",
       "",
       "analyze-strategies -o pipe.csv",
       1,
       {"pipe.csv", "--output", "a FIFO (named pipe), not a regular file"},
       0,
       true},
      // ---- command line (docs/product.md): usage errors exit 2
      // ---------------------------------------
      // CLI11 does not name the unknown word here (reported to the CLI's owner).
      {"cli_unknown_command", "", "", "", "runn", 2, {"unknown command", "runn"}},
      {"cli_unknown_option", "", "", "", "run --bogus", 2, {"--bogus"}},
      {"cli_jobs_not_number", "", "", "", "run --jobs abc", 2, {"--jobs"}},
      {"cli_jobs_zero", "", "", "", "run --jobs 0", 2, {"--jobs"}},
      {"cli_bad_freeze_date", "", "", "", "run --freeze-data 2025-02-30", 2, {"--freeze-data"}},
      // A freeze date after today (Asia/Kolkata) would date the book in the future.
      {"cli_future_freeze_date",
       "",
       "",
       "",
       "run --freeze-data 2099-01-01",
       2,
       {"--freeze-data", "2099-01-01", "is after today"}},
      // backtest reads the bars up to its freeze date as run does: never one after today.
      {"cli_backtest_future_freeze_date",
       "",
       "",
       "",
       "backtest RELIANCE --walk-forward --freeze-data 2099-01-01 --trades wf.csv",
       2,
       {"--freeze-data", "2099-01-01", "is after today"}},
      // config.yaml's freeze_date after today: refused by backtest as by run (validate lists it
      // among its errors: ValidateCli).
      {"config_future_freeze_date_backtest",
       "config.yaml",
       "hold_period: 20",
       "hold_period: 20\nfreeze_date: \"2099-01-01\"",
       "backtest RELIANCE",
       1,
       {"config.yaml", "freeze_date", "2099-01-01", "is after today"}},
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
  ASSERT_GE(table.size(), 68u);
  for (const BadInput& c : table) {
    SCOPED_TRACE(c.name);
    std::string original;
    const bool has_file = c.file[0] != '\0';
    const fs::path target = has_file ? p.path(c.file) : fs::path();
    const bool existed = has_file && !c.fifo && fs::exists(target);
    int line = c.line;
    if (c.fifo) {
      ASSERT_EQ(::mkfifo(target.c_str(), 0600), 0);
    } else if (has_file) {
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
          line = line_of(original, c.from) +
                 static_cast<int>(std::count(to.begin(), to.end(), '\n'));
        }
      }
      write_file(target, text);
    }
    // A FIFO case that blocks fails in 10 s; any other case has a generous limit (a YAML bomb
    // used to take minutes).
    const RunResult r = p.run(c.args, c.fifo ? 10 : 300);
    if (c.fifo) {
      EXPECT_TRUE(fs::is_fifo(fs::symlink_status(target))) << "the FIFO was replaced";
      fs::remove(target);
    } else if (has_file) {
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
    EXPECT_LT(err.size(), 1000u) << "input text must be quoted clipped to 200 bytes";
    EXPECT_EQ(err.find("Success"), std::string::npos) << "strerror(0) in: " << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 0) << "more than one line:\n" << r.err;
    for (const std::string& n : c.needles)
      EXPECT_NE(err.find(n), std::string::npos) << n << " not in: " << err;
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
      while (i < dump_after.size() && i < dump_before.size() && dump_after[i] == dump_before[i])
        ++i;
      ADD_FAILURE() << "stored data changed at row " << i << ": "
                    << (i < dump_before.size() ? dump_before[i] : "<end>") << " -> "
                    << (i < dump_after.size() ? dump_after[i] : "<end>");
      return;  // every later case would report the same change
    }
  }
}

}  // namespace
}  // namespace kiss::e2e
