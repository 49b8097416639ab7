// The indicator registry: ONE table of every indicator (in the manner of Tulip Indicators'
// ti_indicators) with its parameters (name, default, range), its outputs, its lookback and the
// kernel call that computes it. `kiss-signal inspect` reaches it through the spec parser
// (spec.h), the rules through rules/columns.h; neither describes an indicator again. Adding an
// indicator: its kernel (a family file such as momentum.cc), one entry in registry.cc, its
// golden values (docs/architecture.md, "Adding an indicator").
#pragma once
#include <span>
#include <string_view>
#include <vector>

#include "util/bars.h"

namespace kiss::ind {

// The price series an indicator reads. kSeries indicators read one series (close by default,
// any of open/high/low/close/volume with '@src', or a series derived by the caller).
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
  void (*compute)(const Bars& bars, std::span<const double> series, std::span<const double> params,
                  std::span<const std::span<double>> outs);
};

// Every indicator, in documentation order. TA-Lib's names MAX / MIN are accepted as aliases of
// highest / lowest.
const std::vector<IndicatorDef>& catalog();
// nullptr when unknown (name compared case-insensitively, aliases resolved).
const IndicatorDef* find_indicator(std::string_view name);
// The entry named `name` for code that names an indicator in its source (the rule catalog):
// an unknown name is a programming error and throws std::logic_error (the rule catalog runs
// every rule once when its table is built, so such a slip fails at the first load).
const IndicatorDef& require_indicator(std::string_view name);

// Index of the output `suffix` ("" for a single output); throws std::logic_error when the
// indicator has no such output.
std::size_t output_index(const IndicatorDef& def, std::string_view suffix);

// Every output of `def` over `bars` for fully specified `params` (each column as long as the
// bars, NaN during the warm-up). `series`: the source of a kSeries indicator, else ignored.
std::vector<std::vector<double>> compute_outputs(const IndicatorDef& def, const Bars& bars,
                                                 std::span<const double> series,
                                                 std::span<const double> params);

}  // namespace kiss::ind
