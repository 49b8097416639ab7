#include "data/symbol_form.h"

#include <cctype>

#include "data/server_text.h"

namespace kiss::data {

bool is_nse_symbol_form(std::string_view s) noexcept {
  if (!s.empty() && s[0] == '^') s.remove_prefix(1);
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '&' || c == '-' || c == '_'))
      return false;
  }
  return true;
}

std::string nse_form_guess(std::string_view s) {
  if (const std::size_t colon = s.find(':'); colon != std::string_view::npos)
    s.remove_prefix(colon + 1);  // "NSE:INFY"
  for (std::string_view suffix : {".NS", ".ns", ".BO", ".bo"}) {
    if (s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix)
      s.remove_suffix(suffix.size());
  }
  std::string out;
  for (char c : s) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return is_nse_symbol_form(out) ? out : std::string();
}

Result<std::vector<Error>> unsourced_symbols(const std::vector<UniverseEntry>& universe,
                                             const std::string& universe_path,
                                             PriceRepository* repo) {
  std::vector<Error> out;
  for (const UniverseEntry& u : universe) {
    if (is_nse_symbol_form(u.symbol)) continue;
    if (repo != nullptr) {
      auto last = repo->last_date(u.symbol);
      if (!last) return tl::unexpected(last.error());
      if (*last) continue;  // imported under this name: it has prices
    }
    // Built by appends: gcc 12's -Wrestrict misfires on "'" + std::string + "...".
    std::string msg = "'";
    msg += clean_server_text(u.symbol, 40);
    msg +=
        "' has no prices in the store and is not an NSE symbol (A-Z, 0-9, &, -, _; an index "
        "starts with ^)";
    if (const std::string guess = nse_form_guess(u.symbol); !guess.empty())
      msg += ": did you mean '" + guess + "'?";
    out.push_back(Error{universe_path, u.line, 0, "symbol", std::move(msg), ExitCode::kBadInput});
  }
  return out;
}

}  // namespace kiss::data
