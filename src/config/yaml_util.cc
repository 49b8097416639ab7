#include "config/yaml_util.h"

#include "util/text.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace kiss::yamlx {

namespace {

int line_of(const YAML::Mark& m) { return m.is_null() ? 0 : m.line + 1; }
int column_of(const YAML::Mark& m) { return m.is_null() ? 0 : m.column + 1; }

const char* type_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

void Diagnostics::add(const YAML::Node& node, std::string key, std::string message) {
  const YAML::Mark m = node.Mark();
  add_at(line_of(m), column_of(m), std::move(key), std::move(message));
}

void Diagnostics::add_at(int line, int column, std::string key, std::string message) {
  errors_.push_back(Error{file_, line, column, std::move(key), std::move(message),
                          ExitCode::kBadInput});
}

Result<Document> read_document(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(std::string("cannot open file: ") + std::strerror(errno), path);
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return make_error("cannot read file", path);
  Document doc;
  doc.bytes = ss.str();
  try {
    doc.root = YAML::Load(doc.bytes);
  } catch (const YAML::Exception& e) {
    return make_error("YAML syntax error: " + e.msg, path, line_of(e.mark), column_of(e.mark));
  }
  return doc;
}

std::string join(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out = path;
  out += '.';
  out += key;
  return out;
}

std::string index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

void check_duplicate_keys(const YAML::Node& node, const std::string& path, Diagnostics& diag) {
  if (node.IsMap()) {
    std::map<std::string, int> first_line;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node k = it->first;  // a copy: it-> yields a temporary proxy
      const std::string name = k.IsScalar() ? k.Scalar() : std::string("?");
      const int line = line_of(k.Mark());
      auto [pos, inserted] = first_line.emplace(name, line);
      if (!inserted) {
        diag.add(k, join(path, name),
                 "duplicate key (first defined at line " + std::to_string(pos->second) + ")");
      }
      check_duplicate_keys(it->second, join(path, name), diag);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      check_duplicate_keys(node[i], index(path, i), diag);
    }
  }
}

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = static_cast<std::size_t>(-1);
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string n = nearest(word, candidates);
  return n.empty() ? std::string() : " (did you mean '" + n + "'?)";
}

std::optional<Scalar> scalar(const YAML::Node& node, const std::string& key, const char* what,
                             Diagnostics& diag) {
  if (!node.IsScalar()) {
    diag.add(node, key, std::string("expected ") + what + ", got " + type_name(node));
    return std::nullopt;
  }
  return Scalar{node.Scalar(), node.Tag() == "!"};
}

std::optional<long long> parse_int(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::size_t start = (text[0] == '+' || text[0] == '-') ? 1 : 0;
  if (start == text.size()) return std::nullopt;
  long long v = 0;
  const char* first = text.data() + (text[0] == '+' ? 1 : 0);
  auto [p, ec] = std::from_chars(first, text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_double(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // Only decimal notation: no YAML .inf/.nan, no hex.
  for (char c : text) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' ||
          c == 'e' || c == 'E')) {
      return std::nullopt;
    }
  }
  std::string s(text);
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<long long> get_int(const YAML::Node& node, const std::string& key,
                                 Diagnostics& diag) {
  auto s = scalar(node, key, "an integer", diag);
  if (!s) return std::nullopt;
  auto v = s->quoted ? std::nullopt : parse_int(s->text);
  if (!v) diag.add(node, key, "expected an integer, got '" + s->text + "'");
  return v;
}

std::optional<double> get_double(const YAML::Node& node, const std::string& key,
                                 Diagnostics& diag) {
  auto s = scalar(node, key, "a number", diag);
  if (!s) return std::nullopt;
  auto v = s->quoted ? std::nullopt : parse_double(s->text);
  if (!v) diag.add(node, key, "expected a number, got '" + s->text + "'");
  return v;
}

std::optional<bool> get_bool(const YAML::Node& node, const std::string& key, Diagnostics& diag) {
  auto s = scalar(node, key, "true or false", diag);
  if (!s) return std::nullopt;
  if (!s->quoted) {
    std::string t = s->text;
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (t == "true" || t == "yes" || t == "on") return true;
    if (t == "false" || t == "no" || t == "off") return false;
  }
  diag.add(node, key, "expected true or false, got '" + s->text + "'");
  return std::nullopt;
}

std::optional<std::string> get_string(const YAML::Node& node, const std::string& key,
                                      Diagnostics& diag) {
  auto s = scalar(node, key, "a string", diag);
  if (!s) return std::nullopt;
  return s->text;
}

std::string format_number(double v) { return shortest_number(v); }

}  // namespace kiss::yamlx
