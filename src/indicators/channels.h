// Rolling extremes and price channels (see docs/indicators.md). Contract: moving_average.h.
#pragma once
#include <span>

namespace kiss::ind {

// Rolling max / min of the last p values, current bar included (TA-Lib MAX / MIN). Lookback p−1.
int highest_lookback(int p);
void highest(std::span<const double> in, int p, std::span<double> out);
int lowest_lookback(int p);
void lowest(std::span<const double> in, int p, std::span<double> out);

// Donchian channel (not in TA-Lib): upper = highest high of p bars, lower = lowest low,
// middle = (upper + lower)/2; current bar included. Lookback p−1.
int donchian_lookback(int p);
void donchian(std::span<const double> high, std::span<const double> low, int p,
              std::span<double> upper, std::span<double> middle, std::span<double> lower);

// Keltner channel (not in TA-Lib): middle = EMA(p) of close, upper/lower = middle ± mult·ATR(p)
// (Wilder ATR). Lookback max(ema_lookback(p), atr_lookback(p)) = p.
int keltner_lookback(int p);
void keltner(std::span<const double> high, std::span<const double> low,
             std::span<const double> close, int p, double mult, std::span<double> upper,
             std::span<double> middle, std::span<double> lower);

}  // namespace kiss::ind
