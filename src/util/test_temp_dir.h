// The one way tests (unit, end-to-end, benchmarks, fuzzers) make a temporary folder:
// $TMPDIR/kiss_<tag>_<pid>_<XXXXXX>, created by mkdtemp. The process id keeps two builds on one
// machine (two checkouts, two `ctest -j` runs) out of each other's folders and says which process
// left a folder behind; the mkdtemp suffix makes every folder of one process new and unique, so
// no test ever starts on another's leftovers. Header-only, for tests only (docs/architecture.md).
#pragma once
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace kiss {

// Creates the folder and returns its path. `tag` says who made it (a test's name will do: any
// character other than a letter, digit, '-' or '_' becomes '_'). Throws when it cannot be
// created, so a test never writes to a folder that does not exist.
inline std::filesystem::path make_test_temp_dir(const std::string& tag) {
  std::string safe = tag;
  for (char& c : safe) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) c = '_';
  }
  const std::string name = "kiss_" + safe + "_" + std::to_string(::getpid()) + "_XXXXXX";
  std::string tmpl = (std::filesystem::temp_directory_path() / name).string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    throw std::runtime_error("cannot create the temporary folder " + tmpl + ": " +
                             std::strerror(errno));
  }
  return tmpl;
}

// A folder made by make_test_temp_dir, removed with everything in it at destruction (unless
// KISS_KEEP_TEMP is set, to look at what a failing test left).
class TestTempDir {
 public:
  explicit TestTempDir(const std::string& tag) : path_(make_test_temp_dir(tag)) {}
  ~TestTempDir() {
    std::error_code ec;
    if (std::getenv("KISS_KEEP_TEMP") == nullptr) std::filesystem::remove_all(path_, ec);
  }
  TestTempDir(const TestTempDir&) = delete;
  TestTempDir& operator=(const TestTempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace kiss
