#include "config/yaml_util.h"

#include "util/file.h"
#include "util/text.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <map>
#include <sstream>

namespace kiss::yamlx {

namespace {

int line_of(const YAML::Mark& m) { return m.is_null() ? 0 : m.line + 1; }
int column_of(const YAML::Mark& m) { return m.is_null() ? 0 : m.column + 1; }

const char* type_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Undefined: break;
  }
  return "nothing";
}

// The standard tags (YAML 1.2 core schema) and the non-specific ones: "?" (plain, untagged)
// and "!" (quoted, untagged). Any other tag would change the meaning of a value in a way the
// loaders do not read, so it is an error rather than silently ignored.
bool standard_tag(const std::string& tag) {
  static const char* const kTags[] = {"?",
                                      "!",
                                      "tag:yaml.org,2002:str",
                                      "tag:yaml.org,2002:int",
                                      "tag:yaml.org,2002:float",
                                      "tag:yaml.org,2002:bool",
                                      "tag:yaml.org,2002:null",
                                      "tag:yaml.org,2002:map",
                                      "tag:yaml.org,2002:seq"};
  return tag.empty() || std::find(std::begin(kTags), std::end(kTags), tag) != std::end(kTags);
}

// "!!str" for a core-schema tag, the tag as written otherwise.
std::string shown_tag(const std::string& tag) {
  const std::string core = "tag:yaml.org,2002:";
  return tag.rfind(core, 0) == 0 ? "!!" + tag.substr(core.size()) : tag;
}

// Walks the events of a document once, counting the nodes it holds after every alias is
// expanded: an alias counts the whole subtree of its anchor. The count grows with the document
// as loaders and the duplicate-key check would walk it, so a "billion laughs" document (a few
// lines of nested aliases expanding to 10^9 nodes) is refused here, in one linear pass, before
// anything walks it. Counts saturate at the limit.
class DocumentChecker : public YAML::EventHandler {
 public:
  std::string error;
  YAML::Mark error_mark;
  YAML::Mark start;  // where the document starts

  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor, {}); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    // An alias inside the collection its anchor names (`&e [*e]`) makes the node graph a
    // cycle: every walk of it would recurse without end. Refused like a bomb.
    for (const Open& o : stack_) {
      if (o.anchor != YAML::NullAnchor && o.anchor == anchor && error.empty()) {
        error = "an alias (*name) inside the node its anchor (&name) names makes a cycle";
        error_mark = mark;
      }
    }
    add(mark, anchor < sizes_.size() ? sizes_[anchor] : 1);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string&) override {
    leaf(mark, anchor, tag);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor, tag);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor, tag);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    YAML::anchor_t anchor;
    std::uint64_t nodes;  // the collection and everything in it, expanded
  };

  void check_tag(const YAML::Mark& mark, const std::string& tag) {
    if (standard_tag(tag) || !error.empty()) return;
    error = "unknown YAML tag '" + clip(shown_tag(tag)) +
            "' (only the standard tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq "
            "are accepted)";
    error_mark = mark;
  }
  void record(YAML::anchor_t anchor, std::uint64_t nodes) {
    if (anchor == YAML::NullAnchor) return;
    if (sizes_.size() <= anchor) sizes_.resize(anchor + 1, 1);
    sizes_[anchor] = nodes;
  }
  static std::uint64_t capped(std::uint64_t a, std::uint64_t b) {
    return std::min<std::uint64_t>(a + b, kMaxYamlNodes + 1);
  }
  // `nodes` more values: in the whole document, and in the innermost open collection.
  void add(const YAML::Mark& mark, std::uint64_t nodes, bool to_parent = true) {
    total_ = capped(total_, nodes);
    if (to_parent && !stack_.empty()) stack_.back().nodes = capped(stack_.back().nodes, nodes);
    if (total_ > kMaxYamlNodes && error.empty()) {
      error = "the document holds more than " + std::to_string(kMaxYamlNodes) +
              " values once its aliases (*name) are expanded (an alias bomb?)";
      error_mark = mark;
    }
  }
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, const std::string& tag) {
    check_tag(mark, tag);
    record(anchor, 1);
    add(mark, 1);
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor, const std::string& tag) {
    check_tag(mark, tag);
    add(mark, 1, false);
    stack_.push_back(Open{anchor, 1});
  }
  // The collection's values were counted in total_ as they came; its parent gets them now.
  void close() {
    if (stack_.empty()) return;
    const Open o = stack_.back();
    stack_.pop_back();
    record(o.anchor, o.nodes);
    if (!stack_.empty()) stack_.back().nodes = capped(stack_.back().nodes, o.nodes);
  }

  std::uint64_t total_ = 0;  // values of the document so far, expanded
  std::vector<Open> stack_;
  std::vector<std::uint64_t> sizes_;  // anchor id -> nodes of its subtree (expanded)
};

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

