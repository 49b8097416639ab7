#include "data/data_source.h"

#include <array>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/test_http_server.h"
#include "util/test_temp_dir.h"

namespace kiss::data {
namespace {
namespace fs = std::filesystem;
using State = SymbolRefresh::State;
using testing::TestHttpServer;

// The store, in memory: what refresh() may read and write.
class FakeRepo : public PriceRepository {
 public:
  Result<std::optional<Date>> last_date(const std::string& s) override {
    const auto it = bars.find(s);
    if (it == bars.end() || it->second.empty()) return std::optional<Date>{};
    return std::optional<Date>{it->second.date.back()};
  }
  Result<std::optional<RefreshRecord>> refresh_record(const std::string& s) override {
    const auto it = records.find(s);
    if (it == records.end()) return std::optional<RefreshRecord>{};
    return std::optional<RefreshRecord>{it->second};
  }
  Status save(const SymbolData& d, const RefreshRecord& r) override {
    ++saves;
    Bars& b = bars[d.bars.symbol];
    Bars merged;
    merged.symbol = d.bars.symbol;
    std::map<Date, std::array<double, 5>> rows;
    for (std::size_t i = 0; i < b.size(); ++i)
      rows[b.date[i]] = {b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i]};
    for (std::size_t i = 0; i < d.bars.size(); ++i)
      rows[d.bars.date[i]] = {d.bars.open[i], d.bars.high[i], d.bars.low[i], d.bars.close[i],
                              d.bars.volume[i]};
    for (const auto& [date, v] : rows) merged.push_back(date, v[0], v[1], v[2], v[3], v[4]);
    b = std::move(merged);
    records[r.symbol] = r;
    return {};
  }
  Status record_refresh(const RefreshRecord& r) override {
    records[r.symbol] = r;
    return {};
  }
  std::map<std::string, Bars> bars;
  std::map<std::string, RefreshRecord> records;
  int saves = 0;
};

const Date kToday = days_from_civil(2024, 6, 28);

RefreshOptions opts() {
  RefreshOptions o;
  o.today = kToday;
  o.now_iso = "2024-06-28T12:00:00Z";
  o.backoff_s = 0.001;
  o.delay_between_symbols = 0.0;
  return o;
}

// A chart response with n daily bars (09:15 IST) ending on `last`, close 100 + i.
std::string chart(Date last, int n, bool split = false) {
  nlohmann::json ts = nlohmann::json::array(), o = ts, h = ts, l = ts, c = ts, v = ts;
  for (int i = 0; i < n; ++i) {
    const Date d = last - (n - 1 - i);
    ts.push_back(static_cast<std::int64_t>(d) * 86400 + 13500);
    const double x = 100 + i;
    o.push_back(x);
    h.push_back(x + 1);
    l.push_back(x - 1);
    c.push_back(x);
    v.push_back(1000);
  }
  nlohmann::json res = {
      {"meta", {{"gmtoffset", 19800}}},
      {"timestamp", ts},
      {"indicators",
       {{"quote", {{{"open", o}, {"high", h}, {"low", l}, {"close", c}, {"volume", v}}}}}}};
  if (split) res["events"] = {{"splits", {{"1", {{"numerator", 2}, {"denominator", 1}}}}}};
  return nlohmann::json{{"chart", {{"result", {res}}, {"error", nullptr}}}}.dump();
}

Config yahoo_config(const std::string& base) {
  Config c = Config{};
  c.data_source.type = DataSource::Type::kYahoo;
  c.data_source.base_url = base;
  c.data_source.timeout_seconds = 2.0;
  return c;
}

TEST(RefreshYahoo, FullHistoryThenIncrementalThenOncePerDay) {
  TestHttpServer server({{200, chart(kToday, 150)}, {200, chart(kToday + 1, 2)}});
  FakeRepo repo;
  const Config c = yahoo_config(server.base_url());
  auto r = refresh(c, repo, {"M&M"}, opts());
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].state, State::kOk) << r[0].reason;
  EXPECT_EQ(r[0].reason, "150 bars downloaded (full history)");
  EXPECT_EQ(r[0].last_bar, kToday);
  EXPECT_EQ(repo.bars["M&M"].size(), 150u);
  EXPECT_EQ(repo.records["M&M"].status, "ok");
  EXPECT_EQ(repo.records["M&M"].last_attempt_date, "2024-06-28");
  // Same trading day: no download.
  r = refresh(c, repo, {"M&M"}, opts());
  EXPECT_EQ(r[0].reason, "already refreshed for 2024-06-28");
  EXPECT_EQ(server.requests().size(), 1u);
  // Next day: incremental from the last stored bar (fetched again), one new bar.
  RefreshOptions next = opts();
  next.today = kToday + 1;
  r = refresh(c, repo, {"M&M"}, next);
  EXPECT_EQ(r[0].state, State::kOk) << r[0].reason;
  EXPECT_EQ(r[0].reason, "1 new bars");
  EXPECT_EQ(r[0].new_bars, 1u);
  EXPECT_EQ(repo.bars["M&M"].size(), 151u);
  const auto req = server.requests();
  ASSERT_EQ(req.size(), 2u);
  EXPECT_NE(req[1].find("period1=" +
                        std::to_string((static_cast<std::int64_t>(kToday) - 1) * 86400)),
            std::string::npos)
      << req[1];
}

