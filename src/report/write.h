// Writing the day's report files: <dir>/signals_YYYY-MM-DD.md and .html.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/model.h"
#include "util/error.h"
#include "util/file.h"

namespace kiss::report {

// "<dir>/signals_YYYY-MM-DD.<ext>" (ext without the dot).
std::string report_path(const std::string& dir, Date date, std::string_view ext);

// Renders both formats and writes them atomically through util/file.h: the folder is created if
// missing; each file goes to a temporary file in the same folder, is fsynced, then renamed over
// the final name, and the folder is fsynced. A destination that is not a regular file (a
// folder, FIFO, device, or a link to one) is refused before anything is written. A reader never
// sees a half-written report, and an existing report of the same date stays intact until its
// replacement is complete. Both files are rendered and fully written to their temporaries before
// either is renamed. On failure the error names the path and no temporary is left behind.
Status write_report_files(const std::string& dir, const DailyReport& r);

// A file to write: its final path and its bytes.
using FileBytes = std::pair<std::string, std::string>;

// The md and html of `r`, rendered, with their final paths under `dir`.
std::vector<FileBytes> render_report_files(const std::string& dir, const DailyReport& r);

// The first half of the atomic protocol, on its own: every destination is checked (util/file.h
// output_target), then every file is complete and fsynced in a temporary beside its final name,
// and nothing is visible yet. publish() renames them all into
// place and fsyncs their folders; a StagedFiles destroyed unpublished removes its temporaries.
// `run` stages its reports while its transaction commits (the fsyncs of the two overlap on the
// disk) and publishes them only after the commit succeeded, so a report never shows a run the
// database does not hold.
class StagedFiles {
 public:
  StagedFiles() = default;
  StagedFiles(StagedFiles&& other) noexcept;
  StagedFiles& operator=(StagedFiles&& other) noexcept;
  StagedFiles(const StagedFiles&) = delete;
  StagedFiles& operator=(const StagedFiles&) = delete;
  ~StagedFiles();

  // Checks each destination again and renames its temporary over it, then fsyncs each folder
  // once. On a failure the error names that path, the files already renamed stay, the rest are
  // removed.
  Status publish();
  // Removes the temporaries now (also done by the destructor).
  void discard() noexcept;

  struct Staged {
    std::string path;    // the final path as given (for messages)
    std::string target;  // the file replaced (path, or the regular file a link at path names)
    std::string tmp;     // the temporary beside target
  };

 private:
  friend Result<StagedFiles> stage_files(const std::vector<FileBytes>& files);
  std::vector<Staged> temps_;
};

// Creates each file's folder if missing and writes every file to its temporary, the files in
// parallel (one thread each: their fsyncs overlap). On failure the error names the file and no
// temporary is left behind.
Result<StagedFiles> stage_files(const std::vector<FileBytes>& files);

}  // namespace kiss::report
