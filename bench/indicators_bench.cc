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

namespace {

struct Series {
  std::vector<double> open, high, low, close, volume;
};

// Port of talib_ref.cpp's synthetic(): log-price random walk with weak mean reversion, 0.01 ticks,
// gaps, wicks, log-normal volume correlated with |return|.
Series synthetic(std::size_t n, std::uint64_t seed) {
  struct Rng {
    std::uint64_t s;
    std::uint64_t next() {
      std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      return z ^ (z >> 31);
    }
    double uniform() {
      return (static_cast<double>(next() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
    }
    double normal() {
      const double u1 = uniform(), u2 = uniform();
      return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
  } r{seed};
  Series s;
  for (auto* c : {&s.open, &s.high, &s.low, &s.close, &s.volume}) c->resize(n);
  const double mu = std::log(100.0), theta = 0.001, sigma = 0.015;
  double x = mu, prev_close = 100.0;
  auto tick = [](double p) { return std::round(p * 100.0) / 100.0; };
  for (std::size_t i = 0; i < n; ++i) {
    const double z = r.normal();
    const double x_new = x + theta * (mu - x) + sigma * z;
    const double open = tick(prev_close * std::exp(0.002 * r.normal()));
    const double close = tick(std::exp(x_new));
    double hi = std::max(open, close) * std::exp(std::fabs(0.006 * r.normal()));
    double lo = std::min(open, close) * std::exp(-std::fabs(0.006 * r.normal()));
    hi = std::max(tick(hi), std::max(open, close));
    lo = std::min(tick(lo), std::min(open, close));
    const double vol = std::round(1.0e6 * std::exp(0.4 * r.normal() + 8.0 * std::fabs(x_new - x)));
    s.open[i] = open;
    s.high[i] = hi;
    s.low[i] = lo;
    s.close[i] = close;
    s.volume[i] = vol;
    x = x_new;
    prev_close = close;
  }
  return s;
}

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

#define KISS_BENCH(name, outputs, body)                              \
  void BM_##name(benchmark::State& state) {                          \
    run(state, outputs, [](Out& o) { body; });                       \
  }                                                                  \
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