TEST(RefreshYahoo, FailureKeepsCachedBarsAndIsStale) {
  TestHttpServer server(
      {{404,
        R"({"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}})"}});
  FakeRepo repo;
  repo.bars["OLD"].push_back(kToday - 3, 10, 11, 9, 10, 5);
  auto r = refresh(yahoo_config(server.base_url()), repo, {"OLD", "NEW"}, opts());
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].state, State::kStale);
  EXPECT_EQ(r[0].reason, "HTTP 404 (Not Found: No data found, symbol may be delisted)");
  EXPECT_EQ(r[0].last_bar, kToday - 3);
  EXPECT_EQ(r[1].state, State::kFailed);
  EXPECT_EQ(repo.records["OLD"].status, "failed");
  EXPECT_EQ(repo.bars["OLD"].size(), 1u);
  EXPECT_EQ(repo.saves, 0);
}

TEST(RefreshYahoo, ShortFullHistoryIsRefused) {
  TestHttpServer server({{200, chart(kToday, 3)}});
  FakeRepo repo;
  auto r = refresh(yahoo_config(server.base_url()), repo, {"NEWIPO"}, opts());
  EXPECT_EQ(r[0].state, State::kFailed);
  EXPECT_EQ(r[0].reason, "only 3 valid bars (fewer than 100): symbol skipped");
}

TEST(RefreshYahoo, SplitInTheUpdateDownloadsTheWholeHistoryAgain) {
  TestHttpServer server({{200, chart(kToday, 2, /*split=*/true)}, {200, chart(kToday, 120)}});
  FakeRepo repo;
  repo.bars["X"].push_back(kToday - 1, 10, 11, 9, 10, 5);
  auto r = refresh(yahoo_config(server.base_url()), repo, {"X"}, opts());
  EXPECT_EQ(r[0].state, State::kOk) << r[0].reason;
  EXPECT_EQ(r[0].reason, "120 bars downloaded (full history)");
  EXPECT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(repo.bars["X"].close.front(), 100.0);  // the old unadjusted bar was replaced
}

