#include "track/replay.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "backtest/costs.h"
#include "backtest/discovery.h"
#include "daily/book.h"
#include "daily/events.h"
#include "daily/prices.h"
#include "signals/daily.h"
#include "signals/position_book.h"

namespace kiss::track {

namespace {

// Bars of `b` dated on or before `d`.
int bars_until(const Bars& b, Date d) {
  return static_cast<int>(std::upper_bound(b.date.begin(), b.date.end(), d) - b.date.begin());
}

// The bars of `b` dated on or before `last` (what `run --freeze-data last` loads).
Bars prefix(const Bars& b, Date last) {
  const int n = bars_until(b, last);
  const auto cut = [n](const auto& v) { return std::vector(v.begin(), v.begin() + n); };
  Bars out;
  out.symbol = b.symbol;
  out.date = cut(b.date);
  out.open = cut(b.open);
  out.high = cut(b.high);
  out.low = cut(b.low);
  out.close = cut(b.close);
  out.volume = cut(b.volume);
  return out;
}

// What plan_day needs of a result: the signal and the figures that qualify it. The rest (every
// tested stack, the windows, the out-of-sample trades and equity) is dropped to keep the
// replay's memory small; plan_day never reads it.
void trim(StockResult& r) {
  r.tested.clear();
  r.tested.shrink_to_fit();
  r.windows.clear();
  r.windows.shrink_to_fit();
  r.equity.clear();
  r.equity.shrink_to_fit();
  r.equity_dates.clear();
  r.equity_dates.shrink_to_fit();
  r.result.trades.clear();
  r.result.trades.shrink_to_fit();
  r.warnings.clear();
}

// One stock's full discoveries: the days (indices into `days`) whose result plan_day may act
// on, each with the result `run --freeze-data day` computes for the stock.
struct StockDays {
  std::vector<std::pair<std::size_t, StockResult>> results;
  Status status;
};

// The results of one stock over every day. Fast path: the scanner gives the latest window's
// stack and today's entry; a day without an entry cannot give a NEW BUY whatever the stored
// figures, so only a day with an entry (or one the scanner cannot answer exactly) runs the full
// discovery on the truncated bars. Slow path: the full discovery every day.
StockDays stock_days(const Inputs& in, const Bars& stock, const std::vector<Date>& days) {
  StockDays out;
  std::unique_ptr<LatestSignalScanner> scanner;
  if (in.fast) {
    auto s = LatestSignalScanner::create(stock, in.benchmark, *in.rules, *in.config);
    if (!s) {
      out.status = tl::unexpected(s.error());
      return out;
    }
    scanner = std::move(*s);
  }
  for (std::size_t k = 0; k < days.size(); ++k) {
    const Date d = days[k];
    const int n = bars_until(stock, d);
    if (n == 0) continue;  // no bar yet: `run` does not analyse the stock
    if (in.fast) {
      // Without a bar on d the stock's "today" is an earlier day: never a NEW BUY on d.
      if (stock.date[static_cast<std::size_t>(n - 1)] != d) continue;
      auto latest = scanner->at(n);
      if (!latest) {
        out.status = tl::unexpected(latest.error());
        return out;
      }
      if (latest->exact && !latest->today.entry) continue;
    }
    const Bars bars = prefix(stock, d);
    std::optional<Bars> bench;
    if (in.benchmark) bench = prefix(*in.benchmark, d);
    auto r = discover_stock(bars, bench ? &*bench : nullptr, *in.rules, *in.config);
    if (!r) {
      out.status = tl::unexpected(r.error());
      return out;
    }
    trim(*r);
    out.results.emplace_back(k, std::move(*r));
  }
  return out;
}

// Every stock's results, `jobs` threads, each stock in its own slot.
Result<std::vector<std::vector<StockResult>>> results_by_day(const Inputs& in,
                                                             const std::vector<Date>& days,
                                                             const Progress& progress, int total) {
  std::vector<StockDays> slots(in.stocks.size());
  std::atomic<int> done{0};
  std::mutex progress_mutex;
  tbb::task_arena arena(std::max(1, in.jobs));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, in.stocks.size(), 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t i = range.begin(); i != range.end(); ++i) {
                          slots[i] = stock_days(in, *in.stocks[i], days);
                          const int k = ++done;
                          if (progress) {
                            std::lock_guard<std::mutex> lock(progress_mutex);
                            progress(k, total);
                          }
                        }
                      });
  });
  std::vector<std::vector<StockResult>> by_day(days.size());
  for (StockDays& s : slots) {
    if (!s.status) return tl::unexpected(s.status.error());
    for (auto& [k, r] : s.results) by_day[k].push_back(std::move(r));
  }
  return by_day;
}

// The close of `b` on the last bar dated on or before `d` (NaN before its first bar).
double close_on(const Bars& b, Date d) {
  const int n = bars_until(b, d);
  return n == 0 ? std::numeric_limits<double>::quiet_NaN()
                : b.close[static_cast<std::size_t>(n - 1)];
}

// The equal-weight buy-and-hold of the universe: every stock with a bar on or before the first
// day, bought at that close with an equal share of the capital, held to the end.
class BuyHold {
 public:
  BuyHold(const std::vector<const Bars*>& stocks, Date first, double capital) : capital_(capital) {
    for (const Bars* s : stocks) {
      const double base = close_on(*s, first);
      if (!std::isnan(base)) held_.emplace_back(s, base);
    }
  }
  double value(Date d) const {
    if (held_.empty()) return capital_;
    double sum = 0;
    for (const auto& [s, base] : held_) sum += close_on(*s, d) / base;
    return capital_ * sum / static_cast<double>(held_.size());
  }

