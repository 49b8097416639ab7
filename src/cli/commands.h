// The sub-commands of docs/product.md. main.cc parses the command line (CLI11) into these structs
// and calls one function; each function lives in its own cmd_<name>.cc and returns the exit code.
// cli only orchestrates: the work is done by the stages.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/position.h"

namespace kiss::cli {

struct GlobalOptions {
  std::string config_path = "config.yaml";
  std::string rules_path;  // empty: rules.yaml, then config/rules.yaml (next to config.yaml)
  bool verbose = false;
  bool quiet = false;
  bool json = false;
};

struct RunOptions {
  std::optional<std::string> freeze_data;  // YYYY-MM-DD
  std::optional<int> min_trades;
  std::optional<int> jobs;
  bool no_refresh = false;
  bool clear_strategies = false;  // not an option: set by clear-and-recalculate
};
struct AnalyzeOptions {
  std::string output = "strategy_performance_report.csv";
  bool per_stock = false;
  std::optional<int> min_trades;
};
struct ClearOptions {
  bool force = false;
  bool preserve_all = false;
  std::optional<std::string> freeze_data;
};
struct DataImportOptions {
  std::vector<std::string> paths;
  std::optional<std::string> symbol;
  bool replace = false;  // each imported symbol keeps only the file's bars
};
struct DataDeleteOptions {
  std::string symbol;
  std::optional<std::string> from;  // YYYY-MM-DD, inclusive
  std::optional<std::string> to;    // YYYY-MM-DD, inclusive
};
struct DataFetchOptions {
  std::vector<std::string> symbols;
};
struct BacktestOptions {
  std::string symbol;
  std::optional<std::string> stack;
  std::optional<std::string> trades_file;
  std::optional<std::string> freeze_data;
  bool walk_forward = false;  // the stitched out-of-sample result `run` stores, with its windows
};
struct InspectOptions {
  std::string symbol;
  std::vector<std::string> indicators;
  std::optional<std::string> from;
  std::optional<std::string> to;
};
struct ReportOptions {
  std::optional<std::string> date;
};
struct HistoryOptions {
  std::string symbol;
};
struct TrackRecordOptions {
  std::string from, to;               // YYYY-MM-DD
  std::optional<std::string> output;  // folder
  std::optional<int> jobs;
};
struct PositionOptions {  // position fill | skip | exit
  std::string symbol;
  std::optional<double> price;
  std::optional<std::int64_t> shares;
  std::optional<std::string> date;  // YYYY-MM-DD
};

int cmd_run(const GlobalOptions& g, const RunOptions& o);
int cmd_analyze_strategies(const GlobalOptions& g, const AnalyzeOptions& o);
int cmd_clear_and_recalculate(const GlobalOptions& g, const ClearOptions& o);
int cmd_data_import(const GlobalOptions& g, const DataImportOptions& o);
int cmd_data_delete(const GlobalOptions& g, const DataDeleteOptions& o);
int cmd_data_fetch(const GlobalOptions& g, const DataFetchOptions& o);
int cmd_data_status(const GlobalOptions& g);
int cmd_backtest(const GlobalOptions& g, const BacktestOptions& o);
int cmd_inspect(const GlobalOptions& g, const InspectOptions& o);
int cmd_validate(const GlobalOptions& g);
int cmd_report(const GlobalOptions& g, const ReportOptions& o);
int cmd_history(const GlobalOptions& g, const HistoryOptions& o);
int cmd_track_record(const GlobalOptions& g, const TrackRecordOptions& o);
int cmd_position_list(const GlobalOptions& g);
int cmd_position_fact(const GlobalOptions& g, const PositionOptions& o, FactKind kind);

// For sub-commands whose issue has not landed: says so on stderr and returns 2.
int not_built_yet(const char* command, const char* issue);

}  // namespace kiss::cli
