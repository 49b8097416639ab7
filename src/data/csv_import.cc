#include "data/csv_import.h"

#include <array>
#include <charconv>
#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>

namespace kiss::data {
namespace {

constexpr std::string_view kDateFormats =
    "expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS+05:30 or DD-Mon-YYYY";

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) noexcept {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The time part after the date: "HH:MM:SS" or "HH:MM", optional fraction, then nothing, `Z`, or
// an offset `+HH:MM` / `-HH:MM` / `+HHMM`. Only its shape is checked: the date is the local one.
bool valid_time_suffix(std::string_view t) noexcept {
  int hh = 0, mm = 0, ss = 0;
  if (!digits(t, 0, 2, hh) || t.size() < 5 || t[2] != ':' || !digits(t, 3, 2, mm)) return false;
  if (hh > 23 || mm > 59) return false;
  std::size_t p = 5;
  if (p < t.size() && t[p] == ':') {
    if (!digits(t, p + 1, 2, ss) || ss > 60) return false;
    p += 3;
    if (p < t.size() && t[p] == '.') {
      ++p;
      while (p < t.size() && t[p] >= '0' && t[p] <= '9') ++p;
    }
  }
  if (p == t.size()) return true;
  if (t[p] == 'Z') return p + 1 == t.size();
  if (t[p] != '+' && t[p] != '-') return false;
  std::string_view off = t.substr(p + 1);
  int oh = 0, om = 0;
  if (off.size() == 5 && off[2] == ':') return digits(off, 0, 2, oh) && digits(off, 3, 2, om);
  if (off.size() == 4) return digits(off, 0, 2, oh) && digits(off, 2, 2, om);
  return false;
}

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};

enum Col { kDate, kOpen, kHigh, kLow, kClose, kVolume, kAdjClose, kSymbol, kNumCols };
constexpr std::array<std::string_view, kNumCols> kColName = {
    "date", "open", "high", "low", "close", "volume", "adj close", "symbol"};

// Header cell -> column, case-insensitively; -1 for an ignored (extra) column.
int column_of(std::string_view h) {
  std::string s;
  s.reserve(h.size());
  for (char c : h) s.push_back(lower(c));
  if (s == "date" || s == "timestamp") return kDate;
  if (s == "open") return kOpen;
  if (s == "high") return kHigh;
  if (s == "low") return kLow;
  if (s == "close") return kClose;
  if (s == "volume") return kVolume;
  if (s == "adj close" || s == "adj_close" || s == "adjclose") return kAdjClose;
  if (s == "symbol") return kSymbol;
  return -1;
}

// Splits one line (without its line ending) into cells. Quoted cells may hold commas and
// doubled quotes; `scratch` keeps unescaped copies alive. Returns false on a bad quote.
// `scratch` is a deque: push_back never moves the earlier strings, so the views in `cells`
// stay valid (a vector moved them on growth and short strings live inside the object: found
// by fuzz/csv_fuzz, regression fuzz/regression/csv/).
bool split_cells(std::string_view line, std::vector<std::string_view>& cells,
                 std::deque<std::string>& scratch) {
  cells.clear();
  std::size_t i = 0;
  while (true) {
    // Leading blanks before a quote are allowed.
    std::size_t j = i;
    while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
    if (j < line.size() && line[j] == '"') {
      std::size_t k = j + 1;
      bool escaped = false;
      while (true) {
        if (k >= line.size()) return false;  // unterminated
        if (line[k] == '"') {
          if (k + 1 < line.size() && line[k + 1] == '"') {
            escaped = true;
            k += 2;
            continue;
          }
          break;
        }
        ++k;
      }
      std::string_view inner = line.substr(j + 1, k - j - 1);
      if (escaped) {
        std::string u;
        for (std::size_t m = 0; m < inner.size(); ++m) {
          u.push_back(inner[m]);
          if (inner[m] == '"') ++m;
        }
        scratch.push_back(std::move(u));
        inner = scratch.back();
      }
      cells.push_back(inner);
      std::size_t after = k + 1;
      while (after < line.size() && (line[after] == ' ' || line[after] == '\t')) ++after;
      if (after == line.size()) return true;
      if (line[after] != ',') return false;  // text after the closing quote
      i = after + 1;
    } else {
      const std::size_t comma = line.find(',', i);
      if (comma == std::string_view::npos) {
        cells.push_back(trim(line.substr(i)));
        return true;
      }
      cells.push_back(trim(line.substr(i, comma - i)));
      i = comma + 1;
    }
  }
}

bool parse_number(std::string_view s, double& out) noexcept {
  if (s.empty()) return false;
  const char* first = s.data();
  if (*first == '+') ++first;  // from_chars rejects a leading '+'
  const auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(out);
}

std::string stem_of(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

}  // namespace

std::optional<Date> parse_csv_date(std::string_view s) noexcept {
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    const auto d = parse_iso_date(s.substr(0, 10));
    if (!d) return std::nullopt;
    if (s.size() == 10) return d;
    if ((s[10] != ' ' && s[10] != 'T') || !valid_time_suffix(s.substr(11))) return std::nullopt;
    return d;
  }
  // DD-Mon-YYYY or D-Mon-YYYY.
  const std::size_t dash = s.find('-');
  if (dash != 1 && dash != 2) return std::nullopt;
  if (s.size() != dash + 9 || s[dash + 4] != '-') return std::nullopt;
  int day = 0, year = 0;
  if (!digits(s, 0, dash, day) || !digits(s, dash + 5, 4, year)) return std::nullopt;
  const std::string_view mon = s.substr(dash + 1, 3);
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    const std::string_view k = kMonths[m];
    if (lower(mon[0]) == k[0] && lower(mon[1]) == k[1] && lower(mon[2]) == k[2]) {
      const int month = static_cast<int>(m) + 1;
      if (!is_valid_civil(year, month, day)) return std::nullopt;
      return days_from_civil(year, month, day);
    }
  }
  return std::nullopt;
}

