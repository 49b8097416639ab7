// Market data benchmarks (docs/performance.md, issue 4):
//   BM_ImportSample   - import + validate the 50 NIFTY 50 files and the three index files
//                       (^NSEI): ~66,000 rows; target < 100 ms.
//   BM_LoadOneSymbol  - one symbol's ~1,240 bars from a file database; target < 0.2 ms.
//   BM_LoadManyW1     - the W1 read: 50 stocks + ^NSEI in ONE ordered query; target ~10 ms.
//   BM_SaveAll        - upsert all of it in one transaction (first import of a fresh store).
// Data: the bundled sample, data/sample/prices (the 50 stock files and the ^NSEI folder).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "data/import.h"
#include "store/database.h"
#include "store/price_store.h"

namespace {
namespace fs = std::filesystem;

const std::string kSample = KISS_SOURCE_DIR "/data/sample/prices";

kiss::data::ImportSummary import_all() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kSample)) {
    if (e.is_regular_file() && e.path().extension() == ".csv") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  kiss::data::ImportSummary stocks = kiss::data::import_paths(files, {});
  kiss::data::ImportOptions idx;
  idx.symbol = "^NSEI";
  kiss::data::ImportSummary index = kiss::data::import_paths({kSample + "/^NSEI"}, idx);
  stocks.rows += index.rows;
  for (auto& s : index.symbols) stocks.symbols.push_back(std::move(s));
  return stocks;
}

void BM_ImportSample(benchmark::State& state) {
  std::size_t rows = 0;
  for (auto _ : state) {
    kiss::data::ImportSummary s = import_all();
    rows = s.rows;
    benchmark::DoNotOptimize(s.symbols.data());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows) *
                                                    static_cast<double>(state.iterations()),
                                                benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ImportSample)->Unit(benchmark::kMillisecond);

// A file database holding the whole sample, built once.
struct Fixture {
  std::string path;
  std::vector<std::string> w1;
  Fixture() {
    path = (fs::temp_directory_path() / "kiss_data_bench.db").string();
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path + ext);
    kiss::data::ImportSummary s = import_all();
    auto db = kiss::store::Database::open(path);
    if (!db) {
      std::fprintf(stderr, "%s\n", db.error().to_string().c_str());
      return;
    }
    kiss::store::PriceStore store(*db);
    if (auto st = store.save_all(s.symbols); !st)
      std::fprintf(stderr, "%s\n", st.error().to_string().c_str());
    for (const auto& d : s.symbols) w1.push_back(d.bars.symbol);
  }
};
Fixture& fixture() {
  static Fixture f;
  return f;
}

// The imported sample store, or nullopt with the benchmark marked skipped (the store does not
// open).
std::optional<kiss::store::Database> open_fixture(benchmark::State& state) {
  auto db = kiss::store::Database::open(fixture().path);
  if (!db) {
    state.SkipWithError(db.error().to_string().c_str());
    return std::nullopt;
  }
  return std::move(*db);
}

void BM_LoadOneSymbol(benchmark::State& state) {
  auto db = open_fixture(state);
  if (!db) return;
  kiss::store::PriceStore store(*db);
  std::size_t n = 0;
  for (auto _ : state) {
    auto bars = store.load("RELIANCE");
    n = bars->size();
    benchmark::DoNotOptimize(bars->close.data());
  }
  state.counters["bars"] = static_cast<double>(n);
}
BENCHMARK(BM_LoadOneSymbol)->Unit(benchmark::kMicrosecond);

// Baseline for BM_LoadOneSymbol on the same machine and file: the bare sqlite3 C API reading the
// same six columns into plain vectors (what any wrapper costs on top of SQLite itself).
void BM_RawSqliteOneSymbol(benchmark::State& state) {
  auto db = open_fixture(state);
  if (!db) return;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db->handle(),
                     "SELECT date, open, high, low, close, volume FROM prices "
                     "WHERE symbol = 'RELIANCE' ORDER BY date",
                     -1, &st, nullptr);
  std::vector<double> cols[6];
  for (auto _ : state) {
    for (auto& c : cols) c.clear();
    while (sqlite3_step(st) == SQLITE_ROW)
      for (int k = 0; k < 6; ++k) cols[k].push_back(sqlite3_column_double(st, k));
    sqlite3_reset(st);
    benchmark::DoNotOptimize(cols[4].data());
  }
  sqlite3_finalize(st);
  state.counters["bars"] = static_cast<double>(cols[0].size());
}
BENCHMARK(BM_RawSqliteOneSymbol)->Unit(benchmark::kMicrosecond);

void BM_LoadManyW1(benchmark::State& state) {
  auto db = open_fixture(state);
  if (!db) return;
  // Argument 1: with PRAGMA mmap_size (pages read by memory map instead of read() copies).
  if (state.range(0) == 1) (void)db->exec("PRAGMA mmap_size=268435456");
  kiss::store::PriceStore store(*db);
  const kiss::Date freeze = *kiss::parse_iso_date("2025-08-08");
  std::size_t rows = 0;
  for (auto _ : state) {
    auto all = store.load_many(fixture().w1, freeze);
    rows = 0;
    for (const auto& b : *all) rows += b.size();
    benchmark::DoNotOptimize(all->data());
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_LoadManyW1)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_SaveAll(benchmark::State& state) {
  const kiss::data::ImportSummary s = import_all();
  const std::string path = (fs::temp_directory_path() / "kiss_data_bench_save.db").string();
  std::size_t rows = 0;
  for (const auto& d : s.symbols) rows += d.bars.size();
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path + ext);
    auto db = kiss::store::Database::open(path);
    state.ResumeTiming();
    kiss::store::PriceStore store(*db);
    auto st = store.save_all(s.symbols);
    if (!st) state.SkipWithError(st.error().to_string().c_str());
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_SaveAll)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

BENCHMARK_MAIN();
