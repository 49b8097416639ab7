// The trader's facts (docs/positions.md, "The trader's facts"): `position fill`, `position skip`
// and `position exit` record what really happened to a position of the book. Each fact is its own
// row of position_facts (never edited); the position row is replayed with it at once, in the same
// transaction, so `position list` shows the re-anchored levels; every later run replays the
// position with all of its facts, so re-runs stay idempotent.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "config/config.h"
#include "rules/model.h"
#include "store/database.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/position.h"

namespace kiss::daily {

struct FactRequest {
  std::string symbol;
  FactKind kind = FactKind::kFill;
  std::optional<Date> date;            // fill / exit; default: today on the exchange's calendar
  std::optional<double> price;         // fill / exit: required, > 0
  std::optional<std::int64_t> shares;  // fill: > 0; default: the position's own size
};

// Checks `request` against the symbol's PENDING or OPEN position and today (Asia/Kolkata, from
// `clock`), then writes the fact and the replayed position in one transaction. Errors change
// nothing: no such position, a fill of a position already closed, a skip of a filled one, an
// exit of one not filled yet, a price <= 0, shares <= 0, a date before the signal (fill) or the
// entry (exit), or after today. `rules` and `config` resolve the terms of a position stored
// without frozen ones (see signals::position_terms).
Result<BookPosition> record_fact(store::Database& db, const RuleSet& rules, const Config& config,
                                 const FactRequest& request, const Clock& clock);

}  // namespace kiss::daily
