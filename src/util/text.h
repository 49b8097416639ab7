// Small text helpers shared by several stages.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kiss {

// The shortest decimal text that reads back as exactly `v` ("20", "0.005", "1.5e-07").
std::string shortest_number(double v);

// A rupee amount with two decimals, in the C locale: "₹1234.50", "-₹12.00"; NaN/inf "n/a".
std::string rupees(double v);

// Screen columns of UTF-8 text: one per character (code point), so "₹12.00" is 6 wide though
// it is 8 bytes. printf's %12s pads by bytes; every table that may hold ₹ pads with these.
std::size_t display_width(std::string_view s) noexcept;
// `s` padded with spaces to `width` screen columns, on the left (right-aligned numbers) or on
// the right (left-aligned text); longer text is returned as is.
std::string pad_left(std::string_view s, std::size_t width);
std::string pad_right(std::string_view s, std::size_t width);

// The parts joined with `sep` ("sma_10_20_crossover+rsi_momentum").
// An empty part adds no separator before the next one.
std::string join(const std::vector<std::string>& parts, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);

// The inverse of join: "a+b" -> {"a", "b"}; "" -> {""}; empty parts are kept.
std::vector<std::string> split(const std::string& text, char sep);

// `s` without leading and trailing blanks (spaces and tabs; other characters are data).
std::string_view trim(std::string_view s) noexcept;

// ASCII lower case ("Adj Close" -> "adj close"); other bytes unchanged.
std::string lower(std::string_view s);

// Input text as it may be quoted in a message: at most `max_bytes` bytes of it (cut on a UTF-8
// character boundary) followed by "... (N bytes)" when it was longer, with control characters
// shown as '?' so a hostile file cannot move the cursor or colour the terminal. Every message
// that echoes text read from a file goes through it (docs/reliability.md).
inline constexpr std::size_t kMaxQuotedBytes = 200;
std::string clip(std::string_view text, std::size_t max_bytes = kMaxQuotedBytes);

}  // namespace kiss
