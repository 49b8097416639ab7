// Helpers of the end-to-end tests: a temporary project folder holding config.yaml, rules.yaml
// and a universe, and a way to run the real kiss-signal binary in it.
#pragma once
#include <sqlite3.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "util/test_temp_dir.h"

namespace kiss::e2e {

namespace fs = std::filesystem;

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

struct RunResult {
  int code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// A fresh folder (util/test_temp_dir.h: its name carries the process id), removed at
// destruction.
class TempProject {
 public:
  explicit TempProject(const std::string& name) : tmp_("e2e_" + name), dir_(tmp_.path()) {}
  const fs::path& dir() const { return dir_; }
  fs::path path(const std::string& rel) const { return dir_ / rel; }

  // Runs kiss-signal with `args` (already quoted where needed) in the project folder. With
  // `timeout_seconds` > 0 the binary is killed after that long (exit code 124, or 137 after
  // SIGKILL), so a hang fails the test instead of hanging it.
  RunResult run(const std::string& args, int timeout_seconds = 0) const {
    const fs::path out = dir_ / ".stdout", err = dir_ / ".stderr";
    const std::string limit = timeout_seconds > 0
                                  ? "timeout -k 2 " + std::to_string(timeout_seconds) + " "
                                  : "";
    const std::string cmd = "cd " + shell_quote(dir_.string()) + " && " + limit +
                            shell_quote(KISS_BINARY) + " " + args + " >" +
                            shell_quote(out.string()) + " 2>" + shell_quote(err.string()) +
                            " </dev/null";
    const int status = std::system(cmd.c_str());
    RunResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out);
    r.err = read_file(err);
    return r;
  }

 private:
  TestTempDir tmp_;
  fs::path dir_;
};

inline fs::path sample_dir() { return fs::path(KISS_SOURCE_DIR) / "data" / "sample"; }

// The W1 workload (tests/e2e/testdata/w1_*.yaml) adapted to a temporary folder: its config and
// rules with the bundled sample's universe, database and reports inside the folder.
inline void write_w1_project(const TempProject& p, const std::string& extra_config = "") {
  std::string config = read_file(fs::path(KISS_SOURCE_DIR) / "tests/e2e/testdata/w1_config.yaml");
  write_file(p.path("config.yaml"), config + extra_config);
  write_file(p.path("rules.yaml"),
             read_file(fs::path(KISS_SOURCE_DIR) / "tests/e2e/testdata/w1_rules.yaml"));
  write_file(p.path("universe.csv"), read_file(sample_dir() / "nifty50.csv"));
}

// Imports the bundled sample (50 stocks, and both index files as ^NSEI) into the project's db.
inline RunResult import_sample(const TempProject& p) {
  RunResult r = p.run("data import " + shell_quote((sample_dir() / "prices").string() + "/") +
                      "*.csv");
  if (r.code != 0) return r;
  return p.run("data import --symbol '^NSEI' " +
               shell_quote((sample_dir() / "prices" / "^NSEI").string()));
}

// Every row of a query as text lines ("a|b|c"), for comparing databases.
inline std::vector<std::string> query_rows(const fs::path& db, const std::string& sql) {
  std::vector<std::string> rows;
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(h);
    return {"<cannot open " + db.string() + ">"};
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    rows.push_back(std::string("<sql error: ") + sqlite3_errmsg(h) + ">");
  } else {
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string line;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        if (i) line += '|';
        const unsigned char* t = sqlite3_column_text(st, i);
        line += t ? reinterpret_cast<const char*>(t) : "NULL";
      }
      rows.push_back(line);
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return rows;
}

// Runs a whole script; "" when it succeeded, else SQLite's message.
inline std::string exec_sql(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  if (sqlite3_open(db.c_str(), &h) != SQLITE_OK) {
    sqlite3_close(h);
    return "cannot open";
  }
  char* err = nullptr;
  sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err);
  std::string message = err != nullptr ? err : "";
  sqlite3_free(err);
  sqlite3_close(h);
  return message;
}

}  // namespace kiss::e2e
