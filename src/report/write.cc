#include "report/write.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "report/html.h"
#include "report/markdown.h"
#include "util/file.h"

namespace kiss::report {
namespace {

namespace fs = std::filesystem;

Status ensure_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return make_error(std::string("cannot create folder: ") + std::strerror(ec.value()), dir, 0, 0,
                      {}, ExitCode::kRunFailed);
  }
  if (!fs::is_directory(dir, ec)) {
    return make_error(std::string("not a folder: ") + std::strerror(ENOTDIR), dir, 0, 0, {},
                      ExitCode::kRunFailed);
  }
  return {};
}

std::vector<std::string> folders_of(const std::vector<StagedFiles::Staged>& staged) {
  std::vector<std::string> dirs;
  for (const auto& f : staged) {
    const std::string d = folder_of(f.target);
    if (std::find(dirs.begin(), dirs.end(), d) == dirs.end()) dirs.push_back(d);
  }
  return dirs;
}

}  // namespace

std::string report_path(const std::string& dir, Date date, std::string_view ext) {
  return (fs::path(dir) / ("signals_" + format_date(date) + "." + std::string(ext))).string();
}

StagedFiles::StagedFiles(StagedFiles&& other) noexcept : temps_(std::move(other.temps_)) {
  other.temps_.clear();
}

StagedFiles& StagedFiles::operator=(StagedFiles&& other) noexcept {
  if (this != &other) {
    discard();
    temps_ = std::move(other.temps_);
    other.temps_.clear();
  }
  return *this;
}

StagedFiles::~StagedFiles() { discard(); }

void StagedFiles::discard() noexcept {
  for (const auto& t : temps_) ::unlink(t.tmp.c_str());
  temps_.clear();
}

Status StagedFiles::publish() {
  const std::vector<std::string> dirs = folders_of(temps_);
  while (!temps_.empty()) {
    const Staged& f = temps_.front();
    // replace_with() checks the destination again: it may have become a FIFO or a device
    // since it was staged.
    if (auto r = replace_with(f.tmp, f.target); !r) {
      Error e = std::move(r.error());
      e.file = f.path;
      temps_.erase(temps_.begin());
      discard();
      return tl::unexpected(std::move(e));
    }
    temps_.erase(temps_.begin());
  }
  for (const auto& d : dirs) {
    if (auto s = sync_folder(d); !s) return s;
  }
  return {};
}

Result<StagedFiles> stage_files(const std::vector<FileBytes>& files) {
  // Every destination is checked before anything is written: a folder, FIFO or device where a
  // file must go refuses the whole stage and nothing is created.
  std::vector<std::string> targets;
  for (const auto& f : files) {
    if (auto s = ensure_dir(folder_of(f.first)); !s) return tl::unexpected(s.error());
    auto target = output_target(f.first);
    if (!target) return tl::unexpected(target.error());
    remove_stale_temporaries(*target);
    targets.push_back(std::move(*target));
  }
  // One thread per file after the first: each write ends in an fsync, and fsyncs issued
  // together overlap on the disk (4 small new files: ~20 ms one after the other, ~9 ms
  // together on the project machine).
  std::vector<Result<std::string>> temps(files.size(), Result<std::string>(std::string()));
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < files.size(); ++i) {
    threads.emplace_back(
        [&files, &targets, &temps, i] { temps[i] = write_temporary(targets[i], files[i].second); });
  }
  if (!files.empty()) temps[0] = write_temporary(targets[0], files[0].second);
  for (auto& t : threads) t.join();
  StagedFiles staged;
  std::optional<Error> first_error;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (temps[i]) {
      staged.temps_.push_back(
          StagedFiles::Staged{files[i].first, targets[i], std::move(*temps[i])});
    } else if (!first_error) {
      first_error = temps[i].error();
      first_error->file = files[i].first;
    }
  }
  if (first_error) return tl::unexpected(*first_error);  // `staged` removes the others
  return staged;
}

std::vector<FileBytes> render_report_files(const std::string& dir, const DailyReport& r) {
  std::vector<FileBytes> files;
  files.emplace_back(report_path(dir, r.report_date, "md"), render_markdown(r));
  files.emplace_back(report_path(dir, r.report_date, "html"), render_html(r));
  return files;
}

Status write_report_files(const std::string& dir, const DailyReport& r) {
  if (auto s = ensure_dir(dir); !s) return s;
  auto staged = stage_files(render_report_files(dir, r));
  if (!staged) return tl::unexpected(staged.error());
  return staged->publish();
}

}  // namespace kiss::report
