#include "data/csv_import.h"

#include <array>
#include <charconv>
#include <cmath>
#include <deque>
#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "data/validate.h"
#include "util/file.h"
#include "util/text.h"

namespace kiss::data {
namespace {

constexpr std::string_view kDateFormats =
    "expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS+05:30, DD-Mon-YYYY or DD/MM/YYYY";
constexpr std::string_view kTimeFormats =
    "expected Unix seconds (9 or 10 digits), YYYY-MM-DD, YYYY-MM-DD HH:MM:SS+05:30, DD-Mon-YYYY "
    "or DD/MM/YYYY";

// NSE's offset from UTC (Asia/Kolkata, no daylight saving): Unix times become local dates.
constexpr std::int64_t kIstOffsetSeconds = 19800;

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

char lower_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
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

enum Col { kDate, kOpen, kHigh, kLow, kClose, kVolume, kAdjClose, kSymbol, kTicker, kNumCols };
constexpr std::array<std::string_view, kNumCols> kColName = {"date",      "open",   "high",
                                                             "low",       "close",  "volume",
                                                             "adj close", "symbol", "ticker"};

// Header cell -> column, case-insensitively; -1 for an ignored (extra) column. `time` is
// TradingView's chart export, `date/time` and `ticker` AmiBroker's ASCII export.
int column_of(std::string_view h) {
  const std::string s = lower(h);
  if (s == "date" || s == "timestamp" || s == "time" || s == "date/time") return kDate;
  if (s == "open") return kOpen;
  if (s == "high") return kHigh;
  if (s == "low") return kLow;
  if (s == "close") return kClose;
  if (s == "volume") return kVolume;
  if (s == "adj close" || s == "adj_close" || s == "adjclose") return kAdjClose;
  if (s == "symbol") return kSymbol;
  if (s == "ticker") return kTicker;
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

std::string stem_of(const std::string& path) { return std::filesystem::path(path).stem().string(); }

std::string_view without_bom(std::string_view text) noexcept {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
    text.remove_prefix(3);
  return text;
}

struct BinaryByte {
  int line;
  unsigned byte;
};

// Binary junk: any control byte other than tab, CR, LF refuses the file (a CSV is text).
std::optional<BinaryByte> binary_byte(std::string_view text) noexcept {
  int line = 1;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') ++line;
    if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F) return BinaryByte{line, c};
  }
  return std::nullopt;
}

// The lines of a text, without their line endings, numbered from 1.
class Lines {
 public:
  explicit Lines(std::string_view text) : text_(text) {}
  // The next line; false at the end of the text.
  bool next(std::string_view& out) {
    if (pos_ >= text_.size()) return false;
    std::size_t nl = text_.find('\n', pos_);
    if (nl == std::string_view::npos) nl = text_.size();
    out = text_.substr(pos_, nl - pos_);
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    pos_ = nl + 1;
    ++number_;
    too_long_ = out.size() > kMaxCsvLineBytes;
    return true;
  }
  int number() const noexcept { return number_; }
  // The last line is longer than a CSV line may be (util/file.h kMaxCsvLineBytes).
  bool too_long() const noexcept { return too_long_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int number_ = 0;
  bool too_long_ = false;
};

std::string too_long_message(std::string_view line) {
  return fmt::format("line is {} bytes, longer than the limit of {} KiB for one CSV line: '{}'",
                     line.size(), kMaxCsvLineBytes >> 10, clip(line));
}

struct Header {
  std::array<int, kNumCols> cell_of{};   // cell index of each column, -1 when absent
  std::string date_name;                 // the date column's header as written ("Date/Time")
  bool unix_time = false;                // the date column is `time`: Unix seconds allowed
  SlashOrder slash = SlashOrder::kNone;  // how the file's DD/MM/YYYY-like dates are read
  std::size_t cells = 0;
  int line = 0;
};

struct HeaderError {
  int line;
  std::string message;
};

// The header is the first line that is not blank: every required column once.
tl::expected<Header, HeaderError> read_header(Lines& lines) {
  std::string_view line;
  bool found = false;
  while (!found && lines.next(line)) {
    if (lines.too_long())
      return tl::unexpected(HeaderError{lines.number(), too_long_message(line)});
    found = !trim(line).empty();
  }
  if (!found) return tl::unexpected(HeaderError{0, "empty file"});
  Header h;
  h.line = lines.number();
  std::vector<std::string_view> cells;
  std::deque<std::string> scratch;
  if (!split_cells(line, cells, scratch))
    return tl::unexpected(HeaderError{h.line, "malformed quoted header cell"});
  h.cell_of.fill(-1);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string_view name = trim(cells[i]);
    const int c = column_of(name);
    if (c < 0) continue;
    const auto col = static_cast<std::size_t>(c);
    if (h.cell_of[col] >= 0 && c == kDate && lower(name) != lower(h.date_name))
      return tl::unexpected(
          HeaderError{h.line,
                      fmt::format("columns '{}' and '{}' both give the date (cells {} and {})",
                                  clip(h.date_name), clip(name), h.cell_of[col] + 1, i + 1)});
    if (h.cell_of[col] >= 0)
      return tl::unexpected(
          HeaderError{h.line, fmt::format("column '{}' appears twice (cells {} and {})",
                                          kColName[col], h.cell_of[col] + 1, i + 1)});
    h.cell_of[col] = static_cast<int>(i);
    if (c == kDate) {
      h.date_name = std::string(name);
      h.unix_time = lower(name) == "time";
    }
  }
  if (h.cell_of[kSymbol] >= 0 && h.cell_of[kTicker] >= 0)
    return tl::unexpected(HeaderError{
        h.line, fmt::format("columns 'symbol' and 'ticker' both name the symbol (cells {} and {})",
                            h.cell_of[kSymbol] + 1, h.cell_of[kTicker] + 1)});
  for (int c = kDate; c <= kVolume; ++c) {
    if (h.cell_of[static_cast<std::size_t>(c)] < 0) {
      std::string name(kColName[static_cast<std::size_t>(c)]);
      if (c == kDate) name = "date', 'timestamp', 'time' or 'Date/Time";
      return tl::unexpected(
          HeaderError{h.line, fmt::format("missing required column '{}' (header: {})", name,
                                          clip(trim(line)))});
    }
  }
  h.cells = cells.size();
  return h;
}

std::string_view cell(const std::vector<std::string_view>& cells, const Header& h, Col c) {
  return cells[static_cast<std::size_t>(h.cell_of[static_cast<std::size_t>(c)])];
}

// Open, high, low, close, volume and adj close of a row; the reason when one is refused.
std::optional<std::string> parse_values(const std::vector<std::string_view>& cells, const Header& h,
                                        Row& r) {
  double* const fields[] = {&r.open, &r.high, &r.low, &r.close, &r.volume};
  for (int c = kOpen; c <= kVolume; ++c) {
    const std::string_view name = kColName[static_cast<std::size_t>(c)];
    const std::string_view v = cell(cells, h, static_cast<Col>(c));
    double& f = *fields[c - kOpen];
    if (!parse_number(v, f))
      return fmt::format("column '{}': cannot parse number '{}'", name, clip(v));
    if (c != kVolume && f <= 0)
      return fmt::format("column '{}': price must be positive, found {}", name, f);
    if (c != kVolume && !price_in_range(f))
      return fmt::format("column '{}': price {} is out of range ({} to {})", name, f, kMinPrice,
                         kMaxPrice);
    if (c == kVolume && f < 0)
      return fmt::format("column 'volume': volume must not be negative, found {}", f);
  }
  r.adj_close = std::numeric_limits<double>::quiet_NaN();
  if (h.cell_of[kAdjClose] >= 0) {
    const std::string_view v = cell(cells, h, kAdjClose);
    if (!parse_number(v, r.adj_close) || r.adj_close <= 0)
      return fmt::format("column 'adj close': cannot parse positive number '{}'", clip(v));
  }
  return std::nullopt;
}

// The date of a date cell: Unix seconds when the column is `time`, otherwise the text formats.
std::optional<Date> parse_date_cell(std::string_view s, const Header& h) noexcept {
  if (h.unix_time && !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos)
    return parse_unix_seconds_date(s);
  return parse_csv_date(s, h.slash);
}

// One data line into `r` (and `sym`, from the symbol column when used; `ticker`, from the
// ticker column when there is one); the reason it is rejected otherwise. `cells` and `scratch`
// are reused from row to row.
std::optional<std::string> parse_row(std::string_view line, const Header& h, bool use_symbol_col,
                                     std::vector<std::string_view>& cells,
                                     std::deque<std::string>& scratch, std::string& sym,
                                     std::string& ticker, Row& r) {
  scratch.clear();
  ticker.clear();
  if (!split_cells(line, cells, scratch)) return "malformed quoted cell";
  if (cells.size() != h.cells)
    return fmt::format("expected {} cells as in the header, found {}", h.cells, cells.size());
  if (h.cell_of[kTicker] >= 0) ticker.assign(cell(cells, h, kTicker));
  if (use_symbol_col) {
    const std::string_view s = cell(cells, h, kSymbol);
    if (!is_valid_symbol(s)) {
      sym.clear();
      return fmt::format("column 'symbol': invalid symbol '{}'", clip(s));
    }
    sym.assign(s);
  }
  const std::string_view ds = cell(cells, h, kDate);
  const auto d = parse_date_cell(ds, h);
  if (!d) {
    return fmt::format("column '{}': cannot parse date '{}' ({})", clip(h.date_name), clip(ds),
                       h.unix_time ? kTimeFormats : kDateFormats);
  }
  r.date = *d;
  if (auto bad = parse_values(cells, h, r)) return bad;
  if (r.high < r.low) return fmt::format("high {} is below low {}", r.high, r.low);
  if (r.high < std::max(r.open, r.close))
    return fmt::format("high {} is below max(open, close) {}", r.high, std::max(r.open, r.close));
  if (r.low > std::min(r.open, r.close))
    return fmt::format("low {} is above min(open, close) {}", r.low, std::min(r.open, r.close));
  return std::nullopt;
}

// `A/B/YYYY`, `A-B-YYYY` or `A.B.YYYY` (A and B one or two digits, the same separator twice,
// optional time after a space): A, B and the year. `2025-08-08` and `8-Aug-2025` are not.
struct SlashDate {
  int a = 0, b = 0, year = 0;
};
std::optional<SlashDate> split_slash_date(std::string_view s) noexcept {
  const std::size_t s1 = s.find_first_of("/-.");
  if (s1 != 1 && s1 != 2) return std::nullopt;
  const std::size_t s2 = s.find(s[s1], s1 + 1);
  if (s2 == std::string_view::npos || s2 - s1 - 1 < 1 || s2 - s1 - 1 > 2) return std::nullopt;
  SlashDate d;
  if (!digits(s, 0, s1, d.a) || !digits(s, s1 + 1, s2 - s1 - 1, d.b) ||
      !digits(s, s2 + 1, 4, d.year))
    return std::nullopt;
  const std::size_t end = s2 + 5;
  if (end != s.size() && (s[end] != ' ' || !valid_time_suffix(s.substr(end + 1))))
    return std::nullopt;
  return d;
}

struct SlashScan {
  SlashOrder order = SlashOrder::kNone;
  int line = 0;         // the line that decided it, or the first slash date when undecided
  std::string message;  // non-empty: the file is refused at `line`
};

// Day-first or month-first: decided by the file's own dates, never by a locale. A date whose
// first part is above 12 can only be day-first, one whose second part is above 12 only
// month-first; both in one file, or neither in a whole file (every date reads both ways), refuse
// the file. A daily file of more than twelve days always has a witness.
SlashScan scan_slash_order(std::string_view text, const Header& h) {
  SlashScan out;
  int day_first = 0, month_first = 0, first = 0;
  std::string day_text, month_text;
  Lines lines(text);
  std::string_view line;
  std::vector<std::string_view> cells;
  std::deque<std::string> scratch;
  while (lines.next(line)) {
    if (lines.number() <= h.line || lines.too_long()) continue;
    scratch.clear();
    if (!split_cells(line, cells, scratch) || cells.size() != h.cells) continue;
    const std::string_view ds = cell(cells, h, kDate);
    const auto d = split_slash_date(ds);
    if (!d) continue;
    if (first == 0) first = lines.number();
    if (d->a > 12 && d->b <= 12 && day_first == 0) {
      day_first = lines.number();
      day_text = ds;
    }
    if (d->b > 12 && d->a <= 12 && month_first == 0) {
      month_first = lines.number();
      month_text = ds;
    }
  }
  if (first == 0) return out;
  if (day_first > 0 && month_first > 0) {
    out.line = std::max(day_first, month_first);
    out.message = fmt::format(
        "column '{}': dates read both ways: '{}' (line {}) can only be DD/MM/YYYY and '{}' "
        "(line {}) only MM/DD/YYYY",
        clip(h.date_name), clip(day_text), day_first, clip(month_text), month_first);
  } else if (day_first > 0) {
    out.order = SlashOrder::kDayFirst;
  } else if (month_first > 0) {
    out.order = SlashOrder::kMonthFirst;
  } else {
    out.line = first;
    out.message = fmt::format(
        "column '{}': no date has a part above 12, so DD/MM/YYYY and MM/DD/YYYY cannot be told "
        "apart; write the dates as YYYY-MM-DD",
        clip(h.date_name));
  }
  return out;
}

}  // namespace

