#include "data/import.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

#include "util/file.h"
#include "util/text.h"

namespace kiss::data {
namespace fs = std::filesystem;
namespace {

bool is_csv(const fs::path& p) { return lower(p.extension().string()) == ".csv"; }

// Sorted entries of a folder: *.csv files and sub-folders. A *.csv that is not a regular file
// (a FIFO, a device) is listed too: reading it refuses it by name rather than skipping it.
void list_folder(const fs::path& dir, std::vector<fs::path>& csvs, std::vector<fs::path>& dirs,
                 std::error_code& ec) {
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::error_code e2;
    if (it->is_directory(e2)) {
      dirs.push_back(p);
    } else if (is_csv(p)) {
      csvs.push_back(p);
    }
  }
  std::sort(csvs.begin(), csvs.end());
  std::sort(dirs.begin(), dirs.end());
}

}  // namespace

std::size_t ImportSummary::count(Issue::Kind kind) const {
  return static_cast<std::size_t>(std::count_if(issues.begin(), issues.end(),
                                                [kind](const Issue& i) { return i.kind == kind; }));
}

std::vector<CsvSource> collect_sources(const std::vector<std::string>& paths,
                                       const std::optional<std::string>& symbol,
                                       std::vector<Issue>& issues) {
  std::vector<CsvSource> out;
  for (const std::string& path : paths) {
    std::error_code ec;
    // A FIFO or a device is refused here, by name, before anything opens it.
    auto kind = input_path_kind(path, "import path");
    if (!kind) {
      issues.push_back(Issue{Issue::Kind::kError, path, 0, {}, std::move(kind.error().message)});
      continue;
    }
    if (*kind != FileKind::kFolder) {
      out.push_back(CsvSource{path, symbol});
      continue;
    }
    std::vector<fs::path> csvs, dirs;
    list_folder(path, csvs, dirs, ec);
    if (ec) {
      issues.push_back(
          Issue{Issue::Kind::kError, path, 0, {}, "cannot list folder: " + ec.message()});
      continue;
    }
    const std::size_t before = out.size();
    for (const fs::path& f : csvs) out.push_back(CsvSource{f.string(), symbol});
    for (const fs::path& d : dirs) {
      std::vector<fs::path> sub_csvs, sub_dirs;
      list_folder(d, sub_csvs, sub_dirs, ec);
      if (ec) {
        issues.push_back(
            Issue{Issue::Kind::kError, d.string(), 0, {}, "cannot list folder: " + ec.message()});
        continue;
      }
      const std::string name = symbol ? *symbol : d.filename().string();
      for (const fs::path& f : sub_csvs) out.push_back(CsvSource{f.string(), name});
    }
    if (out.size() == before)
      issues.push_back(Issue{Issue::Kind::kError, path, 0, {}, "folder holds no CSV file"});
  }
  return out;
}

ImportSummary import_sources(const std::vector<CsvSource>& sources,
                             const ValidateOptions& options) {
  ImportSummary s;
  std::map<std::string, std::vector<Row>> by_symbol;
  for (const CsvSource& src : sources) {
    const auto index = static_cast<std::uint32_t>(s.files.size());
    s.files.push_back(src.path);
    auto parsed = read_csv_file(src.path, src.symbol, index);
    if (!parsed) {
      ++s.refused_files;
      s.issues.push_back(std::move(parsed.error()));
      continue;
    }
    s.rows += parsed->data_rows;
    s.rejected += parsed->rejected;
    for (Issue& i : parsed->issues) s.issues.push_back(std::move(i));
    for (auto& [sym, rows] : parsed->rows) {
      std::vector<Row>& dst = by_symbol[sym];
      if (dst.empty()) {
        dst = std::move(rows);
      } else {
        dst.insert(dst.end(), rows.begin(), rows.end());
      }
    }
  }
  for (auto& [sym, rows] : by_symbol) {
    Validated v = validate_symbol(sym, std::move(rows), s.files, options);
    s.rejected += v.rejected;
    s.merged += v.merged;
    for (Issue& i : v.issues) s.issues.push_back(std::move(i));
    if (v.data) {
      s.symbols.push_back(std::move(*v.data));
    } else {
      s.skipped.push_back(sym);
    }
  }
  return s;
}

ImportSummary import_paths(const std::vector<std::string>& paths, const ImportOptions& options) {
  std::vector<Issue> issues;
  const std::vector<CsvSource> sources = collect_sources(paths, options.symbol, issues);
  ImportSummary s = import_sources(sources, options.validate);
  s.issues.insert(s.issues.begin(), issues.begin(), issues.end());
  return s;
}

}  // namespace kiss::data
