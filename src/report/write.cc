#include "report/write.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "report/html.h"
#include "report/markdown.h"

namespace kiss::report {
namespace {

namespace fs = std::filesystem;

tl::unexpected<Error> io_error(const std::string& path, std::string_view what, int err) {
  return make_error(std::string(what) + ": " + std::strerror(err), path, 0, 0, {},
                    ExitCode::kRunFailed);
}

// A temporary file beside `path` holding `bytes`, flushed to disk. Returns its name.
Result<std::string> write_temp(const std::string& path, std::string_view bytes) {
  std::string tmpl = path + ".tmp.XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return io_error(path, "cannot create temporary file", errno);
  const std::string tmp(name.data());
  auto fail = [&](std::string_view what) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return io_error(path, what, err);
  };
  // mkstemp creates 0600; a report is an ordinary document others may read (0644).
  if (::fchmod(fd, 0644) != 0) return fail("cannot set permissions of temporary file");
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("cannot flush to disk");
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return io_error(path, "cannot close", err);
  }
  return tmp;
}

// fsync of the folder makes the renames durable (POSIX: a rename is a change of the folder).
Status sync_dir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return io_error(dir, "cannot open folder to flush it", errno);
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    return io_error(dir, "cannot flush folder", err);
  }
  ::close(fd);
  return {};
}

Status ensure_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return io_error(dir, "cannot create folder", ec.value());
  if (!fs::is_directory(dir, ec)) return io_error(dir, "not a folder", ENOTDIR);
  return {};
}

std::string parent_of(const std::string& path) {
  const fs::path p = fs::path(path).parent_path();
  return p.empty() ? std::string(".") : p.string();
}

// Writes every (path, bytes) to its temporary, then renames all: nothing becomes visible until
// every file is complete on disk.
Status write_all_atomic(const std::vector<std::pair<std::string, std::string_view>>& files) {
  std::vector<std::string> temps;
  auto cleanup = [&] {
    for (const auto& t : temps) ::unlink(t.c_str());
  };
  for (const auto& [path, bytes] : files) {
    auto tmp = write_temp(path, bytes);
    if (!tmp) {
      cleanup();
      return tl::unexpected(tmp.error());
    }
    temps.push_back(*tmp);
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (::rename(temps[i].c_str(), files[i].first.c_str()) != 0) {
      const int err = errno;
      temps.erase(temps.begin(), temps.begin() + static_cast<std::ptrdiff_t>(i));
      cleanup();
      return io_error(files[i].first, "cannot rename temporary file into place", err);
    }
  }
  std::vector<std::string> dirs;
  for (const auto& f : files) {
    const std::string d = parent_of(f.first);
    bool seen = false;
    for (const auto& x : dirs) seen = seen || x == d;
    if (!seen) dirs.push_back(d);
  }
  for (const auto& d : dirs) {
    if (auto s = sync_dir(d); !s) return s;
  }
  return {};
}

}  // namespace

std::string report_path(const std::string& dir, Date date, std::string_view ext) {
  return (fs::path(dir) / ("signals_" + format_date(date) + "." + std::string(ext))).string();
}

Status write_file_atomic(const std::string& path, std::string_view bytes) {
  if (auto s = ensure_dir(parent_of(path)); !s) return s;
  return write_all_atomic({{path, bytes}});
}

Status write_report_files(const std::string& dir, const DailyReport& r) {
  if (auto s = ensure_dir(dir); !s) return s;
  const std::string md = render_markdown(r);
  const std::string html = render_html(r);
  return write_all_atomic({{report_path(dir, r.report_date, "md"), md},
                           {report_path(dir, r.report_date, "html"), html}});
}

}  // namespace kiss::report
