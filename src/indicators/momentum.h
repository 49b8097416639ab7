// Momentum oscillators (TA-Lib conventions, see docs/indicators.md). Contract: moving_average.h.
#pragma once
#include <span>

namespace kiss::ind {

// Wilder RSI in [0, 100]; seed = plain average of the first p gains/losses. Lookback p.
int rsi_lookback(int p);
void rsi(std::span<const double> in, int p, std::span<double> out);

// Rate of change in percent: (x / x[-p] − 1)·100 (0 when x[-p] == 0). Lookback p.
int roc_lookback(int p);
void roc(std::span<const double> in, int p, std::span<double> out);

// MACD line = EMA(fast) − EMA(slow) with TA-Lib's seeding (the fast EMA is seeded at the slow
// EMA's first bar), signal = EMA(signal) of the line, hist = line − signal. All three outputs
// start at macd_lookback = (slow−1) + (signal−1). Periods are swapped when slow < fast.
int macd_lookback(int fast, int slow, int signal);
void macd(std::span<const double> in, int fast, int slow, int signal, std::span<double> line,
          std::span<double> signal_out, std::span<double> hist);

// Slow stochastic: fastK = 100·(C−LL)/(HH−LL) over fastk bars (0 when HH == LL),
// k = SMA(slowk) of fastK, d = SMA(slowd) of k. Both start at (fastk−1)+(slowk−1)+(slowd−1).
int stoch_lookback(int fastk, int slowk, int slowd);
void stoch(std::span<const double> high, std::span<const double> low, std::span<const double> close,
           int fastk, int slowk, int slowd, std::span<double> k, std::span<double> d);

// Williams %R in [−100, 0]: −100·(HH−C)/(HH−LL) over p bars (0 when HH == LL). Lookback p−1.
int willr_lookback(int p);
void willr(std::span<const double> high, std::span<const double> low, std::span<const double> close,
           int p, std::span<double> out);

// Commodity channel index: (TP − SMA(TP)) / (0.015·mean absolute deviation), TP = (H+L+C)/3;
// 0 when either factor is 0. Lookback p−1.
int cci_lookback(int p);
void cci(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         int p, std::span<double> out);

}  // namespace kiss::ind
