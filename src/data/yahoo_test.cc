#include "data/yahoo.h"

#include <chrono>
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "data/test_gzip.h"
#include "data/test_http_server.h"

namespace kiss::data {
namespace {

using testing::TestHttpServer;

// Three NSE sessions 2024-01-01..03 at 09:15 IST (03:45 UTC). A 1:1 bonus-like adjustment on
// the first bar (adjclose = close / 2) and a dividend event.
const std::string kOk = R"({"chart":{"result":[{"meta":{"currency":"INR","symbol":"M&M.NS",
 "exchangeName":"NSI","instrumentType":"EQUITY","gmtoffset":19800,"timezone":"IST",
 "exchangeTimezoneName":"Asia/Kolkata","dataGranularity":"1d"},
 "timestamp":[1704080700,1704167100,1704253500],
 "events":{"dividends":{"1704167100":{"amount":10.0,"date":1704167100}}},
 "indicators":{"quote":[{"open":[100.0,102.0,104.0],"high":[105.0,106.0,108.0],
   "low":[99.0,101.0,103.0],"close":[104.0,105.0,107.0],"volume":[1000,2000,0]}],
   "adjclose":[{"adjclose":[52.0,105.0,107.0]}]}}],"error":null}})";

const std::string kNotFound =
    R"({"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}})";

// The middle bar has nulls (a session without trades): it is skipped and counted.
const std::string kNulls = R"({"chart":{"result":[{"meta":{"gmtoffset":19800},
 "timestamp":[1704080700,1704167100,1704253500],
 "indicators":{"quote":[{"open":[100.0,null,104.0],"high":[105.0,null,108.0],
   "low":[99.0,null,103.0],"close":[104.0,null,107.0],"volume":[1000,null,0]}]}}],"error":null}})";

const Date kJan1 = days_from_civil(2024, 1, 1);

YahooOptions fast(const std::string& base) {
  YahooOptions o;
  o.base_url = base;
  o.http.connect_timeout_s = 1.0;
  o.http.timeout_s = 2.0;
  o.retries = 3;
  o.backoff_s = 0.001;
  return o;
}

TEST(YahooParse, AdjustsByTheAdjcloseRatioAndKeepsLocalDates) {
  auto r = parse_chart_json(kOk);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  const Bars& b = r->bars;
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b.date, (std::vector<Date>{kJan1, kJan1 + 1, kJan1 + 2}));
  EXPECT_EQ(b.open[0], 50.0);
  EXPECT_EQ(b.high[0], 52.5);
  EXPECT_EQ(b.low[0], 49.5);
  EXPECT_EQ(b.close[0], 52.0);
  EXPECT_EQ(b.close[1], 105.0);
  EXPECT_EQ(b.volume[1], 2000.0);
  EXPECT_EQ(b.volume[2], 0.0);
  EXPECT_EQ(r->adj_close, (std::vector<double>{52.0, 105.0, 107.0}));
  EXPECT_EQ(r->dividends, 1u);
  EXPECT_EQ(r->splits, 0u);
  EXPECT_EQ(r->null_bars, 0u);
}

TEST(YahooParse, GmtOffsetGivesTheExchangeDate) {
  // 2024-01-01 20:00 UTC is 2024-01-02 01:30 in India.
  const std::string j = R"({"chart":{"result":[{"meta":{"gmtoffset":19800},"timestamp":[1704139200],
    "indicators":{"quote":[{"open":[1],"high":[1],"low":[1],"close":[1],"volume":[0]}]}}],"error":null}})";
  auto r = parse_chart_json(j);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->bars.date, std::vector<Date>{kJan1 + 1});
  EXPECT_TRUE(std::isnan(r->adj_close[0]));
}

