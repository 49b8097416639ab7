// CSV import of daily bars (docs/data.md): columns mapped by header name case-insensitively in any
// order, optional UTF-8 BOM, CRLF, quoted cells, three date formats. No CSV library: one pass
// over the bytes with std::from_chars. Row-level checks (docs/data.md) that need only the row
// itself happen here so every rejection names its file and line; checks across rows (duplicates,
// order, gaps, jumps, bar count) are in validate.h.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "data/issue.h"
#include "util/date.h"

namespace kiss::data {

// One accepted row, with where it came from (file = index into the caller's file list).
struct Row {
  Date date = 0;
  double open = 0, high = 0, low = 0, close = 0, volume = 0;
  double adj_close = 0;  // NaN when the file has no `adj close` column (recorded, never used)
  int line = 0;
  std::uint32_t file = 0;
};

struct ParsedCsv {
  // Accepted rows per symbol, in file order.
  std::map<std::string, std::vector<Row>> rows;
  std::size_t data_rows = 0;  // data lines read (accepted + rejected)
  std::size_t rejected = 0;   // rows rejected (each has one kError issue)
  std::vector<Issue> issues;  // one per rejected row, in line order
};

// How a file's `A/B/YYYY` dates are read (AmiBroker writes the Windows short date): decided per
// file from its own dates (docs/data.md); kNone refuses slash dates.
enum class SlashOrder { kNone, kDayFirst, kMonthFirst };

// Dates `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS+05:30` (the local trading date is the first 10
// characters, never converted to UTC; also `T` as separator, `Z` or no offset), `DD-Mon-YYYY`
// (English month abbreviation, any case; day with one or two digits) and, unless `slash` is
// kNone, `DD/MM/YYYY` or `MM/DD/YYYY` (also `-` or `.` between the parts; one or two digits for day
// and month; optional time).
std::optional<Date> parse_csv_date(std::string_view s,
                                   SlashOrder slash = SlashOrder::kNone) noexcept;

// A Unix time in seconds (9 or 10 digits, TradingView's `time` column) as the trading date in
// Asia/Kolkata (UTC+05:30), never the UTC date: 2025-08-07T18:30:00Z is 2025-08-08.
std::optional<Date> parse_unix_seconds_date(std::string_view s) noexcept;

// Symbols such as `M&M`, `BAJAJ-AUTO`, `^NSEI`: 1..32 characters of [A-Za-z0-9&^._-].
bool is_valid_symbol(std::string_view s) noexcept;

// Parses one CSV text. `symbol` is used for every row unless the file has a `symbol` column and
// `force_symbol` is false. A `ticker` column (AmiBroker) must hold `symbol` on every row: a
// different or a second ticker refuses the file at its line. A file-level problem (empty, binary,
// missing or repeated required column, unterminated quote in the header, no data rows) refuses the
// whole file: the Issue is returned as the error. Row problems reject the row and are listed in
// ParsedCsv::issues.
tl::expected<ParsedCsv, Issue> parse_csv(std::string_view text, const std::string& path,
                                         const std::string& symbol, bool force_symbol,
                                         std::uint32_t file_index);

// Reads `path` and parses it; the default symbol is the file stem (or `symbol` when given).
tl::expected<ParsedCsv, Issue> read_csv_file(const std::string& path,
                                             const std::optional<std::string>& symbol,
                                             std::uint32_t file_index);

}  // namespace kiss::data
