// Strategy discovery (docs/discovery.md): walk-forward selection of the best stack per stock,
// stitched out-of-sample result, the signal stack of the latest training window, and the parallel
// analysis of a whole universe. Pure: no I/O, no clock. Algorithm: docs/discovery.md.
#pragma once
#include <functional>
#include <memory>
#include <string>
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

// The signal stack of the latest training window and today's entry, as of every day of a
// replay (`track-record`, docs/track-record.md), without redoing the whole walk-forward each
// day. Built once on a stock's bars up to the replay's last day: the rule columns are causal (a
// value at bar i depends only on bars <= i; test: track's causality test), and a training
// window's selection depends only on its own bars, so at(n) gives exactly what
// discover_stock(bars truncated to their first n) gives for ok, has_signal_stack,
// signal_stack and today (test: discovery_test LatestSignalScanner...). When the latest window
// does not fit (too little history, so discover_stock skips the stock or its warm-up differs),
// at(n) says `exact = false`: the caller runs discover_stock on the truncated bars instead.
// `bars` and `benchmark` must outlive the scanner. Not thread-safe (one per thread).
class LatestSignalScanner {
 public:
  struct Latest {
    bool exact = true;  // false: use discover_stock on the truncated bars
    bool has_signal_stack = false;
    Stack signal_stack;  // valid when has_signal_stack
    TodaySignal today;   // as discover_stock fills it (today.entry false without a stack)
  };
  static Result<std::unique_ptr<LatestSignalScanner>> create(const Bars& bars,
                                                             const Bars* benchmark,
                                                             const RuleSet& rules,
                                                             const Config& config);
  ~LatestSignalScanner();
  LatestSignalScanner(const LatestSignalScanner&) = delete;
  LatestSignalScanner& operator=(const LatestSignalScanner&) = delete;
  // As of the first `n` bars (1 <= n <= bars.size()).
  Result<Latest> at(int n);

  struct Impl;

 private:
  explicit LatestSignalScanner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

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
