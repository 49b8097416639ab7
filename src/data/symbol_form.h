// Which universe symbols can ever have prices. A symbol gets prices from the store (imported or
// fetched before) or from a source that knows it: NSE symbols are written as NSE lists them,
// upper-case letters and digits with & - _ (M&M, BAJAJ-AUTO), and an index starts with ^
// (^NSEI). `RELIANCE.NS` (Yahoo's ticker), `tcs` or `NSE:INFY` are none of these: without
// stored prices they would only give failed downloads and an empty run, so `validate` and `run`
// name them (docs/data.md).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config/universe.h"
#include "data/price_repository.h"
#include "util/error.h"

namespace kiss::data {

// 1..32 characters of A-Z 0-9 & - _, or ^ followed by those.
bool is_nse_symbol_form(std::string_view s) noexcept;

// The NSE form a user probably meant: "RELIANCE.NS" -> "RELIANCE", "NSE:INFY" -> "INFY",
// "tcs" -> "TCS"; "" when no such guess has the NSE form.
std::string nse_form_guess(std::string_view s);

// One Error (file, line, key "symbol") per universe entry that has neither the NSE form nor a
// bar in `repo`; `repo` null means no store (the database file does not exist yet).
Result<std::vector<Error>> unsourced_symbols(const std::vector<UniverseEntry>& universe,
                                             const std::string& universe_path,
                                             PriceRepository* repo);

}  // namespace kiss::data
