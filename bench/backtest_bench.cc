// Backtest benchmarks (docs/performance.md). Build with -DKISS_BENCH=ON; figures in
// docs/perf/backtest.md.
//   BM_Simulator      bar-evaluations per second of the simulator loop, one core
//   BM_DiscoveryW1    discovery of W1: 50 NIFTY stocks × ~1,240 bars, w1_rules.yaml, 252b/63b/63b
//   BM_DiscoveryW2    discovery of W2: 2,000 synthetic stocks × 20 years (bench/w2_gen.h)
// Wall times use real time; `jobs` is the benchmark argument.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "backtest/discovery.h"
#include "backtest/simulator.h"
#include "backtest/stock_context.h"
#include "config/config_loader.h"
#include "config/rules_loader.h"
#include "data/csv_import.h"
#include "w2_gen.h"

namespace kiss {
namespace {

// The W1 workload from the repository: its config and rules (tests/e2e/testdata) and the
// bundled sample's prices.
const std::string kRoot = std::string(KISS_SOURCE_DIR);

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "backtest_bench: %s\n", msg.c_str());
  std::exit(1);
}

// --- simulator --------------------------------------------------------------------------------

void BM_Simulator(benchmark::State& state) {
  // n bars (argument): a 20-year synthetic series tiled (a single 1M-bar walk would drift to
  // prices no capital can buy), dates kept increasing. 5,040 bars (one stock, 20 years) stay
  // in L2 as in discovery; 1M bars measure the loop streaming from memory.
  const int n = static_cast<int>(state.range(0));
  const Bars one = bench::generate_series("SIM", bench::trading_days(5040), 42, 100.0);
  Bars bars;
  bars.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i) % one.size();
    bars.push_back(static_cast<Date>(i), one.open[k], one.high[k], one.low[k], one.close[k],
                   one.volume[k]);
  }
  // An entry on ~4% of bars, ATR 1.5% of the close: exits as in W1 (2× ATR stop, 4× ATR target)
  // plus the 20-bar time exit, so positions are held on a large share of bars.
  bench::SplitMix64 rng(7);
  Mask entry(bars.size());
  std::vector<double> atr(bars.size());
  for (std::size_t i = 0; i < bars.size(); ++i) {
    entry[i] = rng.uniform() < 0.04 ? 1 : 0;
    atr[i] = 0.015 * bars.close[i];
  }
  ExitSpec spec;
  LevelExit stop;
  stop.kind = LevelExit::Kind::kStopAtr;
  stop.value = 2.0;
  LevelExit target;
  target.kind = LevelExit::Kind::kTargetAtr;
  target.value = 4.0;
  spec.levels = {stop, target};
  spec.level_atr = {atr, atr};
  spec.finalize(bars.size());
  const ExitEngine engine(spec, Execution::kNextOpen, 20);
  const SimInput in{&bars, entry, &engine, atr, 2.0};
  SimParams p;
  std::vector<Trade> trades;
  trades.reserve(bars.size() / 2);
  std::vector<double> equity(bars.size());
  int held = 0;
  for (auto _ : state) {
    trades.clear();
    const SimSummary s = simulate(in, p, 0, n, WindowMode::kTest, p.capital, trades, equity);
    held = s.held_closes;
    benchmark::DoNotOptimize(equity.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.counters["trades"] = static_cast<double>(trades.size());
  state.counters["held_pct"] = 100.0 * held / n;
}
BENCHMARK(BM_Simulator)->Arg(5040)->Arg(1'000'000)->Unit(benchmark::kMicrosecond);

// --- W1 --------------------------------------------------------------------------------------

Bars load_bars(const std::vector<std::string>& files, const std::string& symbol) {
  std::map<Date, data::Row> by_date;  // several files of one symbol merge by date (first wins)
  for (std::size_t f = 0; f < files.size(); ++f) {
    auto p = data::read_csv_file(files[f], symbol, static_cast<std::uint32_t>(f));
    if (!p) die("cannot read " + files[f]);
    for (auto& [sym, rows] : p->rows) {
      for (const data::Row& r : rows) by_date.emplace(r.date, r);
    }
  }
  Bars b;
  b.symbol = symbol;
  for (const auto& [d, r] : by_date) b.push_back(d, r.open, r.high, r.low, r.close, r.volume);
  return b;
}

struct W1 {
  Config config;
  RuleSet rules;
  std::vector<Bars> stocks;
  Bars benchmark;
  std::vector<const Bars*> ptrs;
};

const W1& w1() {
  static const W1 w = [] {
    W1 x;
    auto c = load_config(kRoot + "/tests/e2e/testdata/w1_config.yaml");
    if (!c) die(c.error().to_string());
    x.config = *c;
    auto r = load_rules(kRoot + "/tests/e2e/testdata/w1_rules.yaml", x.config);
    if (!r) die(r.error().to_string());
    x.rules = *r;
    const Date freeze = days_from_civil(2025, 8, 8);
    x.benchmark = load_bars({kRoot + "/data/sample/prices/^NSEI/NIFTY50_2007-09-17_2024-12-31.csv",
                             kRoot + "/data/sample/prices/^NSEI/NSEI_2024-08-12_2025-08-08.csv"},
                            "^NSEI");
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(kRoot + "/data/sample/prices")) {
      if (e.is_regular_file() && e.path().extension() == ".csv") files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) {
      Bars b = load_bars({f}, std::filesystem::path(f).stem().string());
      b.truncate_after(freeze);
      x.stocks.push_back(std::move(b));
    }
    for (const Bars& b : x.stocks) x.ptrs.push_back(&b);
    return x;
  }();
  return w;
}

