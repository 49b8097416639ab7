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

// SKIPPED: a PENDING signal the trader said they did not take (`position skip`); it never
// opened, holds no cash and no slot, and is never replayed again.
enum class PositionStatus { kPending, kOpen, kClosed, kSkipped };

// "PENDING", "OPEN", "CLOSED", "SKIPPED": the stored text (a CHECK constraint of the schema)
// and the status column of the reports.
std::string_view to_string(PositionStatus s) noexcept;
// The inverse of to_string; nullopt for any other text.
std::optional<PositionStatus> parse_position_status(std::string_view text) noexcept;
// PENDING or OPEN: the position holds cash and a slot (docs/positions.md, "Capital").
inline bool is_active(PositionStatus s) noexcept {
  return s == PositionStatus::kPending || s == PositionStatus::kOpen;
}

// What the trader said about a position (`position fill|skip|exit`, docs/positions.md, "The
// trader's facts"). Stored as its own row of `position_facts`, never edited; the book applies
// the latest fact of each kind on every replay, so a re-run gives the same state.
enum class FactKind { kFill, kSkip, kExit };
std::string_view to_string(FactKind k) noexcept;  // "fill", "skip", "exit"
std::optional<FactKind> parse_fact_kind(std::string_view text) noexcept;

struct PositionFact {
  std::int64_t id = 0;  // 0 = not stored yet; facts apply in id order (later ones win)
  std::int64_t position_id = 0;
  FactKind kind = FactKind::kFill;
  std::optional<Date> date;            // fill / exit: the trading date it happened
  std::optional<double> price;         // fill / exit: the real price, as paid (no slippage added)
  std::optional<std::int64_t> shares;  // fill: the real share count (nullopt = the model's)
  std::string recorded_at;  // UTC instant the fact was recorded ("2026-12-04T18:00:00.000Z";
                            // earlier versions stored whole seconds, "2026-12-04T18:00:00Z")
  std::string source;       // who said it: "cli" for the position command

  bool operator==(const PositionFact&) const = default;
};

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
  // The frozen terms (docs/positions.md, "Frozen positions"): the stack, the exit rules with
  // their parameters, execution, hold period, costs and sizing in force when the position was
  // created, as JSON (signals/terms.h). Empty for a row written before schema v6 or by the
  // original tool: the next run freezes the terms the rules file gives it then.
  std::string terms;
  std::vector<PositionFact> facts;  // the trader's facts, oldest first (read with the row)

  bool operator==(const BookPosition&) const = default;
};

}  // namespace kiss
