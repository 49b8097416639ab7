// Writing the day's report files: <dir>/signals_YYYY-MM-DD.md and .html.
#pragma once
#include <string>
#include <string_view>

#include "report/model.h"
#include "util/error.h"

namespace kiss::report {

// "<dir>/signals_YYYY-MM-DD.<ext>" (ext without the dot).
std::string report_path(const std::string& dir, Date date, std::string_view ext);

// Renders both formats and writes them atomically: the folder is created if missing; each file
// goes to a temporary file in the same folder, is fsynced, then renamed over the final name,
// and the folder is fsynced. A reader never sees a half-written report, and an existing report
// of the same date stays intact until its replacement is complete. Both files are rendered and
// fully written to their temporaries before either is renamed. On failure the error names the
// path and no temporary is left behind.
Status write_report_files(const std::string& dir, const DailyReport& r);

// One file, same atomic protocol (exposed for tests and for other report outputs).
Status write_file_atomic(const std::string& path, std::string_view bytes);

}  // namespace kiss::report
