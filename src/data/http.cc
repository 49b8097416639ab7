#include "data/http.h"

#include <curl/curl.h>

#include <mutex>

namespace kiss::data {
namespace {

std::size_t append(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

// curl_global_init is not thread-safe: run it once, before the first handle.
void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

long to_ms(double seconds) { return static_cast<long>(seconds * 1000.0 + 0.5); }

}  // namespace

HttpResponse http_get(const std::string& url, const HttpOptions& options) {
  global_init();
  HttpResponse r;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    r.error = "cannot create a libcurl handle";
    return r;
  }
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, to_ms(options.connect_timeout_s));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, to_ms(options.timeout_s));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM (threads)
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // any encoding libcurl can decode
  const CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  } else {
    r.status = 0;
    r.body.clear();
    r.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    r.error = errbuf[0] != '\0' ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
  }
  curl_easy_cleanup(curl);
  return r;
}

}  // namespace kiss::data
