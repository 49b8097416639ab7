// End-to-end `data fetch`: the real binary refreshes from a CSV folder and from a Yahoo-like
// server on 127.0.0.1 (started here), then `data status` shows what happened. No internet.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/test_http_server.h"
#include "util/date.h"
#include "util/test_temp_dir.h"

namespace {
namespace fs = std::filesystem;
using kiss::data::testing::CannedResponse;
using kiss::data::testing::TestHttpServer;

const std::string kSample = KISS_SOURCE_DIR "/data/sample/prices";

struct Output {
  int code = -1;
  std::string text;  // stdout and stderr together
};

std::string sh_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// n daily bars ending today (exchange date), close 100 + i.
std::string chart(int n) {
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  const std::int64_t today = (secs + 19800) / 86400;
  nlohmann::json ts = nlohmann::json::array(), o = ts, h = ts, l = ts, c = ts, v = ts;
  for (int i = 0; i < n; ++i) {
    ts.push_back((today - (n - 1 - i)) * 86400 + 13500);
    o.push_back(100.0 + i);
    h.push_back(101.0 + i);
    l.push_back(99.0 + i);
    c.push_back(100.0 + i);
    v.push_back(1000);
  }
  nlohmann::json res = {
      {"meta", {{"gmtoffset", 19800}}},
      {"timestamp", ts},
      {"indicators",
       {{"quote", {{{"open", o}, {"high", h}, {"low", l}, {"close", c}, {"volume", v}}}}}}};
  return nlohmann::json{{"chart", {{"result", {res}}, {"error", nullptr}}}}.dump();
}

class DataFetch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kiss::make_test_temp_dir(
        std::string("e2e_fetch_") +
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::ofstream(dir_ / "universe.csv") << "symbol\nM&M\nTCS\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  Output run(const std::string& args) {
    const std::string cmd = "cd " + sh_quote(dir_.string()) + " && " + sh_quote(KISS_BINARY) + " " +
                            args + " 2>&1";
    Output r;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return r;
    std::array<char, 4096> buf;
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.text.append(buf.data(), n);
    const int st = pclose(p);
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
  }
  fs::path dir_;
};

TEST_F(DataFetch, CsvFolderWithIndexSubFolder) {
  fs::create_directories(dir_ / "prices" / "^NSEI");
  fs::copy_file(kSample + "/M&M.csv", dir_ / "prices" / "M&M.csv");
  fs::copy_file(kSample + "/TCS.csv", dir_ / "prices" / "TCS.csv");
  fs::copy_file(kSample + "/^NSEI/NIFTY50_2007-09-17_2024-12-31.csv",
                dir_ / "prices" / "^NSEI" / "a.csv");
  fs::copy_file(kSample + "/^NSEI/NSEI_2024-08-12_2025-08-08.csv",
                dir_ / "prices" / "^NSEI" / "b.csv");
  std::ofstream(dir_ / "config.yaml") << "universe_path: universe.csv\ndatabase_path: p.db\n"
                                         "data_source: {type: csv, path: prices}\n";
  Output r = run("data fetch");
  ASSERT_EQ(r.code, 0) << r.text;
  EXPECT_NE(r.text.find("M&M: ok: 1241 bars imported, 1241 new (last bar 2025-09-30)"),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("^NSEI: ok: 4390 bars imported, 4390 new (last bar 2025-08-08)"),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("3/3 symbols up to date"), std::string::npos) << r.text;
  r = run("data fetch TCS");
  EXPECT_NE(r.text.find("TCS: ok: already refreshed for "), std::string::npos) << r.text;
  r = run("data fetch NOPE");
  EXPECT_EQ(r.code, 1) << r.text;
  EXPECT_NE(r.text.find("NOPE: failed: no CSV file for NOPE in "), std::string::npos) << r.text;
}

TEST_F(DataFetch, YahooWithOneFailingSymbol) {
  // Requests arrive in symbol order: M&M (full history), TCS (404), ^NSEI (full history).
  TestHttpServer server(
      {{200, chart(150)},
       {404,
        R"({"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}})"},
       {200, chart(150)}});
  std::ofstream(dir_ / "config.yaml")
      << "universe_path: universe.csv\ndatabase_path: p.db\n"
      << "data_source: {type: yahoo, base_url: \"" << server.base_url()
      << "\", timeout_seconds: 5, retries: 0, delay_between_symbols: 0}\n";
  Output r = run("data fetch");
  EXPECT_EQ(r.code, 1) << r.text;
  EXPECT_NE(r.text.find("M&M: ok: 150 bars downloaded (full history)"), std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("TCS: failed: HTTP 404 (Not Found: No data found, symbol may be delisted)"),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("2/3 symbols up to date; the others keep their cached bars"),
            std::string::npos)
      << r.text;
  const auto req = server.requests();
  ASSERT_EQ(req.size(), 3u);
  EXPECT_EQ(req[0].rfind("/v8/finance/chart/M%26M.NS?", 0), 0u) << req[0];
  EXPECT_EQ(req[2].rfind("/v8/finance/chart/%5ENSEI?", 0), 0u) << req[2];
  r = run("data status");
  EXPECT_EQ(r.code, 0) << r.text;
  EXPECT_NE(r.text.find("TCS: HTTP 404 (Not Found: No data found, symbol may be delisted)"),
            std::string::npos)
      << r.text;
}

}  // namespace
