// The indicator registry is the one description of every indicator: `inspect` (the spec
// parser) reaches each entry, and each entry's lookback is the index of its first value on real
// prices of the bundled sample (data/sample/prices).
#include "indicators/registry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <stdexcept>
#include <string>

#include "indicators/spec.h"
#include "indicators/test_io.h"

namespace kiss::ind {
namespace {

// A stock of the bundled sample (dates become 0, 1, 2, ...: only the order matters here).
Bars sample_bars(const std::string& symbol) {
  const testing::Table t = testing::read_csv(std::string(KISS_SOURCE_DIR) + "/data/sample/prices/" +
                                             symbol + ".csv");
  const int o = t.column("open"), h = t.column("high"), l = t.column("low"), c = t.column("close"),
            v = t.column("volume");
  if (o < 0 || h < 0 || l < 0 || c < 0 || v < 0) throw std::runtime_error("columns of " + symbol);
  Bars b;
  b.symbol = symbol;
  int d = 0;
  for (const auto& r : t.rows) {
    auto num = [&](int i) { return std::stod(r[static_cast<std::size_t>(i)]); };
    b.push_back(Date{d++}, num(o), num(h), num(l), num(c), num(v));
  }
  return b;
}

int first_value(const std::vector<double>& col) {
  for (std::size_t i = 0; i < col.size(); ++i) {
    if (!std::isnan(col[i])) return static_cast<int>(i);
  }
  return -1;
}

std::vector<double> defaults(const IndicatorDef& def) {
  std::vector<double> p;
  for (const ParamDef& d : def.params) p.push_back(d.def);
  return p;
}

TEST(Registry, NamesAreUniqueAndEveryEntryIsComplete) {
  std::set<std::string_view> names;
  for (const IndicatorDef& def : catalog()) {
    EXPECT_TRUE(names.insert(def.name).second) << def.name;
    EXPECT_FALSE(def.outputs.empty()) << def.name;
    ASSERT_NE(def.lookback, nullptr) << def.name;
    ASSERT_NE(def.compute, nullptr) << def.name;
    for (const ParamDef& p : def.params) {
      EXPECT_GE(p.def, p.min) << def.name << "." << p.name;
      EXPECT_LE(p.def, p.max) << def.name << "." << p.name;
      // Every kernel requires its periods to be at least 1 (an assert in the kernel): the
      // registry's ranges, checked when a spec is parsed, keep inspect from reaching one.
      if (p.integer) {
        EXPECT_GE(p.min, 1.0) << def.name << "." << p.name;
      }
    }
  }
}

// On real prices, for every entry at its defaults and at other parameters: the lookback is the
// index of the first non-NaN value of every output.
TEST(Registry, LookbackIsTheFirstValueOnTheSample) {
  for (const char* symbol : {"RELIANCE", "TCS", "M&M"}) {
    const Bars bars = sample_bars(symbol);
    ASSERT_GT(bars.size(), 500u) << symbol;
    for (const IndicatorDef& def : catalog()) {
      std::vector<std::vector<double>> variants = {defaults(def)};
      std::vector<double> longer = defaults(def);
      for (std::size_t i = 0; i < longer.size(); ++i) {
        if (def.params[i].integer) longer[i] = std::min(def.params[i].max, longer[i] + 7.0);
      }
      variants.push_back(longer);
      for (const std::vector<double>& p : variants) {
        const int lb = def.lookback(p);
        const auto cols = compute_outputs(def, bars, bars.close, p);
        ASSERT_EQ(cols.size(), def.outputs.size());
        for (std::size_t k = 0; k < cols.size(); ++k) {
          EXPECT_EQ(first_value(cols[k]), lb)
              << symbol << " " << def.name << "." << def.outputs[k] << " params " << p.size();
        }
      }
    }
  }
}

// `inspect` reaches every entry of the registry by its name, and computes the same values.
TEST(Registry, EveryEntryIsReachableFromInspect) {
  const Bars bars = sample_bars("INFY");
  for (const IndicatorDef& def : catalog()) {
    auto parsed = parse_spec(std::string(def.name));
    ASSERT_TRUE(parsed) << def.name;
    EXPECT_EQ(parsed->def, &def) << def.name;
    auto cols = compute_spec(*parsed, bars);
    ASSERT_TRUE(cols) << def.name;
    const auto direct = compute_outputs(def, bars, bars.close, defaults(def));
    ASSERT_EQ(cols->size(), direct.size()) << def.name;
    for (std::size_t k = 0; k < direct.size(); ++k) {
      ASSERT_EQ((*cols)[k].values.size(), direct[k].size());
      for (std::size_t i = 0; i < direct[k].size(); ++i) {
        const double a = (*cols)[k].values[i], b = direct[k][i];
        EXPECT_TRUE((std::isnan(a) && std::isnan(b)) || a == b) << def.name << " " << i;
      }
    }
  }
}

TEST(Registry, RequireIndicatorRefusesAnUnknownNameOrOutput) {
  EXPECT_EQ(require_indicator("MAX").name, "highest");
  EXPECT_THROW(require_indicator("rsii"), std::logic_error);
  EXPECT_EQ(output_index(require_indicator("macd"), "signal"), 1u);
  EXPECT_EQ(output_index(require_indicator("rsi"), ""), 0u);
  EXPECT_THROW(output_index(require_indicator("macd"), "line"), std::logic_error);
}

}  // namespace
}  // namespace kiss::ind
