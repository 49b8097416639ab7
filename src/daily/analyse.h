// Step 3b of the daily loop: the walk-forward discovery of every stock with prices, in
// parallel (backtest/discovery.h), results in universe order.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "backtest/result.h"
#include "daily/events.h"
#include "daily/prices.h"
#include "daily/setup.h"
#include "util/clock.h"
#include "util/error.h"

namespace kiss::daily {

struct Analysis {
  std::vector<StockResult> results;   // one per stock of market.stocks, same order
  int with_strategy = 0;              // results that are ok and have a signal stack
  double seconds = 0;                 // wall time of the discovery (clock.steady())
  std::vector<std::string> warnings;  // one per skipped stock, with its reason
};

// The report's warning for a stock whose selected stack rests on fewer than `min_trades` closed
// trades (out of sample, or in sample when walk-forward is off), which therefore gives no
// signals (docs/report.md): "TCS: the selected stack 'a+b' rests on only 4 out-of-sample trades,
// below min_trades_threshold 5: it gives no signals". None for a skipped stock or one without a
// signal stack.
std::optional<std::string> few_trades_warning(const StockResult& r, int min_trades);

// Analyses every stock of `market` with worker_count(config) threads; progress goes to events.
Result<Analysis> analyse(const RunSetup& setup, const Market& market, const Clock& clock,
                         Events& events);

// "Strategies analysed: 50 symbols in 1.23 s (7 with a valid strategy)"
std::string analysis_text(const Analysis& analysis);

}  // namespace kiss::daily
