#include "util/text.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace kiss {

std::string shortest_number(double v) {
  if (std::fabs(v) < 1e15 && v == std::trunc(v)) {
    char ibuf[32];
    std::snprintf(ibuf, sizeof ibuf, "%.0f", v);
    return ibuf;
  }
  char buf[64];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

}  // namespace kiss
