// The lines a stack draws on the price chart (docs/report.md, "Charts"): the indicator columns
// its rules compute that lie on the price scale (moving averages, bands, channels, SuperTrend,
// SAR, VWAP), so the report can show the trader what the signal was made of. Pure.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "rules/evaluate.h"
#include "rules/model.h"
#include "util/error.h"

namespace kiss {

struct PriceLine {
  std::string key;             // the column's cache key, "sma(close,20)" (rules/columns.h)
  std::string name;            // as a legend shows it, "SMA 20"
  std::vector<double> values;  // as long as the stock's bars, NaN during the warm-up
};

// The legend name of a price-scale column key, or "" when the key is not on the price scale (an
// oscillator, a volume series, a benchmark column, SuperTrend's direction): "sma(close,20)" ->
// "SMA 20", "bbands(close,20,2,2).upper" -> "BBANDS 20,2,2 upper", "highest(high,20)" ->
// "HIGHEST high 20".
std::string price_line_name(std::string_view key);

// The price-scale columns of the stock that the stack's entries and extra indicator exits compute,
// each evaluated once in a cache of its own, sorted by key. Errors as evaluate_signal's (a rule
// whose inputs are unavailable).
Result<std::vector<PriceLine>> stack_price_lines(const Stack& stack, const RuleInput& in);

}  // namespace kiss
