// Strict reading of YAML documents for config.yaml and rules.yaml: every problem becomes one
// kiss::Error naming the file, the 1-based line and column, and the key path. yaml-cpp alone is
// too lenient (it keeps duplicate keys silently, converts "3" to 3, accepts 3.7 for an int), so
// scalars are parsed here from their text.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/yaml.h"

#include "util/error.h"

namespace kiss::yamlx {

// Collects every error of one file, so `validate` can print them all; loaders return the first.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}
  const std::string& file() const noexcept { return file_; }

  // Error at `node` (its mark; a null mark gives line 0).
  void add(const YAML::Node& node, const std::string& key, std::string message);
  void add_at(int line, int column, const std::string& key, std::string message);
  bool ok() const noexcept { return errors_.empty(); }
  const std::vector<Error>& errors() const noexcept { return errors_; }
  std::vector<Error> take() { return std::move(errors_); }

 private:
  std::string file_;
  std::vector<Error> errors_;
};

// Values a document may hold once its aliases are expanded (docs/configuration.md). The
// largest real rules file holds a few hundred.
inline constexpr std::uint64_t kMaxYamlNodes = 100'000;

// Reads and parses `path` (`what` names it in messages: "config file"). On failure returns the
// error with line and column: the file is not a regular file or is over 1 MiB (util/file.h),
// a YAML syntax error, more than kMaxYamlNodes values after alias expansion, a tag other than
// the standard ones, or a second document.
struct Document {
  std::string bytes;
  YAML::Node root;
};
Result<Document> read_document(const std::string& path, std::string_view what = "file");

// Reports every duplicate key of every mapping below `node` (yaml-cpp keeps both silently and
// returns the first on lookup). `path` is the key path of `node` ("" at the root).
void check_duplicate_keys(const YAML::Node& node, const std::string& path, Diagnostics& diag);

// The canonical text of a document's data (docs/configuration.md, "The config hash"):
// mappings with their entries sorted by key, sequences in order, scalars as their text (JSON
// string escapes), null as ~. Comments, blank lines, indentation, flow or block style, quoting,
// key order and anchors/aliases (expanded) do not change it; any changed value, key or list
// order does.
std::string canonical_text(const YAML::Node& node);

// "a.b" / "a[2]" key paths.
std::string join(const std::string& path, std::string_view key);
std::string index(const std::string& path, std::size_t i);

// The candidate nearest to `word` by edit distance (empty if `candidates` is empty).
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);
// "unknown key 'x' (did you mean 'y'?)"-style suffix: " (did you mean 'y'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// Plain text of a scalar, or nullopt after reporting "expected <what>" when `node` is not one.
// `quoted` tells whether the scalar was written in quotes (then it is never a number or bool).
struct Scalar {
  std::string text;
  bool quoted = false;
};
std::optional<Scalar> scalar(const YAML::Node& node, const std::string& key, const char* what,
                             Diagnostics& diag);

// Strict conversions: an unquoted integer / number / true|false; a string (quoted or plain).
std::optional<long long> parse_int(std::string_view text);
std::optional<double> parse_double(std::string_view text);
std::optional<long long> get_int(const YAML::Node& node, const std::string& key, Diagnostics& diag);
std::optional<double> get_double(const YAML::Node& node, const std::string& key, Diagnostics& diag);
std::optional<bool> get_bool(const YAML::Node& node, const std::string& key, Diagnostics& diag);
std::optional<std::string> get_string(const YAML::Node& node, const std::string& key,
                                      Diagnostics& diag);

// Shortest text that reads back as `v` ("0.6", "20", "1e+07").
std::string format_number(double v);

}  // namespace kiss::yamlx
