#include "track/figures.h"

#include <cmath>
#include <cstddef>
#include <limits>

namespace kiss::track {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The figures of values[i] on dates[i], from the first defined (non-NaN) value.
SeriesFigures series_figures(const std::vector<Date>& dates, const std::vector<double>& values) {
  SeriesFigures f;
  std::size_t b = 0;
  while (b < values.size() && std::isnan(values[b])) ++b;
  if (values.size() < b + 2) return f;
  f.defined = true;
  f.start = values[b];
  f.end = values.back();
  const double returns = static_cast<double>(values.size() - b - 1);
  f.total_return_pct = (f.end / f.start - 1.0) * 100.0;
  f.cagr_pct = (std::pow(f.end / f.start, 252.0 / returns) - 1.0) * 100.0;
  double peak = values[b];
  Date peak_date = dates[b];
  double sum = 0, sq = 0;
  for (std::size_t i = b; i < values.size(); ++i) {
    if (values[i] > peak) {
      peak = values[i];
      peak_date = dates[i];
    }
    const double dd = (1.0 - values[i] / peak) * 100.0;
    if (dd > f.max_drawdown_pct) {
      f.max_drawdown_pct = dd;
      f.drawdown_peak = peak_date;
      f.drawdown_trough = dates[i];
    }
    if (i > b) {
      const double r = values[i] / values[i - 1] - 1.0;
      sum += r;
      sq += r * r;
    }
  }
  const double mean = sum / returns;
  if (returns >= 2) {
    const double var = (sq - returns * mean * mean) / (returns - 1.0);
    if (var > 0) f.sharpe = mean / std::sqrt(var) * std::sqrt(252.0);
  }
  return f;
}

}  // namespace

Figures compute_figures(const Record& record) {
  Figures f;
  std::vector<Date> dates;
  std::vector<double> book, nifty, bh;
  double exposure = 0, equity_sum = 0;
  for (const DayRow& d : record.days) {
    dates.push_back(d.date);
    book.push_back(d.equity);
    nifty.push_back(d.nifty);
    bh.push_back(d.buy_hold);
    exposure += d.equity > 0 ? d.held_value / d.equity : 0.0;
    equity_sum += d.equity;
  }
  f.days = static_cast<int>(record.days.size());
  if (f.days == 0) return f;
  f.first = dates.front();
  f.last = dates.back();
  f.book = series_figures(dates, book);
  f.nifty = series_figures(dates, nifty);
  f.buy_hold = series_figures(dates, bh);
  f.exposure_pct = exposure / f.days * 100.0;
  double traded = 0, wins = 0, returns = 0;
  for (const BookPosition& p : record.positions) {
    const double shares = static_cast<double>(p.shares.value_or(0));
    if (p.entry_date && p.entry_price) traded += shares * *p.entry_price;
    if (p.status == PositionStatus::kClosed) {
      ++f.trades;
      if (p.exit_price) traded += shares * *p.exit_price;
      const double r = p.final_return_pct.value_or(0.0);
      if (r > 0) ++wins;
      returns += r;
    } else if (is_active(p.status)) {
      ++f.open_at_end;
    }
  }
  if (f.trades > 0) {
    f.win_pct = wins / f.trades * 100.0;
    f.avg_trade_pct = returns / f.trades;
  }
  const double years = static_cast<double>(f.days - 1) / 252.0;
  const double mean_equity = equity_sum / f.days;
  if (years > 0 && mean_equity > 0) f.turnover = traded / 2.0 / mean_equity / years;
  return f;
}

std::vector<MonthReturn> monthly_returns(const Record& record) {
  std::vector<MonthReturn> out;
  if (record.days.empty()) return out;
  const DayRow* base = &record.days.front();
  auto pct = [](double to, double from) {
    return std::isnan(to) || std::isnan(from) ? kNaN : (to / from - 1.0) * 100.0;
  };
  for (std::size_t i = 0; i < record.days.size(); ++i) {
    const DayRow& d = record.days[i];
    const Civil c = civil_from_days(d.date);
    const bool month_end = i + 1 == record.days.size() ||
                           civil_from_days(record.days[i + 1].date).month != c.month;
    if (!month_end) continue;
    MonthReturn m;
    m.year = c.year;
    m.month = static_cast<int>(c.month);
    m.book = pct(d.equity, base->equity);
    // NIFTY from its first close in the period when the base day has none.
    const DayRow* nb = base;
    for (std::size_t j = 0; std::isnan(nb->nifty) && j <= i; ++j) nb = &record.days[j];
    m.nifty = pct(d.nifty, nb->nifty);
    m.buy_hold = pct(d.buy_hold, base->buy_hold);
    out.push_back(m);
    base = &d;
  }
  return out;
}

}  // namespace kiss::track
