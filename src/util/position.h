// One position of the book (docs/persistence.md, table positions): one trade the tool
// recommended, from its NEW BUY to its sale. The same struct is replayed by signals/ (the
// position book) and read and written by store/ (one row of `positions`), so nothing copies it
// field by field between the stages. It lives in util/ because store/ comes before signals/ in
// the stage order (docs/architecture.md). (backtest/exit_engine.h's kiss::Position is another
// thing: the simulator's state of a held trade, by bar index.)
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/date.h"

namespace kiss {

enum class PositionStatus { kPending, kOpen, kClosed };

// "PENDING", "OPEN", "CLOSED": the stored text (a CHECK constraint of the schema) and the
// status column of the reports.
std::string_view to_string(PositionStatus s) noexcept;
// The inverse of to_string; nullopt for any other text.
std::optional<PositionStatus> parse_position_status(std::string_view text) noexcept;

struct BookPosition {
  std::int64_t id = 0;  // 0 = not stored yet; set by store::insert_position
  std::string symbol;
  PositionStatus status = PositionStatus::kPending;
  Date signal_date = 0;               // the bar that gave the NEW BUY
  std::optional<Date> entry_date;     // the fill bar; nullopt while PENDING
  std::optional<double> entry_price;  // slipped fill; nullopt while PENDING
  std::optional<Date> exit_date;
  std::optional<double> exit_price;              // slipped fill
  std::vector<std::string> rule_stack;           // Stack::rule_names() of the stack that signalled
                                                 // (column rule_stack_used, a JSON array)
  std::string exit_reason;                       // empty = NULL
  std::optional<double> final_return_pct;        // net of costs, percent
  std::optional<double> final_nifty_return_pct;  // percent; nullopt when not computable
  std::optional<std::int64_t> days_held;         // trading bars (Trade::bars_held convention)
  std::optional<std::int64_t> shares;
  std::optional<double> stop_level;
  std::optional<double> target_level;
  std::optional<std::int64_t> run_id;  // runs.id of the run that opened it; never rewritten
  std::string created_at;              // filled when read back from the store

  bool operator==(const BookPosition&) const = default;
};

}  // namespace kiss
