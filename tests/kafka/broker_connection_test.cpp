// BrokerConnection against a one-connection TCP server on 127.0.0.1 in a thread: a refused
// connect, a size-prefixed round trip, a frame above the limit, a peer that hangs up.
#include "core/kafka/broker_connection.hpp"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace warren;
using namespace warren::kafka;

namespace {

using Bytes = std::vector<std::byte>;

BrokerConnection::Deadline in_seconds(int n) { return std::chrono::steady_clock::now() + std::chrono::seconds(n); }

bool read_exact(int fd, std::byte* into, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::recv(fd, into + got, size - got, 0);
    if (n <= 0) return false;
    got += static_cast<std::size_t>(n);
  }
  return true;
}

bool write_all(int fd, const Bytes& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

Bytes frame(const std::string& payload) {
  Bytes out;
  const auto size = static_cast<std::uint32_t>(payload.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::byte>((size >> shift) & 0xFF));
  for (char c : payload) out.push_back(static_cast<std::byte>(c));
  return out;
}

// Reads one size-prefixed frame; its payload, or nullopt.
std::optional<std::string> read_frame(int fd) {
  std::array<std::byte, 4> prefix{};
  if (!read_exact(fd, prefix.data(), prefix.size())) return std::nullopt;
  std::uint32_t size = 0;
  for (std::byte b : prefix) size = (size << 8) | std::to_integer<std::uint32_t>(b);
  Bytes payload(size);
  if (!read_exact(fd, payload.data(), payload.size())) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(payload.data()), payload.size());
}

// Listens on 127.0.0.1 (a free port), accepts one connection within 5 s and hands it to `serve`.
class OneConnectionServer {
 public:
  explicit OneConnectionServer(std::function<void(int)> serve) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(listen_fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0);
    REQUIRE(::listen(listen_fd_, 1) == 0);
    socklen_t len = sizeof(addr);
    REQUIRE(::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, serve = std::move(serve)] {
      pollfd p{.fd = listen_fd_, .events = POLLIN, .revents = 0};
      if (::poll(&p, 1, 5000) != 1) return;
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      serve(fd);
      ::close(fd);
    });
  }
  OneConnectionServer(const OneConnectionServer&) = delete;
  OneConnectionServer& operator=(const OneConnectionServer&) = delete;
  ~OneConnectionServer() {
    if (thread_.joinable()) thread_.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  void join() { thread_.join(); }

 private:
  int listen_fd_{-1};
  std::uint16_t port_{0};
  std::thread thread_;
};

}  // namespace

TEST_SUITE("kafka") {
  TEST_CASE("broker connection: a port nobody listens on is an io error") {
    // A port just released by this process: nothing listens on it.
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0);
    socklen_t len = sizeof(addr);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    ::close(fd);
    const std::string address = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));

    auto conn = BrokerConnection::open(address, in_seconds(5));
    REQUIRE_FALSE(conn.ok());
    CHECK(conn.error().code == ErrorCode::io);
    CHECK(conn.error().message.find(address) != std::string::npos);
  }

  TEST_CASE("broker connection: a size-prefixed request and its response") {
    std::string received;
    OneConnectionServer server([&received](int fd) {
      if (auto request = read_frame(fd)) {
        received = *request;
        write_all(fd, frame("response to " + *request));
      }
    });
    auto conn = BrokerConnection::open(server.address(), in_seconds(5));
    REQUIRE_MESSAGE(conn.ok(), conn.error().message);
    CHECK(conn->address() == server.address());
    const Bytes request = frame("fetch please");
    auto sent = conn.value().send(request, in_seconds(5));
    REQUIRE_MESSAGE(sent.ok(), sent.error().message);
    Bytes response;
    auto got = conn.value().receive(response, 1024, in_seconds(5));
    REQUIRE_MESSAGE(got.ok(), got.error().message);
    CHECK(std::string(reinterpret_cast<const char*>(response.data()), response.size()) == "response to fetch please");
    server.join();
    CHECK(received == "fetch please");
  }

  TEST_CASE("broker connection: a response above max_size is refused") {
    OneConnectionServer server([](int fd) {
      if (read_frame(fd)) write_all(fd, frame(std::string(100, 'x')));
    });
    auto conn = BrokerConnection::open(server.address(), in_seconds(5));
    REQUIRE_MESSAGE(conn.ok(), conn.error().message);
    REQUIRE(conn.value().send(frame("q"), in_seconds(5)).ok());
    Bytes response;
    auto got = conn.value().receive(response, 99, in_seconds(5));
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == ErrorCode::malformed);
    CHECK(got.error().message.find("100") != std::string::npos);
    CHECK(response.empty());  // nothing allocated for it
  }

  TEST_CASE("broker connection: a peer that hangs up is an io error") {
    OneConnectionServer server([](int fd) { (void)read_frame(fd); });  // reads the request, answers nothing
    auto conn = BrokerConnection::open(server.address(), in_seconds(5));
    REQUIRE_MESSAGE(conn.ok(), conn.error().message);
    REQUIRE(conn.value().send(frame("q"), in_seconds(5)).ok());
    Bytes response;
    auto got = conn.value().receive(response, 1024, in_seconds(5));
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == ErrorCode::io);
    CHECK(got.error().message.find("connection closed") != std::string::npos);
  }
}
