#include "data/http.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "data/test_gzip.h"
#include "data/test_http_server.h"

namespace kiss::data {
namespace {

using testing::TestHttpServer;

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// Proxies from the environment would carry the test's requests elsewhere.
void no_proxy() {
  for (const char* v :
       {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
    ::unsetenv(v);
}

// 1 MB of gzip that decodes to 1 GiB of zeros: the body stops at the 20 MB decoded cap, long
// before the timeout, and memory stays near the cap (an uncapped client holds the whole GiB).
TEST(HttpGet, GzipBombStopsAtTheDecodedCap) {
  no_proxy();
  const std::string bomb = testing::gzip_zeros(1024);
  ASSERT_LT(bomb.size(), 1'200'000u);
  TestHttpServer server({{200, bomb, 0, "Content-Encoding: gzip\r\n"}});
  HttpOptions o;
  o.timeout_s = 60;
  const long rss_before = peak_rss_kb();
  const auto t0 = std::chrono::steady_clock::now();
  const HttpResponse r = http_get(server.base_url() + "/bomb", o);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.failure, HttpFailure::kTooLarge);
  EXPECT_EQ(r.error, "response body larger than the cap of 20 MB (decompressed)");
  EXPECT_TRUE(r.body.empty());
  EXPECT_LT(seconds, 30.0);  // stopped by the cap, not by the 60 s timeout
  EXPECT_LT(peak_rss_kb() - rss_before, 200L * 1024) << "peak RSS grew by more than 200 MB";
}

TEST(HttpGet, DeclaredLengthOverTheCapIsRefusedBeforeTheBody) {
  no_proxy();
  TestHttpServer server({{200, std::string(5000, 'x')}});
  HttpOptions o;
  o.max_body_bytes = 1000;
  const HttpResponse r = http_get(server.base_url() + "/big", o);
  EXPECT_EQ(r.failure, HttpFailure::kTooLarge);
  EXPECT_EQ(r.error, "response body larger than the cap of 1000 bytes (declared length)");
}

TEST(HttpGet, BodyAtTheCapIsKept) {
  no_proxy();
  TestHttpServer server({{200, std::string(1000, 'x')}});
  HttpOptions o;
  o.max_body_bytes = 1000;
  const HttpResponse r = http_get(server.base_url() + "/ok", o);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.failure, HttpFailure::kNone);
  EXPECT_EQ(r.body.size(), 1000u);
}

TEST(HttpGet, RefusedConnectionIsAConnectFailure) {
  no_proxy();
  const HttpResponse r = http_get("http://127.0.0.1:" + std::to_string(testing::closed_port()) +
                                      "/",
                                  HttpOptions{});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.failure, HttpFailure::kConnect);
  EXPECT_FALSE(r.timed_out);
  EXPECT_FALSE(r.error.empty());
}

// A name that cannot resolve, without a packet leaving the machine: a DNS label holds at most
// 63 bytes, so glibc refuses this 64-byte label before building a query (checked with strace:
// no socket to port 53 is opened), and `.invalid` (RFC 6761) would never resolve anyway.
TEST(HttpGet, UnresolvableNameIsAConnectFailure) {
  no_proxy();
  const std::string host = std::string(64, 'x') + ".invalid";
  HttpOptions o;
  o.connect_timeout_s = 5;
  const HttpResponse r = http_get("http://" + host + "/", o);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.failure, HttpFailure::kConnect);
  EXPECT_NE(r.error.find("resolve"), std::string::npos) << r.error;
}

TEST(HttpGet, SlowAnswerAfterConnectingIsATimeout) {
  no_proxy();
  TestHttpServer server({{200, "{}", 600}});
  HttpOptions o;
  o.timeout_s = 0.1;
  const HttpResponse r = http_get(server.base_url() + "/slow", o);
  EXPECT_EQ(r.failure, HttpFailure::kTimeout);
  EXPECT_TRUE(r.timed_out);
}

TEST(HttpGet, SizeText) {
  EXPECT_EQ(size_text(20'000'000), "20 MB");
  EXPECT_EQ(size_text(1500), "1500 bytes");
  EXPECT_EQ(size_text(1'500'000), "1500000 bytes");
}

}  // namespace
}  // namespace kiss::data
