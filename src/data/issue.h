// A problem (or note) found while importing or refreshing prices, with where it was found.
// Errors reject a row or refuse a file; warnings and notes never change what is stored.
#pragma once
#include <string>
#include <vector>

namespace kiss::data {

struct Issue {
  enum class Kind { kError, kWarning, kNote };
  Kind kind = Kind::kError;
  std::string file;    // path as the user gave it; empty when not about one file
  int line = 0;        // 1-based; 0 = the whole file or symbol
  std::string symbol;  // empty when not known (e.g. the file was refused before any row)
  std::string message;

  // "error: file:line: symbol: message" (empty parts left out).
  std::string to_string() const;
};

// The first error of `issues`, or null when there is none.
const Issue* first_error(const std::vector<Issue>& issues);

}  // namespace kiss::data
