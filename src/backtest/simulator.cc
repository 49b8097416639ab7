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

namespace {

// What entering a trade saves, so that kTraining can drop a trade still open at the window's
// end as if it had never been entered.
struct Undo {
  double cash;
  int held_closes;
  double ret_sum, ret_sq;
};

// The running sums of run_loop and the equity at the last two closes.
struct Sums {
  double prev_eq, prev_prev_eq;
  double ret_sum, ret_sq;
  int held_closes;
};

// A trade still open after the window's last bar, as `mode` requires: sold at the last close
// (kTest), marked as if sold and kept open (kFullData), or undone (kTraining).
void settle_open_trade(const SimInput& in, const SimParams& p, int begin, int end, WindowMode mode,
                       const Undo& undo, const Position& pos, Trade& tr, double& cash, Sums& sums,
                       std::vector<Trade>& trades, std::span<double> equity) {
  const Bars& bars = *in.bars;
  const ExitEngine& ex = *in.exits;
  const double* close = bars.close.data();
  const bool write = !equity.empty();
  const int last = end - 1;
  switch (mode) {
    case WindowMode::kTest: {
      cash += book_sell(p.costs, bars, ex, last, close[static_cast<std::size_t>(last)],
                        ExitReason::kWindowEnd, -1, tr);
      trades.push_back(std::move(tr));
      if (write) equity[static_cast<std::size_t>(last - begin)] = cash;
      if (last > begin) {  // the last return now ends at the cash after the sale
        const double old_r = sums.prev_eq / sums.prev_prev_eq - 1.0;
        const double new_r = cash / sums.prev_prev_eq - 1.0;
        sums.ret_sum += new_r - old_r;
        sums.ret_sq += new_r * new_r - old_r * old_r;
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
      cash = undo.cash;
      if (write) {
        for (int k = pos.entry_index; k < end; ++k) {
          equity[static_cast<std::size_t>(k - begin)] = cash;
        }
      }
      sums.held_closes = undo.held_closes;
      sums.ret_sum = undo.ret_sum;
      sums.ret_sq = undo.ret_sq;
      break;
  }
}

// The shares bought for the signal on bar `signal` filled at `fill`, with `pos` opened; 0 when
// none (no whole share within the risk budget, or the exit engine refuses the position).
std::int64_t open_position(const SimInput& in, const SimParams& p, int signal, double fill,
                           Position& pos) {
  const std::int64_t n = position_size(p.capital, p.risk_pct, in.atr_multiple,
                                       in.sizing_atr[static_cast<std::size_t>(signal)], fill);
  return (n >= 1 && in.exits->open(*in.bars, signal, fill, pos)) ? n : 0;
}

// The loop of simulate() (every Trade recorded, `mode` honoured). It stays one function of about
// a hundred lines on purpose: the bar loop is the hot path of discovery, and its state (cash, the
// open position, the running sums) lives in locals the compiler keeps in registers across bars;
// the steps around it (opening a position, settling the trade still open at the end) are
// functions of their own.
SimSummary run_loop(const SimInput& in, const SimParams& p, int begin, int end, WindowMode mode,
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
  Undo undo{cash, 0, 0.0, 0.0};
  // Equity at the previous close, and at the close before that (window_end rewrites the last).
  double prev_eq = cash, prev_prev_eq = cash;
  // Accumulators in locals (registers), not in `sum`: a store-load chain through memory on
  // every bar costs more than the rest of the loop.
  double ret_sum = 0.0, ret_sq = 0.0;
  int held_closes = 0;

  auto enter = [&](const Position& opened, std::int64_t n) {
    undo = Undo{cash, held_closes, ret_sum, ret_sq};
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
      const std::int64_t n = open_position(in, p, pending_signal, buy_fill(p.costs, bars.open[ti]),
                                           pos);
      if (n >= 1) enter(pos, n);
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
        const std::int64_t n = open_position(in, p, t, buy_fill(p.costs, close[ti]), pos);
        if (n >= 1) enter(pos, n);
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
    Sums sums{prev_eq, prev_prev_eq, ret_sum, ret_sq, held_closes};
    settle_open_trade(in, p, begin, end, mode, undo, pos, tr, cash, sums, trades, equity);
    ret_sum = sums.ret_sum;
    ret_sq = sums.ret_sq;
    held_closes = sums.held_closes;
  }
  sum.ret_sum = ret_sum;
  sum.ret_sq = ret_sq;
  sum.held_closes = held_closes;
  sum.end_cash = (held && mode == WindowMode::kFullData)
                     ? cash + shares * close[static_cast<std::size_t>(end - 1)]
                     : cash;
  return sum;
}

}  // namespace

SimSummary simulate(const SimInput& in, const SimParams& p, int begin, int end, WindowMode mode,
                    double initial_cash, std::vector<Trade>& trades, std::span<double> equity) {
  const std::size_t first = trades.size();
  SimSummary s = run_loop(in, p, begin, end, mode, initial_cash, trades, equity);
  for (std::size_t i = first; i < trades.size(); ++i) {
    if (trades[i].open) continue;
    ++s.closed;
    if (trades[i].net_return > 0.0) ++s.wins;
  }
  return s;
}

// --- training windows ---------------------------------------------------------------------

TrainingSimulator::TrainingSimulator(const SimInput& in, const SimParams& p)
    : in_(in), p_(p), slot_(in.bars->size(), -1) {}

const TrainingSimulator::Plan& TrainingSimulator::plan(int s) {
  int& slot = slot_[static_cast<std::size_t>(s)];
  if (slot >= 0) return plans_[static_cast<std::size_t>(slot)];
  // The fill and the exit checks of simulate(), for a signal on bar s taken from flat.
  const Bars& bars = *in_.bars;
  const ExitEngine& ex = *in_.exits;
  const int n = static_cast<int>(bars.size());
  Plan pl;
  const int f = ex.entry_index(s);  // the fill bar (s + 1 < n: signals stop before the last bar)
  const auto fi = static_cast<std::size_t>(f);
  const double fill = buy_fill(p_.costs, ex.execution() == Execution::kNextOpen ? bars.open[fi]
                                                                                : bars.close[fi]);
  const std::int64_t shares = position_size(p_.capital, p_.risk_pct, in_.atr_multiple,
                                            in_.sizing_atr[static_cast<std::size_t>(s)], fill);
  Position pos;
  if (shares >= 1 && ex.open(bars, s, fill, pos)) {
    pl.traded = true;
    pl.entry_index = pos.entry_index;
    pl.shares = static_cast<double>(shares);
    const double value = static_cast<double>(shares) * pos.fill;  // book_buy
    const double bought_costs = buy_costs(p_.costs, value);
    pl.entry_cost = value + bought_costs;
    pl.exit_index = n;  // never exits: open at the end of every window
    for (int t = ex.first_check(pos); t < n; ++t) {
      const ExitDecision d = ex.step(pos, bars, t);
      if (!d.exits()) continue;
      pl.exit_index = t;
      const double sold = pl.shares * sell_fill(p_.costs, d.raw_price);  // book_sell
      const double costs = sell_costs(p_.costs, sold);
      pl.proceeds = sold - costs;
      pl.win = net_return(value, bought_costs, sold, costs) > 0.0;  // Trade::net_return
      break;
    }
  }
  slot = static_cast<int>(plans_.size());
  plans_.push_back(pl);
  return plans_.back();
}

SimSummary TrainingSimulator::run(int begin, int end, double initial_cash) {
  const bool next_open = in_.exits->execution() == Execution::kNextOpen;
  const double* close = in_.bars->close.data();
  const std::uint8_t* entry = in_.entry.data();
  SimSummary sum;
  sum.returns = std::max(0, end - begin - 1);
  double cash = initial_cash;
  // Equity at the last close accounted for. Flat closes keep it at the cash, so their returns
  // are exact zeros, which leave the sums unchanged and are skipped.
  double prev_eq = cash;
  double ret_sum = 0.0, ret_sq = 0.0;
  int held_closes = 0, closed = 0, wins = 0;
  int scan = begin;  // the first bar that may signal (flat at its close)
  while (true) {
    const int s = next_signal(entry, scan, end - 1);  // none on the last bar: no fill
    if (s >= end - 1) break;
    const Plan pl = plan(s);  // a copy: plan() below may grow plans_
    if (!pl.traded) {         // no fill (0 shares, undefined ATR): flat, the next bar may signal
      scan = s + 1;
      continue;
    }
    const int x = pl.exit_index;
    // Still open at the window's last bar: dropped as if never entered (kTraining), so the
    // curve stays flat from its entry on; nothing after it can trade.
    if (x >= end) break;
    // Held from the fill (cash paid) through the close before the exit bar.
    const double held_cash = cash - pl.entry_cost;
    for (int u = pl.entry_index; u < x; ++u) {
      const double eq = held_cash + pl.shares * close[static_cast<std::size_t>(u)];
      if (u > begin) {
        const double r = eq / prev_eq - 1.0;
        ret_sum += r;
        ret_sq += r * r;
      }
      prev_eq = eq;
    }
    held_closes += x - pl.entry_index;
    cash = held_cash + pl.proceeds;
    ++closed;
    if (pl.win) ++wins;
    // The exit bar x: a new signal on its close. With `close` execution it fills at once, and
    // that trade's own loop accounts for x (its entry bar); if it is dropped at the window's end,
    // simulate() restores the sums from before x's return, so x adds nothing either.
    scan = x;
    if (!next_open && entry[x] && x + 1 < end && plan(x).traded) continue;
    const double r = cash / prev_eq - 1.0;  // x > begin: the entry bar is >= begin
    ret_sum += r;
    ret_sq += r * r;
    prev_eq = cash;
  }
  sum.ret_sum = ret_sum;
  sum.ret_sq = ret_sq;
  sum.held_closes = held_closes;
  sum.closed = closed;
  sum.wins = wins;
  sum.end_cash = cash;
  return sum;
}

SimSummary simulate_summary(const SimInput& in, const SimParams& p, int begin, int end,
                            double initial_cash) {
  TrainingSimulator sim(in, p);
  return sim.run(begin, end, initial_cash);
}

}  // namespace kiss
