// Helpers of the reliability tests (tests/e2e/reliability_*_test.cc): running the real binary as
// a child process with fault injection that std::system() cannot give: an environment variable,
// a file-size limit, and a SIGKILL after a delay.
#pragma once
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "e2e_util.h"

namespace kiss::e2e {

struct ChildOptions {
  std::string crash_point;       // KISS_CRASH_POINT for the child ("" = unset)
  double kill_after = 0;         // > 0: SIGKILL after this many seconds
  long long max_file_size = -1;  // >= 0: RLIMIT_FSIZE of the child, with SIGXFSZ ignored, so a
                                 // write beyond it fails with EFBIG like a full disk
};

struct Child {
  bool killed = false;  // died of SIGKILL
  int code = -1;        // exit code when it exited normally
  double seconds = 0;   // from start to exit: a kill_after that did not land measures the run
  std::string out, err;
};

// Runs kiss-signal `args` in `dir` (stdout/stderr to dir/.stdout, dir/.stderr). fork/exec rather
// than system() so that a kill hits the program itself, not a shell.
inline Child run_child(const fs::path& dir, const std::vector<std::string>& args,
                       const ChildOptions& o = {}) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::string> argv_s = {KISS_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string out_path = (dir / ".stdout").string(), err_path = (dir / ".stderr").string();
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    if (::chdir(dir.c_str()) != 0) ::_exit(120);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int in = ::open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0) ::_exit(121);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (o.crash_point.empty()) ::unsetenv("KISS_CRASH_POINT");
    else ::setenv("KISS_CRASH_POINT", o.crash_point.c_str(), 1);
    if (o.max_file_size >= 0) {
      ::signal(SIGXFSZ, SIG_IGN);
      const rlim_t n = static_cast<rlim_t>(o.max_file_size);
      const struct rlimit lim = {n, n};
      if (::setrlimit(RLIMIT_FSIZE, &lim) != 0) ::_exit(123);
    }
    ::execv(argv[0], argv.data());
    ::_exit(122);
  }
  Child c;
  if (pid < 0) return c;
  int status = 0;
  bool reaped = false;
  if (o.kill_after > 0) {
    // Poll rather than sleep the whole delay, so that a run ending before the kill is seen
    // (killed stays false) and timed to the millisecond.
    const auto deadline = t0 + std::chrono::duration<double>(o.kill_after);
    while (!reaped && std::chrono::steady_clock::now() < deadline) {
      reaped = ::waitpid(pid, &status, WNOHANG) == pid;
      if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!reaped) ::kill(pid, SIGKILL);
  }
  if (!reaped) ::waitpid(pid, &status, 0);
  c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  c.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  if (WIFEXITED(status)) c.code = WEXITSTATUS(status);
  c.out = read_file(dir / ".stdout");
  c.err = read_file(dir / ".stderr");
  return c;
}

// One column of every row of `sql`, over a read-write connection (as the next run would open
// the file: this also recovers a WAL left behind by a killed process).
inline std::vector<std::string> rw_query(const fs::path& db, const std::string& sql) {
  std::vector<std::string> rows;
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(h);
    return {"<cannot open>"};
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(st, 0);
      rows.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
    }
  } else {
    rows.push_back(std::string("<error: ") + sqlite3_errmsg(h) + ">");
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return rows;
}

inline void copy_project(const fs::path& from, const fs::path& to) {
  fs::remove_all(to);
  fs::copy(from, to, fs::copy_options::recursive);
}

}  // namespace kiss::e2e
