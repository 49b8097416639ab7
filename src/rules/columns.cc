#include "rules/columns.h"

#include <cstdio>
#include <span>
#include <stdexcept>
#include <utility>

#include "indicators/registry.h"

namespace kiss::cols {

namespace {

// Exact text of a parameter for cache keys (2 and 2.0 give the same key).
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::vector<double> complete(const ind::IndicatorDef& def, std::initializer_list<Arg> given) {
  std::vector<double> p;
  for (const Arg& a : given) p.push_back(a.value);
  if (p.size() > def.params.size()) {
    throw std::logic_error("indicator '" + std::string(def.name) + "' takes " +
                           std::to_string(def.params.size()) + " parameter(s), given " +
                           std::to_string(p.size()));
  }
  for (std::size_t i = p.size(); i < def.params.size(); ++i) p.push_back(def.params[i].def);
  return p;
}

const char* source_name(Source src) {
  switch (src) {
    case Source::kOpen: return "open";
    case Source::kHigh: return "high";
    case Source::kLow: return "low";
    case Source::kVolume: return "volume";
    case Source::kTurnover: return "turnover";
    case Source::kObv: return "obv";
    case Source::kClose: break;
  }
  return "close";
}

// The cache key without the output suffix: "sma(close,20)" for single-series indicators,
// "atr(14)" for those with fixed inputs, "obv" without parameters.
std::string base_key(const Series& s, const ind::IndicatorDef& def, const std::vector<double>& p,
                     Source src) {
  std::string args;
  if (def.inputs == ind::Inputs::kSeries) args = source_name(src);
  for (double v : p) {
    if (!args.empty()) args += ',';
    args += num(v);
  }
  std::string key = s.prefix + std::string(def.name);
  if (!args.empty()) key += "(" + args + ")";
  return key;
}

std::string output_key(const std::string& base, std::string_view suffix) {
  return suffix.empty() ? base : base + "." + std::string(suffix);
}

// The input series of a single-series indicator: a price column of the bars, or a derived one
// held in `owned` (turnover) or in the cache (OBV).
std::span<const double> source_series(const Series& s, IndicatorCache& c, Source src, Col& owned) {
  const Bars& b = s.bars;
  switch (src) {
    case Source::kOpen: return b.open;
    case Source::kHigh: return b.high;
    case Source::kLow: return b.low;
    case Source::kVolume: return b.volume;
    case Source::kTurnover:
      owned.resize(b.size());
      for (std::size_t i = 0; i < b.size(); ++i) owned[i] = b.close[i] * b.volume[i];
      return owned;
    case Source::kObv: return column(s, c, "obv", {});
    case Source::kClose: break;
  }
  return b.close;
}

}  // namespace

const Col& column(const Series& s, IndicatorCache& c, std::string_view name,
                  std::initializer_list<Arg> params, std::string_view output, Source source) {
  const ind::IndicatorDef& def = ind::require_indicator(name);
  const std::size_t wanted = ind::output_index(def, output);
  const std::vector<double> p = complete(def, params);
  const std::string base = base_key(s, def, p, source);
  // Every output is computed at once; the first output's entry computes them and caches the
  // others (moved, not copied).
  c.get(output_key(base, def.outputs[0]), [&] {
    Col owned;
    const std::span<const double> series = def.inputs == ind::Inputs::kSeries
                                               ? source_series(s, c, source, owned)
                                               : std::span<const double>{};
    std::vector<Col> outs = ind::compute_outputs(def, s.bars, series, p);
    for (std::size_t i = 1; i < outs.size(); ++i) {
      c.get(output_key(base, def.outputs[i]), [&] { return std::move(outs[i]); });
    }
    return std::move(outs[0]);
  });
  return c.get(output_key(base, def.outputs[wanted]), [] { return Col(); });
}

int lookback(std::string_view name, std::initializer_list<Arg> params) {
  const ind::IndicatorDef& def = ind::require_indicator(name);
  const std::vector<double> p = complete(def, params);
  return def.lookback(p);
}

}  // namespace kiss::cols