TEST(YahooParse, Errors) {
  auto msg = [](const std::string& j) {
    auto r = parse_chart_json(j);
    return r ? std::string("ok") : r.error().to_string();
  };
  EXPECT_EQ(msg(kNotFound), "chart.error: Not Found: No data found, symbol may be delisted");
  EXPECT_EQ(msg("{\"chart\":{\"result\":[{\"meta\""), "malformed JSON in chart response");
  EXPECT_EQ(msg("<html>rate limited</html>"), "malformed JSON in chart response");
  EXPECT_EQ(msg("[1,2]"), "chart response has no 'chart'");
  EXPECT_EQ(msg(R"({"chart":{"result":[],"error":null}})"), "chart response has no result");
  EXPECT_EQ(msg(R"({"chart":{"result":[{"meta":{}}],"error":null}})"),
            "chart response has no meta.gmtoffset");
  EXPECT_EQ(msg(R"({"chart":{"result":[{"meta":{"gmtoffset":0},"timestamp":[1,2],
    "indicators":{"quote":[{"open":[1],"high":[1,1],"low":[1,1],"close":[1,1],"volume":[0,0]}]}}]}})"),
            "chart quote 'open' has 1 values for 2 timestamps");
  EXPECT_EQ(msg(R"({"chart":{"result":[{"meta":{"gmtoffset":0},"timestamp":[1],
    "indicators":{"quote":[{"open":["x"],"high":[1],"low":[1],"close":[1],"volume":[0]}]}}]}})"),
            "chart quote 'open' value 0 is not a number");
  // No timestamp: no bar in the range, not an error.
  EXPECT_EQ(
      msg(R"({"chart":{"result":[{"meta":{"gmtoffset":19800},"indicators":{"quote":[{}]}}],"error":null}})"),
      "ok");
}

TEST(YahooParse, NullsAreSkippedAndCounted) {
  auto r = parse_chart_json(kNulls);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->bars.date, (std::vector<Date>{kJan1, kJan1 + 2}));
  EXPECT_EQ(r->null_bars, 1u);
}

TEST(YahooParse, InconsistentBarIsRejectedNotFixed) {
  const std::string j = R"({"chart":{"result":[{"meta":{"gmtoffset":19800},"timestamp":[1704080700],
    "indicators":{"quote":[{"open":[10],"high":[9],"low":[8],"close":[9.5],"volume":[5]}]}}],"error":null}})";
  auto r = parse_chart_json(j);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->bars.empty());
  EXPECT_EQ(r->rejected,
            std::vector<std::string>{"2024-01-01: high 9 is below max(open, close) 10"});
}

// One bar dated 2024-01-01 with the given raw values (JSON number text) and adjclose.
std::string one_bar(const std::string& ohlcv, const std::string& adjclose) {
  return R"({"chart":{"result":[{"meta":{"gmtoffset":19800},"timestamp":[1704080700],
    "indicators":{"quote":[{)" +
         ohlcv + R"(}],"adjclose":[{"adjclose":[)" + adjclose + R"(]}]}}],"error":null}})";
}

TEST(YahooParse, BarsAreCheckedAfterTheAdjustment) {
  auto rejected = [](const std::string& ohlcv, const std::string& adjclose) {
    auto r = parse_chart_json(one_bar(ohlcv, adjclose));
    if (!r) return r.error().to_string();
    EXPECT_TRUE(r->bars.empty());
    return r->rejected.empty() ? std::string("accepted") : r->rejected.front();
  };
  const std::string sound = R"("open":[1],"high":[2],"low":[0.5],"close":[1],"volume":[5])";
  // Sound as sent; the ratio adjclose / close = 1e308 makes high 2e308 = inf.
  EXPECT_EQ(rejected(sound, "1e308"),
            "2024-01-01: high inf is not a finite number (after the adjclose/close ratio 1e+308)");
  // ... or every price absurdly small.
  EXPECT_EQ(rejected(sound, "1e-9"),
            "2024-01-01: open 1e-09 is outside the accepted price range [0.0001, 1000000000] "
            "(after the adjclose/close ratio 1e-09)");
  EXPECT_EQ(rejected(sound, "-3"), "2024-01-01: adjclose -3 is not a positive finite number");
  EXPECT_EQ(rejected(R"("open":[1],"high":[2e9],"low":[0.5],"close":[1],"volume":[5])", "null"),
            "2024-01-01: high 2000000000 is outside the accepted price range [0.0001, 1000000000]");
  auto ok = parse_chart_json(one_bar(sound, "0.5"));
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->bars.high, std::vector<double>{1.0});
}

TEST(YahooParse, EveryPrefixOfAResponseIsHandled) {
  // A cheap fuzz: truncated downloads must give an error, never a crash or a throw.
  for (std::size_t n = 0; n < kOk.size(); ++n) {
    auto r = parse_chart_json(std::string_view(kOk).substr(0, n));
    EXPECT_FALSE(r.has_value()) << n;
  }
}

TEST(YahooUrl, EncodesSymbolsAndAddsTheSuffix) {
  YahooOptions o;
  o.base_url = "http://h/";
  const Date d = days_from_civil(2024, 1, 2);
  EXPECT_EQ(chart_url(o, "M&M", d, d),
            "http://h/v8/finance/chart/M%26M.NS?period1=1704067200&period2=1704326400"
            "&interval=1d&events=div%2Csplit");
  EXPECT_EQ(yahoo_ticker("^NSEI", ".NS"), "^NSEI");
  EXPECT_EQ(url_encode("^NSEI"), "%5ENSEI");
  EXPECT_EQ(url_encode("BAJAJ-AUTO.NS"), "BAJAJ-AUTO.NS");
}

TEST(YahooFetch, SuccessKeepsOnlyTheRequestedDates) {
  TestHttpServer server({{200, kOk}});
  auto r = fetch_chart(fast(server.base_url()), "M&M", kJan1 + 1, kJan1 + 5);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->bars.symbol, "M&M");
  EXPECT_EQ(r->bars.date, (std::vector<Date>{kJan1 + 1, kJan1 + 2}));
  const auto req = server.requests();
  ASSERT_EQ(req.size(), 1u);
  EXPECT_EQ(req[0].rfind("/v8/finance/chart/M%26M.NS?period1=", 0), 0u) << req[0];
}

