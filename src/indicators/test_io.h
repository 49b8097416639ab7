// Test helper: reads the OHLCV CSVs and talib_ref golden CSVs under src/indicators/testdata/.
#pragma once
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "util/bars.h"

namespace kiss::ind::testing {

inline std::string testdata(const std::string& name) {
  return std::string(KISS_SOURCE_DIR) + "/src/indicators/testdata/" + name;
}

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  int column(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return static_cast<int>(i);
    return -1;
  }
};

// Plain CSV (no quoted cells: true of every file in testdata/).
inline Table read_csv(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot open " + path);
  Table t;
  std::string line;
  bool first = true;
  while (std::getline(f, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    if (first) {
      t.header = cells;
      first = false;
    } else {
      t.rows.push_back(cells);
    }
  }
  return t;
}

// Bars from an OHLCV file in testdata/ (dates become 0, 1, 2, ...: only the order matters here).
inline Bars read_bars(const std::string& name) {
  const Table t = read_csv(testdata(name));
  const int o = t.column("open"), h = t.column("high"), l = t.column("low"), c = t.column("close"),
            v = t.column("volume");
  if (o < 0 || h < 0 || l < 0 || c < 0 || v < 0) throw std::runtime_error("columns in " + name);
  Bars b;
  b.symbol = name;
  int d = 0;
  for (const auto& r : t.rows) {
    auto num = [&](int i) { return std::stod(r[static_cast<std::size_t>(i)]); };
    b.push_back(Date{d++}, num(o), num(h), num(l), num(c), num(v));
  }
  return b;
}

}  // namespace kiss::ind::testing