bool is_valid_symbol(std::string_view s) noexcept {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '&' || c == '^' || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

tl::expected<ParsedCsv, Issue> parse_csv(std::string_view text, const std::string& path,
                                         const std::string& symbol, bool force_symbol,
                                         std::uint32_t file_index) {
  auto refuse = [&](int line, std::string msg) {
    return tl::unexpected<Issue>(Issue{Issue::Kind::kError, path, line, {}, std::move(msg)});
  };
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
    text.remove_prefix(3);
  // Binary junk: any control byte other than tab, CR, LF refuses the file (a CSV is text).
  {
    int line = 1;
    for (char ch : text) {
      const auto c = static_cast<unsigned char>(ch);
      if (c == '\n') ++line;
      if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F)
        return refuse(line, fmt::format("binary data (byte 0x{:02X}): not a CSV text file", c));
    }
  }
  std::size_t pos = 0;
  int line_no = 0;
  // Next line without its line ending; false at the end of the text.
  auto next_line = [&](std::string_view& out) {
    if (pos >= text.size()) return false;
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    out = text.substr(pos, nl - pos);
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    pos = nl + 1;
    ++line_no;
    return true;
  };
  std::string_view line;
  // The header is the first line that is not blank.
  bool have_header = false;
  while (next_line(line)) {
    if (!trim(line).empty()) {
      have_header = true;
      break;
    }
  }
  if (!have_header) return refuse(0, "empty file");
  const int header_line = line_no;

  std::vector<std::string_view> cells;
  std::deque<std::string> scratch;
  if (!split_cells(line, cells, scratch)) return refuse(header_line, "malformed quoted header cell");
  std::array<int, kNumCols> cell_of;
  cell_of.fill(-1);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const int c = column_of(trim(cells[i]));
    if (c < 0) continue;
    if (cell_of[static_cast<std::size_t>(c)] >= 0)
      return refuse(header_line,
                    fmt::format("column '{}' appears twice (cells {} and {})",
                                kColName[static_cast<std::size_t>(c)],
                                cell_of[static_cast<std::size_t>(c)] + 1, i + 1));
    cell_of[static_cast<std::size_t>(c)] = static_cast<int>(i);
  }
  for (int c = kDate; c <= kVolume; ++c) {
    if (cell_of[static_cast<std::size_t>(c)] < 0) {
      std::string name(kColName[static_cast<std::size_t>(c)]);
      if (c == kDate) name = "date' or 'timestamp";
      return refuse(header_line, fmt::format("missing required column '{}' (header: {})", name,
                                             trim(line)));
    }
  }
  const std::size_t ncells = cells.size();
  const bool use_symbol_col = cell_of[kSymbol] >= 0 && !force_symbol;
  if (!use_symbol_col && !is_valid_symbol(symbol))
    return refuse(0, fmt::format("invalid symbol '{}' (1..32 characters of A-Z a-z 0-9 & ^ . _ -)",
                                 symbol));

  ParsedCsv out;
  std::vector<Row>* current = nullptr;
  std::string current_symbol;
  auto reject = [&](const std::string& sym, std::string msg) {
    ++out.rejected;
    out.issues.push_back(Issue{Issue::Kind::kError, path, line_no, sym, std::move(msg)});
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  while (next_line(line)) {
    if (trim(line).empty()) continue;  // blank lines (typically a trailing one) carry no row
    ++out.data_rows;
    scratch.clear();
    std::string sym = symbol;
    if (!split_cells(line, cells, scratch)) {
      reject(sym, "malformed quoted cell");
      continue;
    }
    if (cells.size() != ncells) {
      reject(sym, fmt::format("expected {} cells as in the header, found {}", ncells, cells.size()));
      continue;
    }
    if (use_symbol_col) {
      const std::string_view s = cells[static_cast<std::size_t>(cell_of[kSymbol])];
      if (!is_valid_symbol(s)) {
        reject({}, fmt::format("column 'symbol': invalid symbol '{}'", s));
        continue;
      }
      sym.assign(s);
    }
    Row r;
    r.line = line_no;
    r.file = file_index;
    const std::string_view ds = cells[static_cast<std::size_t>(cell_of[kDate])];
    const auto d = parse_csv_date(ds);
    if (!d) {
      reject(sym, fmt::format("column 'date': cannot parse date '{}' ({})", ds, kDateFormats));
      continue;
    }
    r.date = *d;
    double* const fields[] = {&r.open, &r.high, &r.low, &r.close, &r.volume};
    bool ok = true;
    for (int c = kOpen; c <= kVolume && ok; ++c) {
      const std::string_view v = cells[static_cast<std::size_t>(cell_of[static_cast<std::size_t>(c)])];
      double& f = *fields[c - kOpen];
      if (!parse_number(v, f)) {
        reject(sym, fmt::format("column '{}': cannot parse number '{}'",
                                kColName[static_cast<std::size_t>(c)], v));
        ok = false;
      } else if (c != kVolume && f <= 0) {
        reject(sym, fmt::format("column '{}': price must be positive, found {}",
                                kColName[static_cast<std::size_t>(c)], f));
        ok = false;
      } else if (c == kVolume && f < 0) {
        reject(sym, fmt::format("column 'volume': volume must not be negative, found {}", f));
        ok = false;
      }
    }
    if (!ok) continue;
    r.adj_close = nan;
    if (cell_of[kAdjClose] >= 0) {
      const std::string_view v = cells[static_cast<std::size_t>(cell_of[kAdjClose])];
      if (!parse_number(v, r.adj_close) || r.adj_close <= 0) {
        reject(sym, fmt::format("column 'adj close': cannot parse positive number '{}'", v));
        continue;
      }
    }
    if (r.high < r.low) {
      reject(sym, fmt::format("high {} is below low {}", r.high, r.low));
      continue;
    }
    if (r.high < std::max(r.open, r.close)) {
      reject(sym, fmt::format("high {} is below max(open, close) {}", r.high,
                              std::max(r.open, r.close)));
      continue;
    }
    if (r.low > std::min(r.open, r.close)) {
      reject(sym, fmt::format("low {} is above min(open, close) {}", r.low,
                              std::min(r.open, r.close)));
      continue;
    }
    if (current == nullptr || sym != current_symbol) {
      current = &out.rows[sym];
      current_symbol = sym;
    }
    current->push_back(r);
  }
  if (out.data_rows == 0) return refuse(header_line, "no data rows after the header");
  return out;
}

tl::expected<ParsedCsv, Issue> read_csv_file(const std::string& path,
                                             const std::optional<std::string>& symbol,
                                             std::uint32_t file_index) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return tl::unexpected<Issue>(Issue{Issue::Kind::kError, path, 0, {}, "cannot open file"});
  std::string text;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0)
    return tl::unexpected<Issue>(Issue{Issue::Kind::kError, path, 0, {}, "cannot read file"});
  text.resize(static_cast<std::size_t>(size));
  in.seekg(0, std::ios::beg);
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (!in)
    return tl::unexpected<Issue>(Issue{Issue::Kind::kError, path, 0, {}, "cannot read file"});
  return parse_csv(text, path, symbol ? *symbol : stem_of(path), symbol.has_value(), file_index);
}

}  // namespace kiss::data
