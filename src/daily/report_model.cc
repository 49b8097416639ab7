#include "daily/report_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rules/price_lines.h"
#include "signals/position_book.h"
#include "signals/terms.h"
#include "util/text.h"

namespace kiss::daily {

namespace {

constexpr std::size_t kChartBars = 120;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const StockResult* result_of(const std::vector<StockResult>* results, const std::string& symbol) {
  if (results == nullptr) return nullptr;
  for (const StockResult& r : *results) {
    if (r.symbol == symbol) return &r;
  }
  return nullptr;
}

// The last `n - from` values of a column of the bars.
std::vector<double> tail(const std::vector<double>& v, std::size_t from) {
  return {v.begin() + static_cast<std::ptrdiff_t>(std::min(from, v.size())), v.end()};
}

// The stack that signalled `p`: its frozen terms' (signals::position_terms), else the stock's
// signal stack of this run when it has the same rule names. nullopt when neither is known.
std::optional<Stack> stack_of(const BookPosition& p, const ReportInputs& in,
                              const StockResult* result) {
  if (in.rules != nullptr && in.config != nullptr) {
    auto terms = signals::position_terms(p, *in.rules, *in.config);
    if (terms) return terms->stack;
  } else if (!p.terms.empty()) {
    auto terms = signals::terms_from_json(p.terms, "position of " + p.symbol);
    if (terms) return terms->stack;
  }
  if (result != nullptr && result->has_signal_stack &&
      result->signal_stack.rule_names() == p.rule_stack) {
    return result->signal_stack;
  }
  return std::nullopt;
}

// The stack's price-scale indicator lines over the chart's window (rules/price_lines.h). A stack
// that cannot be evaluated on these bars (its benchmark missing) draws no lines and says why.
void add_lines(report::PriceChart& c, const Stack& stack, const Bars& bars, const Bars* benchmark,
               std::size_t from, std::vector<std::string>& warnings) {
  std::vector<int> idx;
  if (benchmark != nullptr) idx = align_by_date(bars, *benchmark);
  auto lines = stack_price_lines(stack, RuleInput{&bars, benchmark, idx});
  if (!lines) {
    warnings.push_back(c.symbol +
                       ": the chart shows no indicator lines: " + lines.error().to_string());
    return;
  }
  for (PriceLine& l : *lines) c.lines.push_back({std::move(l.name), tail(l.values, from)});
}

// NIFTY compounded over the stack's invested days only, rebased to 100, and the share of days
// invested (docs/report.md, "Out-of-sample equity"). Day i (i >= 1) is invested when a trade of
// the stitched out-of-sample run holds the stock on it: entry date <= date <= exit date. NIFTY's
// factor on such a day is its close over its previous bar's close; other days leave it flat.
// A day NIFTY has no bar for is NaN (the line breaks) and neither compounds nor counts.
void same_days_benchmark(report::PriceChart& c, const StockResult& result, const Bars* benchmark) {
  const std::size_t n = c.equity_dates.size();
  c.benchmark.assign(n, kNaN);
  if (n == 0) return;
  std::vector<bool> invested(n, false);
  for (const Trade& t : result.result.trades) {
    const auto a = std::lower_bound(c.equity_dates.begin(), c.equity_dates.end(), t.entry_date);
    const auto b = std::upper_bound(c.equity_dates.begin(), c.equity_dates.end(), t.exit_date);
    for (auto it = a; it < b; ++it) {
      invested[static_cast<std::size_t>(it - c.equity_dates.begin())] = true;
    }
  }
  std::size_t days = 0, in_days = 0;
  for (std::size_t i = 1; i < n; ++i) {
    ++days;
    if (invested[i]) ++in_days;
  }
  c.exposure_pct = days > 0 ? 100.0 * static_cast<double>(in_days) / static_cast<double>(days) : 0;
  if (benchmark == nullptr) return;
  double level = 100.0;
  double prev_close = kNaN;  // NIFTY's close on the previous equity date
  bool started = false;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t j = benchmark->lower_bound(c.equity_dates[i]);
    if (j >= benchmark->size() || benchmark->date[j] != c.equity_dates[i]) {
      prev_close = kNaN;
      continue;
    }
    const double close = benchmark->close[j];
    if (started && invested[i] && std::isfinite(prev_close) && prev_close > 0) {
      level *= close / prev_close;
    }
    started = true;
    c.benchmark[i] = level;
    prev_close = close;
  }
}

report::PriceChart make_chart(const BookPosition& p, const Bars& bars, const Bars* benchmark,
                              const StockResult* result, const ReportInputs& in,
                              std::vector<std::string>& warnings) {
  report::PriceChart c;
  c.symbol = p.symbol;
  const std::size_t n = bars.size();
  const std::size_t from = n > kChartBars ? n - kChartBars : 0;
  c.dates.assign(bars.date.begin() + static_cast<std::ptrdiff_t>(from), bars.date.end());
  c.close.assign(bars.close.begin() + static_cast<std::ptrdiff_t>(from), bars.close.end());
  c.open = tail(bars.open, from);
  c.high = tail(bars.high, from);
  c.low = tail(bars.low, from);
  c.volume = tail(bars.volume, from);
  if (const auto stack = stack_of(p, in, result))
    add_lines(c, *stack, bars, benchmark, from, warnings);
  if (p.entry_date) {
    c.entry_date = *p.entry_date;
    c.entry_price = p.entry_price.value_or(0.0);
  } else {  // PENDING or a new buy: mark the signal bar at its close
    c.entry_date = p.signal_date;
    const std::size_t i = bars.lower_bound(p.signal_date);
    c.entry_price = i < n ? bars.close[i] : 0.0;
  }
  c.stop_level = p.stop_level.value_or(0.0);
  c.target_level = p.target_level.value_or(0.0);
  if (p.exit_date) {
    c.exit_date = *p.exit_date;
    c.exit_price = p.exit_price.value_or(0.0);
  }
  if (result != nullptr && !result->equity.empty()) {
    c.equity_dates = result->equity_dates;
    const double base = result->equity.front();
    c.equity.reserve(result->equity.size());
    for (double v : result->equity) c.equity.push_back(base > 0 ? v / base * 100.0 : kNaN);
    same_days_benchmark(c, *result, benchmark);
  }
  return c;
}
}  // namespace

