#include "backtest/simulator.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "backtest/costs.h"

namespace kiss {

std::int64_t position_size(double capital, double risk_pct, double atr_multiple, double atr,
                           double fill) noexcept {
  if (std::isnan(atr) || !(fill > 0.0) || !(capital > 0.0)) return 0;
  const double cap = std::floor(capital / fill);
  double shares = cap;
  const double risk = atr_multiple * atr;
  if (risk > 0.0) shares = std::min(cap, std::floor(capital * risk_pct / risk));
  if (!(shares >= 1.0)) return 0;
  return static_cast<std::int64_t>(shares);
}

namespace {

// Fills the buy side of a trade and returns the cash it costs.
double book_buy(const Costs& c, const Bars& bars, const Position& pos, std::int64_t shares,
                Trade& tr) {
  const auto s = static_cast<std::size_t>(pos.signal_index);
  const auto e = static_cast<std::size_t>(pos.entry_index);
  tr = Trade{};
  tr.signal_index = pos.signal_index;
  tr.signal_date = bars.date[s];
  tr.entry_index = pos.entry_index;
  tr.entry_date = bars.date[e];
  tr.entry_price = pos.fill;
  tr.shares = shares;
  const double value = static_cast<double>(shares) * pos.fill;
  tr.buy_costs = buy_costs(c, value);
  tr.stop_level = std::isfinite(pos.stop) ? pos.stop : 0.0;
  tr.target_level = std::isfinite(pos.target) ? pos.target : 0.0;
  return value + tr.buy_costs;
}

// Fills the sell side at `raw` (before slippage); returns the cash it brings.
double book_sell(const Costs& c, const Bars& bars, const ExitEngine& ex, int t, double raw,
                 ExitReason reason, int rule, Trade& tr) {
  const double px = sell_fill(c, raw);
  const double shares = static_cast<double>(tr.shares);
  const double buy_value = shares * tr.entry_price;
  const double value = shares * px;
  tr.exit_index = t;
  tr.exit_date = bars.date[static_cast<std::size_t>(t)];
  tr.exit_price = px;
  tr.reason = reason;
  tr.exit_reason = exit_reason_text(ex.spec(), reason, rule);
  tr.sell_costs = sell_costs(c, value);
  tr.net_return = net_return(buy_value, tr.buy_costs, value, tr.sell_costs);
  tr.pnl = (value - tr.sell_costs) - (buy_value + tr.buy_costs);
  tr.bars_held = ex.execution() == Execution::kNextOpen ? t - tr.entry_index + 1
                                                        : t - tr.entry_index;
  return value - tr.sell_costs;
}

}  // namespace

namespace {

// First t in [t, limit) with entry[t] != 0, else limit.
int next_signal(const std::uint8_t* entry, int t, int limit) noexcept {
  while (t < limit && (t & 7) != 0) {
    if (entry[t]) return t;
    ++t;
  }
  while (t + 8 <= limit) {
    std::uint64_t w;
    std::memcpy(&w, entry + t, 8);
    if (w != 0) break;
    t += 8;
  }
  while (t < limit && !entry[t]) ++t;
  return t;
}

}  // namespace

SimSummary simulate(const SimInput& in, const SimParams& p, int begin, int end, WindowMode mode,
                    double initial_cash, std::vector<Trade>& trades, std::span<double> equity) {
  const Bars& bars = *in.bars;
  const ExitEngine& ex = *in.exits;
  const bool next_open = ex.execution() == Execution::kNextOpen;
  const double* close = bars.close.data();
  const std::uint8_t* entry = in.entry.data();
  const bool write = !equity.empty();

  SimSummary sum;
  sum.returns = std::max(0, end - begin - 1);
  double cash = initial_cash;
  bool held = false;
  int pending_signal = -1;  // next_open: signal bar whose fill is at the next open
  Position pos;
  Trade tr;
  double shares = 0.0;
  // Undo data for kTraining (an open trade at the end is removed as if never entered).
  double cash_before_entry = cash;
  int held_closes_before_entry = 0;
  double ret_sum_before_entry = 0.0, ret_sq_before_entry = 0.0;
  // Equity at the previous close, and at the close before that (window_end rewrites the last).
  double prev_eq = cash, prev_prev_eq = cash;
  // Accumulators in locals (registers), not in `sum`: a store-load chain through memory on
  // every bar costs more than the rest of the loop.
  double ret_sum = 0.0, ret_sq = 0.0;
  int held_closes = 0;

  auto enter = [&](const Position& opened, std::int64_t n) {
    cash_before_entry = cash;
    held_closes_before_entry = held_closes;
    ret_sum_before_entry = ret_sum;
    ret_sq_before_entry = ret_sq;
    cash -= book_buy(p.costs, bars, opened, n, tr);
    shares = static_cast<double>(n);
    held = true;
  };

  int t = begin;
  while (t < end) {
    if (!held && pending_signal < 0) {
      // Flat: the equity stays at the cash (returns exactly 0) until the next signal bar. A
      // signal on the last bar has no fill, so the scan stops before it.
      const int s = next_signal(entry, t, end - 1);
      if (write) {
        std::fill(equity.begin() + (t - begin), equity.begin() + (s - begin), cash);
      }
      if (s > t) {
        prev_prev_eq = cash;
        prev_eq = cash;
      }
      if (s >= end - 1) {
        if (write && end - 1 >= t) equity[static_cast<std::size_t>(end - 1 - begin)] = cash;
        break;
      }
      t = s;
    }
    const auto ti = static_cast<std::size_t>(t);
    if (pending_signal >= 0) {  // fill at this open
      const double fill = buy_fill(p.costs, bars.open[ti]);
      const std::int64_t n = position_size(p.capital, p.risk_pct, in.atr_multiple,
                                           in.sizing_atr[static_cast<std::size_t>(pending_signal)],
                                           fill);
      if (n >= 1 && ex.open(bars, pending_signal, fill, pos)) enter(pos, n);
      pending_signal = -1;
    }
    if (held && t >= ex.first_check(pos)) {
      const ExitDecision d = ex.step(pos, bars, t);
      if (d.exits()) {
        cash += book_sell(p.costs, bars, ex, t, d.raw_price, d.reason, d.rule, tr);
        trades.push_back(std::move(tr));
        held = false;
      }
    }
    // A new signal on this close (also right after an exit on this bar); none on the last bar.
    if (!held && entry[ti] && t + 1 < end) {
      if (next_open) {
        pending_signal = t;
      } else {
        const double fill = buy_fill(p.costs, close[ti]);
        const std::int64_t n =
            position_size(p.capital, p.risk_pct, in.atr_multiple, in.sizing_atr[ti], fill);
        if (n >= 1 && ex.open(bars, t, fill, pos)) enter(pos, n);
      }
    }
    double eq = cash;
    if (held) {
      ++held_closes;
      eq += shares * close[ti];
    }
    if (write) equity[static_cast<std::size_t>(t - begin)] = eq;
    if (t > begin) {
      const double r = eq / prev_eq - 1.0;
      ret_sum += r;
      ret_sq += r * r;
    }
    prev_prev_eq = prev_eq;
    prev_eq = eq;
    ++t;
  }

  if (held) {
    const int last = end - 1;
    switch (mode) {
      case WindowMode::kTest: {
        cash += book_sell(p.costs, bars, ex, last, close[static_cast<std::size_t>(last)],
                          ExitReason::kWindowEnd, -1, tr);
        trades.push_back(std::move(tr));
        if (write) equity[static_cast<std::size_t>(last - begin)] = cash;
        if (last > begin) {  // the last return now ends at the cash after the sale
          const double old_r = prev_eq / prev_prev_eq - 1.0;
          const double new_r = cash / prev_prev_eq - 1.0;
          ret_sum += new_r - old_r;
          ret_sq += new_r * new_r - old_r * old_r;
        }
        break;
      }
      case WindowMode::kFullData:
        // Marked as if sold at the last close; excluded from closed-trade statistics.
        book_sell(p.costs, bars, ex, last, close[static_cast<std::size_t>(last)],
                  ExitReason::kEndOfData, -1, tr);
        tr.open = true;
        trades.push_back(std::move(tr));
        break;
      case WindowMode::kTraining:
        // The open trade is excluded from the window's statistics: as if never entered.
        cash = cash_before_entry;
        if (write) {
          for (int k = pos.entry_index; k < end; ++k) {
            equity[static_cast<std::size_t>(k - begin)] = cash;
          }
        }
        held_closes = held_closes_before_entry;
        ret_sum = ret_sum_before_entry;
        ret_sq = ret_sq_before_entry;
        break;
    }
  }
  sum.ret_sum = ret_sum;
  sum.ret_sq = ret_sq;
  sum.held_closes = held_closes;
  sum.end_cash = (held && mode == WindowMode::kFullData)
                     ? cash + shares * close[static_cast<std::size_t>(end - 1)]
                     : cash;
  return sum;
}

}  // namespace kiss