// No network (every connection refused): the first symbol's attempts open the breaker, the
// others are not tried, and summarize() says so in one line instead of one per symbol.
TEST(RefreshYahoo, NoNetworkStopsAfterThreeConnectionFailures) {
  FakeRepo repo;
  repo.bars["B"].push_back(kToday - 3, 10, 11, 9, 10, 5);
  repo.bars["C"].push_back(kToday - 1, 10, 11, 9, 10, 5);
  Config c = yahoo_config("http://127.0.0.1:" + std::to_string(testing::closed_port()));
  c.data_source.retries = 3;
  std::vector<std::string> symbols = {"A", "B", "C"};
  for (int i = 0; i < 50; ++i) symbols.push_back(fmt::format("S{}", i));
  int callbacks = 0;
  RefreshOptions o = opts();
  o.on_symbol = [&](const SymbolRefresh&) { ++callbacks; };
  const auto r = refresh(c, repo, symbols, o);
  ASSERT_EQ(r.size(), 53u);
  EXPECT_EQ(callbacks, 53);
  EXPECT_EQ(r[0].state, State::kFailed);
  EXPECT_EQ(r[0].reason.rfind("could not connect (", 0), 0u) << r[0].reason;
  EXPECT_NE(r[0].reason.find("after 3 attempts"), std::string::npos) << r[0].reason;
  EXPECT_EQ(r[1].state, State::kStale);
  EXPECT_EQ(r[1].reason, "not tried: no network");
  for (const SymbolRefresh& s : r) EXPECT_TRUE(s.network_down) << s.symbol;
  EXPECT_EQ(repo.records["S7"].message, "not tried: no network");
  EXPECT_EQ(repo.saves, 0);
  const RefreshSummary sum = summarize(r);
  EXPECT_TRUE(sum.no_network);
  ASSERT_EQ(sum.lines.size(), 1u);
  EXPECT_EQ(sum.lines[0].rfind("no network: using stored prices up to 2024-06-27 (53 of 53 "
                               "symbols not refreshed; could not connect (",
                               0),
            0u)
      << sum.lines[0];
  EXPECT_EQ(sum.headline, "Prices not refreshed (stale): 0/53 up to date (last bar 2024-06-27)");
  // With today known, a last bar more than 3 trading days old is said to be stale.
  const Date last = days_from_civil(2024, 6, 27);  // a Thursday
  EXPECT_EQ(summarize(r, last + 5).headline,       // Tuesday: Fri, Mon, Tue
            "Prices not refreshed (stale): 0/53 up to date (last bar 2024-06-27)");
  EXPECT_EQ(summarize(r, last + 6).headline,
            "Prices stale: 0/53 symbols refreshed, the last bar 2024-06-27 is 4 "
            "trading days before today 2024-07-03 (Asia/Kolkata)");
}

// With retries 0 each symbol makes one attempt: the two before the third are the network's too.
TEST(RefreshYahoo, NoNetworkWithoutRetriesFoldsTheFirstFailuresIntoTheOneLine) {
  FakeRepo repo;
  Config c = yahoo_config("http://127.0.0.1:" + std::to_string(testing::closed_port()));
  c.data_source.retries = 0;
  const auto r = refresh(c, repo, {"A", "B", "C", "D"}, opts());
  const RefreshSummary sum = summarize(r);
  ASSERT_EQ(sum.lines.size(), 1u) << sum.lines.back();
  EXPECT_EQ(sum.lines[0].rfind("no network: no stored prices to use (4 of 4 symbols", 0), 0u)
      << sum.lines[0];
}

TEST(RefreshYahoo, OtherFailuresAreOneLineEachInPlainEnglish) {
  TestHttpServer server(
      {{404, R"({"chart":{"result":null,"error":{"code":"Not Found","description":"No data"}}})"}});
  FakeRepo repo;
  repo.bars["OLD"].push_back(kToday - 3, 10, 11, 9, 10, 5);
  const RefreshSummary sum = summarize(
      refresh(yahoo_config(server.base_url()), repo, {"OLD", "NEW"}, opts()));
  EXPECT_FALSE(sum.no_network);
  EXPECT_EQ(sum.lines,
            (std::vector<std::string>{
                "OLD: not refreshed (HTTP 404 (Not Found: No data)); using stored "
                "prices up to 2024-06-25",
                "NEW: not refreshed (HTTP 404 (Not Found: No data)); no stored prices"}));
  EXPECT_EQ(sum.headline, "Prices refreshed: 0/2 up to date (last bar 2024-06-25)");
}

// A price made infinite by the adjustment refuses the download: nothing stored, the reason
// names the date.
TEST(RefreshYahoo, BarInfiniteAfterTheAdjustmentStoresNothing) {
  nlohmann::json j = nlohmann::json::parse(chart(kToday, 150));
  nlohmann::json adj = nlohmann::json::array();
  for (int i = 0; i < 150; ++i) adj.push_back(i == 149 ? 1e308 : 100.0 + i);
  j["chart"]["result"][0]["indicators"]["adjclose"] = {{{"adjclose", adj}}};
  j["chart"]["result"][0]["indicators"]["quote"][0]["high"][149] = 2 * 249.0;  // 2 × 1e308 = inf
  TestHttpServer server({{200, j.dump()}});
  FakeRepo repo;
  const auto r = refresh(yahoo_config(server.base_url()), repo, {"X"}, opts());
  EXPECT_EQ(r[0].state, State::kFailed);
  EXPECT_EQ(r[0].reason.rfind("refused bar 2024-06-28: high inf is not a finite number", 0), 0u)
      << r[0].reason;
  EXPECT_EQ(repo.saves, 0);
  EXPECT_TRUE(repo.bars["X"].empty());
}

