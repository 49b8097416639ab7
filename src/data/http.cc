#include "data/http.h"

#include <curl/curl.h>
#include <dlfcn.h>

#include <chrono>
#include <cmath>
#include <cstdio>

namespace kiss::data {
namespace {

// libcurl is loaded on first use, not linked: its TLS stack (libcrypto, gnutls, krb5 ... about
// 30 libraries with 40,000 relocations, most bound at load time) cost every command ~12 ms of
// start-up, and only `data fetch` and a Yahoo refresh need it. The headers still give the types
// and constants; the ABI of libcurl.so.4 is stable.
struct CurlApi {
  CURLcode (*global_init)(long) = nullptr;
  CURL* (*easy_init)() = nullptr;
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...) = nullptr;
  CURLcode (*easy_perform)(CURL*) = nullptr;
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...) = nullptr;
  void (*easy_cleanup)(CURL*) = nullptr;
  const char* (*easy_strerror)(CURLcode) = nullptr;
  std::string error;  // why loading failed; empty when every function was found
};

template <class F>
bool resolve(void* lib, const char* name, F& out) {
  out = reinterpret_cast<F>(dlsym(lib, name));
  return out != nullptr;
}

// Loaded once (thread-safe), and curl_global_init run once before the first handle.
const CurlApi& curl_api() {
  static const CurlApi api = [] {
    CurlApi a;
    void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = dlerror();
      a.error = std::string("cannot load libcurl.so.4: ") + (why ? why : "unknown error");
      return a;
    }
    if (!resolve(lib, "curl_global_init", a.global_init) ||
        !resolve(lib, "curl_easy_init", a.easy_init) ||
        !resolve(lib, "curl_easy_setopt", a.easy_setopt) ||
        !resolve(lib, "curl_easy_perform", a.easy_perform) ||
        !resolve(lib, "curl_easy_getinfo", a.easy_getinfo) ||
        !resolve(lib, "curl_easy_cleanup", a.easy_cleanup) ||
        !resolve(lib, "curl_easy_strerror", a.easy_strerror)) {
      a.error = "libcurl.so.4 lacks a curl_easy function";
      return a;
    }
    a.global_init(CURL_GLOBAL_DEFAULT);
    return a;
  }();
  return api;
}

using Clock = std::chrono::steady_clock;

// What the callbacks see: the body so far, the cap and the deadline. Either callback stops the
// transfer (libcurl then returns CURLE_WRITE_ERROR or CURLE_ABORTED_BY_CALLBACK) and says why.
struct Transfer {
  std::string* body = nullptr;
  std::size_t cap = 0;
  Clock::time_point deadline;
  const char* too_large = nullptr;  // set when above the cap: "decompressed" or "as received"
  bool late = false;  // past the deadline (libcurl's own timeout is checked between reads;
                      // this one also holds while one read decodes into many writes)
};

// Called with decoded bytes (after gzip/deflate/brotli/zstd): the decoded cap is enforced here.
std::size_t on_write(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t bytes = size * n;
  if (bytes > t->cap - t->body->size()) {  // body->size() <= cap always holds
    t->too_large = "decompressed";
    return 0;
  }
  if (Clock::now() > t->deadline) {
    t->late = true;
    return 0;
  }
  t->body->append(data, bytes);
  return bytes;
}

// Called often during the transfer with the bytes received as sent (before decoding).
int on_progress(void* user, curl_off_t, curl_off_t received, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  if (received > static_cast<curl_off_t>(t->cap)) {
    t->too_large = "as received";
    return 1;
  }
  if (Clock::now() > t->deadline) {
    t->late = true;
    return 1;
  }
  return 0;
}

long to_ms(double seconds) { return std::lround(seconds * 1000.0); }

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", s);
  return buf;
}

}  // namespace

std::string size_text(std::size_t bytes) {
  if (bytes >= 1'000'000 && bytes % 1'000'000 == 0)
    return std::to_string(bytes / 1'000'000) + " MB";
  return std::to_string(bytes) + " bytes";
}

HttpResponse http_get(const std::string& url, const HttpOptions& options) {
  HttpResponse r;
  const CurlApi& api = curl_api();
  if (!api.error.empty()) {
    r.failure = HttpFailure::kTransport;
    r.error = api.error;
    return r;
  }
  CURL* curl = api.easy_init();
  if (curl == nullptr) {
    r.failure = HttpFailure::kTransport;
    r.error = "cannot create a libcurl handle";
    return r;
  }
  Transfer t;
  t.body = &r.body;
  t.cap = options.max_body_bytes;
  t.deadline = Clock::now() + std::chrono::milliseconds(to_ms(options.timeout_s));
  char errbuf[CURL_ERROR_SIZE] = {0};
  api.easy_setopt(curl, CURLOPT_URL, url.c_str());
  api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, &on_write);
  api.easy_setopt(curl, CURLOPT_WRITEDATA, &t);
  api.easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &on_progress);
  api.easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
  api.easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  // A declared Content-Length above the cap fails before the body is read.
  api.easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_bytes));
  api.easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  api.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, to_ms(options.connect_timeout_s));
  api.easy_setopt(curl, CURLOPT_TIMEOUT_MS, to_ms(options.timeout_s));
  api.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM (threads)
  api.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  api.easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
  api.easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");  // no file:// redirects
  api.easy_setopt(curl, CURLOPT_USERAGENT, options.user_agent.c_str());
  api.easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // any encoding libcurl can decode
  const CURLcode rc = api.easy_perform(curl);
  if (rc == CURLE_OK) {
    api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  } else {
    curl_off_t connect_us = 0;
    api.easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connect_us);
    r.status = 0;
    r.body.clear();
    r.body.shrink_to_fit();
    r.error = errbuf[0] != '\0' ? std::string(errbuf) : std::string(api.easy_strerror(rc));
    if (t.too_large != nullptr || rc == CURLE_FILESIZE_EXCEEDED) {
      r.failure = HttpFailure::kTooLarge;
      r.error = std::string("response body larger than the cap of ") +
                size_text(options.max_body_bytes) + " (" +
                (t.too_large != nullptr ? t.too_large : "declared length") + ")";
    } else if (t.late) {
      r.failure = HttpFailure::kTimeout;
      r.timed_out = true;
      r.error = "request took longer than the timeout of " + seconds_text(options.timeout_s);
    } else if (rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_COULDNT_RESOLVE_PROXY ||
               rc == CURLE_COULDNT_CONNECT) {
      r.failure = HttpFailure::kConnect;
    } else if (rc == CURLE_OPERATION_TIMEDOUT) {
      r.timed_out = true;
      r.failure = connect_us == 0 ? HttpFailure::kConnect : HttpFailure::kTimeout;
    } else {
      r.failure = HttpFailure::kTransport;
    }
  }
  api.easy_cleanup(curl);
  return r;
}

}  // namespace kiss::data
