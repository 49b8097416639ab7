// The book as `position list` and `validate` show it (docs/positions.md): every position with its
// recorded facts beside the model's own values, and which positions keep older (frozen) rules
// than the files give now.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "rules/model.h"
#include "store/database.h"
#include "util/error.h"
#include "util/position.h"

namespace kiss::daily {

struct BookLine {
  BookPosition position;                 // as stored (the last run's or fact's replay)
  std::optional<Date> model_entry_date;  // the model's fill, when the stored bars have it
  std::optional<double> model_entry_price;
  // Empty when the position is managed as the current files would manage it; otherwise why not
  // ("keeps older rules: stop_loss_pct 0.05 (rules.yaml now 0.01)" is not attempted: the line
  // says which parts differ: "stack", "exits", "execution", "hold period", "costs").
  std::string older_rules;
  std::string model_note;  // why the model's fill could not be replayed (e.g. bars deleted)
};

// One recorded fact in words, as `position list` and `history` show it: "recorded fill at
// ₹1415.00 x 17 on 2025-04-22 (2026-12-04T18:00:00Z, cli)".
std::string fact_text(const PositionFact& f);

// Every position of the book (PENDING and OPEN first, then CLOSED and SKIPPED, each by symbol
// and signal date), with the model's fill replayed from the stored bars up to the book's date
// (book_date: runs dated after `today` are left out).
Result<std::vector<BookLine>> book_lines(store::Database& db, const RuleSet& rules,
                                         const Config& config, Date today);

// What differs between the frozen terms of `p` and what the current files would give its stack
// (empty: nothing, or the position is not PENDING or OPEN).
std::string older_rules(const BookPosition& p, const RuleSet& rules, const Config& config);

}  // namespace kiss::daily
