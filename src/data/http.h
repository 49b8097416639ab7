// A minimal blocking HTTP GET over libcurl (the only network code of the program).
//
// Limits (docs/data.md "Online refresh"): the body is capped both as sent (the declared
// Content-Length and the bytes received) and as decoded (gzip, deflate, brotli, zstd), so a
// compression bomb stops at the cap; the whole request, decoding included, ends at timeout_s.
#pragma once
#include <cstddef>
#include <string>

namespace kiss::data {

// Why no usable response arrived. A connection failure (name not resolved, connection refused
// or unreachable, no connection within connect_timeout_s) says the network or the host is not
// there; the caller's circuit breaker counts them (yahoo.h).
enum class HttpFailure {
  kNone,       // a response arrived (any HTTP status)
  kConnect,    // never connected: DNS failure, refused, unreachable, connect timeout
  kTimeout,    // connected, but the whole request did not finish within timeout_s
  kTooLarge,   // the body (as sent or decoded) exceeds max_body_bytes
  kTransport,  // anything else on the way (reset, TLS, bad content encoding ...)
};

struct HttpResponse {
  long status = 0;  // HTTP status; 0 when no response arrived
  std::string body;
  HttpFailure failure = HttpFailure::kNone;
  bool timed_out = false;  // failure is a timeout (kTimeout, or kConnect by connect timeout)
  std::string error;       // why no response arrived (libcurl's message or the cap)
};

struct HttpOptions {
  double connect_timeout_s = 10.0;
  double timeout_s = 20.0;                  // whole transfer, decoding included
  std::size_t max_body_bytes = 20'000'000;  // as sent and as decoded
  std::string user_agent = "kiss-signal/1.0";
};

// Never throws; transport failures come back as status 0 with `failure` and `error`.
HttpResponse http_get(const std::string& url, const HttpOptions& options);

// "20 MB" for whole megabytes, else "1500 bytes": how the cap is named in messages.
std::string size_text(std::size_t bytes);

}  // namespace kiss::data
