// Text formatting shared by the report renderers. Every number goes through std::to_chars, which
// never consults the locale, so the reports are byte-identical on every machine and run.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/date.h"

namespace kiss::report {

// Fixed-point with `decimals` digits ("%.Nf" in the C locale). NaN and ±inf become "n/a":
// a missing value must never print as a number.
std::string fixed(double v, int decimals);

// Prices "%.2f", e.g. "1393.70".
std::string format_price(double v);

// Returns in percent "%+.2f%%", e.g. "+3.25%", "-0.40%", "+0.00%"; NaN gives "n/a".
// The sign follows printf: a negative value that rounds to zero keeps its '-'.
std::string format_return(double pct);

// An exit reason code (docs/metrics.md: "stop_loss_gap", "indicator_exit:rsi_70", ..., and
// "manual", the trader's recorded exit) in words, from the one table below: "opened through
// the stop: sold at the open". An unknown code is returned as is.
std::string reason_words(std::string_view code);

// Every reason code with its words, in the table's order (the report's legend, docs/report.md).
struct ReasonWords {
  std::string_view code;
  std::string_view words;
};
const std::vector<ReasonWords>& reason_table();

// A markdown table cell or list item: `\`, `|`, `*`, backtick, `<`, `>`, `[`, `]` are
// backslash-escaped (CommonMark renders them literally, and `|` can no longer split the cell);
// line breaks become spaces so a value cannot end the table row. `_` is left alone: GitHub and
// CommonMark do not emphasise underscores inside words, and rule names are full of them.
std::string md_escape(std::string_view s);

// HTML text and attribute values: & < > " ' become entities.
std::string html_escape(std::string_view s);

}  // namespace kiss::report
