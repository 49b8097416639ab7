#include "rules/model.h"

namespace kiss {

std::string Stack::name() const {
  // Entries joined with '+'; extra exits follow only when a layer adds them, so a stack that
  // differs from the baseline only by its exits still has a name of its own.
  std::string out;
  for (const auto& n : rule_names()) {
    if (!out.empty()) out += '+';
    out += n;
  }
  return out;
}

std::vector<std::string> Stack::rule_names() const {
  std::vector<std::string> out;
  out.reserve(entries.size() + extra_exits.size());
  for (const auto& r : entries) out.push_back(r.name);
  for (const auto& r : extra_exits) out.push_back(r.name);
  return out;
}

}  // namespace kiss
