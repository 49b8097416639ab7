// Volatility measures (TA-Lib conventions, see docs/indicators.md). Contract: moving_average.h.
#pragma once
#include <span>

namespace kiss::ind {

// True range max(H, C[-1]) − min(L, C[-1]); bar 0 has none. Lookback 1.
int trange_lookback();
void trange(std::span<const double> high, std::span<const double> low,
            std::span<const double> close, std::span<double> out);

// Wilder ATR: seed = mean of TR[1..p] at bar p, then (atr·(p−1) + tr)/p. Lookback p.
int atr_lookback(int p);
void atr(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         int p, std::span<double> out);

// Normalised ATR: 100·ATR/close (0 when close == 0). Lookback p.
int natr_lookback(int p);
void natr(std::span<const double> high, std::span<const double> low, std::span<const double> close,
          int p, std::span<double> out);

// Bollinger bands: middle = SMA(p), upper/lower = middle ± k·σ with the POPULATION standard
// deviation (÷p) as TA-Lib. Lookback p−1.
int bbands_lookback(int p);
void bbands(std::span<const double> in, int p, double k_up, double k_dn, std::span<double> upper,
            std::span<double> middle, std::span<double> lower);

}  // namespace kiss::ind
