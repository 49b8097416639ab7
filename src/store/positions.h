// The position book (SPEC §7): one row per trade the tool recommended. Invariants enforced by
// the schema: status is PENDING, OPEN or CLOSED; OPEN/CLOSED rows have an entry; CLOSED rows
// have an exit; a symbol has at most one position that is not CLOSED.
// Dates are stored as ISO "YYYY-MM-DD" text (the original's format), kiss::Date in C++.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"
#include "util/date.h"
#include "util/error.h"

namespace kiss::store {

enum class PositionStatus { kPending, kOpen, kClosed };

std::string_view to_string(PositionStatus s) noexcept;  // "PENDING", "OPEN", "CLOSED"

struct Position {
  std::int64_t id = 0;  // set by insert_position; the key of update_position
  std::string symbol;
  PositionStatus status = PositionStatus::kPending;
  Date signal_date = 0;               // the bar that gave the NEW BUY
  std::optional<Date> entry_date;     // nullopt while PENDING
  std::optional<double> entry_price;  // nullopt while PENDING
  std::optional<Date> exit_date;
  std::optional<double> exit_price;
  std::vector<std::string> rule_stack_used;  // stored as a JSON array
  std::optional<double> final_return_pct;
  std::string exit_reason;  // empty = NULL
  std::optional<double> final_nifty_return_pct;
  std::optional<std::int64_t> days_held;  // trading bars
  std::optional<std::int64_t> shares;
  std::optional<std::int64_t> run_id;  // runs.id of the run that opened it
  std::optional<double> stop_level;
  std::optional<double> target_level;
  std::string created_at;  // filled when read back
};

// Inserts a new position and returns its id (also stored into nothing: the caller keeps it).
// A second non-CLOSED position of the same symbol fails with a constraint error (kBadInput).
Result<std::int64_t> insert_position(Database& db, const Position& p);

// Rewrites every mutable field of the position with id p.id (status, entry, exit, results,
// levels). Fails if no such id.
Status update_position(Database& db, const Position& p);

// The PENDING or OPEN position of a symbol, if any.
Result<std::optional<Position>> active_position(Database& db, const std::string& symbol);

// Every PENDING or OPEN position, by symbol.
Result<std::vector<Position>> active_positions(Database& db);

// CLOSED positions with from <= exit_date <= to, by exit date then symbol.
Result<std::vector<Position>> closed_positions(Database& db, Date from, Date to);

// Every position of a symbol, oldest signal first.
Result<std::vector<Position>> positions_of_symbol(Database& db, const std::string& symbol);

// Every position signalled on or before `until`, by symbol then signal date (one query: the
// run reads the whole book at once).
Result<std::vector<Position>> positions_signalled_until(Database& db, Date until);

}  // namespace kiss::store
