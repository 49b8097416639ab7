#include "backtest/costs.h"

namespace kiss {

namespace {
// Charges common to both sides; GST applies to brokerage, exchange and SEBI fees only.
double common_costs(const Costs& c, double value) noexcept {
  const double brokerage = c.brokerage_pct * value + c.brokerage_flat;
  const double exchange = c.exchange_txn_pct * value;
  const double sebi = c.sebi_per_crore * value / 1e7;
  const double gst = c.gst_pct * (brokerage + exchange + sebi);
  return brokerage + c.stt_pct * value + exchange + sebi + gst;
}
}  // namespace

double buy_costs(const Costs& c, double value) noexcept {
  return common_costs(c, value) + c.stamp_duty_pct * value;
}

double sell_costs(const Costs& c, double value) noexcept {
  return common_costs(c, value) + c.dp_charge;
}

}  // namespace kiss
