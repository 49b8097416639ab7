#include "signals/nearest.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "rules/catalog.h"
#include "rules/columns.h"
#include "util/text.h"

namespace kiss::signals {

namespace {

std::string two_decimals(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Why a stack with a recent entry gives no signal: the thresholds of docs/positions.md.
std::string below_thresholds(const StockResult& r, const Config& cfg, int min_trades) {
  const Metrics& m = r.result.metrics;
  if (m.edge_score < cfg.edge_score_threshold) {
    return "edge score " + two_decimals(m.edge_score) + " below the threshold " +
           two_decimals(cfg.edge_score_threshold);
  }
  return count(static_cast<std::size_t>(m.total_trades), "out-of-sample trade",
               "out-of-sample trades") +
         ", below the minimum " + std::to_string(min_trades);
}

// "market filter off: ^NSEI 24611.00 below its 50-day average 24882.00 (nifty_above_sma50)" for
// a market_above_sma filter (its own numbers, from the one indicator registry); other filters
// give their catalog description.
std::string filter_off_text(const RuleInstance& f, const DayInput& in) {
  const std::string tail = " (" + f.name + ")";
  if (f.type == "market_above_sma" && in.benchmark != nullptr && !in.benchmark->empty()) {
    const Bars& b = *in.benchmark;
    const std::size_t end = b.lower_bound(in.data_date + 1);
    if (end == 0 || b.date[end - 1] != in.data_date) {
      return "market filter off: " + b.symbol + " has no bar on " + format_date(in.data_date) +
             (end == 0 ? "" : " (its data ends " + format_date(b.date[end - 1]) + ")") + tail;
    }
    const auto period = static_cast<int>(f.params.at("period"));
    IndicatorCache cache;
    const cols::Col& sma = cols::column(cols::Series{b, ""}, cache, "sma", {period});
    const double close = b.close[end - 1];
    const double avg = sma[end - 1];
    return "market filter off: " + b.symbol + " " + two_decimals(close) +
           (close == avg ? " at" : " below") + " its " + std::to_string(period) + "-day average " +
           two_decimals(avg) + tail;
  }
  const RuleSpec* spec = find_rule(f.type);
  return "filter off: " + f.name +
         (spec != nullptr ? " (" + std::string(spec->description) + ")" : "");
}

}  // namespace

// One screen: a pass over the stocks counting and collecting, then the one line.
NoBuyExplanation explain_no_buys(const DayInput& in, const std::set<std::string>& held,
                                 std::size_t new_buys, std::size_t not_taken) {
  NoBuyExplanation out;
  if (new_buys > 0 || in.results == nullptr || in.config == nullptr) return out;
  const Config& cfg = *in.config;
  std::size_t current = 0;     // stocks with a signal stack and a bar on the data date
  std::size_t qualifying = 0;  // of those, the ones whose stack may signal
  std::size_t signalling = 0;  // qualifying with the full entry true today
  std::size_t blocked = 0;     // qualifying with only the filters false today
  std::map<std::string, std::size_t> off;
  for (const StockResult& r : *in.results) {
    if (!r.ok || !r.has_signal_stack) continue;
    const TodaySignal& t = r.today;
    const bool today = t.date == in.data_date;
    const bool q = qualifies(r, cfg, in.min_trades);
    const bool own_today = today && !t.recent_stack_only.empty() && t.recent_stack_only.back();
    if (today) {
      ++current;
      if (q) ++qualifying;
      if (q && t.entry) ++signalling;
      if (q && own_today && !t.entry) ++blocked;
      for (const std::string& f : t.filters_off) ++off[f];
    }
    if (held.count(r.symbol) != 0 || (q && today && t.entry)) continue;  // held, or not taken
    NearCandidate c;
    c.symbol = r.symbol;
    c.rule_stack = r.result.name;
    c.edge_score = r.result.metrics.edge_score;
    c.oos_trades = r.result.metrics.total_trades;
    const std::size_t n = t.recent_entry.size();
    for (std::size_t i = n; i-- > 0;) {
      if (t.recent_entry[i] != 0) {
        c.last_entry = t.recent_dates[i];
        const std::size_t ago = n - 1 - i;
        c.why = "entry true " + (ago == 0 ? std::string("today")
                                          : "on " + format_date(c.last_entry) + " (" +
                                                count(ago, "bar", "bars") + " ago)");
        break;
      }
    }
    // Else the stack's own entries alone, blocked by the filters on that bar (named for today).
    for (std::size_t i = n; c.why.empty() && i-- > 0;) {
      if (i >= t.recent_stack_only.size() || t.recent_stack_only[i] == 0) continue;
      const std::size_t ago = n - 1 - i;
      c.why = "stack's entry true " +
              (ago == 0 ? std::string("today")
                        : "on " + format_date(t.recent_dates[i]) + " (" +
                              count(ago, "bar", "bars") + " ago)") +
              ", blocked by " +
              (ago == 0 && !t.filters_off.empty() ? join(t.filters_off, ", ")
                                                  : std::string("the filters"));
    }
    if (c.why.empty()) continue;
    if (!q) c.why += "; " + below_thresholds(r, cfg, in.min_trades);
    out.nearest.push_back(std::move(c));
  }
  std::stable_sort(out.nearest.begin(), out.nearest.end(),
                   [](const NearCandidate& a, const NearCandidate& b) {
                     return a.edge_score != b.edge_score ? a.edge_score > b.edge_score
                                                         : a.symbol < b.symbol;
                   });
  if (out.nearest.size() > kMaxNearest) out.nearest.resize(kMaxNearest);

  const std::string day = format_date(in.data_date);
  if (not_taken > 0) {
    out.reason = count(not_taken, "signal could not be taken", "signals could not be taken") +
                 " (see NOT TAKEN)";
    return out;
  }
  if (signalling > 0) {
    out.reason = "the " +
                 count(signalling, "stock signalling today is", "stocks signalling today are") +
                 " already held";
    return out;
  }
  if (current == 0) {
    out.reason = "no stock has a selected stack and a bar on " + day;
    return out;
  }
  std::string head;
  if (in.rules != nullptr) {
    for (const RuleInstance& f : in.rules->context_filters) {
      const auto it = off.find(f.name);
      if (it != off.end() && it->second == current) {
        head = filter_off_text(f, in) + "; ";
        break;
      }
    }
  }
  if (qualifying == 0) {
    out.reason = head + "none of the " + count(current, "stock", "stocks") +
                 " has a stack that qualifies (edge score at least " +
                 two_decimals(cfg.edge_score_threshold) + " and at least " +
                 std::to_string(in.min_trades) + " out-of-sample trades)";
    return out;
  }
  out.reason = head + "0 of " + count(qualifying, "qualifying stock", "qualifying stocks") +
               " could signal on " + day;
  if (blocked > 0) {
    out.reason += " (" + std::to_string(blocked) + " had the stack's entry true but " +
                  (blocked == 1 ? "was" : "were") + " blocked by the filters)";
  }
  return out;
}

}  // namespace kiss::signals
