// Trend indicators (TA-Lib conventions, see docs/indicators.md). Contract: moving_average.h.
#pragma once
#include <span>

namespace kiss::ind {

// Directional indicators (Wilder sums of ±DM and TR), in [0, 100]. Lookback p.
int plus_di_lookback(int p);
void plus_di(std::span<const double> high, std::span<const double> low,
             std::span<const double> close, int p, std::span<double> out);
int minus_di_lookback(int p);
void minus_di(std::span<const double> high, std::span<const double> low,
              std::span<const double> close, int p, std::span<double> out);

// Average directional index in [0, 100]. Lookback 2p−1.
int adx_lookback(int p);
void adx(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         int p, std::span<double> out);

// Aroon up/down in [0, 100] over a window of p+1 bars (ties → most recent extreme). Lookback p.
int aroon_lookback(int p);
void aroon(std::span<const double> high, std::span<const double> low, int p, std::span<double> up,
           std::span<double> down);

// SuperTrend (not in TA-Lib): bands hl2 ± mult·ATR(p) ratcheted toward price; `line` is the
// active band (lower band in an up-trend, upper in a down-trend), `direction` is +1 / −1.
// Lookback p (the first ATR value).
int supertrend_lookback(int p);
void supertrend(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, int p, double mult, std::span<double> line,
                std::span<double> direction);

// Parabolic SAR (TA-Lib's SAR: acceleration step `accel`, cap `max`). Lookback 1.
int sar_lookback();
void sar(std::span<const double> high, std::span<const double> low, double accel, double max,
         std::span<double> out);

}  // namespace kiss::ind
