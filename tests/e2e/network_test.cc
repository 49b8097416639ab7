// End-to-end: `run`, `validate` and `data fetch` against no network and hostile servers (issue
// 17), all on 127.0.0.1: a port bound then closed stands for "no network" (connection refused).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "data/test_gzip.h"
#include "data/test_http_server.h"
#include "e2e_util.h"

namespace kiss::e2e {
namespace {

using data::testing::TestHttpServer;

// Runs kiss-signal under `timeout 30`: a hang or minutes of retries fail the test (exit 124)
// instead of stalling the suite. A bound, not a timing assertion.
RunResult run_bounded(const TempProject& p, const std::string& args) { return p.run(args, 30); }

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string yahoo_source(const std::string& base_url) {
  return "data_source: {type: yahoo, base_url: \"" + base_url + "\", timeout_seconds: 5}\n";
}

std::string closed_url() {
  return "http://127.0.0.1:" + std::to_string(data::testing::closed_port());
}

std::vector<std::string> reports(const TempProject& p) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(p.dir(), ec))
    if (e.path().extension() == ".md") out.push_back(e.path().filename().string());
  return out;
}

// Default retries (3) and back-off (1 s, 2 s): the first symbol's three refused attempts open
// the breaker, the other 50 are not tried; the run uses the stored prices and says so once.
TEST(NoNetwork, RunUsesStoredPricesAndSaysSoOnce) {
  TempProject p("nonet_run");
  write_w1_project(p, yahoo_source(closed_url()));
  ASSERT_EQ(import_sample(p).code, 0);
  const RunResult r = run_bounded(p, "run");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(count(r.out + r.err, "no network"), 1u) << r.out << r.err;
  EXPECT_NE(r.err.find("no network: using stored prices up to 2025-09-30 (51 of 51 symbols not "
                       "refreshed; could not connect ("),
            std::string::npos)
      << r.err;
  // The sample ends 2025-09-30, more than 3 trading days before any day this test runs on.
  EXPECT_NE(r.out.find("[2/6] Prices stale: 0/51 symbols refreshed, the last bar "
                       "2025-09-30 is "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("prices are stale: the last bar 2025-09-30 is "), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find(" is failed"), std::string::npos) << r.err;
  EXPECT_LT(count(r.err, "\n"), 5u) << r.err;  // not one warning per symbol
  // The report carries the stale mark and is dated by the stored data.
  const std::string md = read_file(p.path("w1_reports/signals_2025-09-30.md"));
  EXPECT_NE(md.find("no network: using stored prices up to 2025-09-30"), std::string::npos);
  EXPECT_EQ(query_rows(p.path("w1.db"), "SELECT count(*) FROM runs"),
            std::vector<std::string>{"1"});
}

// Nothing stored and no network: exit 1, one clear message, no report (no 1970 report).
TEST(NoNetwork, EmptyStoreExitsOneWithoutAReport) {
  TempProject p("nonet_empty");
  write_w1_project(p, yahoo_source(closed_url()));
  const RunResult r = run_bounded(p, "run");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("no prices in the store for any of the 50 universe symbols: nothing to "
                       "analyse"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("1970"), std::string::npos) << r.err;
  EXPECT_EQ(reports(p), std::vector<std::string>{});
  EXPECT_EQ(query_rows(p.path("w1.db"), "SELECT count(*) FROM runs"),
            std::vector<std::string>{"0"});
}

TEST(NoNetwork, DataFetchSaysItOnce) {
  TempProject p("nonet_fetch");
  write_w1_project(p, yahoo_source(closed_url()));
  const RunResult r = run_bounded(p, "data fetch");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_EQ(count(r.err, "no network: no stored prices to use (51 of 51 symbols not refreshed"), 1u)
      << r.err;
  EXPECT_LT(count(r.err, "\n"), 3u) << r.err;
}

// Universe symbols that can never have prices are named by validate and run, before any
// download; the server sees no request.
TEST(UniverseSymbols, ForeignFormsWithoutPricesAreNamed) {
  TestHttpServer server({{404, "{}"}});
  TempProject p("universe_forms");
  write_w1_project(p, yahoo_source(server.base_url()));
  write_file(p.path("universe.csv"), "symbol\nRELIANCE.NS\ntcs\nNSE:INFY\nTCS\n");
  for (const char* cmd : {"validate", "run"}) {
    const RunResult r = run_bounded(p, cmd);
    EXPECT_EQ(r.code, 1) << cmd << r.out << r.err;
    EXPECT_NE(r.err.find("universe.csv:2: symbol: 'RELIANCE.NS' has no prices in the store and "
                         "is not an NSE symbol"),
              std::string::npos)
        << cmd << r.err;
    EXPECT_NE(r.err.find("universe.csv:3: symbol: 'tcs' has no prices in the store and is not "
                         "an NSE symbol (A-Z, 0-9, &, -, _; an index starts with ^): did you mean "
                         "'TCS'?"),
              std::string::npos)
        << cmd << r.err;
    EXPECT_NE(r.err.find("universe.csv:4: symbol: 'NSE:INFY'"), std::string::npos) << cmd << r.err;
    EXPECT_EQ(r.err.find("universe.csv:5"), std::string::npos) << cmd << r.err;
  }
  EXPECT_TRUE(server.requests().empty());
  EXPECT_EQ(reports(p), std::vector<std::string>{});
}

// The run commits, then cannot publish its report (the reports folder path is a regular file,
// so the folder cannot be made, even as root): exit 4, naming the path; the run stays stored.
TEST(ExitCodes, CommittedRunWithoutItsReportExitsFour) {
  TempProject p("exit4");
  write_w1_project(p);
  std::string config = read_file(p.path("config.yaml"));
  const std::string from = "reports_output_dir: \"w1_reports/\"";
  ASSERT_NE(config.find(from), std::string::npos);
  config.replace(config.find(from), from.size(), "reports_output_dir: \"blocker/reports\"");
  write_file(p.path("config.yaml"), config);
  write_file(p.path("blocker"), "a file, not a folder\n");
  ASSERT_EQ(import_sample(p).code, 0);
  const RunResult r = run_bounded(p, "run --freeze-data 2025-08-08");
  EXPECT_EQ(r.code, 4) << r.out << r.err;
  EXPECT_NE(r.err.find("report not written: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("blocker"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("[4/6] Results saved to"), std::string::npos) << r.out;
  EXPECT_EQ(query_rows(p.path("w1.db"), "SELECT count(*) FROM runs"),
            std::vector<std::string>{"1"});
  EXPECT_EQ(read_file(p.path("blocker")), "a file, not a folder\n");
}

// A 1 MB gzip response that decodes to 1 GiB: refused at the cap, quickly, nothing stored.
TEST(HostileServer, GzipBombIsRefusedAtTheCap) {
  TestHttpServer server({{200, data::testing::gzip_zeros(1024), 0, "Content-Encoding: gzip\r\n"}});
  TempProject p("gzip_bomb");
  write_w1_project(p, yahoo_source(server.base_url()));
  const RunResult r = run_bounded(p, "data fetch TCS");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("TCS: failed: response body larger than the cap of 20 MB (decompressed)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(server.requests().size(), 1u);  // not retried
  EXPECT_EQ(query_rows(p.path("w1.db"), "SELECT count(*) FROM prices"),
            std::vector<std::string>{"0"});
}

// Escape sequences and megabytes of text from the server reach neither the terminal nor the
// database.
TEST(HostileServer, ServerTextIsCleanedAndClipped) {
  const std::string body = R"({"chart":{"result":null,"error":{"code":"Not Found","description":")"
                           R"(\u001b]0;owned\u0007\u001b[2J\u001b[31mgone)" +
                           std::string(5'000'000, 'A') + R"("}}})";
  TestHttpServer server({{404, body}});
  TempProject p("server_text");
  write_w1_project(p, yahoo_source(server.base_url()));
  const RunResult r = run_bounded(p, "data fetch TCS");
  EXPECT_EQ(r.code, 1) << r.err.substr(0, 500);
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
  EXPECT_LT(r.err.size(), 400u) << r.err.substr(0, 500);
  const std::string expected = "HTTP 404 (Not Found: gone" + std::string(196, 'A') + "...)";
  EXPECT_NE(r.err.find("TCS: failed: " + expected), std::string::npos) << r.err.substr(0, 500);
  EXPECT_EQ(query_rows(p.path("w1.db"), "SELECT message FROM price_refresh WHERE symbol = 'TCS'"),
            std::vector<std::string>{expected});
  const RunResult status = run_bounded(p, "data status");
  EXPECT_EQ((status.out + status.err).find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace kiss::e2e
