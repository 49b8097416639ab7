// The rules reach every indicator of the registry through cols::column, with the registry's
// own values and lookbacks: there is no second description of an indicator on the rules side.
#include "rules/columns.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "indicators/registry.h"

namespace kiss {
namespace {

// A deterministic wobbling series long enough for every default lookback.
Bars series(int n) {
  Bars b;
  b.symbol = "TEST";
  for (int i = 0; i < n; ++i) {
    const double c = 100.0 + 10.0 * std::sin(i / 7.0) + 0.1 * i;
    b.push_back(19000 + i, c - 0.4, c + 1.0 + (i % 3), c - 1.0 - (i % 2), c,
                1000.0 + 50.0 * (i % 11));
  }
  return b;
}

bool same(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!((std::isnan(a[i]) && std::isnan(b[i])) || a[i] == b[i])) return false;
  }
  return true;
}

TEST(Columns, EveryRegistryIndicatorIsReachableFromTheRules) {
  const Bars bars = series(300);
  const cols::Series s{bars, ""};
  for (const ind::IndicatorDef& def : ind::catalog()) {
    std::vector<double> p;
    for (const ind::ParamDef& d : def.params) p.push_back(d.def);
    const auto direct = ind::compute_outputs(def, bars, bars.close, p);
    IndicatorCache cache;
    for (std::size_t k = 0; k < def.outputs.size(); ++k) {
      const cols::Col& c = cols::column(s, cache, def.name, {}, def.outputs[k]);
      EXPECT_TRUE(same(c, direct[k])) << def.name << "." << def.outputs[k];
    }
    EXPECT_EQ(cols::lookback(def.name, {}), def.lookback(p)) << def.name;
  }
}

TEST(Columns, SourcesAndCacheKeys) {
  const Bars bars = series(120);
  const cols::Series s{bars, ""};
  IndicatorCache cache;
  const auto& def = ind::require_indicator("sma");
  const std::vector<double> five{5.0};
  // SMA of the volume, of the highs, and of OBV: the registry's SMA on those series.
  const auto vol = ind::compute_outputs(def, bars, bars.volume, five);
  EXPECT_TRUE(same(cols::column(s, cache, "sma", {5}, "", cols::Source::kVolume), vol[0]));
  const auto obv = cols::column(s, cache, "obv", {});
  const auto sma_obv = ind::compute_outputs(def, bars, obv, five);
  EXPECT_TRUE(same(cols::column(s, cache, "sma", {5}, "", cols::Source::kObv), sma_obv[0]));
  // One entry per output of a multi-output indicator, computed once.
  const std::size_t before = cache.size();
  cols::column(s, cache, "macd", {12, 26, 9}, "signal");
  EXPECT_EQ(cache.size(), before + 3);
  cols::column(s, cache, "macd", {12, 26, 9}, "hist");
  EXPECT_EQ(cache.size(), before + 3);
}

TEST(Columns, AnUnknownIndicatorOrOutputIsAProgrammingError) {
  const Bars bars = series(10);
  const cols::Series s{bars, ""};
  IndicatorCache cache;
  EXPECT_THROW(cols::column(s, cache, "rsii", {14}), std::logic_error);
  EXPECT_THROW(cols::column(s, cache, "macd", {12, 26, 9}, "line"), std::logic_error);
  EXPECT_THROW(cols::column(s, cache, "rsi", {14, 3}), std::logic_error);  // too many params
}

}  // namespace
}  // namespace kiss
