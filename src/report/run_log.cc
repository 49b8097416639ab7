#include "report/run_log.h"

#include <cstdio>
#include <filesystem>

#include "report/write.h"

namespace kiss::report {

namespace {

void appendf(std::string& out, const char* fmt, auto... args) {
  char buf[512];
  const int n = std::snprintf(buf, sizeof buf, fmt, args...);
  if (n > 0)
    out.append(buf, static_cast<std::size_t>(std::min(n, static_cast<int>(sizeof buf) - 1)));
}

void metrics_line(std::string& out, const char* label, const std::string& name, const Metrics& m) {
  appendf(out,
          "  %s %-48s trades=%3d win=%5.1f%% avg=%+7.2f%% sharpe=%+6.2f edge=%+6.3f "
          "maxdd=%6.2f%% alpha=%+6.2f%% dsr=%.3f\n",
          label, name.c_str(), m.total_trades, m.win_pct * 100.0, m.avg_return, m.sharpe,
          m.edge_score, m.max_drawdown_pct, m.alpha_pct, m.deflated_sharpe);
}

}  // namespace

std::string render_run_log(Date data_date, const std::vector<StockResult>& results,
                           const RuleSet& rules, const Config& config) {
  std::string out;
  appendf(out, "KISS Signal run log for %s (config %s, rules %s)\n", format_date(data_date).c_str(),
          config.hash.c_str(), rules.path.c_str());
  appendf(out, "selection: %s\n",
          config.walk_forward.enabled ? "walk-forward (out of sample)"
                                      : "IN-SAMPLE (walk-forward disabled)");
  std::string checked;
  for (const auto* group : {&rules.preconditions, &rules.context_filters}) {
    for (const RuleInstance& r : *group) checked += (checked.empty() ? "" : ", ") + r.name;
  }
  appendf(out, "preconditions and context filters checked on every bar: %s\n\n",
          checked.empty() ? "none" : checked.c_str());
  for (const StockResult& r : results) {
    appendf(out, "== %s\n", r.symbol.c_str());
    if (!r.ok) {
      appendf(out, "  skipped: %s\n\n", r.skip_reason.c_str());
      continue;
    }
    for (const StackResult& s : r.tested) metrics_line(out, "tested", s.name, s.metrics);
    for (const WindowResult& w : r.windows) {
      appendf(out, "  window train %s..%s test %s..%s winner %s\n",
              format_date(w.train_first).c_str(), format_date(w.train_last).c_str(),
              w.test_begin < w.test_end ? format_date(w.test_first).c_str() : "-",
              w.test_begin < w.test_end ? format_date(w.test_last).c_str() : "-",
              w.winner_name.empty() ? "(none eligible)" : w.winner_name.c_str());
    }
    for (const std::string& w : r.warnings) appendf(out, "  %s\n", w.c_str());
    if (r.has_signal_stack) {
      metrics_line(out, "chosen", r.result.name, r.result.metrics);
    } else {
      out += "  chosen: none (no eligible stack in the latest training window)\n";
    }
    appendf(out, "  today: entry %s on %s\n\n", r.today.entry ? "TRUE" : "false",
            format_date(r.today.date).c_str());
  }
  return out;
}

FileBytes render_run_log_file(const std::string& dir, Date data_date,
                              const std::vector<StockResult>& results, const RuleSet& rules,
                              const Config& config) {
  return {(std::filesystem::path(dir) / ("run_log_" + format_date(data_date) + ".txt")).string(),
          render_run_log(data_date, results, rules, config)};
}

}  // namespace kiss::report
