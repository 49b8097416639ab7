// Indicator kernels over 1M synthetic bars: the very series `talib_ref --gen 1000000` writes
// (same splitmix64 + Box–Muller generator, seed 42), so the figures sit side by side with
// `talib_ref --bench 1000000` (docs/perf/indicators.md). Each iteration is one batch call over
// the whole series already in memory, outputs preallocated, as TA-Lib's bench times TA_CallFunc.
// Items processed = bars, so Google Benchmark reports bars/second; wall-clock time (UseRealTime),
// as talib_ref measures.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "indicators/indicators.h"
#include "synthetic_series.h"

namespace {

using kiss::bench::Series;
using kiss::bench::synthetic;

constexpr std::size_t kBars = 1000000;

const Series& series() {
  static const Series s = synthetic(kBars, 42);
  return s;
}

// Runs `fn(outputs)` per iteration over preallocated output columns.
template <class F>
void run(benchmark::State& state, int outputs, F fn) {
  std::vector<std::vector<double>> out(static_cast<std::size_t>(outputs),
                                       std::vector<double>(kBars));
  (void)series();
  for (auto _ : state) {
    fn(out);
    benchmark::DoNotOptimize(out.front().data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(kBars));
}

using Out = std::vector<std::vector<double>>;
namespace ind = kiss::ind;
#define S series()

#define KISS_BENCH(name, outputs, body)        \
  void BM_##name(benchmark::State& state) {    \
    run(state, outputs, [](Out& o) { body; }); \
  }                                            \
  BENCHMARK(BM_##name)->Unit(benchmark::kMillisecond)->MinTime(0.3)->UseRealTime()

KISS_BENCH(sma_20, 1, ind::sma(S.close, 20, o[0]));
KISS_BENCH(ema_20, 1, ind::ema(S.close, 20, o[0]));
KISS_BENCH(rsi_14, 1, ind::rsi(S.close, 14, o[0]));
KISS_BENCH(atr_14, 1, ind::atr(S.high, S.low, S.close, 14, o[0]));
KISS_BENCH(natr_14, 1, ind::natr(S.high, S.low, S.close, 14, o[0]));
KISS_BENCH(trange, 1, ind::trange(S.high, S.low, S.close, o[0]));
KISS_BENCH(macd_12_26_9, 3, ind::macd(S.close, 12, 26, 9, o[0], o[1], o[2]));
KISS_BENCH(bbands_20_2, 3, ind::bbands(S.close, 20, 2.0, 2.0, o[0], o[1], o[2]));
KISS_BENCH(stoch_14_3_3, 2, ind::stoch(S.high, S.low, S.close, 14, 3, 3, o[0], o[1]));
KISS_BENCH(willr_14, 1, ind::willr(S.high, S.low, S.close, 14, o[0]));
KISS_BENCH(cci_20, 1, ind::cci(S.high, S.low, S.close, 20, o[0]));
KISS_BENCH(adx_14, 1, ind::adx(S.high, S.low, S.close, 14, o[0]));
KISS_BENCH(plus_di_14, 1, ind::plus_di(S.high, S.low, S.close, 14, o[0]));
KISS_BENCH(minus_di_14, 1, ind::minus_di(S.high, S.low, S.close, 14, o[0]));
KISS_BENCH(aroon_14, 2, ind::aroon(S.high, S.low, 14, o[0], o[1]));
KISS_BENCH(obv, 1, ind::obv(S.close, S.volume, o[0]));
KISS_BENCH(mfi_14, 1, ind::mfi(S.high, S.low, S.close, S.volume, 14, o[0]));
KISS_BENCH(roc_10, 1, ind::roc(S.close, 10, o[0]));
KISS_BENCH(wma_20, 1, ind::wma(S.close, 20, o[0]));
KISS_BENCH(dema_20, 1, ind::dema(S.close, 20, o[0]));
KISS_BENCH(tema_20, 1, ind::tema(S.close, 20, o[0]));
KISS_BENCH(sar_0_02_0_2, 1, ind::sar(S.high, S.low, 0.02, 0.2, o[0]));
KISS_BENCH(max_20, 1, ind::highest(S.close, 20, o[0]));
KISS_BENCH(min_20, 1, ind::lowest(S.close, 20, o[0]));
// Not in TA-Lib.
KISS_BENCH(donchian_20, 3, ind::donchian(S.high, S.low, 20, o[0], o[1], o[2]));
KISS_BENCH(keltner_20_2, 3, ind::keltner(S.high, S.low, S.close, 20, 2.0, o[0], o[1], o[2]));
KISS_BENCH(vwap_20, 1, ind::vwap(S.high, S.low, S.close, S.volume, 20, o[0]));
KISS_BENCH(supertrend_10_3, 2, ind::supertrend(S.high, S.low, S.close, 10, 3.0, o[0], o[1]));

}  // namespace

BENCHMARK_MAIN();
