// The report's tables, defined once for both renderers (docs/report.md): each function gives the
// columns and the rows' cell text of one section; report/markdown.cc and report/html.cc only
// escape, align and style them. Cell text is plain (not escaped); numbers are already
// formatted (prices %.2f, money via util/text.h rupees, returns %+.2f%%).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "report/model.h"

namespace kiss::report {

enum class CellKind {
  kText,    // left-aligned text
  kNumber,  // right-aligned
  kReturn,  // right-aligned, coloured by the sign of `value` in HTML
  kStack,   // a rule stack: may wrap after each '+' in HTML
  kWrap,    // long text (reasons, words) that may wrap in HTML
};

struct TableCell {
  std::string text;
  CellKind kind = CellKind::kText;
  double value = 0;  // kReturn: the number behind the text (NaN: no colour)
};

struct Table {
  // Header labels; a '\n' is a line break in HTML (two-line headers keep phone tables narrow)
  // and a space in markdown.
  std::vector<std::string_view> header;
  std::vector<bool> numeric;  // per column: right-aligned
  std::vector<std::vector<TableCell>> rows;
};

// "BUY 12 at next open" (or "at the close" with execution: close); "-" without a ticket (a
// report stored before tickets existed).
std::string order_text(const NewBuy& b);

Table new_buys_table(const DailyReport& r);
Table not_taken_table(const DailyReport& r);
Table open_positions_table(const DailyReport& r);
Table to_sell_table(const DailyReport& r);
Table nearest_table(const DailyReport& r);
Table recent_signals_table(const DailyReport& r);

// The heading note of POSITIONS TO SELL: "exits after 2025-08-01, the previous report's data
// date" or "every exit since its signal (first report)"; "" when unknown (an older stored
// report).
std::string sales_since_text(const DailyReport& r);

// The first report of a database (sales_since 0) has no history of its own: its book starts on
// the report date. One line naming the command that replays the year before as a portfolio
// (docs/track-record.md), or "" for any later report.
std::string first_report_text(const DailyReport& r);

// What to do at the next open, one line each (the report's TODAY section and `run`'s console):
// every order of NEW BUYS, every sale due or made, or, with no new buy, why and the nearest
// candidates; the positions to hold; on a database's first report, first_report_text. Plain
// text.
std::vector<std::string> action_lines(const DailyReport& r);

// The legend: what the edge score is, the reasons used in this report in words, what "net"
// includes. Plain text, one item each.
std::vector<std::string> legend_lines(const DailyReport& r);

}  // namespace kiss::report
