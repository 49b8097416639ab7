#include "data/symbol_form.h"

#include <map>

#include <gtest/gtest.h>

namespace kiss::data {
namespace {

TEST(SymbolForm, NseSymbols) {
  for (const char* s : {"TCS", "M&M", "BAJAJ-AUTO", "J&KBANK", "NAM_INDIA", "3MINDIA", "^NSEI"})
    EXPECT_TRUE(is_nse_symbol_form(s)) << s;
  for (const char* s : {"", "^", "tcs", "RELIANCE.NS", "NSE:INFY", "TCS ", "^^NSEI", "A/B",
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"})  // 33 characters
    EXPECT_FALSE(is_nse_symbol_form(s)) << s;
}

TEST(SymbolForm, Guesses) {
  EXPECT_EQ(nse_form_guess("RELIANCE.NS"), "RELIANCE");
  EXPECT_EQ(nse_form_guess("NSE:INFY"), "INFY");
  EXPECT_EQ(nse_form_guess("tcs"), "TCS");
  EXPECT_EQ(nse_form_guess("m&m.ns"), "M&M");
  EXPECT_EQ(nse_form_guess("a b"), "");
}

class Repo : public PriceRepository {
 public:
  Result<std::optional<Date>> last_date(const std::string& s) override {
    if (s == "tcs") return std::optional<Date>{100};
    return std::optional<Date>{};
  }
  Result<std::optional<RefreshRecord>> refresh_record(const std::string&) override {
    return std::optional<RefreshRecord>{};
  }
  Status save(const SymbolData&, const RefreshRecord&) override { return {}; }
  Status record_refresh(const RefreshRecord&) override { return {}; }
};

TEST(SymbolForm, UnsourcedSymbolsAreNamedWithTheirLine) {
  const std::vector<UniverseEntry> u = {{"RELIANCE.NS", "", "", 2},
                                        {"tcs", "", "", 3},
                                        {"NSE:INFY", "", "", 4},
                                        {"M&M", "", "", 5},
                                        {"a b", "", "", 6}};
  auto none = unsourced_symbols(u, "universe.csv", nullptr);
  ASSERT_TRUE(none.has_value());
  ASSERT_EQ(none->size(), 4u);
  EXPECT_EQ((*none)[0].to_string(),
            "universe.csv:2: symbol: 'RELIANCE.NS' has no prices in the store and is not an NSE "
            "symbol (A-Z, 0-9, &, -, _; an index starts with ^): did you mean 'RELIANCE'?");
  EXPECT_EQ((*none)[1].line, 3);
  EXPECT_EQ((*none)[3].to_string(),
            "universe.csv:6: symbol: 'a b' has no prices in the store and is not an NSE symbol "
            "(A-Z, 0-9, &, -, _; an index starts with ^)");
  // Prices stored under "tcs" vouch for it.
  Repo repo;
  auto with_store = unsourced_symbols(u, "universe.csv", &repo);
  ASSERT_TRUE(with_store.has_value());
  ASSERT_EQ(with_store->size(), 3u);
  EXPECT_EQ((*with_store)[1].line, 4);
}

}  // namespace
}  // namespace kiss::data
