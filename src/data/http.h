// A minimal blocking HTTP GET over libcurl (the only network code of the program).
#pragma once
#include <string>

namespace kiss::data {

struct HttpResponse {
  long status = 0;       // HTTP status; 0 when no response arrived
  std::string body;
  bool timed_out = false;
  std::string error;     // libcurl's message when no response arrived
};

struct HttpOptions {
  double connect_timeout_s = 10.0;
  double timeout_s = 20.0;  // whole transfer
  std::string user_agent = "kiss-signal/1.0";
};

// Never throws; transport failures come back as status 0 with `error` (and `timed_out`).
HttpResponse http_get(const std::string& url, const HttpOptions& options);

}  // namespace kiss::data
