// Yahoo Finance chart API client (docs/data.md):
//   GET {base_url}/v8/finance/chart/{TICKER}?period1=..&period2=..&interval=1d&events=div%2Csplit
// TICKER is the NSE symbol plus ".NS" (indices such as ^NSEI have no suffix), URL-encoded
// (M&M -> M%26M.NS, ^NSEI -> %5ENSEI).
//
// Response shape (what parse_chart_json reads; everything else is ignored):
//   {"chart": {"result": [{"meta": {"gmtoffset": 19800, ...},
//                          "timestamp": [1704167100, ...],
//                          "events": {"dividends": {...}, "splits": {...}},
//                          "indicators": {"quote": [{"open": [..], "high": [..], "low": [..],
//                                                    "close": [..], "volume": [..]}],
//                                         "adjclose": [{"adjclose": [..]}]}}],
//              "error": null}}
// or, for an unknown symbol (HTTP 404):
//   {"chart": {"result": null, "error": {"code": "Not Found", "description": "No data found,
//    symbol may be delisted"}}}
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "data/http.h"
#include "util/bars.h"
#include "util/date.h"
#include "util/error.h"

namespace kiss::data {

struct ChartData {
  Bars bars;                          // adjusted: OHLC × adjclose / close; dates strictly increase
  std::vector<double> adj_close;      // as sent (NaN where absent)
  std::size_t null_bars = 0;          // bars skipped because a value was null (e.g. a halted day)
  std::vector<std::string> rejected;  // bars refused by the checks of bar_check.h (applied after
                                      // the adjustment), one message "YYYY-MM-DD: why" each
  std::vector<std::string> out_of_order;  // bars skipped: date not after the previous one
  std::size_t splits = 0, dividends = 0;  // events in the response
};

// Pure: JSON text -> bars. Timestamps become the exchange's local date via meta.gmtoffset.
// chart.error, malformed JSON and arrays of the wrong length are errors.
Result<ChartData> parse_chart_json(std::string_view text);

struct YahooOptions {
  std::string base_url = "https://query1.finance.yahoo.com";
  std::string suffix = ".NS";
  HttpOptions http;
  int retries = 3;         // extra attempts on 429, 5xx, timeouts, failed connections and
                           // other transport errors (not on a body over the cap)
  double backoff_s = 1.0;  // waits backoff_s, 2 × backoff_s, 4 × backoff_s ... between attempts
};

std::string url_encode(std::string_view s);
// "M&M" -> "M&M.NS"; "^NSEI" -> "^NSEI" (indices carry no exchange suffix).
std::string yahoo_ticker(const std::string& symbol, const std::string& suffix);
// period1 = 00:00 UTC of from - 1, period2 = 00:00 UTC of to + 2: covers every local date in
// [from, to] for any UTC offset; fetch_chart keeps only those dates.
std::string chart_url(const YahooOptions& options, const std::string& symbol, Date from, Date to);

// Connection failures in a row (HttpFailure::kConnect or kTimeout), counted over attempts and
// symbols: once `limit` is reached the network is taken as down. Any response resets it.
struct NetworkBreaker {
  int limit = 3;
  int consecutive = 0;
  std::string last_error;  // the last connection failure, described (cleaned)
  bool open() const noexcept { return consecutive >= limit; }
  void record(const HttpResponse& r);
};

// Downloads bars dated from..to (inclusive) with retries, which end early once `breaker` (a
// local one when null) is open. The Error names the symbol (key) and the reason (HTTP status
// and chart.error description, timeout, could not connect, body over the cap, malformed JSON,
// a bar refused by the checks...). A response with any refused bar is refused whole. Server
// text in a message is cleaned and clipped (server_text.h).
Result<ChartData> fetch_chart(const YahooOptions& options, const std::string& symbol, Date from,
                              Date to, NetworkBreaker* breaker = nullptr);

}  // namespace kiss::data
