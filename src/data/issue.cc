#include "data/issue.h"

namespace kiss::data {

std::string Issue::to_string() const {
  std::string out;
  switch (kind) {
    case Kind::kError: out = "error: "; break;
    case Kind::kWarning: out = "warning: "; break;
    case Kind::kNote: out = "note: "; break;
  }
  if (!file.empty()) {
    out += file;
    if (line > 0) out += ':' + std::to_string(line);
    out += ": ";
  }
  if (!symbol.empty()) out += symbol + ": ";
  out += message;
  return out;
}

const Issue* first_error(const std::vector<Issue>& issues) {
  for (const Issue& i : issues) {
    if (i.kind == Issue::Kind::kError) return &i;
  }
  return nullptr;
}

}  // namespace kiss::data