Date recent_window_start(const std::map<std::string, const Bars*>& bars, Date data_date) {
  std::set<Date> dates;
  for (const auto& [symbol, b] : bars) {
    const std::size_t end = b->lower_bound(data_date + 1);
    const std::size_t begin = end > 20 ? end - 20 : 0;
    dates.insert(b->date.begin() + static_cast<std::ptrdiff_t>(begin),
                 b->date.begin() + static_cast<std::ptrdiff_t>(end));
  }
  if (dates.empty()) return data_date;
  auto it = dates.end();
  for (int k = 0; k < 20 && it != dates.begin(); ++k) --it;
  return *it;
}

report::DailyReport build_daily_report(const ReportInputs& in) {
  const signals::DayPlan& plan = *in.plan;
  report::DailyReport r;
  r.report_date = in.data_date;
  r.version = in.version;
  r.config_hash = in.config->hash;
  r.run_timestamp = in.run_timestamp;
  r.in_sample = !in.config->walk_forward.enabled;
  r.results_saved = in.results_saved;
  r.warnings = in.warnings;
  r.warnings.insert(r.warnings.end(), plan.warnings.begin(), plan.warnings.end());
  r.new_buys = plan.new_buys;
  r.not_taken = plan.not_taken;
  r.money = plan.money;
  r.open_positions = plan.open_positions;
  r.to_sell = plan.to_sell;
  r.sales_since = in.sales_since;
  r.no_buy_reason = plan.no_buy_reason;
  r.nearest = plan.nearest;

  for (const BookPosition& p : in.recent) {
    report::RecentSignal s;
    s.date = p.signal_date;
    s.symbol = p.symbol;
    s.rule_stack = join(p.rule_stack, '+');
    const auto it = in.bars.find(p.symbol);
    if (it != in.bars.end()) {
      const std::size_t i = it->second->lower_bound(p.signal_date);
      if (i < it->second->size() && it->second->date[i] == p.signal_date) {
        s.price = it->second->close[i];
      }
    }
    r.recent_signals.push_back(s);
  }
  std::sort(r.recent_signals.begin(), r.recent_signals.end(),
            [](const report::RecentSignal& a, const report::RecentSignal& b) {
              return a.date != b.date ? a.date > b.date : a.symbol < b.symbol;
            });

  for (const BookPosition& p : plan.charted) {
    const auto it = in.bars.find(p.symbol);
    if (it == in.bars.end() || it->second->empty()) continue;
    r.charts.push_back(
        make_chart(p, *it->second, in.benchmark, result_of(in.results, p.symbol), in, r.warnings));
  }
  return r;
}

}  // namespace kiss::daily
