#include "backtest/stock_context.h"

#include <algorithm>
#include <cmath>

namespace kiss {

int first_defined(std::span<const double> column) noexcept {
  for (std::size_t i = 0; i < column.size(); ++i) {
    if (!std::isnan(column[i])) return static_cast<int>(i);
  }
  return static_cast<int>(column.size());
}

StockContext::StockContext(const Bars& bars, const Bars* benchmark)
    : bars_(&bars), bench_(benchmark) {
  if (bench_ != nullptr) bench_idx_ = align_by_date(bars, *bench_);
}

Result<const Mask*> StockContext::mask(const RuleInstance& rule) {
  std::string key = rule.name;
  key += '\x1f';
  key += rule.type;
  auto it = masks_.find(key);
  if (it != masks_.end()) return &it->second;
  auto m = evaluate_signal(rule, input(), cache_);
  if (!m) return tl::unexpected(m.error());
  if (m->size() != bars_->size()) {
    return make_error("rule '" + rule.name + "' produced " + std::to_string(m->size()) +
                          " values for " + std::to_string(bars_->size()) + " bars",
                      {}, rule.line, 0, rule.name);
  }
  return &masks_.emplace(std::move(key), std::move(*m)).first->second;
}

Status StockContext::add_exit(const RuleInstance& rule, ExitSpec& spec, int& warmup) {
  if (is_level_exit(rule.type)) {
    LevelExit l = to_level_exit(rule);
    std::span<const double> atr;
    if (l.kind == LevelExit::Kind::kStopAtr || l.kind == LevelExit::Kind::kTargetAtr ||
        l.kind == LevelExit::Kind::kChandelier) {
      const RuleInput in = input();
      atr = atr_column(in, cache_, l.atr_period);
      warmup = std::max(warmup, first_defined(atr));
    }
    spec.levels.push_back(std::move(l));
    spec.level_atr.push_back(atr);
    return {};
  }
  auto m = mask(rule);
  if (!m) return tl::unexpected(m.error());
  spec.indicator_names.push_back(rule.name);
  spec.indicator_masks.emplace_back(**m);
  warmup = std::max(warmup, rule_warmup(rule));
  return {};
}

Status StockContext::prepare_shared(const RuleSet& rules) {
  base_.assign(bars_->size(), 1);
  int warmup = 0;
  for (const auto* group : {&rules.context_filters, &rules.preconditions}) {
    for (const RuleInstance& r : *group) {
      auto m = mask(r);
      if (!m) return tl::unexpected(m.error());
      const Mask& mm = **m;
      for (std::size_t i = 0; i < base_.size(); ++i) base_[i] &= mm[i];
      warmup = std::max(warmup, rule_warmup(r));
    }
  }
  shared_exits_.clear();
  for (const RuleInstance& r : rules.exit_conditions) shared_exits_.push_back(&r);
  shared_warmup_ = warmup;
  return {};
}

Result<PreparedStack> StockContext::prepare(const Stack& stack, const RuleSet&) {
  PreparedStack p;
  p.stack = stack;
  p.name = stack.name();
  p.rule_names = stack.rule_names();
  p.entry = base_;
  int warmup = shared_warmup_;
  for (const RuleInstance& r : stack.entries) {
    auto m = mask(r);
    if (!m) return tl::unexpected(m.error());
    const Mask& mm = **m;
    for (std::size_t i = 0; i < p.entry.size(); ++i) p.entry[i] &= mm[i];
    warmup = std::max(warmup, rule_warmup(r));
  }
  for (const RuleInstance* r : shared_exits_) {
    if (auto s = add_exit(*r, p.exits, warmup); !s) return tl::unexpected(s.error());
  }
  for (const RuleInstance& r : stack.extra_exits) {
    if (auto s = add_exit(r, p.exits, warmup); !s) return tl::unexpected(s.error());
  }
  p.exits.finalize(bars_->size());
  // Sizing: m × ATR of the first ATR stop (its period), else 2 × ATR(14) (SPEC §5.3).
  const int level = p.exits.sizing_level();
  p.atr_multiple = p.exits.atr_multiple();
  const int period = level < 0 ? 14 : p.exits.levels[static_cast<std::size_t>(level)].atr_period;
  const RuleInput in = input();
  p.sizing_atr = atr_column(in, cache_, period);
  p.warmup = std::max(warmup, first_defined(p.sizing_atr));
  return p;
}

}  // namespace kiss
