// Checks across the rows of one symbol (docs/data.md), after csv_import.h has checked each row:
// order (sorted, with a note), duplicate dates (identical values merge, conflicting values are
// an error naming both places), gaps of more than 7 calendar days and close-to-close moves beyond
// ±35% (warnings), and at least 100 valid bars (else the symbol is skipped with a warning).
// Nothing is fixed silently: every change of the input is reported as an Issue.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "data/csv_import.h"
#include "data/issue.h"
#include "util/bars.h"

namespace kiss::data {

// The range of a believable price, in rupees (docs/data.md): above 1e9 or below 1e-4 is a unit
// or parsing error, never a quote of an NSE stock or index. Such a row is refused at import
// with its file and line; left in, it would silently give no trades (position sizes round to 0).
inline constexpr double kMinPrice = 1e-4;
inline constexpr double kMaxPrice = 1e9;
constexpr bool price_in_range(double p) noexcept { return p >= kMinPrice && p <= kMaxPrice; }

struct ValidateOptions {
  std::size_t min_bars = 100;
  double max_move = 0.35;  // |close / previous close - 1| above this is a warning
  int max_gap_days = 7;    // calendar days between consecutive bars above this is a warning
  // Today on the exchange's calendar (Asia/Kolkata): a bar dated after it is an error, so one
  // bad date can never become the data date of the book. nullopt: no check (unit tests).
  std::optional<Date> today;
};

// A validated symbol: Bars (dates strictly increasing) plus what the store records with them.
struct SymbolData {
  Bars bars;
  std::vector<double> adj_close;      // same length as bars; NaN where the source had none
  std::vector<std::string> warnings;  // warning texts ("file:line: message") for `data status`
};

struct Validated {
  std::optional<SymbolData> data;  // nullopt: skipped (fewer than min_bars valid bars)
  std::vector<Issue> issues;       // errors, warnings and notes, in date order
  std::size_t rejected = 0;        // rows rejected here (conflicting duplicate dates)
  std::size_t merged = 0;          // rows dropped as identical duplicates of an earlier row
};

// `rows` as read (any order, possibly from several files: Row::file indexes `files`).
Validated validate_symbol(const std::string& symbol, std::vector<Row> rows,
                          const std::vector<std::string>& files, const ValidateOptions& options);

}  // namespace kiss::data