void BM_DiscoveryW1(benchmark::State& state) {
  const W1& w = w1();
  const int jobs = static_cast<int>(state.range(0));
  std::size_t bars = 0;
  for (const Bars& b : w.stocks) bars += b.size();
  int ok = 0;
  for (auto _ : state) {
    auto r = analyze_all(w.ptrs, &w.benchmark, w.rules, w.config, jobs);
    if (!r) die(r.error().to_string());
    ok = static_cast<int>(std::count_if(r->begin(), r->end(), [](const StockResult& s) {
      return s.ok && s.has_signal_stack;
    }));
    benchmark::DoNotOptimize(r->data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(bars));
  state.counters["stocks"] = static_cast<double>(w.stocks.size());
  state.counters["with_stack"] = ok;
}
BENCHMARK(BM_DiscoveryW1)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The column part of W1 discovery alone (one thread): every rule evaluated once per stock and
// each first-level candidate's entry mask and exits prepared, the benchmark's columns shared
// by all stocks as in analyze_all; the rest of BM_DiscoveryW1/1 is the window simulations and
// metrics.
void BM_ColumnsW1(benchmark::State& state) {
  const W1& w = w1();
  for (auto _ : state) {
    SharedColumns shared(&w.benchmark);
    for (const Bars& b : w.stocks) {
      StockContext ctx(b, &w.benchmark, &shared);
      if (!ctx.prepare_shared(w.rules)) die("prepare_shared");
      for (const Stack& s : w.rules.candidates) {
        auto p = ctx.prepare(s, w.rules);
        if (!p) die(p.error().to_string());
        benchmark::DoNotOptimize(p->entry.data());
      }
    }
  }
}
BENCHMARK(BM_ColumnsW1)->Unit(benchmark::kMillisecond);

// --- W2 --------------------------------------------------------------------------------------

void BM_DiscoveryW2(benchmark::State& state) {
  static const bench::Workload work = bench::generate_w2();
  const W1& w = w1();  // the same config and rules
  std::vector<const Bars*> ptrs;
  for (const Bars& b : work.stocks) ptrs.push_back(&b);
  const int jobs = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto r = analyze_all(ptrs, &work.benchmark, w.rules, w.config, jobs);
    if (!r) die(r.error().to_string());
    benchmark::DoNotOptimize(r->data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(ptrs.size()) *
                          static_cast<std::int64_t>(work.benchmark.size()));
}
BENCHMARK(BM_DiscoveryW2)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
}  // namespace kiss

BENCHMARK_MAIN();
