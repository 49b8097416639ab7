// The verbose log of a run (docs/report.md): run_log_YYYY-MM-DD.txt in the reports folder. Per
// stock: the preconditions and context filters checked, each stack tested with its metrics, the
// min-trades warnings (docs/discovery.md wording), the walk-forward windows and the chosen stack.
#pragma once
#include <string>
#include <vector>

#include "backtest/result.h"
#include "config/config.h"
#include "report/write.h"
#include "rules/model.h"
#include "util/error.h"

namespace kiss::report {

std::string render_run_log(Date data_date, const std::vector<StockResult>& results,
                           const RuleSet& rules, const Config& config);

// render_run_log() with its path, <dir>/run_log_YYYY-MM-DD.txt (to stage with report files).
FileBytes render_run_log_file(const std::string& dir, Date data_date,
                              const std::vector<StockResult>& results, const RuleSet& rules,
                              const Config& config);

}  // namespace kiss::report