std::optional<Date> parse_unix_seconds_date(std::string_view s) noexcept {
  if (s.size() < 9 || s.size() > 10) return std::nullopt;  // 1973-03-03 .. 2286-11-20
  std::int64_t t = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    t = t * 10 + (c - '0');
  }
  return static_cast<Date>((t + kIstOffsetSeconds) / 86400);  // t >= 0: division is floor
}

std::optional<Date> parse_csv_date(std::string_view s, SlashOrder slash) noexcept {
  if (slash != SlashOrder::kNone) {
    if (const auto d = split_slash_date(s)) {
      const int day = slash == SlashOrder::kDayFirst ? d->a : d->b;
      const int month = slash == SlashOrder::kDayFirst ? d->b : d->a;
      if (!is_valid_civil(d->year, month, day)) return std::nullopt;
      return days_from_civil(d->year, month, day);
    }
  }
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
    if (lower_char(mon[0]) == k[0] && lower_char(mon[1]) == k[1] && lower_char(mon[2]) == k[2]) {
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
  const auto refuse = [&](int line, std::string msg) {
    return tl::unexpected<Issue>(Issue{Issue::Kind::kError, path, line, {}, std::move(msg)});
  };
  text = without_bom(text);
  if (auto bad = binary_byte(text)) {
    return refuse(bad->line,
                  fmt::format("binary data (byte 0x{:02X}): not a CSV text file", bad->byte));
  }
  Lines lines(text);
  auto header = read_header(lines);
  if (!header) return refuse(header.error().line, std::move(header.error().message));
  const bool use_symbol_col = header->cell_of[kSymbol] >= 0 && !force_symbol;
  if (!use_symbol_col && !is_valid_symbol(symbol))
    return refuse(0, fmt::format("invalid symbol '{}' (1..32 characters of A-Z a-z 0-9 & ^ . _ -)",
                                 clip(symbol)));
  const SlashScan slash = scan_slash_order(text, *header);
  if (!slash.message.empty()) return refuse(slash.line, slash.message);
  header->slash = slash.order;
  std::string ticker, first_ticker;
  int first_ticker_line = 0;
  ParsedCsv out;
  std::vector<Row>* current = nullptr;
  std::string current_symbol;
  std::vector<std::string_view> cells;
  std::deque<std::string> scratch;
  std::string_view line;
  while (lines.next(line)) {
    if (lines.too_long()) return refuse(lines.number(), too_long_message(line));
    if (trim(line).empty()) continue;  // blank lines (typically a trailing one) carry no row
    ++out.data_rows;
    Row r;
    r.line = lines.number();
    r.file = file_index;
    std::string sym = symbol;
    const std::optional<std::string> problem = parse_row(line, *header, use_symbol_col, cells,
                                                         scratch, sym, ticker, r);
    // An AmiBroker export names its ticker on every row: one ticker per file, the one imported.
    if (header->cell_of[kTicker] >= 0 && (!problem || !ticker.empty())) {
      if (first_ticker_line == 0) {
        if (ticker != symbol) {
          return refuse(r.line,
                        fmt::format("column 'Ticker': ticker '{}' is not the symbol being "
                                    "imported, '{}' (the file name or --symbol): rename the file "
                                    "or import it with --symbol",
                                    clip(ticker), clip(symbol)));
        }
        first_ticker = ticker;
        first_ticker_line = r.line;
      } else if (ticker != first_ticker) {
        return refuse(r.line, fmt::format("column 'Ticker': a second ticker '{}' (line {} has "
                                          "'{}'): import one ticker per file",
                                          clip(ticker), first_ticker_line, clip(first_ticker)));
      }
    }
    if (problem) {
      ++out.rejected;
      out.issues.push_back(Issue{Issue::Kind::kError, path, r.line, sym, *problem});
      continue;
    }
    if (current == nullptr || sym != current_symbol) {
      current = &out.rows[sym];
      current_symbol = sym;
    }
    current->push_back(r);
  }
  if (out.data_rows == 0) return refuse(header->line, "no data rows after the header");
  return out;
}

tl::expected<ParsedCsv, Issue> read_csv_file(const std::string& path,
                                             const std::optional<std::string>& symbol,
                                             std::uint32_t file_index) {
  auto text = read_input_file(path, kMaxCsvBytes);
  if (!text) {
    return tl::unexpected<Issue>(
        Issue{Issue::Kind::kError, path, 0, {}, std::move(text.error().message)});
  }
  return parse_csv(*text, path, symbol ? *symbol : stem_of(path), symbol.has_value(), file_index);
}

}  // namespace kiss::data
