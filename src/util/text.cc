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

std::string rupees(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  // %.2f never consults a locale's grouping; the sign goes before the symbol.
  std::snprintf(buf, sizeof buf, "%.2f", std::fabs(v));
  const bool negative = v < 0 && std::string_view(buf) != "0.00";
  return std::string(negative ? "-" : "") + "\u20b9" + buf;
}

std::size_t display_width(std::string_view s) noexcept {
  std::size_t columns = 0;
  for (const char c : s) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return columns;
}

std::string pad_left(std::string_view s, std::size_t width) {
  const std::size_t w = display_width(s);
  std::string out(w < width ? width - w : 0, ' ');
  out += s;
  return out;
}

std::string pad_right(std::string_view s, std::size_t width) {
  const std::size_t w = display_width(s);
  std::string out(s);
  out.append(w < width ? width - w : 0, ' ');
  return out;
}

std::string join(const std::vector<std::string>& parts, char sep) {
  return join(parts, std::string_view(&sep, 1));
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
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

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string clip(std::string_view text, std::size_t max_bytes) {
  std::size_t n = text.size();
  if (n > max_bytes) {
    n = max_bytes;
    // Back up over UTF-8 continuation bytes (10xxxxxx) so no character is cut in half.
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  }
  std::string out;
  out.reserve(n + 32);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out += (c < 0x20 || c == 0x7F) ? '?' : text[i];
  }
  if (n < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace kiss
