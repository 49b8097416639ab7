#include "util/file.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace kiss {
namespace {

namespace fs = std::filesystem;

FileKind kind_of(mode_t mode) {
  if (S_ISREG(mode)) return FileKind::kRegular;
  if (S_ISDIR(mode)) return FileKind::kFolder;
  if (S_ISLNK(mode)) return FileKind::kSymlink;
  if (S_ISFIFO(mode)) return FileKind::kFifo;
  if (S_ISCHR(mode)) return FileKind::kCharDevice;
  if (S_ISBLK(mode)) return FileKind::kBlockDevice;
  if (S_ISSOCK(mode)) return FileKind::kSocket;
  return FileKind::kOther;
}

tl::unexpected<Error> io_error(const std::string& path, std::string_view what, int err,
                               std::string_view key) {
  return make_error(std::string(what) + ": " + std::strerror(err), path, 0, 0, std::string(key),
                    ExitCode::kRunFailed);
}

tl::unexpected<Error> refuse(const std::string& path, std::string message, std::string_view key) {
  return make_error(std::move(message), path, 0, 0, std::string(key), ExitCode::kBadInput);
}

// Unique within the process (the counter) and across processes (the pid); O_EXCL makes sure
// an existing file of that name is never opened, whoever made it.
std::string temporary_name(const std::string& target) {
  static std::atomic<unsigned long> counter{0};
  const fs::path p(target);
  // Appended piece by piece: gcc 12 warns falsely (-Wrestrict) on "." + std::string.
  std::string name(1, '.');
  name += p.filename().string();
  name += '.';
  name += std::to_string(::getpid());
  name += '.';
  name += std::to_string(counter.fetch_add(1));
  name += ".tmp";
  return (p.parent_path() / name).string();
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// ".<name>.<digits>.<digits>.tmp"
bool is_temporary_of(std::string_view file, std::string_view name) {
  const std::string_view suffix = ".tmp";
  if (file.size() < name.size() + 2 + suffix.size() + 4 || file[0] != '.' ||
      file.substr(1, name.size()) != name || file[name.size() + 1] != '.' ||
      file.substr(file.size() - suffix.size()) != suffix) {
    return false;
  }
  const std::string_view mid = file.substr(name.size() + 2,
                                           file.size() - name.size() - 2 - suffix.size());
  const std::size_t dot = mid.find('.');
  return dot != std::string_view::npos && all_digits(mid.substr(0, dot)) &&
         all_digits(mid.substr(dot + 1));
}

constexpr auto kStaleAfter = std::chrono::minutes(10);

Status write_all(int fd, std::string_view bytes, const std::string& target, std::string_view key) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(target, "cannot write", errno, key);
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string limit_text(std::size_t bytes) {
  if (bytes % (1 << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes % (1 << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

Result<FileKind> file_kind(const std::string& path, bool follow_symlinks) {
  struct stat st {};
  const int rc = follow_symlinks ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st);
  if (rc != 0) {
    if (errno == ENOENT) return FileKind::kMissing;
    return io_error(path, "cannot examine", errno, {});
  }
  return kind_of(st.st_mode);
}

const char* describe(FileKind kind) {
  switch (kind) {
    case FileKind::kMissing: return "nothing (no such file)";
    case FileKind::kRegular: return "a regular file";
    case FileKind::kFolder: return "a folder";
    case FileKind::kSymlink: return "a symbolic link";
    case FileKind::kFifo: return "a FIFO (named pipe)";
    case FileKind::kCharDevice: return "a character device";
    case FileKind::kBlockDevice: return "a block device";
    case FileKind::kSocket: return "a socket";
    case FileKind::kOther: break;
  }
  return "not a regular file";
}

std::string folder_of(const std::string& path) {
  const fs::path p = fs::path(path).parent_path();
  return p.empty() ? std::string(".") : p.string();
}

Result<std::string> output_target(const std::string& path, std::string_view key) {
  auto kind = file_kind(path, false);
  if (!kind) return tl::unexpected(kind.error());
  if (*kind == FileKind::kMissing || *kind == FileKind::kRegular) return path;
  if (*kind == FileKind::kSymlink) {
    auto target = file_kind(path, true);
    if (!target) return tl::unexpected(target.error());
    if (*target != FileKind::kRegular) {
      return refuse(path,
                    std::string("refusing to write: it is a symbolic link to ") +
                        (*target == FileKind::kMissing ? "a missing file" : describe(*target)) +
                        ", not a regular file",
                    key);
    }
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) == nullptr) {
      return io_error(path, "cannot resolve symbolic link", errno, key);
    }
    return std::string(resolved);
  }
  return refuse(path,
                std::string("refusing to write: it is ") + describe(*kind) +
                    ", not a regular file (only a regular file is ever replaced)",
                key);
}

Result<std::string> write_temporary(const std::string& target, std::string_view bytes,
                                    std::string_view key) {
  mode_t mode = 0644;
  struct stat existing {};
  const bool replaces = ::lstat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode);
  if (replaces) mode = existing.st_mode & 07777;
  std::string tmp;
  Fd f;
  for (int attempt = 0; attempt < 100 && f.fd < 0; ++attempt) {
    tmp = temporary_name(target);
    f.fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (f.fd < 0 && errno != EEXIST) break;
  }
  if (f.fd < 0) return io_error(target, "cannot create temporary file", errno, key);
  auto fail = [&](Error e) {
    ::close(f.fd);
    f.fd = -1;
    ::unlink(tmp.c_str());
    return tl::unexpected<Error>(std::move(e));
  };
  // The umask applies at creation; an existing file's bits are copied exactly.
  if (replaces && ::fchmod(f.fd, mode) != 0) {
    return fail(io_error(target, "cannot set permissions of temporary file", errno, key).value());
  }
  if (auto w = write_all(f.fd, bytes, target, key); !w) return fail(w.error());
  if (::fsync(f.fd) != 0) return fail(io_error(target, "cannot flush to disk", errno, key).value());
  const int rc = ::close(f.fd);
  f.fd = -1;
  if (rc != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return io_error(target, "cannot close", err, key);
  }
  return tmp;
}

Status replace_with(const std::string& tmp, const std::string& target, std::string_view key) {
  auto kind = file_kind(target, false);
  if (!kind || (*kind != FileKind::kMissing && *kind != FileKind::kRegular)) {
    ::unlink(tmp.c_str());
    if (!kind) return tl::unexpected(kind.error());
    return refuse(target,
                  std::string("refusing to write: it is now ") + describe(*kind) +
                      ", not a regular file (it changed while the file was being written)",
                  key);
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return io_error(target, "cannot rename temporary file into place", err, key);
  }
  return {};
}

Status sync_folder(const std::string& dir) {
  Fd f;
  f.fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (f.fd < 0) return io_error(dir, "cannot open folder to flush it", errno, {});
  if (::fsync(f.fd) != 0) return io_error(dir, "cannot flush folder", errno, {});
  return {};
}

void remove_stale_temporaries(const std::string& target) {
  const fs::path p(target);
  const std::string name = p.filename().string();
  std::error_code ec;
  fs::directory_iterator it(p.parent_path().empty() ? fs::path(".") : p.parent_path(), ec);
  if (ec) return;  // the write that follows reports any real problem with the folder
  const auto now = fs::file_time_type::clock::now();
  for (const fs::directory_entry& e : it) {
    if (!is_temporary_of(e.path().filename().string(), name)) continue;
    if (!e.is_regular_file(ec) || e.is_symlink(ec)) continue;
    const auto written = e.last_write_time(ec);
    if (!ec && now - written > kStaleAfter) fs::remove(e.path(), ec);
  }
}

Status write_file_atomic(const std::string& path, std::string_view bytes, std::string_view key) {
  auto target = output_target(path, key);
  if (!target) return tl::unexpected(target.error());
  remove_stale_temporaries(*target);
  auto tmp = write_temporary(*target, bytes, key);
  if (!tmp) return tl::unexpected(tmp.error());
  if (auto r = replace_with(*tmp, *target, key); !r) {
    r.error().file = path;
    return r;
  }
  return sync_folder(folder_of(*target));
}

Result<std::string> read_input_file(const std::string& path, std::size_t max_bytes,
                                    std::string_view what) {
  const std::string w(what);
  auto kind = file_kind(path, true);
  if (!kind) return make_error("cannot open " + w + ": " + kind.error().message, path);
  if (*kind == FileKind::kMissing) {
    return make_error("cannot open " + w + ": " + std::strerror(ENOENT), path);
  }
  if (*kind != FileKind::kRegular) {
    return make_error(w + " is " + describe(*kind) + ", not a regular file", path);
  }
  // O_NONBLOCK: if the path was swapped for a FIFO since the stat above, open() still returns
  // at once and fstat() below refuses it; no read happens before that check.
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (f.fd < 0) return make_error("cannot open " + w + ": " + std::strerror(errno), path);
  struct stat st {};
  if (::fstat(f.fd, &st) != 0)
    return make_error("cannot read " + w + ": " + std::strerror(errno), path);
  if (!S_ISREG(st.st_mode)) {
    return make_error(w + " is " + describe(kind_of(st.st_mode)) + ", not a regular file", path);
  }
  const auto too_big = [&](std::size_t n, bool at_least) {
    return make_error(w + " is " + (at_least ? "more than " : "") + std::to_string(n) +
                          " bytes, larger than the limit of " + limit_text(max_bytes),
                      path);
  };
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size > max_bytes) return too_big(size, false);
  std::string out;
  out.resize(size);
  std::size_t done = 0;
  // Read to the end even past st_size (a file that grows, or reports size 0), up to the limit.
  for (;;) {
    if (done == out.size()) {
      if (out.size() > max_bytes) return too_big(max_bytes, true);
      out.resize(std::min(out.size() + 65536, max_bytes + 1));
    }
    const ssize_t n = ::read(f.fd, out.data() + done, out.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return make_error("cannot read " + w + ": " + std::strerror(errno), path);
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  out.resize(done);
  if (done > max_bytes) return too_big(max_bytes, true);
  return out;
}

Result<FileKind> input_path_kind(const std::string& path, std::string_view what) {
  const std::string w(what);
  auto kind = file_kind(path, true);
  if (!kind) return make_error("cannot open " + w + ": " + kind.error().message, path);
  if (*kind == FileKind::kMissing) return make_error("no such file or folder", path);
  if (*kind != FileKind::kRegular && *kind != FileKind::kFolder) {
    return make_error(w + " is " + describe(*kind) + ", not a regular file or a folder", path);
  }
  return *kind;
}

}  // namespace kiss
