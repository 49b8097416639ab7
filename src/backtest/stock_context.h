// One stock's evaluated columns (docs/discovery.md, DESIGN "compute once"): every rule is evaluated
// once over the whole history into a mask, each stack's entry mask is AND-ed once, and every
// window then slices the same columns. Used by discovery, `backtest` and the position book.
#pragma once
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "backtest/exit_engine.h"
#include "config/config.h"
#include "rules/evaluate.h"
#include "rules/model.h"
#include "util/bars.h"
#include "util/error.h"

namespace kiss {

// One stack made ready to simulate on one stock. Move-only data; build an ExitEngine over
// `exits` where needed (the engine keeps a pointer, so do not move the PreparedStack while an
// engine over it lives).
struct PreparedStack {
  const Stack* stack = nullptr;        // the stack given to prepare(): it must outlive this
  Mask entry;                          // entries AND context filters AND preconditions
  ExitSpec exits;                      // shared exit_conditions + the stack's extra exits
  std::span<const double> sizing_atr;  // ATR(period of the first ATR stop, else 14)
  double atr_multiple = 2.0;
  int warmup = 0;  // first bar where every input of the stack is defined
};

class StockContext {
 public:
  // `bars` and `benchmark` (may be null) must outlive the context. `shared` (optional, must
  // outlive the context) holds the benchmark's columns for every stock of a run; it is used
  // only when it belongs to `benchmark`.
  StockContext(const Bars& bars, const Bars* benchmark, SharedColumns* shared = nullptr);
  StockContext(const StockContext&) = delete;
  StockContext& operator=(const StockContext&) = delete;

  // Evaluates the shared parts of `rules` (context filters AND preconditions, shared exits).
  // Errors name the rule (e.g. a market filter without a benchmark).
  Status prepare_shared(const RuleSet& rules);
  // Requires prepare_shared. Builds the entry mask and exits of `stack` (which must outlive
  // the result: PreparedStack::stack points to it).
  Result<PreparedStack> prepare(const Stack& stack, const RuleSet& rules);
  // The mask of one rule, evaluated once per stock (cached by name and type).
  Result<const Mask*> mask(const RuleInstance& rule);

  const Bars& bars() const noexcept { return *bars_; }
  const Bars* benchmark() const noexcept { return bench_; }
  std::span<const int> bench_idx() const noexcept { return bench_idx_; }
  RuleInput input() const noexcept { return RuleInput{bars_, bench_, bench_idx_}; }
  // First bar at which every shared rule (context filters, preconditions, exits) is defined.
  int shared_warmup() const noexcept { return shared_warmup_; }

 private:
  // A rule's mask with its warm-up (rule_warmup), both evaluated once per stock.
  struct Evaluated {
    Mask mask;
    int warmup = 0;
  };
  Result<const Evaluated*> evaluate(const RuleInstance& rule);
  Status add_exit(const RuleInstance& rule, ExitSpec& spec, int& warmup);
  // ATR(period) of the stock with its first defined index (cached: every stack asks for it).
  std::pair<std::span<const double>, int> atr_with_start(int period);

  const Bars* bars_;
  const Bars* bench_;
  std::vector<int> bench_idx_;
  IndicatorCache cache_;
  std::unordered_map<std::string, Evaluated> masks_;  // node-based: pointers stay valid
  Mask base_;                                         // context filters AND preconditions
  int shared_warmup_ = 0;
  // The shared exit_conditions, prepared once (every stack starts from them): their spec
  // (not finalized), the warm-up they add, and the first error they gave (reported by
  // prepare(), after the stack's own entries, as when each stack evaluated them itself).
  ExitSpec shared_exit_spec_;
  int shared_exit_warmup_ = 0;
  Status shared_exit_status_;
  std::vector<std::pair<int, std::pair<std::span<const double>, int>>> atr_starts_;
};

// First index at which `column` is not NaN (size() when never).
int first_defined(std::span<const double> column) noexcept;

}  // namespace kiss
