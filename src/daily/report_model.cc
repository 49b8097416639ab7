#include "daily/report_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

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

report::PriceChart make_chart(const BookPosition& p, const Bars& bars, const Bars* benchmark,
                              const StockResult* result) {
  report::PriceChart c;
  c.symbol = p.symbol;
  const std::size_t n = bars.size();
  const std::size_t from = n > kChartBars ? n - kChartBars : 0;
  c.dates.assign(bars.date.begin() + static_cast<std::ptrdiff_t>(from), bars.date.end());
  c.close.assign(bars.close.begin() + static_cast<std::ptrdiff_t>(from), bars.close.end());
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
    c.benchmark.assign(c.equity_dates.size(), kNaN);
    if (benchmark != nullptr) {
      double bench_base = kNaN;
      for (std::size_t i = 0; i < c.equity_dates.size(); ++i) {
        const std::size_t j = benchmark->lower_bound(c.equity_dates[i]);
        if (j >= benchmark->size() || benchmark->date[j] != c.equity_dates[i]) continue;
        if (std::isnan(bench_base)) bench_base = benchmark->close[j];
        c.benchmark[i] = benchmark->close[j] / bench_base * 100.0;
      }
    }
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
    r.charts.push_back(make_chart(p, *it->second, in.benchmark, result_of(in.results, p.symbol)));
  }
  return r;
}

}  // namespace kiss::daily
