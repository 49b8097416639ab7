// Volume indicators (TA-Lib conventions where TA-Lib has them, see docs/indicators.md).
// Contract: moving_average.h.
#pragma once
#include <span>

namespace kiss::ind {

// On-balance volume, starting at volume[0] (TA-Lib). Lookback 0.
int obv_lookback();
void obv(std::span<const double> close, std::span<const double> volume, std::span<double> out);

// Money flow index in [0, 100] over the last p typical-price flows (0 when pos+neg < 1).
// Lookback p.
int mfi_lookback(int p);
void mfi(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         std::span<const double> volume, int p, std::span<double> out);

// Rolling p-bar VWAP (not in TA-Lib): Σ(TP·V)/ΣV over the last p bars, TP = (H+L+C)/3;
// NaN when ΣV == 0 (e.g. an index without volume). Lookback p−1.
int vwap_lookback(int p);
void vwap(std::span<const double> high, std::span<const double> low, std::span<const double> close,
          std::span<const double> volume, int p, std::span<double> out);

}  // namespace kiss::ind
