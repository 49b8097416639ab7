#include "config/universe.h"

#include <map>
#include <sstream>

#include "util/file.h"
#include "util/text.h"

namespace kiss {

namespace {

// One CSV record (no embedded newlines: a universe file has none). `ok` is false on an
// unterminated quote.
std::vector<std::string> split(const std::string& line, bool& ok) {
  std::vector<std::string> out(1);
  bool quoted = false;
  ok = true;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  if (quoted) ok = false;
  for (auto& f : out) f = std::string(trim(f));
  return out;
}

}  // namespace

UniverseLoad load_universe_all(const std::string& path) {
  UniverseLoad out;
  auto err = [&](int line, std::string key, std::string msg) {
    out.errors.push_back(Error{path, line, 0, std::move(key), std::move(msg), ExitCode::kBadInput});
  };
  auto read = read_input_file(path, kMaxUniverseBytes, "universe file");
  if (!read) {
    out.errors.push_back(std::move(read.error()));
    return out;
  }
  std::string text = std::move(*read);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::istringstream lines(text);
  std::string line;
  int n = 0;
  int symbol_col = -1, name_col = -1, sector_col = -1;
  std::size_t header_fields = 0;
  std::map<std::string, int> seen;
  while (std::getline(lines, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty()) continue;
    bool ok = true;
    const auto fields = split(line, ok);
    if (!ok) {
      err(n, "", "unterminated quote");
      continue;
    }
    if (symbol_col < 0 && header_fields == 0) {
      header_fields = fields.size();
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const std::string h = lower(fields[i]);
        if (h == "symbol" && symbol_col < 0) symbol_col = static_cast<int>(i);
        if (h == "name" && name_col < 0) name_col = static_cast<int>(i);
        if (h == "sector" && sector_col < 0) sector_col = static_cast<int>(i);
      }
      if (symbol_col < 0) {
        err(n, "symbol", "the header has no 'symbol' column");
        return out;
      }
      continue;
    }
    if (fields.size() > header_fields) {
      err(n, "",
          "row has " + std::to_string(fields.size()) + " fields, the header " +
              std::to_string(header_fields));
      continue;
    }
    auto at = [&](int col) {
      return col >= 0 && static_cast<std::size_t>(col) < fields.size()
                 ? fields[static_cast<std::size_t>(col)]
                 : std::string();
    };
    UniverseEntry e{at(symbol_col), at(name_col), at(sector_col), n};
    if (e.symbol.empty()) {
      err(n, "symbol", "empty symbol");
      continue;
    }
    auto [pos, inserted] = seen.emplace(e.symbol, n);
    if (!inserted) {
      err(n, "symbol",
          "duplicate symbol '" + clip(e.symbol) + "' (first at line " +
              std::to_string(pos->second) + ")");
      continue;
    }
    out.entries.push_back(std::move(e));
  }
  if (header_fields == 0) {
    err(0, "", "the universe file is empty (expected a header with a 'symbol' column)");
  } else if (out.entries.empty() && out.errors.empty()) {
    err(0, "symbol", "the universe file lists no symbols");
  }
  return out;
}

Result<std::vector<UniverseEntry>> load_universe(const std::string& path) {
  UniverseLoad l = load_universe_all(path);
  if (!l.errors.empty()) return tl::unexpected<Error>(l.errors.front());
  return std::move(l.entries);
}

}  // namespace kiss
