#include "daily/analyse.h"

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "backtest/discovery.h"

namespace kiss::daily {

std::optional<std::string> few_trades_warning(const StockResult& r, int min_trades) {
  if (!r.ok || !r.has_signal_stack || r.result.metrics.total_trades >= min_trades) return {};
  return r.symbol + ": the selected stack '" + r.result.name + "' rests on only " +
         std::to_string(r.result.metrics.total_trades) +
         (r.in_sample ? " in-sample" : " out-of-sample") +
         (r.result.metrics.total_trades == 1 ? " trade" : " trades") +
         ", below min_trades_threshold " + std::to_string(min_trades) + ": it gives no signals";
}

Result<Analysis> analyse(const RunSetup& setup, const Market& market, const Clock& clock,
                         Events& events) {
  const auto start = clock.steady();
  auto results = analyze_all(market.stocks, market.benchmark, setup.rules, setup.config,
                             worker_count(setup.config),
                             [&](int done, int total) { events.progress(done, total); });
  events.end_progress();
  if (!results) return tl::unexpected(std::move(results.error()));
  Analysis a;
  a.results = std::move(*results);
  a.seconds = std::chrono::duration<double>(clock.steady() - start).count();
  for (const StockResult& r : a.results) {
    if (r.ok && r.has_signal_stack) ++a.with_strategy;
    if (!r.ok) a.warnings.push_back(r.symbol + ": skipped: " + r.skip_reason);
    if (auto w = few_trades_warning(r, setup.config.min_trades_threshold)) {
      a.warnings.push_back(std::move(*w));
    }
  }
  return a;
}

std::string analysis_text(const Analysis& analysis) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f s", analysis.seconds);
  return "Strategies analysed: " + std::to_string(analysis.results.size()) + " symbols in " +
         seconds + " (" + std::to_string(analysis.with_strategy) + " with a valid strategy)";
}

}  // namespace kiss::daily
