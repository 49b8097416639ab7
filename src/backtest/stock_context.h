// One stock's evaluated columns (SPEC §6.2, DESIGN "compute once"): every rule is evaluated
// once over the whole history into a mask, each stack's entry mask is AND-ed once, and every
// window then slices the same columns. Used by discovery, `backtest` and the position book.
#pragma once
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
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
  Stack stack;
  std::string name;                     // Stack::name()
  std::vector<std::string> rule_names;  // Stack::rule_names()
  Mask entry;                           // entries AND context filters AND preconditions
  ExitSpec exits;                       // shared exit_conditions + the stack's extra exits
  std::span<const double> sizing_atr;   // ATR(period of the first ATR stop, else 14)
  double atr_multiple = 2.0;
  int warmup = 0;                       // first bar where every input of the stack is defined
};

class StockContext {
 public:
  // `bars` and `benchmark` (may be null) must outlive the context.
  StockContext(const Bars& bars, const Bars* benchmark);
  StockContext(const StockContext&) = delete;
  StockContext& operator=(const StockContext&) = delete;

  // Evaluates the shared parts of `rules` (context filters AND preconditions, shared exits).
  // Errors name the rule (e.g. a market filter without a benchmark).
  Status prepare_shared(const RuleSet& rules);
  // Requires prepare_shared. Builds the entry mask and exits of `stack`.
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
  Status add_exit(const RuleInstance& rule, ExitSpec& spec, int& warmup);

  const Bars* bars_;
  const Bars* bench_;
  std::vector<int> bench_idx_;
  IndicatorCache cache_;
  std::unordered_map<std::string, Mask> masks_;  // node-based: pointers stay valid
  Mask base_;                                     // context filters AND preconditions
  int shared_warmup_ = 0;
  std::vector<const RuleInstance*> shared_exits_;
};

// First index at which `column` is not NaN (size() when never).
int first_defined(std::span<const double> column) noexcept;

}  // namespace kiss
