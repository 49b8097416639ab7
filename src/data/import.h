// Import of CSV files and folders into validated per-symbol bars (no database: the caller saves
// them with store/price_store.h only when the summary has no error, so an import that finds any
// error changes nothing).
//
// Paths: a file is one source of the symbol named by its stem; a folder contributes each *.csv
// directly in it (symbol = stem) and each sub-folder as ONE symbol named after the sub-folder,
// whose CSV files merge by date (data/sample/^NSEI/ holds both NIFTY files). `symbol`, when
// given, names every file's symbol instead (so several files of one symbol merge by date).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "data/issue.h"
#include "data/validate.h"

namespace kiss::data {

struct ImportOptions {
  std::optional<std::string> symbol;
  ValidateOptions validate;
};

// One CSV source: the file and the symbol it is forced to (nullopt: stem or symbol column).
struct CsvSource {
  std::string path;
  std::optional<std::string> symbol;
};

struct ImportSummary {
  std::vector<std::string> files;    // every file read, in the order read
  std::size_t rows = 0;              // data rows read
  std::size_t rejected = 0;          // rows rejected (row checks and conflicting duplicates)
  std::size_t merged = 0;            // identical duplicate rows merged
  std::size_t refused_files = 0;     // files refused as a whole
  std::vector<Issue> issues;         // in file order, then symbol order
  std::vector<SymbolData> symbols;   // validated symbols, in symbol order (skipped ones absent)
  std::vector<std::string> skipped;  // symbols with fewer than min_bars valid bars

  std::size_t count(Issue::Kind kind) const;
  bool has_errors() const { return count(Issue::Kind::kError) > 0; }
};

// Expands files and folders into sources (sorted by name within a folder). A missing path or a
// folder without any CSV is an error Issue appended to `issues`.
std::vector<CsvSource> collect_sources(const std::vector<std::string>& paths,
                                       const std::optional<std::string>& symbol,
                                       std::vector<Issue>& issues);

ImportSummary import_sources(const std::vector<CsvSource>& sources, const ValidateOptions& options);

// collect_sources + import_sources.
ImportSummary import_paths(const std::vector<std::string>& paths, const ImportOptions& options);

}  // namespace kiss::data
