// Turning rules into what the simulator consumes (the contract between rules/ and backtest/).
// Pure: no I/O, no globals. One IndicatorCache per stock, so every indicator is computed once
// over the whole history and every window slices the same columns (docs/discovery.md).
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "rules/model.h"
#include "util/bars.h"
#include "util/error.h"

namespace kiss {

// One byte per bar: 1 when the condition holds on that bar's close, 0 otherwise (also during
// warm-up and on days without a benchmark bar, docs/metrics.md).
using Mask = std::vector<std::uint8_t>;

// Per-stock inputs of every rule.
struct RuleInput {
  const Bars* bars = nullptr;       // the stock, never null
  const Bars* benchmark = nullptr;  // the benchmark's own full series; may be null
  std::span<const int> bench_idx;   // align_by_date(*bars, *benchmark); empty when null
};

// Key prefix of the columns computed on the benchmark series (cols::Series of the benchmark).
inline constexpr std::string_view kBenchmarkKeyPrefix = "bench:";

// Columns of ONE benchmark series shared by every stock of a run (analyze_all): a benchmark
// column does not depend on the stock, so it is computed once per run instead of once per
// stock. Thread-safe (stocks are analysed in parallel); the map is node-based, so references
// stay valid for the object's lifetime. The mutex is recursive because computing one column may
// cache its siblings (MACD line and signal, Bollinger bands) through the same object.
class SharedColumns {
 public:
  explicit SharedColumns(const void* benchmark) : benchmark_(benchmark) {}
  SharedColumns(const SharedColumns&) = delete;
  SharedColumns& operator=(const SharedColumns&) = delete;

  // The series these columns belong to (compared by address, never dereferenced).
  const void* benchmark() const noexcept { return benchmark_; }

  template <class F>
  const std::vector<double>& get(const std::string& key, F&& compute) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    auto it = columns_.find(key);
    if (it == columns_.end()) it = columns_.emplace(key, compute()).first;
    return it->second;
  }

 private:
  const void* benchmark_;
  std::recursive_mutex mutex_;
  std::unordered_map<std::string, std::vector<double>> columns_;
};

// Memo of indicator columns for one stock (and its benchmark), keyed by a canonical spec such
// as "sma(close,20)" or "bench:sma(close,50)". Columns are as long as the series they belong to.
// With a SharedColumns (which must belong to this stock's benchmark), the benchmark's columns
// come from it; the values are the same either way (the same function of the same series).
class IndicatorCache {
 public:
  IndicatorCache() = default;
  explicit IndicatorCache(SharedColumns* shared) : shared_(shared) {}

  // Returns the cached column for `key`, computing it with `compute` the first time.
  template <class F>
  const std::vector<double>& get(const std::string& key, F&& compute) {
    if (shared_ != nullptr && key.starts_with(kBenchmarkKeyPrefix)) {
      return shared_->get(key, std::forward<F>(compute));
    }
    auto it = columns_.find(key);
    if (it == columns_.end()) it = columns_.emplace(key, compute()).first;
    return it->second;
  }
  std::size_t size() const noexcept { return columns_.size(); }
  // Calls f(key, column) for every column of the stock held here (not the shared benchmark
  // columns), in no particular order.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& [key, column] : columns_) f(key, column);
  }

 private:
  SharedColumns* shared_ = nullptr;
  std::unordered_map<std::string, std::vector<double>> columns_;
};

// The signal column of a mask rule (entries, context filters, preconditions, indicator exits).
// Errors only for a rule whose inputs are unavailable (e.g. market_above_sma without a
// benchmark): the message names the rule.
Result<Mask> evaluate_signal(const RuleInstance& rule, const RuleInput& in, IndicatorCache& cache);

// Price-level exits, handled inside the simulator rather than as masks (docs/metrics.md).
struct LevelExit {
  enum class Kind {
    kStopPct,      // stop = fill × (1 − value)
    kTargetPct,    // target = fill × (1 + value)
    kStopAtr,      // stop = fill − value × ATR(atr_period) of the signal bar
    kTargetAtr,    // target = fill + value × ATR(atr_period) of the signal bar
    kTrailingPct,  // level = highest high since entry (to the previous bar) × (1 − value)
    kChandelier,   // level = highest high since entry (to the previous bar) − value × ATR(prev)
  };
  Kind kind = Kind::kStopPct;
  double value = 0.0;   // fraction (0.05 = 5%) or ATR multiplier
  int atr_period = 14;  // ATR kinds only
  std::string name;     // the rule's name, for exit reasons
};

// True for the catalog types above (stop_loss_pct, take_profit_pct, stop_loss_atr,
// take_profit_atr, simple_trailing_stop, chandelier_exit).
bool is_level_exit(const std::string& type);
// Precondition: is_level_exit(rule.type).
LevelExit to_level_exit(const RuleInstance& rule);

// Wilder ATR column of the stock (cached).
const std::vector<double>& atr_column(const RuleInput& in, IndicatorCache& cache, int period);

// The number of leading bars of `rule` whose value is undefined (its warm-up).
int rule_warmup(const RuleInstance& rule);

}  // namespace kiss