TEST(YahooFetch, UnknownSymbolIsNotRetried) {
  TestHttpServer server({{404, kNotFound}});
  auto r = fetch_chart(fast(server.base_url()), "NOSUCH", kJan1, kJan1 + 2);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().to_string(),
            "NOSUCH: HTTP 404 (Not Found: No data found, symbol may be delisted)");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(YahooFetch, TooManyRequestsThenSuccess) {
  TestHttpServer server({{429, "Too Many Requests"}, {200, kOk}});
  auto r = fetch_chart(fast(server.base_url()), "M&M", kJan1, kJan1 + 2);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->bars.size(), 3u);
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(YahooFetch, ServerErrorThenSuccess) {
  TestHttpServer server({{500, "oops"}, {502, "bad gateway"}, {200, kOk}});
  auto r = fetch_chart(fast(server.base_url()), "M&M", kJan1, kJan1 + 2);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(YahooFetch, PersistentServerErrorGivesUpAfterThreeRetries) {
  TestHttpServer server({{503, "unavailable"}});
  auto r = fetch_chart(fast(server.base_url()), "M&M", kJan1, kJan1 + 2);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().to_string(), "M&M: HTTP 503 after 4 attempts");
  EXPECT_EQ(server.requests().size(), 4u);
}

TEST(YahooFetch, TimeoutIsRetriedThenSucceeds) {
  TestHttpServer server({{200, kOk, 500}, {200, kOk}});
  YahooOptions o = fast(server.base_url());
  o.http.timeout_s = 0.15;
  auto r = fetch_chart(o, "M&M", kJan1, kJan1 + 2);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(YahooFetch, TimeoutWithoutRetriesNamesTheReason) {
  TestHttpServer server({{200, kOk, 400}});
  YahooOptions o = fast(server.base_url());
  o.http.timeout_s = 0.1;
  o.retries = 0;
  auto r = fetch_chart(o, "M&M", kJan1, kJan1 + 2);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().key, "M&M");
  EXPECT_EQ(r.error().message.rfind("timeout (", 0), 0u) << r.error().message;
}

