// The parser of textual indicator specs such as 'rsi(14)', 'macd(12,26,9)', 'bbands(20,2)',
// 'sma(50)@volume', used by `kiss-signal inspect`, over the indicator registry (registry.h).
// Column names follow the TA-Lib oracle (talib_ref): lower-case name as written, '_' + each
// argument as written, '@src' if given, '.suffix' per output of a multi-output indicator:
// rsi_14, macd_12_26_9.macd/.signal/.hist, bbands_20_2.upper/...
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "indicators/registry.h"
#include "util/bars.h"
#include "util/error.h"

namespace kiss::ind {

struct ParsedSpec {
  const IndicatorDef* def = nullptr;
  std::vector<double> params;  // all parameters, defaults filled in
  std::string source;          // "close" unless '@src' was given (kSeries only)
  std::string column;          // base column name (outputs append ".suffix")
};

// Errors (exit code 1, key = the spec): unknown name (with "did you mean"), malformed syntax,
// too many arguments, a non-integer for an integer parameter, a value out of range, '@src' on an
// indicator with fixed inputs or an unknown source.
Result<ParsedSpec> parse_spec(std::string_view spec);
int spec_lookback(const ParsedSpec& spec);

struct NamedColumn {
  std::string name;
  std::vector<double> values;  // NaN during the warm-up
};
Result<std::vector<NamedColumn>> compute_spec(const ParsedSpec& spec, const Bars& bars);
Result<std::vector<NamedColumn>> compute_spec(const std::string& spec, const Bars& bars);

}  // namespace kiss::ind
