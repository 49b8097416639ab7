// Test helpers of store_test (header-only; not part of the library's interface).
#pragma once
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "store/strategies.h"
#include "util/test_temp_dir.h"

namespace kiss::store::testing {

// A fresh folder (util/test_temp_dir.h), removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() : dir_("store"), path_(dir_.path().string()) {}
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  TestTempDir dir_;
  std::string path_;
};

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Runs SQL on a raw connection, outside the store layer (to build "foreign" databases such as
// the original Python tool's). Returns sqlite's error message, empty on success.
inline std::string raw_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string err;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    err = sqlite3_errmsg(db);
  } else {
    char* msg = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      err = msg != nullptr ? msg : "error";
      sqlite3_free(msg);
    }
  }
  sqlite3_close(db);
  return err;
}

inline StrategyRecord record(std::string symbol, std::vector<std::string> stack, double edge = 0.5,
                             std::int64_t trades = 10) {
  StrategyRecord r;
  r.symbol = std::move(symbol);
  r.rule_stack = std::move(stack);
  r.edge_score = edge;
  r.win_pct = 0.5;
  r.sharpe = 1.0;
  r.total_trades = trades;
  r.avg_return = 0.01;
  return r;
}

}  // namespace kiss::store::testing
