#include "config/settings_snapshot.h"

#include <charconv>
#include <cstdio>
#include <filesystem>

namespace kiss {
namespace {

void append_json_string(std::string& out, const std::string& s) {
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += ch;
    }
  }
  out += '"';
}

// Shortest text that reads back as the same double (0.5, not 0.50000000000000000).
void append_number(std::string& out, double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

std::string as_written(const Config& c, const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path rel = fs::path(path).lexically_relative(fs::path(c.config_dir));
  if (rel.empty() || *rel.begin() == "..") return path;
  return rel.generic_string();
}

}  // namespace

std::string settings_snapshot_json(const Config& config) {
  std::string out = "{\"universe_path\":";
  append_json_string(out, as_written(config, config.universe_path));
  out += ",\"hold_period\":" + std::to_string(config.hold_period);
  out += ",\"edge_score_threshold\":";
  append_number(out, config.edge_score_threshold);
  out += ",\"min_trades_threshold\":" + std::to_string(config.min_trades_threshold);
  out += ",\"freeze_date\":";
  if (config.freeze_date.empty()) {
    out += "null";
  } else {
    append_json_string(out, config.freeze_date);
  }
  out += '}';
  return out;
}

}  // namespace kiss
