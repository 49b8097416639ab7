// The position book (docs/positions.md): one row per trade the tool recommended. Invariants
// enforced by the schema: status is PENDING, OPEN, CLOSED or SKIPPED; OPEN/CLOSED rows have an
// entry; CLOSED rows have an exit; a symbol has at most one PENDING or OPEN position. Every
// reader returns each position with its facts (table position_facts), oldest first. Dates are
// stored as ISO "YYYY-MM-DD" text (the original's format), kiss::Date in C++. A row is a
// kiss::BookPosition (util/position.h), the same struct the position book replays.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"
#include "util/date.h"
#include "util/error.h"
#include "util/position.h"

namespace kiss::store {

// Inserts a new position and returns its id (also stored into nothing: the caller keeps it).
// A second non-CLOSED position of the same symbol fails with a constraint error (kBadInput).
Result<std::int64_t> insert_position(Database& db, const BookPosition& p);

// Rewrites every mutable field of the position with id p.id (status, entry, exit, results,
// levels). run_id, the run that opened the position, is written only by insert_position and
// never changed here. Fails if no such id.
Status update_position(Database& db, const BookPosition& p);

// Records one fact of the trader (docs/positions.md, "The trader's facts") and returns its id.
// The position must exist (foreign key); the row is never edited afterwards.
Result<std::int64_t> insert_fact(Database& db, const PositionFact& f);

// Every position of the book, by symbol then signal date, with its facts.
Result<std::vector<BookPosition>> all_positions(Database& db);

// The PENDING or OPEN position of a symbol, if any.
Result<std::optional<BookPosition>> active_position(Database& db, const std::string& symbol);

// Every PENDING or OPEN position, by symbol.
Result<std::vector<BookPosition>> active_positions(Database& db);

// CLOSED positions with from <= exit_date <= to, by exit date then symbol.
Result<std::vector<BookPosition>> closed_positions(Database& db, Date from, Date to);

// Every position of a symbol, oldest signal first.
Result<std::vector<BookPosition>> positions_of_symbol(Database& db, const std::string& symbol);

// Every position signalled on or before `until`, by symbol then signal date (one query: the
// run reads the whole book at once).
Result<std::vector<BookPosition>> positions_signalled_until(Database& db, Date until);

}  // namespace kiss::store
