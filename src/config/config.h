// config.yaml: every key of docs/configuration.md with its default. Loading and validation live in
// config/config_loader.cc; this header is the contract the other stages read.
#pragma once
#include <cstdint>
#include <string>

#include "util/error.h"

namespace kiss {

// A duration of config.yaml: `Nd`, `Nw`, `Nm`, `Ny` (calendar) or `Nb` (trading bars).
struct Duration {
  enum class Unit { kDays, kWeeks, kMonths, kYears, kBars };
  int count = 0;
  Unit unit = Unit::kDays;
  // Bars: calendar durations convert as round(days × 252 / 365) with days = N, 7N, 30.4375N,
  // 365.25N (docs/discovery.md; docs/configuration.md).
  int to_bars() const noexcept;
};

struct EdgeScoreWeights {
  double win_pct = 0.6;
  double sharpe = 0.4;
};

struct WalkForward {
  bool enabled = true;
  Duration training_period{365, Duration::Unit::kDays};
  Duration testing_period{90, Duration::Unit::kDays};
  Duration step_size{90, Duration::Unit::kDays};
  int min_trades_per_period = 1;
};

struct DataSource {
  enum class Type { kCsv, kYahoo };
  Type type = Type::kCsv;
  std::string path = "data/sample";  // kCsv: folder of CSV files (resolved against config dir)
  std::string base_url = "https://query1.finance.yahoo.com";  // kYahoo
  std::string suffix = ".NS";  // kYahoo: appended to NSE symbols (not to indices "^...")
  double timeout_seconds = 20.0;
  int retries = 3;
  double delay_between_symbols = 0.5;
};

enum class Execution { kNextOpen, kClose };

// docs/metrics.md, defaults as of 2025. Rates are fractions of traded value.
struct Costs {
  double brokerage_pct = 0.0;   // of traded value, per order
  double brokerage_flat = 0.0;  // rupees per order
  double stt_pct = 0.001;       // buy and sell value
  double exchange_txn_pct = 0.0000297;
  double sebi_per_crore = 10.0;     // rupees per 1e7 of traded value
  double stamp_duty_pct = 0.00015;  // buys only
  double gst_pct = 0.18;            // on brokerage + exchange + SEBI
  double dp_charge = 15.93;         // rupees per sell order, GST-inclusive
  double slippage_bps = 5.0;        // against the trader on both fills
};

struct Search {
  int max_layers = 1;
};

struct Config {
  // Where the file was read from; relative paths below are already resolved against its folder.
  std::string config_path;
  std::string config_dir;

  std::string universe_path = "data/sample/nifty50.csv";
  int historical_data_years = 3;
  std::string cache_dir = "data";
  std::string database_path = "data/kiss_signal.db";
  int hold_period = 20;
  int min_trades_threshold = 10;
  EdgeScoreWeights edge_score_weights;
  double edge_score_threshold = 0.50;
  std::string reports_output_dir = "reports/";
  double portfolio_initial_capital = 100000.0;
  double risk_per_trade_pct = 0.01;
  // The book's slots: at most this many PENDING or OPEN positions (docs/positions.md, "Capital").
  int max_open_positions = 10;
  WalkForward walk_forward;
  double seeker_min_edge_score = 0.60;
  int seeker_min_trades = 20;
  std::string benchmark_symbol = "^NSEI";
  DataSource data_source;
  Execution execution = Execution::kNextOpen;
  Costs costs;
  Search search;
  int jobs = 0;  // 0 = number of cores
  // Keys of the original tool kept with their meaning: a freeze date (YYYY-MM-DD, empty = none;
  // `--freeze-data` overrides it) and how many days a cached download stays fresh.
  std::string freeze_date;
  int freeze_date_line = 0;  // its line in config.yaml, for messages (0: not from the file)
  int cache_refresh_days = 7;

  // The file's bytes as read (stored with each run).
  std::string snapshot;
  // FNV-1a 64 (hex) of config.yaml's canonical content (config/yaml_util.h canonical_text):
  // comments, whitespace and key order do not change it.
  std::string file_hash;
  // The configuration hash of stored results (strategies.config_hash, runs.config_hash):
  // file_hash alone after load_config; every command that loads the rules too (run, validate,
  // clear-and-recalculate) makes it cover rules.yaml with include_rules_in_hash
  // (config_loader.h), so an edit of either file that can change results changes it.
  std::string hash;
};

// Loads and validates config.yaml. Every error names the file, line, column and key path;
// an unknown key also names the nearest known key.
Result<Config> load_config(const std::string& path);

// A Config with every default, as if loaded from an empty file at `path`'s folder.
Config default_config(const std::string& dir);

}  // namespace kiss
