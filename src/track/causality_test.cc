// The fast path of track-record (docs/track-record.md) computes every column once on the bars up
// to the last day and reads it as of each earlier day. That is exact only if the columns are
// causal: the value at bar i depends only on bars <= i. Checked here bit for bit on the real
// sample (50 stocks and the NIFTY index) at several cut days: every indicator of the registry
// with its default parameters (every output), and every rule type of the catalog with its
// default parameters (the benchmark cut at the same day).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "indicators/registry.h"
#include "rules/catalog.h"
#include "rules/columns.h"
#include "rules/evaluate.h"
#include "track/test_sample.h"

namespace kiss {
namespace {

// The cut points: early (inside most warm-ups), middle, late, and the day before the last week.
std::vector<std::size_t> cuts(const Bars& b) {
  std::vector<std::size_t> out;
  for (std::size_t n : {std::size_t{30}, std::size_t{260}, b.size() / 2, b.size() - 5}) {
    if (n >= 1 && n < b.size()) out.push_back(n);
  }
  return out;
}

// Index of the first difference of two columns over their first n values (bit for bit), or -1.
template <class T>
long first_difference(const std::vector<T>& full, const std::vector<T>& cut, std::size_t n) {
  if (cut.size() != n) return 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::memcmp(&full[i], &cut[i], sizeof(T)) != 0) return static_cast<long>(i);
  }
  return -1;
}

std::vector<Bars> sample_series() {
  std::vector<Bars> all;
  for (const std::string& s : testing::sample_symbols()) all.push_back(testing::sample_stock(s));
  all.push_back(testing::sample_benchmark());
  return all;
}

TEST(Causality, EveryIndicatorOutputOnTheSample) {
  const std::vector<Bars> all = sample_series();
  ASSERT_EQ(all.size(), 51u);
  int columns = 0;
  for (const ind::IndicatorDef& def : ind::catalog()) {
    std::vector<double> params;
    for (const ind::ParamDef& p : def.params) params.push_back(p.def);
    for (const Bars& b : all) {
      const auto full = ind::compute_outputs(def, b, b.close, params);
      for (std::size_t n : cuts(b)) {
        const Bars cut = testing::first_bars(b, n);
        const auto part = ind::compute_outputs(def, cut, cut.close, params);
        ASSERT_EQ(part.size(), full.size());
        for (std::size_t o = 0; o < full.size(); ++o) {
          EXPECT_EQ(first_difference(full[o], part[o], n), -1)
              << def.name << " output " << o << " on " << b.symbol << " cut at " << n;
          ++columns;
        }
      }
    }
  }
  EXPECT_GT(columns, 51 * 4 * 30);  // every indicator, every series, every cut
}

TEST(Causality, EveryRuleTypeOnTheSample) {
  const std::vector<Bars> all = sample_series();
  const Bars& bench = all.back();
  int types = 0;
  for (const RuleSpec& spec : rule_catalog()) {
    if (spec.signal == nullptr) continue;  // price-level exits: levels, checked by the engine
    RuleInstance rule;
    rule.name = std::string(spec.name);
    rule.type = std::string(spec.name);
    bool complete = true;
    for (const ParamSpec& p : spec.params) {
      if (p.kind == ParamSpec::Kind::kString) {
        rule.text_params[std::string(p.name)] = p.text_default.empty()
                                                    ? "^NSEI"
                                                    : std::string(p.text_default);
      } else if (p.required) {
        complete = false;
      } else {
        rule.params[std::string(p.name)] = p.def;
      }
    }
    if (!complete) continue;
    ++types;
    for (std::size_t s = 0; s + 1 < all.size(); s += 5) {  // every fifth stock
      const Bars& b = all[s];
      const std::vector<int> idx = align_by_date(b, bench);
      IndicatorCache cache_full;
      auto full = evaluate_signal(rule, RuleInput{&b, &bench, idx}, cache_full);
      ASSERT_TRUE(full) << spec.name << ": " << full.error().to_string();
      for (std::size_t n : cuts(b)) {
        const Bars cut = testing::first_bars(b, n);
        Bars bench_cut = bench;
        bench_cut.truncate_after(cut.date.back());
        const std::vector<int> cut_idx = align_by_date(cut, bench_cut);
        IndicatorCache cache;
        auto part = evaluate_signal(rule, RuleInput{&cut, &bench_cut, cut_idx}, cache);
        ASSERT_TRUE(part) << spec.name << ": " << part.error().to_string();
        EXPECT_EQ(first_difference(*full, *part, n), -1)
            << spec.name << " on " << b.symbol << " cut at " << n;
      }
    }
  }
  EXPECT_GE(types, 25);
}

}  // namespace
}  // namespace kiss
