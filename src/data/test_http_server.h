// Test-only: a tiny HTTP/1.1 server on 127.0.0.1 (port 0 = any free port) in one thread with
// plain POSIX sockets. It serves a queue of canned responses in order (the last one repeats)
// (in the order the connections arrive) and records every request target, so tests never touch
// the internet. closed_port() gives a loopback port nobody listens on (connection refused).
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace kiss::data::testing {

struct CannedResponse {
  // A constructor, so {status, body} still reads well with the optional members after it.
  CannedResponse(int status_ = 200, std::string body_ = {}, int delay_ms_ = 0,
                 std::string headers_ = {})
      : status(status_),
        body(std::move(body_)),
        delay_ms(delay_ms_),
        headers(std::move(headers_)) {}
  int status = 200;
  std::string body;
  int delay_ms = 0;     // sleep before answering (to provoke client timeouts)
  std::string headers;  // extra header lines, each ending in \r\n ("Content-Encoding: gzip\r\n")
};

// A port on 127.0.0.1 that was just free: bound, then closed, so a connection is refused.
inline int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                     ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  return bound ? ntohs(addr.sin_port) : 1;  // port 1 (tcpmux) is not served on loopback either
}

class TestHttpServer {
 public:
  explicit TestHttpServer(std::vector<CannedResponse> responses)
      : responses_(std::move(responses)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) std::abort();
    ::listen(fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~TestHttpServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Request targets ("/v8/finance/chart/...") in arrival order.
  std::vector<std::string> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  // Accepts connections; each is answered on its own thread so a slow (delayed) answer does
  // not hold back the client's retry.
  void serve() {
    std::size_t next = 0;
    std::vector<std::thread> workers;
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      const CannedResponse& r = responses_[std::min(next, responses_.size() - 1)];
      ++next;
      workers.emplace_back([this, c, &r] { answer(c, r); });
    }
    for (std::thread& t : workers) t.join();
  }

  void answer(int c, const CannedResponse& r) {
    std::string req;
    char buf[4096];
    while (req.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      req.append(buf, static_cast<std::size_t>(n));
    }
    const std::size_t sp1 = req.find(' ');
    const std::size_t sp2 = req.find(' ', sp1 + 1);
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(sp1 == std::string::npos || sp2 == std::string::npos
                              ? req
                              : req.substr(sp1 + 1, sp2 - sp1 - 1));
    }
    if (r.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(r.delay_ms));
    const std::string out = "HTTP/1.1 " + std::to_string(r.status) +
                            " Canned\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(r.body.size()) + "\r\n" + r.headers +
                            "Connection: close\r\n\r\n" + r.body;
    ::send(c, out.data(), out.size(), MSG_NOSIGNAL);
    ::close(c);
  }

  std::vector<CannedResponse> responses_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

}  // namespace kiss::data::testing