void Diagnostics::add(const YAML::Node& node, const std::string& key, std::string message) {
  const YAML::Mark m = node.Mark();
  add_at(line_of(m), column_of(m), key, std::move(message));
}

void Diagnostics::add_at(int line, int column, const std::string& key, std::string message) {
  // The key path holds names from the file: clipped like any quoted input text.
  errors_.push_back(Error{file_, line, column, clip(key), std::move(message), ExitCode::kBadInput});
}

Result<Document> read_document(const std::string& path, std::string_view what) {
  auto bytes = read_input_file(path, kMaxYamlBytes, what);
  if (!bytes) return tl::unexpected(std::move(bytes.error()));
  Document doc;
  doc.bytes = std::move(*bytes);
  try {
    // First pass over the events: size after alias expansion, tags, a second document. Only a
    // document that passes is built into nodes (yaml-cpp keeps only the first one).
    std::istringstream in(doc.bytes);
    YAML::Parser parser(in);
    DocumentChecker checker;
    const bool any = parser.HandleNextDocument(checker);
    if (!checker.error.empty()) {
      return make_error(checker.error, path, line_of(checker.error_mark),
                        column_of(checker.error_mark));
    }
    DocumentChecker second;
    if (any && parser.HandleNextDocument(second)) {
      return make_error(
          "a second YAML document (after '---' or '...') is not allowed: the file "
          "holds one document",
          path, line_of(second.start), column_of(second.start));
    }
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
  return n.empty() ? std::string() : " (did you mean '" + clip(n) + "'?)";
}

std::optional<Scalar> scalar(const YAML::Node& node, const std::string& key, const char* what,
                             Diagnostics& diag) {
  if (!node.IsScalar()) {
    diag.add(node, key, std::string("expected ") + what + ", got " + type_name(node));
    return std::nullopt;
  }
  // "!" is a quoted scalar; "!!str" asks for a string just as quotes do.
  return Scalar{node.Scalar(), node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str"};
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
  if (!v) diag.add(node, key, "expected an integer, got '" + clip(s->text) + "'");
  return v;
}

std::optional<double> get_double(const YAML::Node& node, const std::string& key,
                                 Diagnostics& diag) {
  auto s = scalar(node, key, "a number", diag);
  if (!s) return std::nullopt;
  auto v = s->quoted ? std::nullopt : parse_double(s->text);
  if (!v) diag.add(node, key, "expected a number, got '" + clip(s->text) + "'");
  return v;
}

std::optional<bool> get_bool(const YAML::Node& node, const std::string& key, Diagnostics& diag) {
  auto s = scalar(node, key, "true or false", diag);
  if (!s) return std::nullopt;
  if (!s->quoted) {
    const std::string t = lower(s->text);
    if (t == "true" || t == "yes" || t == "on") return true;
    if (t == "false" || t == "no" || t == "off") return false;
  }
  diag.add(node, key, "expected true or false, got '" + clip(s->text) + "'");
  return std::nullopt;
}

std::optional<std::string> get_string(const YAML::Node& node, const std::string& key,
                                      Diagnostics& diag) {
  auto s = scalar(node, key, "a string", diag);
  if (!s) return std::nullopt;
  return s->text;
}

std::string format_number(double v) { return shortest_number(v); }

namespace {

void append_quoted(std::string& out, const std::string& text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

std::string canonical_text(const YAML::Node& node) {
  std::string out;
  if (!node.IsDefined() || node.IsNull()) return "~";
  if (node.IsScalar()) {
    append_quoted(out, node.Scalar());
    return out;
  }
  if (node.IsSequence()) {
    out += '[';
    bool first = true;
    for (const YAML::Node& item : node) {
      if (!first) out += ',';
      first = false;
      out += canonical_text(item);
    }
    return out + ']';
  }
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& kv : node)
    entries.emplace_back(canonical_text(kv.first), canonical_text(kv.second));
  std::sort(entries.begin(), entries.end());
  out += '{';
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out += ',';
    out += entries[i].first;
    out += ':';
    out += entries[i].second;
  }
  return out + '}';
}

}  // namespace kiss::yamlx
