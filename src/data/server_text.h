// Text that came from a server (an error description, a message) is hostile until cleaned: it
// may carry terminal escape sequences (colours, cursor moves, a rewritten window title), other
// control characters, invalid UTF-8, or megabytes of it. Everything the Yahoo client passes on,
// to stderr or to the database, goes through clean_server_text first (docs/data.md).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace kiss::data {

// Removes ANSI/VT escape sequences (CSI `ESC [ ... final`, OSC `ESC ] ... BEL|ESC \`, DCS, PM,
// APC and two-byte escapes), every other C0 and C1 control character and DEL; tab, CR and LF
// become one space each; bidirectional overrides (U+202A..U+202E, U+2066..U+2069) are removed;
// invalid UTF-8 bytes become '?'. The result is clipped to `max_chars` code points, and "..."
// marks a clipped text.
std::string clean_server_text(std::string_view text, std::size_t max_chars = 200);

}  // namespace kiss::data
