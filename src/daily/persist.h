// Steps 4 and 6 of the daily loop: the run's one transaction (store/run_commit.h) and its
// report files. The files are staged while the transaction commits and published only after
// it succeeded, so a report never shows a run the database does not hold (report/write.h).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backtest/result.h"
#include "config/config.h"
#include "daily/events.h"
#include "report/model.h"
#include "report/write.h"
#include "signals/daily.h"
#include "store/database.h"
#include "store/run_commit.h"
#include "store/strategies.h"
#include "util/error.h"

namespace kiss::daily {

// The strategies row of one stock's result (an infinite profit factor is stored as NULL).
store::StrategyRecord to_strategy_record(const StockResult& r, const Config& config);

// Everything the run stores, in one transaction: the run row, the strategies of the stocks
// with a valid strategy, the plan's position updates and inserts, and the report model
// (report/model_json.h). duration_ms is filled in by the caller.
store::RunWrite make_run_write(const Config& config, const std::vector<StockResult>& results,
                               const signals::DayPlan& plan, const report::DailyReport& report);

// The report files of a model (the markdown, the HTML and, with --verbose, the run log).
using RenderFiles = std::function<std::vector<report::FileBytes>(const report::DailyReport&)>;

// "reports/signals_2025-08-08.md" -> "reports/signals_2025-08-08.NOT-SAVED.md": where the report
// of a run whose results were not saved goes (docs/reliability.md).
std::string not_saved_path(const std::string& path);

struct Committed {
  bool saved = false;                  // the transaction committed
  Result<report::StagedFiles> staged;  // the report files, durable but not visible yet
};

// Commits `write` while staging the files of `report` on another thread. When the commit
// fails, the report is marked "results not saved" (with a warning naming the error, which also
// goes to events.error) and its files are staged again under not_saved_path names, so a report
// of a run that was saved (same date, same folder) is never replaced by it; nothing is stored.
Committed commit_run(store::Database& db, const store::RunWrite& write, report::DailyReport& report,
                     const RenderFiles& render, Events& events);

// Closes the database on another thread (its checkpoint fsyncs the database file) while the
// staged files are renamed into place. Errors of the staging or the renames exit 3.
Status publish_and_close(store::Database db, Result<report::StagedFiles> staged);

}  // namespace kiss::daily
