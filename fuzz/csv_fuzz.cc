// libFuzzer target: data::parse_csv (docs/data.md) on arbitrary bytes. Invariants checked
// beyond "no crash, no sanitizer report": every rejected row has an issue, counts add up, and
// every accepted row satisfies the row checks the parser promises (positive prices, high/low
// bound open and close, non-negative volume).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "data/csv_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = kiss::data::parse_csv(text, "fuzz.csv", "FUZZ", false, 0);
  if (!parsed) return 0;  // a refused file is a valid outcome
  std::size_t accepted = 0;
  for (const auto& [symbol, rows] : parsed->rows) {
    if (!kiss::data::is_valid_symbol(symbol)) std::abort();
    for (const kiss::data::Row& r : rows) {
      ++accepted;
      if (!(r.open > 0 && r.high > 0 && r.low > 0 && r.close > 0)) std::abort();
      if (r.high < r.open || r.high < r.close || r.low > r.open || r.low > r.close) std::abort();
      if (!(r.volume >= 0)) std::abort();
    }
  }
  if (parsed->rejected != parsed->issues.size()) std::abort();
  if (accepted + parsed->rejected != parsed->data_rows) std::abort();
  return 0;
}
