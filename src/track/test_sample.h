// Test helpers of the track stage (used only by *_test.cc): the bundled sample's bars
// (data/sample/prices: 50 stocks and the NIFTY 50 index in three files), the W1 configuration
// and rules (tests/e2e/testdata/w1_*.yaml), and a prefix of a stock's bars.
#pragma once
#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/rules_loader.h"
#include "config/universe.h"
#include "data/csv_import.h"
#include "rules/model.h"
#include "util/bars.h"

namespace kiss::testing {

inline std::string source_path(const std::string& rel) {
  return std::string(KISS_SOURCE_DIR) + "/" + rel;
}

// The rows of CSV files, merged by date (a later file's bar replaces an earlier one's).
inline Bars bars_from_files(const std::vector<std::string>& paths, const std::string& symbol) {
  std::map<Date, data::Row> by_date;
  for (const std::string& path : paths) {
    auto parsed = data::read_csv_file(path, symbol, 0);
    if (!parsed) throw std::runtime_error("cannot read " + path);
    for (const auto& [sym, rows] : parsed->rows) {
      for (const data::Row& r : rows) by_date[r.date] = r;
    }
  }
  Bars b;
  b.symbol = symbol;
  for (const auto& [d, r] : by_date) b.push_back(d, r.open, r.high, r.low, r.close, r.volume);
  return b;
}

inline Bars sample_stock(const std::string& symbol) {
  return bars_from_files({source_path("data/sample/prices/" + symbol + ".csv")}, symbol);
}

inline Bars sample_benchmark() {
  std::vector<std::string> files;
  for (const auto& e :
       std::filesystem::directory_iterator(source_path("data/sample/prices/^NSEI"))) {
    files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return bars_from_files(files, "^NSEI");
}

// The 50 symbols of data/sample/nifty50.csv, in the file's order.
inline std::vector<std::string> sample_symbols() {
  auto u = load_universe(source_path("data/sample/nifty50.csv"));
  if (!u) throw std::runtime_error(u.error().to_string());
  std::vector<std::string> out;
  for (const UniverseEntry& e : *u) out.push_back(e.symbol);
  return out;
}

struct W1 {
  Config config;
  RuleSet rules;
  W1() {
    auto c = load_config(source_path("tests/e2e/testdata/w1_config.yaml"));
    if (!c) throw std::runtime_error(c.error().to_string());
    config = *c;
    auto r = load_rules(source_path("tests/e2e/testdata/w1_rules.yaml"), config);
    if (!r) throw std::runtime_error(r.error().to_string());
    rules = *r;
  }
};

// The first `n` bars of `b`.
inline Bars first_bars(const Bars& b, std::size_t n) {
  Bars out = b;
  out.truncate_after(b.date[n - 1]);
  return out;
}

}  // namespace kiss::testing
