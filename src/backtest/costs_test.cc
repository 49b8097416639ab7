// Charges of docs/metrics.md by hand, on round values.
#include "backtest/costs.h"

#include <gtest/gtest.h>

namespace kiss {
namespace {

// Buy 1,00,000 rupees: STT 100, exchange 2.97, SEBI 0.10, stamp 15, GST 0.18 × 3.07 = 0.5526.
TEST(Costs, BuyOfOneLakhDefaults) {
  const Costs c;
  EXPECT_NEAR(buy_costs(c, 100000.0), 100.0 + 2.97 + 0.10 + 15.0 + 0.5526, 1e-9);
}

// Sell 1,00,000 rupees: no stamp duty, plus the GST-inclusive DP charge 15.93.
TEST(Costs, SellOfOneLakhDefaults) {
  const Costs c;
  EXPECT_NEAR(sell_costs(c, 100000.0), 100.0 + 2.97 + 0.10 + 0.5526 + 15.93, 1e-9);
}

// Brokerage 0.03% + ₹20 flat per order attracts 18% GST: on 1,00,000 brokerage = 50, GST on
// (50 + 2.97 + 0.10) = 9.5526.
TEST(Costs, BrokerageAttractsGst) {
  Costs c;
  c.brokerage_pct = 0.0003;
  c.brokerage_flat = 20.0;
  EXPECT_NEAR(buy_costs(c, 100000.0), 50.0 + 100.0 + 2.97 + 0.10 + 15.0 + 9.5526, 1e-9);
}

TEST(Costs, SlippageAgainstTheTraderOnBothFills) {
  Costs c;
  c.slippage_bps = 10.0;
  EXPECT_DOUBLE_EQ(buy_fill(c, 200.0), 200.2);
  EXPECT_DOUBLE_EQ(sell_fill(c, 200.0), 199.8);
  EXPECT_NEAR(net_return(1000.0, 10.0, 1111.0, 0.0), 0.1, 1e-15);
}

}  // namespace
}  // namespace kiss
