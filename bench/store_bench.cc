// Persistence benchmarks (story 007 "performance testing for batch operations"):
//   BM_SaveBatch/100000      100,000 strategy rows in ONE transaction (target < 1 s)
//   BM_SaveBatch/2000        the same per-row cost on a smaller batch
//   BM_SaveBatchOldFile/100000  the 100,000 rows into a file made with SQLite's 4 KiB pages
//                            (by a version before 16 KiB pages; its page size stays)
//   BM_RowPerTransaction/2000  one transaction (= one WAL fsync) per row: the batch must be
//                            >= 10x faster per row
//   BM_OpenExisting          Database::open of a 100,000-row file (quick_check + checks)
//   BM_LatestStrategies      the report query over 100,000 rows
// Files go to $KISS_BENCH_DIR (default: the current folder), a real disk unlike tmpfs, so
// fsync costs what it costs for the user. synchronous=FULL as in production.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/strategies.h"

namespace {

using kiss::store::StrategyRecord;

std::string bench_file(const std::string& name) {
  const char* dir = std::getenv("KISS_BENCH_DIR");
  const std::string base = dir != nullptr ? dir : ".";
  return base + "/store_bench_" + std::to_string(getpid()) + "_" + name + ".db";
}

void remove_db(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

// n rows: 1,000 symbols x (n / 1,000) stacks in symbol order (the pipeline merges per-stock
// results in symbol order, DESIGN.md), every v2 field filled (the widest row).
std::vector<StrategyRecord> make_rows(std::size_t n) {
  std::vector<StrategyRecord> rows(n);
  for (std::size_t i = 0; i < n; ++i) {
    StrategyRecord& r = rows[i];
    char sym[32];
    const std::size_t per_symbol = n / 1000 > 0 ? n / 1000 : 1;
    std::snprintf(sym, sizeof sym, "SYM%04zu", i / per_symbol);
    r.symbol = sym;
    r.rule_stack = {"sma_crossover_" + std::to_string(1000 + i % per_symbol), "rsi_oversold"};
    r.edge_score = 0.5 + static_cast<double>(i % 100) / 1000.0;
    r.win_pct = 0.55;
    r.sharpe = 1.1;
    r.total_trades = static_cast<std::int64_t>(10 + i % 30);
    r.avg_return = 0.012;
    r.config_hash = "31c8e111860055d9";
    r.config_snapshot = "hold_period: 20\nmin_trades_threshold: 10\n";
    r.sortino = 1.4;
    r.max_drawdown_pct = -12.5;
    r.cagr_pct = 14.2;
    r.profit_factor = 1.7;
    r.expectancy = 0.8;
    r.exposure_pct = 35.0;
    r.avg_bars_held = 11.5;
    r.alpha_pct = 3.2;
    r.beat_benchmark_pct = 60.0;
    r.target_hit_pct = 20.0;
    r.deflated_sharpe = 0.9;
    r.in_sample = false;
    r.oos_windows = 4;
    r.oos_start = 19723;
    r.oos_end = 20088;
  }
  return rows;
}

// One batch per iteration into a file made by `make_file` (untimed), as a user's first run.
template <class MakeFile>
void save_batch_loop(benchmark::State& state, const std::string& name, MakeFile make_file) {
  const auto rows = make_rows(static_cast<std::size_t>(state.range(0)));
  const std::string path = bench_file(name);
  int run = 0;
  for (auto _ : state) {
    state.PauseTiming();
    remove_db(path);
    if (!make_file(path)) state.SkipWithError("setup failed");
    char ts[32];
    std::snprintf(ts, sizeof ts, "2025-06-24T10:00:%02d", run++ % 60);
    state.ResumeTiming();
    if (!kiss::store::save_strategies_batch(path, rows, ts)) state.SkipWithError("save failed");
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  remove_db(path);
}

void BM_SaveBatch(benchmark::State& state) {
  save_batch_loop(state, "batch",
                  [](const std::string& path) { return kiss::store::create_database(path); });
}
BENCHMARK(BM_SaveBatch)->Arg(2000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same batch into a file created with 4 KiB pages (a database made before 16 KiB pages).
void BM_SaveBatchOldFile(benchmark::State& state) {
  save_batch_loop(state, "old_file", [](const std::string& path) {
    sqlite3* raw = nullptr;  // an empty file with 4 KiB pages, then our schema on it
    const bool made = sqlite3_open(path.c_str(), &raw) == SQLITE_OK &&
                      sqlite3_exec(raw, "PRAGMA page_size=4096; CREATE TABLE t(x); DROP TABLE t",
                                   nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(raw);
    return made && kiss::store::create_database(path);
  });
}
BENCHMARK(BM_SaveBatchOldFile)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RowPerTransaction(benchmark::State& state) {
  const auto rows = make_rows(static_cast<std::size_t>(state.range(0)));
  const std::string path = bench_file("per_row");
  for (auto _ : state) {
    state.PauseTiming();
    remove_db(path);
    auto db = kiss::store::Database::open(path);
    if (!db) {
      state.SkipWithError("open failed");
      break;
    }
    state.ResumeTiming();
    for (const auto& r : rows) {
      auto txn = kiss::store::Transaction::begin(*db);
      if (!txn || !kiss::store::save_strategies(*db, {r}, "2025-06-24T10:00:00") ||
          !txn->commit()) {
        state.SkipWithError("row failed");
        break;
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  remove_db(path);
}
BENCHMARK(BM_RowPerTransaction)->Arg(2000)->Unit(benchmark::kMillisecond)->UseRealTime();

// A 100,000-row database shared by the read benchmarks.
const std::string& big_db() {
  static const std::string path = [] {
    const std::string p = bench_file("big");
    remove_db(p);
    kiss::store::save_strategies_batch(p, make_rows(100000), "2025-06-24T10:00:00");
    std::atexit([] { remove_db(bench_file("big")); });
    return p;
  }();
  return path;
}

void BM_OpenExisting(benchmark::State& state) {
  const std::string& path = big_db();
  for (auto _ : state) {
    auto db = kiss::store::Database::open(path);
    if (!db) state.SkipWithError("open failed");
    benchmark::DoNotOptimize(db);
  }
}
BENCHMARK(BM_OpenExisting)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LatestStrategies(benchmark::State& state) {
  auto db = kiss::store::Database::open(big_db());
  if (!db) {
    state.SkipWithError("open failed");
    return;
  }
  for (auto _ : state) {
    auto rows = kiss::store::latest_strategies(*db, "31c8e111860055d9");
    if (!rows || rows->size() != 100000) state.SkipWithError("query failed");
    benchmark::DoNotOptimize(rows);
  }
  state.SetItemsProcessed(state.iterations() * 100000);
}
BENCHMARK(BM_LatestStrategies)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
