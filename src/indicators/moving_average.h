// Moving averages (TA-Lib conventions, see docs/indicators.md).
//
// Shared contract of every kernel in kiss::ind:
//   * every output span has the same length n as the inputs (precondition, checked by assert);
//   * out[i] is NaN for i < *_lookback(...) (the warm-up), and a value from there on, exactly as
//     TA-Lib's C function called on the whole series (its "lookback" = index of the first value);
//   * when n <= lookback every output is NaN;
//   * no allocation visible to callers (internal scratch buffers are allowed);
//   * pure: no I/O, no globals, no clock. Periods must be >= 1 (2 where TA-Lib requires it), a
//     precondition the kernels only assert: user input never reaches them unchecked, since the
//     registry's ranges (registry.cc, enforced by spec.h for `inspect`) and the rule catalog's
//     ranges (rules/catalog_*.cc, enforced when rules.yaml is loaded, in every build type) start
//     at 1 or more (registry_test, catalog_checks_test).
#pragma once
#include <span>

namespace kiss::ind {

// Simple moving average: mean of the last p values. Lookback p-1.
int sma_lookback(int p);
void sma(std::span<const double> in, int p, std::span<double> out);

// Exponential moving average, k = 2/(p+1), seeded with the SMA of the first p values at p-1.
int ema_lookback(int p);
void ema(std::span<const double> in, int p, std::span<double> out);

// Linearly weighted moving average, weights 1..p (newest = p). Lookback p-1.
int wma_lookback(int p);
void wma(std::span<const double> in, int p, std::span<double> out);

// Double EMA: 2·E1 − E2 (E2 = EMA of E1, each stage SMA-seeded). Lookback 2(p-1).
int dema_lookback(int p);
void dema(std::span<const double> in, int p, std::span<double> out);

// Triple EMA: 3·E1 − 3·E2 + E3. Lookback 3(p-1).
int tema_lookback(int p);
void tema(std::span<const double> in, int p, std::span<double> out);

}  // namespace kiss::ind