TEST(RefreshYahoo, EscapeSequencesNeverReachTheStore) {
  TestHttpServer server({{404, R"({"chart":{"result":null,"error":{"code":"Not Found",)"
                               R"("description":"\u001b]0;owned\u0007\u001b[2Jgone"}}})"}});
  FakeRepo repo;
  const auto r = refresh(yahoo_config(server.base_url()), repo, {"X"}, opts());
  EXPECT_EQ(r[0].reason, "HTTP 404 (Not Found: gone)");
  EXPECT_EQ(repo.records["X"].message, "HTTP 404 (Not Found: gone)");
}

class RefreshCsv : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_test_temp_dir(std::string("refresh_") +
                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "^NSEI");
    const std::string data = KISS_SOURCE_DIR "/src/data/testdata/";
    fs::copy_file(data + "M&M.csv", dir_ / "M&M.csv");
    fs::copy_file(data + "NIFTY50_2007-09-17_2024-12-31.csv", dir_ / "^NSEI" / "a.csv");
    fs::copy_file(data + "NSEI_2024-08-12_2025-08-08.csv", dir_ / "^NSEI" / "b.csv");
    config_ = Config{};
    config_.data_source.type = DataSource::Type::kCsv;
    config_.data_source.path = dir_.string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  Config config_;
};

// The CSV fixtures run to 2025-09-30: "today" is after them.
const Date kCsvToday = days_from_civil(2025, 10, 15);
RefreshOptions csv_opts() {
  RefreshOptions o = opts();
  o.today = kCsvToday;
  return o;
}

TEST_F(RefreshCsv, FilesAndSubFoldersAreSymbols) {
  FakeRepo repo;
  auto r = refresh(config_, repo, {"M&M", "^NSEI", "NOPE"}, csv_opts());
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].state, State::kOk) << r[0].reason;
  EXPECT_EQ(r[1].state, State::kOk) << r[1].reason;
  EXPECT_EQ(r[1].reason, "4390 bars imported, 4390 new");
  EXPECT_EQ(repo.bars["^NSEI"].size(), 4390u);
  EXPECT_EQ(r[2].state, State::kFailed);
  EXPECT_EQ(r[2].reason, "no CSV file for NOPE in " + dir_.string());
  r = refresh(config_, repo, {"M&M"}, csv_opts());
  EXPECT_EQ(r[0].reason, "already refreshed for 2025-10-15");
  EXPECT_EQ(repo.saves, 2);
}

// A file holding bars after today (here today is 2024-06-28, the file runs to 2025-09-30): the
// symbol's refresh fails naming the first such line, and nothing of it is stored.
TEST_F(RefreshCsv, BarsAfterTodayAreRefusedAndNothingIsStored) {
  FakeRepo repo;
  const auto r = refresh(config_, repo, {"M&M"}, opts());
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].state, State::kFailed) << r[0].reason;
  EXPECT_NE(r[0].reason.find("M&M: date 2024-07-01 is after today (2024-06-28, Asia/Kolkata)"),
            std::string::npos)
      << r[0].reason;
  EXPECT_EQ(repo.saves, 0);
  EXPECT_TRUE(repo.bars["M&M"].empty());
}

TEST_F(RefreshCsv, BrokenFileLeavesTheCachedBarsStale) {
  FakeRepo repo;
  ASSERT_EQ(refresh(config_, repo, {"M&M"}, csv_opts())[0].state, State::kOk);
  std::ofstream(dir_ / "M&M.csv", std::ios::app)
      << "2025-10-01 00:00:00+05:30,1,2,3,4,5,0\n";  // high < low
  RefreshOptions next = csv_opts();
  next.today = kCsvToday + 1;
  auto r = refresh(config_, repo, {"M&M"}, next);
  EXPECT_EQ(r[0].state, State::kStale);
  EXPECT_EQ(r[0].reason.find("error: " + (dir_ / "M&M.csv").string() + ":"), 0u) << r[0].reason;
  EXPECT_NE(r[0].reason.find("M&M: high 2 is below low 3"), std::string::npos) << r[0].reason;
  EXPECT_EQ(repo.saves, 1);
}

}  // namespace
}  // namespace kiss::data
