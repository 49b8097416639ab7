#include "data/http.h"

#include <curl/curl.h>
#include <dlfcn.h>


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

std::size_t append(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

long to_ms(double seconds) { return static_cast<long>(seconds * 1000.0 + 0.5); }

}  // namespace

HttpResponse http_get(const std::string& url, const HttpOptions& options) {
  HttpResponse r;
  const CurlApi& api = curl_api();
  if (!api.error.empty()) {
    r.error = api.error;
    return r;
  }
  CURL* curl = api.easy_init();
  if (curl == nullptr) {
    r.error = "cannot create a libcurl handle";
    return r;
  }
  char errbuf[CURL_ERROR_SIZE] = {0};
  api.easy_setopt(curl, CURLOPT_URL, url.c_str());
  api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, &append);
  api.easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  api.easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  api.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, to_ms(options.connect_timeout_s));
  api.easy_setopt(curl, CURLOPT_TIMEOUT_MS, to_ms(options.timeout_s));
  api.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM (threads)
  api.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  api.easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
  api.easy_setopt(curl, CURLOPT_USERAGENT, options.user_agent.c_str());
  api.easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // any encoding libcurl can decode
  const CURLcode rc = api.easy_perform(curl);
  if (rc == CURLE_OK) {
    api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  } else {
    r.status = 0;
    r.body.clear();
    r.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    r.error = errbuf[0] != '\0' ? std::string(errbuf) : std::string(api.easy_strerror(rc));
  }
  api.easy_cleanup(curl);
  return r;
}

}  // namespace kiss::data
