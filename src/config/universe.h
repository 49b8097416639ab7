// The universe file (docs/configuration.md universe_path): a CSV with a `symbol` column and
// optional `name` and `sector` columns (the original tool's format), other columns ignored.
#pragma once
#include <string>
#include <vector>

#include "util/error.h"

namespace kiss {

struct UniverseEntry {
  std::string symbol;
  std::string name;    // "" when the file has no name column
  std::string sector;  // "" when the file has no sector column
  int line = 0;        // 1-based line in the file
};

struct UniverseLoad {
  std::vector<UniverseEntry> entries;  // in file order
  std::vector<Error> errors;           // every problem, in file order; empty = valid
};

// Checks: the file exists, has a header with a `symbol` column (case-insensitive), at least one
// symbol, no empty and no duplicate symbols, no row with more fields than the header. A BOM
// and CRLF line ends are accepted; fields may be double-quoted.
UniverseLoad load_universe_all(const std::string& path);
Result<std::vector<UniverseEntry>> load_universe(const std::string& path);

}  // namespace kiss
