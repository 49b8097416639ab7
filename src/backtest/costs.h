// Indian equity delivery charges (docs/metrics.md). Pure arithmetic, not rounded.
#pragma once
#include <cstdint>

#include "config/config.h"

namespace kiss {

// Fraction of the price lost to slippage on each fill (slippage_bps / 10,000).
inline double slippage_fraction(const Costs& c) noexcept { return c.slippage_bps / 10000.0; }

// Slipped fill prices: against the trader on both sides.
inline double buy_fill(const Costs& c, double raw) noexcept {
  return raw * (1.0 + slippage_fraction(c));
}
inline double sell_fill(const Costs& c, double raw) noexcept {
  return raw * (1.0 - slippage_fraction(c));
}

// All charges of one buy order of traded value `value` (rupees, already slipped): brokerage,
// STT, exchange transaction charge, SEBI fee, stamp duty, GST on brokerage + exchange + SEBI.
double buy_costs(const Costs& c, double value) noexcept;
// All charges of one sell order: as a buy without stamp duty, plus the DP charge
// (GST-inclusive, so no GST on it).
double sell_costs(const Costs& c, double value) noexcept;

// (sell value − sell costs) / (buy value + buy costs) − 1.
inline double net_return(double buy_value, double buy_cost, double sell_value,
                         double sell_cost) noexcept {
  return (sell_value - sell_cost) / (buy_value + buy_cost) - 1.0;
}

}  // namespace kiss
