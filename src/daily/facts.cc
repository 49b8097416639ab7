#include "daily/facts.h"

#include <cmath>

#include "daily/book.h"
#include "signals/position_book.h"
#include "store/positions.h"
#include "store/price_store.h"
#include "store/runs.h"

namespace kiss::daily {

namespace {

Error bad(const std::string& message, const std::string& key) {
  return make_error(message, {}, 0, 0, key).value();
}

// The checks that need only the request and the stored row (docs/positions.md).
Status check_request(const FactRequest& r, const BookPosition& p, Date today) {
  const std::string who = r.symbol + "'s position (signalled " + format_date(p.signal_date) + ")";
  const bool filled = p.status == PositionStatus::kOpen;
  if (r.kind == FactKind::kSkip) {
    if (filled) {
      return tl::unexpected(bad(who + " is OPEN (filled on " +
                                    format_date(p.entry_date.value_or(p.signal_date)) +
                                    "): record its sale with `position exit`",
                                "symbol"));
    }
    return {};
  }
  if (!r.price || !std::isfinite(*r.price) || *r.price <= 0) {
    return tl::unexpected(bad("--price must be a number above 0", "--price"));
  }
  if (r.shares && *r.shares <= 0) {
    return tl::unexpected(bad("--shares must be at least 1", "--shares"));
  }
  const Date date = r.date.value_or(today);
  if (date > today) {
    return tl::unexpected(bad("--date " + format_date(date) + " is after today (" +
                                  format_date(today) + ", Asia/Kolkata)",
                              "--date"));
  }
  if (r.kind == FactKind::kFill) {
    if (date < p.signal_date) {
      return tl::unexpected(
          bad("--date " + format_date(date) + " is before " + who + " was signalled", "--date"));
    }
    if (!r.shares && !p.shares) {
      return tl::unexpected(
          bad(who + " has no size stored (an older version opened it): give --shares", "--shares"));
    }
    return {};
  }
  if (!filled) {  // kExit
    return tl::unexpected(bad(who + " is PENDING (not filled): record the fill with `position " +
                                  "fill` first, or `position skip` it",
                              "symbol"));
  }
  if (r.shares) {
    return tl::unexpected(
        bad("--shares is for `position fill`; an exit sells the whole position", "--shares"));
  }
  if (p.entry_date && date < *p.entry_date) {
    return tl::unexpected(bad("--date " + format_date(date) + " is before " + who +
                                  " was filled (" + format_date(*p.entry_date) + ")",
                              "--date"));
  }
  return {};
}

// The symbol's PENDING or OPEN position, with the request checked against it.
Result<BookPosition> checked_position(store::Database& db, const FactRequest& request, Date today) {
  auto active = store::active_position(db, request.symbol);
  if (!active) return tl::unexpected(std::move(active.error()));
  if (!*active) {
    return tl::unexpected(bad(request.symbol + " has no PENDING or OPEN position in the book "
                                               "(`position list` shows it)",
                              "symbol"));
  }
  if (auto st = check_request(request, **active, today); !st) return tl::unexpected(st.error());
  return std::move(**active);
}

}  // namespace

Result<BookPosition> record_fact(store::Database& db, const RuleSet& rules, const Config& config,
                                 const FactRequest& request, const Clock& clock) {
  auto txn = store::Transaction::begin(db);
  if (!txn) return tl::unexpected(std::move(txn.error()));
  const Date today = exchange_today(clock);
  auto checked = checked_position(db, request, today);
  if (!checked) return tl::unexpected(std::move(checked.error()));
  BookPosition p = std::move(*checked);

  PositionFact fact;
  fact.position_id = p.id;
  fact.kind = request.kind;
  if (request.kind != FactKind::kSkip) fact.date = request.date.value_or(today);
  fact.price = request.price;
  fact.shares = request.shares;
  fact.recorded_at = utc_timestamp_ms(clock);  // ordered against runs' timestamps
  fact.source = "cli";
  auto id = store::insert_fact(db, fact);
  if (!id) return tl::unexpected(std::move(id.error()));
  fact.id = *id;
  p.facts.push_back(fact);

  // Replay the position with its facts over the stored bars up to the book's date, the data
  // date of the latest run (the next run does the same over its own bars).
  auto runs = store::all_runs(db);
  if (!runs) return tl::unexpected(std::move(runs.error()));
  const std::optional<Date> until = book_date(*runs, today);
  store::PriceStore prices(db);
  auto bars = prices.load(p.symbol, until);
  if (!bars) return tl::unexpected(std::move(bars.error()));
  auto benchmark = prices.load(config.benchmark_symbol, until);
  if (!benchmark) return tl::unexpected(std::move(benchmark.error()));
  auto terms = signals::position_terms(p, rules, config);
  if (!terms) return tl::unexpected(std::move(terms.error()));
  BookPosition start = signals::replay_start(p);
  if (start.terms.empty()) start.terms = signals::terms_to_json(*terms);
  auto view = signals::update_position(start, *bars, benchmark->empty() ? nullptr : &*benchmark,
                                       *terms, config);
  if (!view) return tl::unexpected(std::move(view.error()));
  if (auto st = store::update_position(db, view->position); !st) {
    return tl::unexpected(std::move(st.error()));
  }
  if (auto st = txn->commit(); !st) return tl::unexpected(std::move(st.error()));
  return view->position;
}

}  // namespace kiss::daily