TEST(YahooFetch, MalformedJsonIsAFailureWithoutRetry) {
  TestHttpServer server({{200, "{\"chart\": [trunc"}});
  auto r = fetch_chart(fast(server.base_url()), "M&M", kJan1, kJan1 + 2);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().to_string(), "M&M: malformed JSON in chart response");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(YahooFetch, ABarRefusedAfterTheAdjustmentRefusesTheResponse) {
  TestHttpServer server(
      {{200, one_bar(R"("open":[1],"high":[2],"low":[0.5],"close":[1],"volume":[5])", "1e308")}});
  auto r = fetch_chart(fast(server.base_url()), "M&M", kJan1, kJan1 + 2);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().to_string(),
            "M&M: refused bar 2024-01-01: high inf is not a finite number (after the "
            "adjclose/close ratio 1e+308)");
}

TEST(YahooFetch, GzipBombIsRefusedAtTheCapWithoutRetry) {
  TestHttpServer server({{200, testing::gzip_zeros(1024), 0, "Content-Encoding: gzip\r\n"}});
  YahooOptions o = fast(server.base_url());
  o.http.timeout_s = 60;
  const auto t0 = std::chrono::steady_clock::now();
  auto r = fetch_chart(o, "M&M", kJan1, kJan1 + 2);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().to_string(),
            "M&M: response body larger than the cap of 20 MB (decompressed)");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 30.0);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(YahooFetch, HugeErrorDescriptionIsClipped) {
  const std::string body =
      R"({"chart":{"result":null,"error":{"code":"Not Found","description":")" +
      std::string(5'000'000, 'A') + R"("}}})";
  TestHttpServer server({{404, body}});
  auto r = fetch_chart(fast(server.base_url()), "M&M", kJan1, kJan1 + 2);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "HTTP 404 (Not Found: " + std::string(200, 'A') + "...)");
}

TEST(YahooFetch, EscapeSequencesFromTheServerAreStripped) {
  // JSON \u001b is ESC: a colour, a window title and a screen clear in the description.
  TestHttpServer server(
      {{404, R"({"chart":{"result":null,"error":{"code":"Not\u001b[2J Found",)"
             R"("description":"\u001b[31mNo data\u001b[0m\u001b]0;pwned\u0007 found\r\nok"}}})"}});
  auto r = fetch_chart(fast(server.base_url()), "M&M", kJan1, kJan1 + 2);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "HTTP 404 (Not Found: No data found  ok)");
}

TEST(YahooFetch, RefusedConnectionStopsAfterThreeAttempts) {
  YahooOptions o = fast("http://127.0.0.1:" + std::to_string(testing::closed_port()));
  o.retries = 5;
  auto r = fetch_chart(o, "M&M", kJan1, kJan1 + 2);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message.rfind("could not connect (", 0), 0u) << r.error().message;
  EXPECT_NE(r.error().message.find(" after 3 attempts"), std::string::npos) << r.error().message;
}

TEST(YahooFetch, TheBreakerCountsAcrossSymbolsAndAnyResponseResetsIt) {
  TestHttpServer server({{404, kNotFound}});
  YahooOptions down = fast("http://127.0.0.1:" + std::to_string(testing::closed_port()));
  down.retries = 0;
  NetworkBreaker breaker;
  EXPECT_FALSE(fetch_chart(down, "A", kJan1, kJan1, &breaker).has_value());
  EXPECT_FALSE(fetch_chart(down, "B", kJan1, kJan1, &breaker).has_value());
  EXPECT_EQ(breaker.consecutive, 2);
  EXPECT_FALSE(fetch_chart(fast(server.base_url()), "C", kJan1, kJan1, &breaker).has_value());
  EXPECT_EQ(breaker.consecutive, 0);  // a 404 is an answer: the network is there
  for (const char* s : {"D", "E", "F"}) (void)fetch_chart(down, s, kJan1, kJan1, &breaker);
  EXPECT_TRUE(breaker.open());
  EXPECT_EQ(breaker.last_error.rfind("could not connect (", 0), 0u) << breaker.last_error;
}

TEST(YahooFetch, PartialDataWithNulls) {
  TestHttpServer server({{200, kNulls}});
  auto r = fetch_chart(fast(server.base_url()), "^NSEI", kJan1, kJan1 + 2);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->bars.size(), 2u);
  EXPECT_EQ(r->null_bars, 1u);
  EXPECT_EQ(server.requests()[0].rfind("/v8/finance/chart/%5ENSEI?", 0), 0u);
}

}  // namespace
}  // namespace kiss::data
