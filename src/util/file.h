// The one way files are read and written (docs/reliability.md, "Files"). Every output goes
// through write_file_atomic() (or its two halves, write_temporary() and replace_with(), for the
// staged reports of `run`); every input file is read through read_input_file(). Both refuse
// anything that is not a regular file before touching it, so a device, a FIFO or a folder named
// as an input never hangs the program and named as an output is never replaced.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "util/error.h"

namespace kiss {

// What a path names.
enum class FileKind {
  kMissing,
  kRegular,
  kFolder,
  kSymlink,
  kFifo,
  kCharDevice,
  kBlockDevice,
  kSocket,
  kOther
};

// The kind of `path`, following symbolic links or not (lstat). kMissing when nothing is there
// (also for a dangling link when following). Other failures (permission, name too long) are
// errors naming the path.
Result<FileKind> file_kind(const std::string& path, bool follow_symlinks);

// "a regular file", "a folder", "a FIFO (named pipe)", "a character device", ... for messages.
const char* describe(FileKind kind);

// ---- Output --------------------------------------------------------------------------------

// The file an output to `path` will replace. `path` itself when nothing is there or it is a
// regular file. A symbolic link to a regular file resolves to that file: the link stays and its
// target gets the new bytes (what a user who links an output somewhere means). Anything else (a
// folder, device, FIFO, socket, a dangling link or a link to one of those) is refused with an
// error naming `path` and what it is (exit code 1), and nothing is changed. `key` names the
// option or setting the path came from ("--trades"), for the message.
Result<std::string> output_target(const std::string& path, std::string_view key = {});

// The first half of an atomic write: `bytes` in a new temporary file beside `target` (a result
// of output_target), named ".<name>.<pid>.<counter>.tmp" and created exclusively (O_EXCL: an
// existing file, "<name>.tmp" included, is never opened), written fully, fsynced and closed.
// It takes the permission bits of the file it will replace (0644 less the umask when new).
// Returns the temporary's path; on failure nothing is left behind and the error names `target`.
Result<std::string> write_temporary(const std::string& target, std::string_view bytes,
                                    std::string_view key = {});

// The second half: checks `target` again (still absent or a regular file, not a link: it may
// have changed since output_target) and renames `tmp` over it. On failure `tmp` is removed and
// the error names `target`. The folder is not fsynced here (see sync_folder).
Status replace_with(const std::string& tmp, const std::string& target, std::string_view key = {});

// fsync of a folder: makes the renames in it durable (a rename is a change of the folder).
Status sync_folder(const std::string& dir);

// The folder holding `path` ("." for a bare name).
std::string folder_of(const std::string& path);

// Removes temporaries of `target` left by a killed process (".<name>.<digits>.<digits>.tmp",
// regular files only) once older than ten minutes; a younger one may belong to a write in
// progress. Nothing else is ever touched.
void remove_stale_temporaries(const std::string& target);

// output_target + write_temporary + replace_with + sync_folder: a reader sees the old file or
// the complete new one, never a mix, and after a crash the file is one or the other.
Status write_file_atomic(const std::string& path, std::string_view bytes,
                         std::string_view key = {});

// ---- Input ---------------------------------------------------------------------------------

// Size limits of input files (docs/reliability.md).
inline constexpr std::size_t kMaxYamlBytes = 1 << 20;              // config.yaml, rules.yaml: 1 MiB
inline constexpr std::size_t kMaxUniverseBytes = 4 << 20;          // the universe CSV: 4 MiB
inline constexpr std::size_t kMaxCsvBytes = std::size_t{1} << 30;  // one price CSV: 1 GiB
inline constexpr std::size_t kMaxCsvLineBytes = 64 << 10;          // one CSV line: 64 KiB

// The whole content of the regular file `path` (a symbolic link to one is fine). The file is
// opened once, without blocking, and checked to be a regular file before any read, so a FIFO
// or a device is refused at once instead of hanging; a file larger than `max_bytes` is refused.
// `what` names the file in messages ("config file"). Errors name `path`, exit code 1.
Result<std::string> read_input_file(const std::string& path, std::size_t max_bytes,
                                    std::string_view what = "file");

// An input path that may be a regular file or a folder (data import): its kind, or an error
// naming `path` and what it is when it is neither (or is missing).
Result<FileKind> input_path_kind(const std::string& path, std::string_view what = "path");

}  // namespace kiss
