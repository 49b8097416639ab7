// Indicator columns of one series for the rules, memoised in the stock's IndicatorCache under a
// canonical key ("sma(close,20)", "bench:sma(close,50)", "macd(close,12,26,9).signal"), so each
// is computed once over the whole history. Every indicator comes from the one registry
// (indicators/registry.h): this file only chooses the source series, names and caches.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "rules/evaluate.h"
#include "util/bars.h"

namespace kiss::cols {

using Col = std::vector<double>;

// Which series a column belongs to: the stock (prefix "") or its benchmark ("bench:").
struct Series {
  const Bars& bars;
  std::string prefix;
};

// The series a single-series (kSeries) indicator reads: a price column, or one derived from
// the bars (turnover = close × volume; OBV, itself the registry's "obv" column).
enum class Source { kClose, kOpen, kHigh, kLow, kVolume, kTurnover, kObv };

// One parameter of an indicator, from an int (a period) or a number, so that a braced list of
// both needs no cast.
struct Arg {
  Arg(int v) : value(v) {}     // NOLINT(google-explicit-constructor): braced lists of params
  Arg(double v) : value(v) {}  // NOLINT(google-explicit-constructor)
  double value;
};

// Output `output` ("" for a single output, else a registry suffix such as "signal") of the
// registry indicator `name` with `params` (the registry's order; missing trailing ones take the
// registry's defaults). `source` applies to single-series indicators only. An unknown name or
// output throws std::logic_error (a slip in the rule catalog's code, caught when its table is
// built).
const Col& column(const Series& s, IndicatorCache& c, std::string_view name,
                  std::initializer_list<Arg> params, std::string_view output = "",
                  Source source = Source::kClose);

// The registry's lookback (leading NaN count) of `name` with `params` (completed as above).
int lookback(std::string_view name, std::initializer_list<Arg> params);

}  // namespace kiss::cols
