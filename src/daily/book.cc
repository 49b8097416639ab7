#include "daily/book.h"

#include "daily/report_model.h"
#include "store/positions.h"
#include "util/date.h"

namespace kiss::daily {

RunDates run_dates(const std::vector<store::RunRecord>& runs, Date data_date, Date today) {
  RunDates d;
  for (const store::RunRecord& r : runs) {
    if (!r.data_as_of) continue;
    const Date date = *r.data_as_of;
    if (date > today) {
      d.future.push_back(r);
      continue;
    }
    if (!d.latest || date > *d.latest) d.latest = date;
    if (date >= data_date) continue;
    if (!d.previous || date > *d.previous) {
      d.previous = date;
      d.previous_run_at = r.run_timestamp;
    } else if (date == *d.previous && r.run_timestamp > d.previous_run_at) {
      d.previous_run_at = r.run_timestamp;  // a re-run of that day
    }
  }
  return d;
}

std::string future_run_warning(const store::RunRecord& run, Date today) {
  return "run " + std::to_string(run.id) + " (" + run.run_timestamp + ") is dated " +
         format_date(run.data_as_of.value_or(0)) + ", after today (" + format_date(today) +
         ", Asia/Kolkata): the book ignores it (an earlier version accepted dates in the future)";
}

std::optional<Date> book_date(const std::vector<store::RunRecord>& runs, Date today) {
  return run_dates(runs, 0, today).latest;  // `latest` does not depend on the data date
}

namespace {

// Whether the trader recorded an exit of `p` after the instant `run_at`. Both are ISO-8601 UTC
// with milliseconds ("2026-12-05T12:55:23.123Z"), so the text order is the time order; a fact
// stored with whole seconds by an earlier version ("...:23Z") sorts after every instant of its
// second (the sale is then listed, at worst, in two reports rather than in none).
bool exit_recorded_after(const BookPosition& p, const std::string& run_at) {
  if (run_at.empty()) return false;
  for (const PositionFact& f : p.facts) {
    if (f.kind == FactKind::kExit && f.recorded_at > run_at) {
      return true;
    }
  }
  return false;
}

}  // namespace

BookSelection select_positions(const std::vector<BookPosition>& book, const Market& market,
                               std::optional<Date> previous, Date recent_from, Events& events,
                               const std::string& previous_run_at) {
  BookSelection s;
  for (const BookPosition& p : book) {
    const bool closed = p.status == PositionStatus::kClosed;
    const bool closed_before = closed && p.exit_date && previous && *p.exit_date <= *previous &&
                               !exit_recorded_after(p, previous_run_at);
    if (closed_before) s.settled.push_back(p);
    if (market.bars_of.count(p.symbol) == 0) {
      if (is_active(p.status)) {
        s.warnings.push_back(p.symbol + ": open position not updated: the symbol is not in the " +
                             "universe or has no prices");
        events.warn(s.warnings.back());
      }
      continue;
    }
    if (!closed_before && p.status != PositionStatus::kSkipped) s.live.push_back(p);
    if (p.signal_date >= recent_from) s.recent.push_back(p);
  }
  return s;
}

Result<BookDay> plan_book(store::Database& db, const RunSetup& setup, const Market& market,
                          const Analysis& analysis, Date today, Events& events) {
  auto runs = store::all_runs(db);
  if (!runs) return tl::unexpected(std::move(runs.error()));
  const RunDates dates = run_dates(*runs, market.data_date, today);
  std::vector<std::string> future_warnings;
  for (const store::RunRecord& r : dates.future) {
    future_warnings.push_back(future_run_warning(r, today));
    events.warn(future_warnings.back());
  }
  auto book = store::positions_signalled_until(db, market.market_date);
  if (!book) return tl::unexpected(std::move(book.error()));
  const Date recent_from = recent_window_start(market.bars_of, market.market_date);
  BookSelection selected = select_positions(*book, market, dates.previous, recent_from, events,
                                            dates.previous_run_at);

  signals::DayInput day;
  day.data_date = market.market_date;
  day.results = &analysis.results;
  day.bars = market.bars_of;
  day.benchmark = market.benchmark;
  day.rules = &setup.rules;
  day.config = &setup.config;
  day.min_trades = setup.config.min_trades_threshold;
  day.positions = std::move(selected.live);
  day.settled = std::move(selected.settled);
  day.backdated = dates.latest && market.data_date < *dates.latest;
  auto plan = signals::plan_day(day);
  if (!plan) return tl::unexpected(std::move(plan.error()));
  BookDay out;
  out.plan = std::move(*plan);
  out.recent = std::move(selected.recent);
  // This run's new positions are not stored yet: they are recent signals too.
  for (const BookPosition& p : out.plan.inserts) out.recent.push_back(p);
  out.warnings = std::move(future_warnings);
  for (std::string& w : selected.warnings) out.warnings.push_back(std::move(w));
  out.previous = dates.previous;
  return out;
}

}  // namespace kiss::daily
