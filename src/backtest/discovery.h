// Strategy discovery (docs/discovery.md): walk-forward selection of the best stack per stock,
// stitched out-of-sample result, the signal stack of the latest training window, and the parallel
// analysis of a whole universe. Pure: no I/O, no clock. Algorithm: docs/discovery.md.
#pragma once
#include <functional>
#include <vector>

#include "backtest/result.h"
#include "config/config.h"
#include "rules/model.h"
#include "util/bars.h"
#include "util/error.h"

namespace kiss {

// One stock. `benchmark` may be null (rules that need it then fail with an Error naming the
// rule). Errors are configuration errors (a rule that cannot be evaluated); a stock that simply
// lacks data is returned with ok == false and a skip_reason.
Result<StockResult> discover_stock(const Bars& bars, const Bars* benchmark, const RuleSet& rules,
                                   const Config& config);

// The in-sample backtest of one given stack over the whole usable history (the `backtest`
// command): the trade list ends with the open trade, if any (Trade::open).
Result<StackResult> backtest_stack(const Bars& bars, const Bars* benchmark, const Stack& stack,
                                   const RuleSet& rules, const Config& config);

// Called after each stock is done, from worker threads but never concurrently.
using ProgressFn = std::function<void(int done, int total)>;

// Every stock, `jobs` threads (0: all cores). result[i] belongs to stocks[i] whatever the
// thread count, so outputs are byte-identical for any `jobs` (docs/discovery.md). The first error
// in stock order is returned.
Result<std::vector<StockResult>> analyze_all(const std::vector<const Bars*>& stocks,
                                             const Bars* benchmark, const RuleSet& rules,
                                             const Config& config, int jobs,
                                             const ProgressFn& progress = {});

// The exact text of docs/discovery.md.
std::string min_trades_warning(const std::vector<std::string>& rule_names,
                               const std::string& symbol, int trades, int threshold);

}  // namespace kiss
