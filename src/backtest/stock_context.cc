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

namespace {

// out[i] &= in[i] over n bytes. Pointers and length are locals: a byte store through
// Mask::operator[] may alias the vector's own size and data members (uint8_t is a character
// type), which would be reloaded on every byte and block vectorisation.
void and_into(Mask& out, const Mask& in) noexcept {
  const std::size_t n = std::min(out.size(), in.size());
  std::uint8_t* o = out.data();
  const std::uint8_t* m = in.data();
  for (std::size_t i = 0; i < n; ++i) o[i] &= m[i];
}

// align_by_date (util/bars.h), starting the merge at the benchmark's first date >= the stock's
// first date instead of the benchmark's first bar: the index has years of history before most
// stocks start. Same result: dates strictly increase in both series.
std::vector<int> align_dates(const Bars& stock, const Bars& benchmark) {
  std::vector<int> idx(stock.size(), -1);
  if (stock.empty()) return idx;
  std::size_t j = benchmark.lower_bound(stock.date[0]);
  for (std::size_t i = 0; i < stock.size(); ++i) {
    while (j < benchmark.size() && benchmark.date[j] < stock.date[i]) ++j;
    if (j < benchmark.size() && benchmark.date[j] == stock.date[i]) idx[i] = static_cast<int>(j);
  }
  return idx;
}

}  // namespace

StockContext::StockContext(const Bars& bars, const Bars* benchmark, SharedColumns* shared)
    : bars_(&bars),
      bench_(benchmark),
      cache_(shared != nullptr && benchmark != nullptr && shared->benchmark() == benchmark
                 ? shared
                 : nullptr) {
  if (bench_ != nullptr) bench_idx_ = align_dates(bars, *bench_);
}

Result<const StockContext::Evaluated*> StockContext::evaluate(const RuleInstance& rule) {
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
  Evaluated e{std::move(*m), rule_warmup(rule)};
  return &masks_.emplace(std::move(key), std::move(e)).first->second;
}

Result<const Mask*> StockContext::mask(const RuleInstance& rule) {
  auto e = evaluate(rule);
  if (!e) return tl::unexpected(e.error());
  return &(*e)->mask;
}

std::pair<std::span<const double>, int> StockContext::atr_with_start(int period) {
  for (const auto& [p, col] : atr_starts_) {
    if (p == period) return col;
  }
  const std::span<const double> atr = atr_column(input(), cache_, period);
  atr_starts_.emplace_back(period, std::make_pair(atr, first_defined(atr)));
  return atr_starts_.back().second;
}

Status StockContext::add_exit(const RuleInstance& rule, ExitSpec& spec, int& warmup) {
  if (is_level_exit(rule.type)) {
    LevelExit l = to_level_exit(rule);
    std::span<const double> atr;
    if (l.kind == LevelExit::Kind::kStopAtr || l.kind == LevelExit::Kind::kTargetAtr ||
        l.kind == LevelExit::Kind::kChandelier) {
      const auto [col, start] = atr_with_start(l.atr_period);
      atr = col;
      warmup = std::max(warmup, start);
    }
    spec.levels.push_back(std::move(l));
    spec.level_atr.push_back(atr);
    return {};
  }
  auto e = evaluate(rule);
  if (!e) return tl::unexpected(e.error());
  spec.indicator_names.push_back(rule.name);
  spec.indicator_masks.emplace_back((*e)->mask);
  warmup = std::max(warmup, (*e)->warmup);
  return {};
}

Status StockContext::prepare_shared(const RuleSet& rules) {
  base_.assign(bars_->size(), 1);
  int warmup = 0;
  for (const auto* group : {&rules.context_filters, &rules.preconditions}) {
    for (const RuleInstance& r : *group) {
      auto e = evaluate(r);
      if (!e) return tl::unexpected(e.error());
      and_into(base_, (*e)->mask);
      warmup = std::max(warmup, (*e)->warmup);
    }
  }
  shared_warmup_ = warmup;
  // The shared exits are the same for every stack: evaluated here once. An error is kept for
  // prepare(), which reports it where evaluating them per stack did (after the entries).
  shared_exit_spec_ = ExitSpec{};
  shared_exit_warmup_ = 0;
  shared_exit_status_ = {};
  for (const RuleInstance& r : rules.exit_conditions) {
    if (auto s = add_exit(r, shared_exit_spec_, shared_exit_warmup_); !s) {
      shared_exit_status_ = s;
      break;
    }
  }
  return {};
}

Result<PreparedStack> StockContext::prepare(const Stack& stack, const RuleSet&) {
  PreparedStack p;
  p.stack = &stack;
  p.entry = base_;
  int warmup = shared_warmup_;
  for (const RuleInstance& r : stack.entries) {
    auto e = evaluate(r);
    if (!e) return tl::unexpected(e.error());
    and_into(p.entry, (*e)->mask);
    warmup = std::max(warmup, (*e)->warmup);
  }
  if (!shared_exit_status_) return tl::unexpected(shared_exit_status_.error());
  p.exits = shared_exit_spec_;
  warmup = std::max(warmup, shared_exit_warmup_);
  for (const RuleInstance& r : stack.extra_exits) {
    if (auto s = add_exit(r, p.exits, warmup); !s) return tl::unexpected(s.error());
  }
  p.exits.finalize(bars_->size());
  // Sizing: m × ATR of the first ATR stop (its period), else 2 × ATR(14) (docs/metrics.md).
  const int level = p.exits.sizing_level();
  p.atr_multiple = p.exits.atr_multiple();
  const int period = level < 0 ? 14 : p.exits.levels[static_cast<std::size_t>(level)].atr_period;
  const auto [atr, start] = atr_with_start(period);
  p.sizing_atr = atr;
  p.warmup = std::max(warmup, start);
  return p;
}

}  // namespace kiss
