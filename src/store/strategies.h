// Story 007's API (create_database, save_strategies_batch) and the strategies queries the
// reports need. rule_stack is stored as a JSON array of rule names ('["sma_cross","rsi_low"]');
// run_timestamp is ISO-8601 ("2025-06-24T09:15:00", optional fraction and zone).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "util/date.h"
#include "util/error.h"

namespace kiss::store {

// One chosen strategy of one symbol in one run (a row of `strategies`).
struct StrategyRecord {
  // Story 007 fields (NOT NULL columns).
  std::string symbol;
  std::vector<std::string> rule_stack;  // rule names, in stack order
  double edge_score = 0.0;
  double win_pct = 0.0;
  double sharpe = 0.0;
  std::int64_t total_trades = 0;
  double avg_return = 0.0;

  // Migration 2 extras: nullopt / empty is stored as NULL (rows of older runs have NULL).
  std::string config_snapshot;
  std::string config_hash;
  std::optional<double> sortino, max_drawdown_pct, cagr_pct, profit_factor, expectancy,
      exposure_pct, avg_bars_held, alpha_pct, beat_benchmark_pct, target_hit_pct, deflated_sharpe;
  std::optional<bool> in_sample;
  std::optional<std::int64_t> oos_windows;
  std::optional<Date> oos_start, oos_end;
  std::optional<std::int64_t> run_id;  // runs.id of the run that chose it

  // Filled when read back; ignored when saving.
  std::int64_t id = 0;
  std::string run_timestamp;
  std::string created_at;
  // The data date of the row's run (runs.data_as_of, YYYY-MM-DD; for a row without a run the
  // date part of run_timestamp). Filled by history_of_symbol only.
  std::string data_date;
};

// AC1: creates the folder and file if needed, applies the schema (all migrations, indexes)
// and enables WAL. Idempotent.
Status create_database(const std::string& path);

// AC2: all rows in one transaction; on any failure rolls back, logs the error (spdlog) and
// returns false. An empty batch returns true and touches nothing.
bool save_strategies_batch(const std::string& path, const std::vector<StrategyRecord>& records,
                           const std::string& run_timestamp);

// The same inside the caller's open Transaction on `db` (a whole run commits as one): inserts
// every row or returns the first error (the caller's transaction then rolls back). Rows are
// validated first (non-empty symbol, finite numbers, total_trades >= 0, ISO-8601 timestamp,
// every run_id a row of runs). Rows go in by multi-row INSERTs of up to kInsertChunkRows
// rows, in batch order (ids follow it), without a statement journal (docs/persistence.md);
// every row gets the same created_at (SQLite's CURRENT_TIMESTAMP when the batch starts). A
// constraint failure names the failing row ("strategy #N (symbol, stack)"), any other
// failure its chunk. Outside a transaction (not the intended use) the batch runs in one of
// its own, so it is all or nothing there too.
Status save_strategies(Database& db, const std::vector<StrategyRecord>& records,
                       const std::string& run_timestamp);
inline constexpr std::size_t kInsertChunkRows = 100;

// True for "YYYY-MM-DDTHH:MM:SS" with an optional ".fraction" and "Z" or "+HH:MM"/"-HH:MM".
bool is_iso8601_timestamp(const std::string& s);

// rule_stack <-> JSON text. Parsing fails on anything but a JSON array of strings.
std::string rule_stack_to_json(const std::vector<std::string>& stack);
Result<std::vector<std::string>> rule_stack_from_json(const std::string& json);

// Per symbol, the strategies of that symbol's latest run under `config_hash`, ordered by
// symbol then edge_score descending (what the daily report and signals start from).
Result<std::vector<StrategyRecord>> latest_strategies(Database& db, const std::string& config_hash);

// Every strategy of one run (by run_timestamp), by symbol then edge_score descending.
Result<std::vector<StrategyRecord>> strategies_of_run(Database& db,
                                                      const std::string& run_timestamp);

// Every strategy of a symbol over all runs, oldest run first.
Result<std::vector<StrategyRecord>> strategies_of_symbol(Database& db, const std::string& symbol);

// `history SYMBOL`: the symbol's strategies keyed by the data date, oldest first: for each
// data date the rows of the latest run on that date only (a re-run on the same data replaces
// the earlier one), by edge_score descending. data_date is filled.
Result<std::vector<StrategyRecord>> history_of_symbol(Database& db, const std::string& symbol);

// analyze-strategies --per-stock: per (symbol, rule_stack) the latest row (highest id) with
// total_trades >= min_trades, by symbol then edge_score descending.
Result<std::vector<StrategyRecord>> latest_per_symbol_and_stack(Database& db,
                                                                std::int64_t min_trades);

// analyze-strategies (aggregated): one row per (rule stack, config hash) over the rows of the
// latest run of each (symbol, data date) with total_trades >= min_trades, sorted by
// avg_edge_score descending (ties: stack, hash). `frequency` counts each symbol once per data
// date on which the stack was its choice (the original tool counted rows, so re-runs on the
// same data inflated it); the averages are over the same rows; run_date is the latest data date.
struct StrategyAggregate {
  std::vector<std::string> rule_stack;
  std::string config_hash;  // "legacy" for rows written before config hashes existed
  std::int64_t frequency = 0;
  double avg_edge_score = 0.0;
  double avg_win_pct = 0.0;
  double avg_sharpe = 0.0;
  double avg_return = 0.0;
  double avg_trades = 0.0;
  std::vector<std::pair<std::string, std::int64_t>> top_symbols;  // up to 3, most frequent first
  std::string run_date;         // the latest data date of the group (YYYY-MM-DD)
  std::string config_snapshot;  // of that latest row
};
Result<std::vector<StrategyAggregate>> aggregate_strategies(Database& db, std::int64_t min_trades);

// clear-and-recalculate: deletes the strategies rows of `config_hash` (all runs) in the
// caller's transaction; returns how many rows went. Positions and runs are kept; the
// `strategies` count of each run of that hash is set to the rows it has left.
Result<std::int64_t> delete_strategies_for_config(Database& db, const std::string& config_hash);

Result<std::int64_t> count_strategies(Database& db);

}  // namespace kiss::store
