// The refresh step of `run` and `data fetch` (docs/data.md): bring the price store up to date from
// the configured data source, symbol by symbol, and say per symbol what happened.
//
//   data_source.type csv:   the configured folder; each *.csv directly in it is the symbol of its
//                           stem, each sub-folder one symbol (its CSVs merge by date). A symbol's
//                           whole file is validated and upserted (the CSV is the source of truth).
//   data_source.type yahoo: incremental from the last stored bar (which is fetched again: a bar
//                           stored while the session was open is replaced); a response with a split
//                           or dividend in it triggers a full re-download, so stored history stays
//                           adjusted consistently.
// Each symbol is refreshed at most once per trading day (price_refresh.last_attempt_date with
// status ok). A failure never stops the others: the symbol keeps its cached bars and is reported
// stale (or failed when nothing is cached), with the reason, and recorded in price_refresh.
// Except no network: after 3 connection failures in a row (yahoo.h NetworkBreaker) the remaining
// symbols are not tried (recorded as "not tried: no network"); summarize() then tells it once.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "data/price_repository.h"
#include "util/date.h"

namespace kiss::data {

struct SymbolRefresh {
  enum class State { kOk, kStale, kFailed };
  std::string symbol;
  State state = State::kFailed;
  std::string reason;            // failure reason, or what was done ("3 new bars", ...)
  std::size_t new_bars = 0;      // bars written by this refresh
  std::optional<Date> last_bar;  // last stored bar after the refresh
  std::vector<std::string> warnings;
  // Not refreshed because the network is down: not tried at all, or one of the attempts that
  // found it out (network_error then says how: "could not connect (...)").
  bool network_down = false;
  std::string network_error;
};

const char* to_string(SymbolRefresh::State s) noexcept;

struct RefreshOptions {
  Date today = 0;          // trading date of this attempt: the last date fetched
  std::string now_iso;     // timestamp recorded as last_refresh, e.g. 2025-08-08T12:30:00Z
  bool force = false;      // ignore "already refreshed today"
  double backoff_s = 1.0;  // Yahoo retry back-off base (tests make it tiny)
  std::optional<double> delay_between_symbols;          // overrides config (tests: 0)
  std::function<void(const SymbolRefresh&)> on_symbol;  // progress callback, may be empty
};

std::vector<SymbolRefresh> refresh(const Config& config, PriceRepository& repo,
                                   const std::vector<std::string>& symbols,
                                   const RefreshOptions& options);

// What a refresh means for a run, in words, so a refresh without network is one line and not one
// warning per symbol.
struct RefreshSummary {
  std::size_t ok = 0, total = 0;
  std::optional<Date> last_bar;  // the latest stored bar over all symbols after the refresh
  bool no_network = false;       // some symbols were not tried: the prices are stale
  // "no network: using stored prices up to D (N of M symbols not refreshed; could not connect
  // (...))" first when no_network, then one line per other failure:
  // "TCS: not refreshed (HTTP 404 (...)); using stored prices up to D" (or "no stored prices").
  std::vector<std::string> lines;
  // "Prices refreshed: 3/3 up to date (last bar D)" or
  // "Prices not refreshed (stale): 0/3 up to date (last bar D)".
  std::string headline;
};
// With `today`, a headline whose last bar is stale says so instead of "up to date":
// "Prices stale: 51/51 symbols refreshed, the last bar 2025-09-30 is 308 trading days before
// today 2026-12-04 (Asia/Kolkata)".
RefreshSummary summarize(const std::vector<SymbolRefresh>& results,
                         std::optional<Date> today = std::nullopt);

// Prices are stale when their last bar is more than this many trading days (weekdays on the
// Asia/Kolkata calendar; exchange holidays are not known) before today (docs/data.md).
inline constexpr int kStaleAfterTradingDays = 3;

// "the last bar 2025-09-30 is 308 trading days before today 2026-12-04 (Asia/Kolkata)" when
// `last_bar` is stale on `today`; nullopt otherwise.
std::optional<std::string> stale_note(Date last_bar, Date today);

// The line of summarize() for one symbol that is not ok.
std::string problem_line(const SymbolRefresh& r);

}  // namespace kiss::data
