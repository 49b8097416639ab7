// The indicator catalog (a table in the manner of Tulip Indicators' ti_indicators) and the parser
// of textual specs such as 'rsi(14)', 'macd(12,26,9)', 'bbands(20,2)', 'sma(50)@volume', used by
// `kiss-signal inspect`. Column names follow the TA-Lib oracle (talib_ref): lower-case name as
// written, '_' + each argument as written, '@src' if given, '.suffix' per output of a
// multi-output indicator: rsi_14, macd_12_26_9.macd/.signal/.hist, bbands_20_2.upper/...
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/bars.h"
#include "util/error.h"

namespace kiss::ind {

// The price series an indicator reads. kSeries indicators read one series (close by default,
// any of open/high/low/close/volume with '@src').
enum class Inputs { kSeries, kHL, kHLC, kHLCV, kCloseVolume };

struct ParamDef {
  std::string_view name;
  double def;
  double min;
  double max;
  bool integer;
};

struct IndicatorDef {
  std::string_view name;
  std::string_view summary;
  Inputs inputs;
  std::vector<ParamDef> params;
  std::vector<std::string_view> outputs;  // suffixes; {""} for a single output
  // Lookback (index of the first value) for fully specified parameters.
  int (*lookback)(std::span<const double> params);
  // Fills every output column (each as long as the bars). `series` is the chosen source for
  // kSeries indicators, else empty.
  void (*compute)(const Bars& bars, std::span<const double> series,
                  std::span<const double> params, std::span<const std::span<double>> outs);
};

// Every indicator, in documentation order. TA-Lib's names MAX / MIN are accepted as aliases of
// highest / lowest.
const std::vector<IndicatorDef>& catalog();
// nullptr when unknown (name compared case-insensitively, aliases resolved).
const IndicatorDef* find_indicator(std::string_view name);

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
