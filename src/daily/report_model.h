// Step 5b of the daily loop: the DailyReport (report/model.h) of a run, assembled from its
// results, the day's plan of the position book and the stored bars.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "backtest/result.h"
#include "config/config.h"
#include "report/model.h"
#include "signals/daily.h"
#include "util/bars.h"
#include "util/position.h"

namespace kiss::daily {

struct ReportInputs {
  Date data_date = 0;
  const Config* config = nullptr;
  const RuleSet* rules = nullptr;  // the stacks of positions without frozen terms (may be null)
  const signals::DayPlan* plan = nullptr;
  const std::vector<StockResult>* results = nullptr;  // may be null (report --date)
  std::map<std::string, const Bars*> bars;            // symbol -> bars up to data_date
  const Bars* benchmark = nullptr;
  std::vector<BookPosition> recent;  // positions signalled in the window
  std::string version;
  std::string run_timestamp;
  bool results_saved = true;
  std::vector<std::string> warnings;
  Date sales_since = 0;  // the previous run's data date (0: the first run)
};

// The last 20 trading days' first date: the 20th most recent distinct bar date <= data_date
// over all given series.
Date recent_window_start(const std::map<std::string, const Bars*>& bars, Date data_date);

report::DailyReport build_daily_report(const ReportInputs& in);

}  // namespace kiss::daily
