#include "report/format.h"

#include <charconv>
#include <cmath>

namespace kiss::report {

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return "n/a";
  // 309 integer digits is the most a finite double has; 400 bytes also hold the decimals we use.
  char buf[400];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  if (r.ec != std::errc()) return "n/a";
  return std::string(buf, r.ptr);
}

std::string format_price(double v) { return fixed(v, 2); }

std::string format_return(double pct) {
  if (!std::isfinite(pct)) return "n/a";
  std::string s = fixed(pct, 2);
  if (!std::signbit(pct)) s.insert(s.begin(), '+');
  // to_chars prints -0.0 as "-0.00", as printf does; nothing to fix.
  s.push_back('%');
  return s;
}

const std::vector<ReasonWords>& reason_table() {
  static const std::vector<ReasonWords> table = {
      {"stop_loss_gap", "opened below the stop: sold at that open"},
      {"take_profit_gap", "opened above the target: sold at that open"},
      {"stop_loss", "stop hit during the day: sold at the stop"},
      {"take_profit", "target hit during the day: sold at the target"},
      {"trailing_stop", "trailing stop hit: sold at the stop"},
      {"indicator_exit", "an exit rule was true at the close"},
      {"time_exit", "holding period reached: sold at the close"},
      {"window_end", "the test window ended"},
      {"end_of_data", "still open at the end of the data"},
      {"manual", "your recorded exit (position exit)"},
  };
  return table;
}

std::string reason_words(std::string_view code) {
  constexpr std::string_view kIndicator = "indicator_exit:";
  if (code.substr(0, kIndicator.size()) == kIndicator) {
    return "exit rule " + std::string(code.substr(kIndicator.size())) + " true at the close";
  }
  for (const ReasonWords& r : reason_table()) {
    if (r.code == code) return std::string(r.words);
  }
  return std::string(code);
}

std::string md_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '\\':
      case '|':
      case '*':
      case '`':
      case '<':
      case '>':
      case '[':
      case ']':
        out.push_back('\\');
        out.push_back(c);
        break;
      case '\n':
      case '\r': out.push_back(' '); break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace kiss::report