 private:
  double capital_;
  std::vector<std::pair<const Bars*, double>> held_;
};

// The book's row of the day: the plan's money, and the positions marked at the close.
DayRow day_row(Date d, const signals::DayPlan& plan, const Costs& costs) {
  DayRow row;
  row.date = d;
  row.cash = plan.money.cash;
  row.book_equity = plan.money.equity;
  row.open_positions = plan.money.open_positions;
  double reserved = 0;  // PENDING positions: their estimated cost is still cash, set aside
  for (const signals::OpenPosition& p : plan.open_positions) {
    if (p.status == "PENDING") {
      reserved += signals::buy_cost_total(costs, p.shares, buy_fill(costs, p.current_price));
    } else {
      row.held_value += static_cast<double>(p.shares) * p.current_price;
    }
  }
  for (const signals::PositionToSell& p : plan.to_sell) {
    if (p.exit_due) row.held_value += static_cast<double>(p.shares) * p.exit_price;
    else ++row.sales;
  }
  for (const signals::NewBuy& b : plan.new_buys) reserved += b.estimated_cost;
  row.new_buys = static_cast<int>(plan.inserts.size());
  row.equity = row.cash + reserved + row.held_value;
  return row;
}

// The book as `run` stores it after the day: updates replace their row, inserts get the next
// id; read back by symbol, signal date and id (store::positions_signalled_until's order).
void apply(const signals::DayPlan& plan, std::vector<BookPosition>& book, std::int64_t& next_id) {
  for (const BookPosition& u : plan.updates) {
    for (BookPosition& p : book) {
      if (p.id == u.id) p = u;
    }
  }
  for (BookPosition p : plan.inserts) {
    p.id = next_id++;
    book.push_back(std::move(p));
  }
  std::stable_sort(book.begin(), book.end(), [](const BookPosition& a, const BookPosition& b) {
    if (a.symbol != b.symbol) return a.symbol < b.symbol;
    if (a.signal_date != b.signal_date) return a.signal_date < b.signal_date;
    return a.id < b.id;
  });
}

}  // namespace

std::vector<Date> trading_days(const std::vector<const Bars*>& stocks, Date from, Date to) {
  std::vector<Date> days;
  for (const Bars* s : stocks) {
    for (Date d : s->date) {
      if (d >= from && d <= to) days.push_back(d);
    }
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

// One screen and a half: the day loop is the daily loop's steps in order, kept together so
// the correspondence with run.cc/book.cc can be read in one place.
Result<Record> replay(const Inputs& in, const Progress& progress) {
  const std::vector<Date> days = trading_days(in.stocks, in.from, in.to);
  if (days.empty()) {
    return make_error("no trading day between " + format_date(in.from) + " and " +
                      format_date(in.to) + ": no stock of the universe has a bar then");
  }
  const int total = static_cast<int>(in.stocks.size() + days.size());
  auto by_day = results_by_day(in, days, progress, total);
  if (!by_day) return tl::unexpected(by_day.error());

  const Config& config = *in.config;
  const BuyHold buy_hold(in.stocks, days.front(), config.portfolio_initial_capital);
  Record rec;
  std::vector<BookPosition> book;
  std::int64_t next_id = 1;
  std::optional<Date> previous;
  daily::Events quiet;
  std::map<std::string, const Bars*> stock_of;
  for (const Bars* s : in.stocks) stock_of[s->symbol] = s;
  for (std::size_t k = 0; k < days.size(); ++k) {
    const Date d = days[k];
    // The market of `run --freeze-data d`, as the book's selection sees it: the stocks with a
    // bar on or before d.
    daily::Market market;
    for (const Bars* s : in.stocks) {
      if (!s->empty() && s->date.front() <= d) market.bars_of[s->symbol] = s;
    }
    daily::BookSelection selected = daily::select_positions(book, market, previous, d + 1, quiet);
    // The bars plan_day reads (up to d): the live positions' and the day's signals' stocks.
    std::map<std::string, Bars> owned;
    for (const BookPosition& p : selected.live)
      owned.emplace(p.symbol, prefix(*stock_of.at(p.symbol), d));
    for (const StockResult& r : (*by_day)[k]) {
      if (r.today.entry) owned.emplace(r.symbol, prefix(*stock_of.at(r.symbol), d));
    }
    std::optional<Bars> bench;
    if (in.benchmark) bench = prefix(*in.benchmark, d);

    signals::DayInput day;
    day.data_date = d;
    day.results = &(*by_day)[k];
    for (const auto& [symbol, bars] : owned) day.bars[symbol] = &bars;
    day.benchmark = bench && !bench->empty() ? &*bench : nullptr;
    day.rules = in.rules;
    day.config = in.config;
    day.min_trades = config.min_trades_threshold;
    day.positions = std::move(selected.live);
    day.settled = std::move(selected.settled);
    auto plan = signals::plan_day(day);
    if (!plan) return tl::unexpected(plan.error());
    apply(*plan, book, next_id);

    DayRow row = day_row(d, *plan, config.costs);
    row.nifty = in.benchmark ? close_on(*in.benchmark, d)
                             : std::numeric_limits<double>::quiet_NaN();
    row.buy_hold = buy_hold.value(d);
    rec.days.push_back(row);
    previous = d;
    if (progress) progress(static_cast<int>(in.stocks.size() + k + 1), total);
  }
  rec.positions = std::move(book);
  return rec;
}

}  // namespace kiss::track
