#include "rules/price_lines.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace kiss {

namespace {

// Indicators whose values are prices (registry names). For single-series ones the source must
// be a price too (not volume, turnover or OBV).
constexpr std::array<std::string_view, 13> kOnPriceScale = {"sma",     "ema",        "wma",
                                                            "dema",    "tema",       "bbands",
                                                            "highest", "lowest",     "donchian",
                                                            "keltner", "supertrend", "sar",
                                                            "vwap"};
constexpr std::array<std::string_view, 4> kPriceSources = {"close", "open", "high", "low"};
constexpr std::array<std::string_view, 8> kSeriesIndicators = {"sma",     "ema",   "wma",
                                                               "dema",    "tema",  "bbands",
                                                               "highest", "lowest"};

bool contains(const auto& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

std::string price_line_name(std::string_view key) {
  if (key.starts_with(kBenchmarkKeyPrefix)) return "";
  const std::size_t open = key.find('(');
  const std::size_t close = key.find(')');
  const std::string_view name = key.substr(0, std::min(open, key.find('.')));
  if (!contains(kOnPriceScale, name)) return "";
  std::string_view args = open != std::string_view::npos && close != std::string_view::npos &&
                                  close > open
                              ? key.substr(open + 1, close - open - 1)
                              : std::string_view{};
  std::string_view suffix;
  if (const std::size_t dot = key.find('.', close == std::string_view::npos ? 0 : close);
      dot != std::string_view::npos) {
    suffix = key.substr(dot + 1);
  }
  if (name == "supertrend" && suffix != "line") return "";
  std::string out;
  for (const char c : name) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (contains(kSeriesIndicators, name)) {  // the first argument is the source series
    const std::string_view source = args.substr(0, args.find(','));
    if (!contains(kPriceSources, source)) return "";
    if (source != "close") {
      out += ' ';
      out.append(source);
    }
    args = args.find(',') == std::string_view::npos ? std::string_view{}
                                                    : args.substr(args.find(',') + 1);
  }
  if (!args.empty()) {
    out += ' ';
    out.append(args);
  }
  if (!suffix.empty() && name != "supertrend") {
    out += ' ';
    out.append(suffix);
  }
  return out;
}

Result<std::vector<PriceLine>> stack_price_lines(const Stack& stack, const RuleInput& in) {
  IndicatorCache cache;  // of its own: only what this stack computes
  std::vector<const RuleInstance*> rules;
  for (const RuleInstance& r : stack.entries) rules.push_back(&r);
  for (const RuleInstance& r : stack.extra_exits) {
    if (!is_level_exit(r.type)) rules.push_back(&r);
  }
  for (const RuleInstance* r : rules) {
    auto mask = evaluate_signal(*r, in, cache);
    if (!mask) return tl::unexpected(mask.error());
  }
  std::vector<PriceLine> out;
  cache.for_each([&](const std::string& key, const std::vector<double>& column) {
    std::string name = price_line_name(key);
    if (!name.empty()) out.push_back({key, std::move(name), column});
  });
  std::sort(out.begin(), out.end(),
            [](const PriceLine& a, const PriceLine& b) { return a.key < b.key; });
  return out;
}

}  // namespace kiss
