// Steps 2 and 3a of the daily loop: bring the price store up to date (unless frozen or
// --no-refresh), then load the bars the run uses, up to the freeze date.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "daily/events.h"
#include "daily/setup.h"
#include "data/price_repository.h"
#include "util/bars.h"
#include "util/clock.h"
#include "util/error.h"

namespace kiss::store {
class PriceStore;
}

namespace kiss::daily {

struct RefreshSummary {
  std::string text;                   // the console line of step 2
  std::vector<std::string> warnings;  // no network (one line), each other failure, for the report
};

// Universe symbols that can never have prices (neither the NSE form nor a stored bar,
// data/symbol_form.h) are bad input, named before any download: each but the last is sent to
// `events`, the last is the returned error (exit 1).
Status check_sources(const RunSetup& setup, data::PriceRepository& repo, Events& events);

// A stored bar dated after `today` (Asia/Kolkata) cannot be right (versions before schema v6
// imported them with only a "gap" warning), and an unfrozen run would take its date as the
// book's. Checked before anything is written: the first such symbol of `wanted` is an error
// (exit 1) that names the repair (`data delete SYMBOL --from D`). A frozen run never reads them.
Status check_no_future_bars(const RunSetup& setup, const std::vector<std::string>& wanted,
                            data::PriceRepository& repo, Date today);

// Refreshes `wanted` from the configured data source through `repo`, dated by `clock` (today on
// the exchange's calendar; the refresh records get a millisecond UTC timestamp). Skipped, and
// said so, when the run is frozen or --no-refresh. Never fails: a symbol that cannot be
// refreshed keeps its cached bars and becomes a warning; no network is one warning
// (data::summarize).
RefreshSummary refresh_prices(const RunSetup& setup, const Request& request,
                              const std::vector<std::string>& wanted, data::PriceRepository& repo,
                              const Clock& clock, Events& events);

// The bars of a run and what they say about its dates. Move-only: the pointers point into
// `loaded`, whose elements keep their addresses when the vector is moved.
struct Market {
  Market() = default;
  Market(Market&&) = default;
  Market& operator=(Market&&) = default;
  Market(const Market&) = delete;
  Market& operator=(const Market&) = delete;

  std::vector<Bars> loaded;                    // owns the bars, in wanted_symbols() order
  std::map<std::string, const Bars*> bars_of;  // the universe's stocks that have prices
  std::vector<const Bars*> stocks;             // the same, in universe order
  const Bars* benchmark = nullptr;             // null when it has no prices
  Date market_date = 0;                        // the latest bar of any stock
  Date data_date = 0;                          // the freeze date, else market_date
  std::vector<std::string> warnings;           // symbols without prices, benchmark gaps
};

// Indexes the loaded bars (one per wanted_symbols() entry, in that order). Pure. A stock without
// prices is skipped with a warning; a benchmark that is missing, or ends before the data date,
// is a warning (market filters are false where it has no bar). Each warning is also sent to
// `events`.
Market index_market(const RunSetup& setup, const std::vector<std::string>& wanted,
                    std::vector<Bars> loaded, Events& events);

// The rules of `rules` that read the benchmark series (rules/catalog.h uses_benchmark), in words:
// "context filter nifty_above_sma50 (market_above_sma)".
std::vector<std::string> benchmark_readers(const RuleSet& rules);

// The warning when the benchmark's last bar is before the stocks' last one: it names the rules
// that are false after it (benchmark_readers), the reason no stock can signal.
std::string benchmark_ends_early_text(const std::string& benchmark, Date benchmark_end,
                                      Date stocks_end, const RuleSet& rules);

// "prices are stale: the last bar D is N trading days before today T (Asia/Kolkata); ..." when
// the run is not frozen and its last stock bar is more than data::kStaleAfterTradingDays trading
// days before `today` (docs/data.md); nullopt otherwise. Pure.
std::optional<std::string> stale_warning(const RunSetup& setup, const Market& market, Date today);

// Loads every wanted symbol's bars up to the freeze date from the store, then index_market.
// Error (exit 1): no stock of the universe has a bar up to the freeze date, so there is nothing
// to analyse and no date to put on a report.
Result<Market> load_market(const RunSetup& setup, const std::vector<std::string>& wanted,
                           store::PriceStore& prices, Events& events);

}  // namespace kiss::daily
