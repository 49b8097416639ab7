// Market regime rules: read the benchmark series, aligned by date.
// Conventions of every signal function: catalog_parts.h.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "rules/catalog_parts.h"

namespace kiss::catalog {

namespace {

std::size_t n_of(const RuleInput& in) { return in.bars->size(); }

Result<Mask> market_above_sma(const Args& a, const RuleInput& in, IndicatorCache& c) {
  if (in.benchmark == nullptr) {
    const std::string sym = a.text("index_symbol");
    return make_error("rule '" + a.rule().name + "' (market_above_sma) needs the benchmark series" +
                      (sym.empty() ? std::string() : " '" + sym + "'") + ", which is not loaded");
  }
  const Bars& bench = *in.benchmark;
  std::vector<int> local;
  std::span<const int> idx = in.bench_idx;
  if (idx.size() != n_of(in)) {
    local = align_by_date(*in.bars, bench);
    idx = local;
  }
  const Series series{bench, std::string(kBenchmarkKeyPrefix)};
  const Col& sma = cols::column(series, c, "sma", {a.integer("period")});
  Mask m(n_of(in), 0);
  const double* pc = bench.close.data();
  const double* ps = sma.data();
  const int* pi = idx.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 0; t < m.size(); ++t) {
    const int j = pi[t];
    if (j < 0) continue;  // no benchmark bar that day: false, never carried over
    const auto u = static_cast<std::size_t>(j);
    out[t] = static_cast<std::uint8_t>(cmp::gt(pc[u], ps[u]));  // false when the SMA is NaN
  }
  return m;
}

RuleSpec market_above_sma_entry() {
  RuleSpec s =
      make_spec("market_above_sma", "the benchmark index closes above its SMA (market regime)",
                "bench.close[d] > SMA(bench.close,period)[d] on the benchmark bar of the stock "
                "bar's date d; false when the benchmark has no bar that day",
                {text("index_symbol", "",
                      "benchmark symbol; must be the config's benchmark_symbol (its default)"),
                 period("period", 50, 1, 1000, "SMA period (benchmark bars)")});
  s.warmup = [](const Args& a) { return cols::lookback("sma", {a.integer("period")}); };
  s.warmup_doc = "period − 1 benchmark bars";
  s.signal = market_above_sma;
  s.uses_benchmark = true;
  return s;
}

}  // namespace

void add_market_rules(Family& v) { v.push_back(market_above_sma_entry()); }

}  // namespace kiss::catalog
