// The verbose log of a run (SPEC §9): run_log_YYYY-MM-DD.txt in the reports folder. Per stock:
// the preconditions and context filters checked, each stack tested with its metrics, the
// min-trades warnings (SPEC §6.5 wording), the walk-forward windows and the chosen stack.
#pragma once
#include <string>
#include <vector>

#include "backtest/result.h"
#include "config/config.h"
#include "rules/model.h"
#include "util/error.h"

namespace kiss::report {

std::string render_run_log(Date data_date, const std::vector<StockResult>& results,
                           const RuleSet& rules, const Config& config);

// Writes render_run_log() to <dir>/run_log_YYYY-MM-DD.txt (atomically).
Status write_run_log(const std::string& dir, Date data_date,
                     const std::vector<StockResult>& results, const RuleSet& rules,
                     const Config& config);

}  // namespace kiss::report
