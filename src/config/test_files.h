// Temporary files for the config stage's tests: each test writes its YAML into a fresh folder
// (util/test_temp_dir.h), removed when the TempDir goes out of scope.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "util/test_temp_dir.h"

namespace kiss::testing {

class TempDir {
 public:
  TempDir() : dir_("cfg"), path_(dir_.path().string()) {}

  const std::string& path() const { return path_; }
  // Writes `text` to `name` inside the folder and returns its full path.
  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path p = std::filesystem::path(path_) / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

 private:
  TestTempDir dir_;
  std::string path_;
};

}  // namespace kiss::testing
