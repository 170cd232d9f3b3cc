#include "core/kafka/broker_connection.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace warren::kafka {

namespace {

constexpr int kStopCheckMs = 100;

enum class Wait { ready, timed_out, stopped };

// Waits until the socket is ready for `events`, the deadline passes or a stop is requested.
Wait wait_ready(int fd, short events, BrokerConnection::Deadline deadline, const std::stop_token& stop) {
  while (true) {
    if (stop.stop_requested()) return Wait::stopped;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return Wait::timed_out;
    pollfd p{.fd = fd, .events = events, .revents = 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, kStopCheckMs)));
    // An error or hang-up is "ready" too: the read or write that follows reports it.
    if (n == 1) return Wait::ready;
    if (n < 0 && errno != EINTR) return Wait::ready;
  }
}

Error wait_error(Wait w, const std::string& what) {
  return make_error(ErrorCode::io, what + (w == Wait::stopped ? ": stopped" : ": timed out"));
}

}  // namespace

Result<BrokerConnection> BrokerConnection::open(const std::string& address, Deadline deadline, std::stop_token stop) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos) return make_error(ErrorCode::invalid_argument, "broker address " + address);
  std::string host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  const std::string port = address.substr(colon + 1);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr) {
    return make_error(ErrorCode::io, "cannot resolve " + address);
  }
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);
  BrokerConnection conn(::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), address);
  if (conn.fd_ < 0) return make_error(ErrorCode::io, "socket: " + std::string(std::strerror(errno)));
  if (::connect(conn.fd_, found->ai_addr, found->ai_addrlen) != 0 && errno != EINPROGRESS) {
    return make_error(ErrorCode::io, "connect " + address + ": " + std::strerror(errno));
  }
  if (const Wait w = wait_ready(conn.fd_, POLLOUT, deadline, stop); w != Wait::ready) {
    return wait_error(w, "connect " + address);
  }
  int so_error = 0;
  socklen_t len = sizeof(so_error);
  ::getsockopt(conn.fd_, SOL_SOCKET, SO_ERROR, &so_error, &len);
  if (so_error != 0) return make_error(ErrorCode::io, "connect " + address + ": " + std::strerror(so_error));
  const int one = 1;  // requests are written whole: nothing to gain from Nagle's delay
  ::setsockopt(conn.fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return conn;
}

BrokerConnection::BrokerConnection(BrokerConnection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), address_(std::move(other.address_)) {}

BrokerConnection& BrokerConnection::operator=(BrokerConnection&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    address_ = std::move(other.address_);
  }
  return *this;
}

BrokerConnection::~BrokerConnection() {
  if (fd_ >= 0) ::close(fd_);
}

Result<bool> BrokerConnection::send(std::span<const std::byte> request, Deadline deadline, std::stop_token stop) {
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      return make_error(ErrorCode::io, "send to " + address_ + ": " + std::strerror(errno));
    }
    if (const Wait w = wait_ready(fd_, POLLOUT, deadline, stop); w != Wait::ready) {
      return wait_error(w, "send to " + address_);
    }
  }
  return true;
}

Result<bool> BrokerConnection::read_exact(std::byte* into, std::size_t size, Deadline deadline,
                                          const std::stop_token& stop) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::recv(fd_, into + got, size - got, 0);
    if (n > 0) {
      got += static_cast<std::size_t>(n);
      continue;
    }
    if (n == 0) return make_error(ErrorCode::io, "read from " + address_ + ": connection closed");
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      return make_error(ErrorCode::io, "read from " + address_ + ": " + std::strerror(errno));
    }
    if (const Wait w = wait_ready(fd_, POLLIN, deadline, stop); w != Wait::ready) {
      return wait_error(w, "read from " + address_);
    }
  }
  return true;
}

Result<bool> BrokerConnection::receive(std::vector<std::byte>& frame, std::size_t max_size, Deadline deadline,
                                       std::stop_token stop) {
  std::array<std::byte, 4> prefix{};
  if (auto r = read_exact(prefix.data(), prefix.size(), deadline, stop); !r) return r.error();
  std::uint32_t size = 0;
  for (std::byte b : prefix) size = (size << 8) | std::to_integer<std::uint32_t>(b);
  if (size > max_size || size > 0x7FFFFFFFu) {
    return make_error(ErrorCode::malformed,
                      "response from " + address_ + " of " + std::to_string(size) + " bytes, above the limit");
  }
  frame.resize(size);
  return read_exact(frame.data(), size, deadline, stop);
}

}  // namespace warren::kafka
