#include "cli/book_mapping.h"

#include <cmath>

#include "config/settings_snapshot.h"

namespace kiss::cli {

store::StrategyRecord to_strategy_record(const StockResult& r, const Config& config) {
  const Metrics& m = r.result.metrics;
  store::StrategyRecord s;
  s.symbol = r.symbol;
  s.rule_stack = r.result.rule_names;
  s.edge_score = m.edge_score;
  s.win_pct = m.win_pct;
  s.sharpe = m.sharpe;
  s.total_trades = m.total_trades;
  s.avg_return = m.avg_return;
  s.config_snapshot = settings_snapshot_json(config);
  s.config_hash = config.hash;
  s.sortino = m.sortino;
  s.max_drawdown_pct = m.max_drawdown_pct;
  s.cagr_pct = m.cagr_pct;
  // An infinite profit factor (no losing trade) cannot be stored as a REAL: NULL means "n/a".
  if (std::isfinite(m.profit_factor)) s.profit_factor = m.profit_factor;
  s.expectancy = m.expectancy;
  s.exposure_pct = m.exposure_pct;
  s.avg_bars_held = m.avg_bars_held;
  s.alpha_pct = m.alpha_pct;
  s.beat_benchmark_pct = m.beat_benchmark_pct;
  s.target_hit_pct = m.target_hit_pct;
  s.deflated_sharpe = m.deflated_sharpe;
  s.in_sample = r.in_sample;
  std::int64_t test_windows = 0;
  for (const WindowResult& w : r.windows) {
    if (w.test_end > w.test_begin) ++test_windows;
  }
  s.oos_windows = test_windows;
  if (!r.equity_dates.empty()) {
    s.oos_start = r.equity_dates.front();
    s.oos_end = r.equity_dates.back();
  }
  return s;
}

namespace {
signals::Status to_book_status(store::PositionStatus s) {
  switch (s) {
    case store::PositionStatus::kPending: return signals::Status::kPending;
    case store::PositionStatus::kOpen: return signals::Status::kOpen;
    case store::PositionStatus::kClosed: return signals::Status::kClosed;
  }
  return signals::Status::kPending;
}
store::PositionStatus to_row_status(signals::Status s) {
  switch (s) {
    case signals::Status::kPending: return store::PositionStatus::kPending;
    case signals::Status::kOpen: return store::PositionStatus::kOpen;
    case signals::Status::kClosed: return store::PositionStatus::kClosed;
  }
  return store::PositionStatus::kPending;
}
}  // namespace

signals::BookPosition to_book(const store::Position& p) {
  signals::BookPosition b;
  b.id = p.id;
  b.symbol = p.symbol;
  b.status = to_book_status(p.status);
  b.signal_date = p.signal_date;
  b.entry_date = p.entry_date;
  b.entry_price = p.entry_price;
  b.exit_date = p.exit_date;
  b.exit_price = p.exit_price;
  b.rule_stack = p.rule_stack_used;
  b.exit_reason = p.exit_reason;
  b.final_return_pct = p.final_return_pct;
  b.final_nifty_return_pct = p.final_nifty_return_pct;
  b.days_held = p.days_held;
  b.shares = p.shares;
  b.stop_level = p.stop_level;
  b.target_level = p.target_level;
  return b;
}

std::vector<signals::BookPosition> to_book(const std::vector<store::Position>& rows) {
  std::vector<signals::BookPosition> out;
  out.reserve(rows.size());
  for (const store::Position& p : rows) out.push_back(to_book(p));
  return out;
}

store::Position to_row(const signals::BookPosition& b) {
  store::Position p;
  p.id = b.id;
  p.symbol = b.symbol;
  p.status = to_row_status(b.status);
  p.signal_date = b.signal_date;
  p.entry_date = b.entry_date;
  p.entry_price = b.entry_price;
  p.exit_date = b.exit_date;
  p.exit_price = b.exit_price;
  p.rule_stack_used = b.rule_stack;
  p.exit_reason = b.exit_reason;
  p.final_return_pct = b.final_return_pct;
  p.final_nifty_return_pct = b.final_nifty_return_pct;
  p.days_held = b.days_held;
  p.shares = b.shares;
  p.stop_level = b.stop_level;
  p.target_level = b.target_level;
  return p;
}

}  // namespace kiss::cli
