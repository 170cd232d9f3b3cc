// BrokerConnection: one plain TCP connection to a Kafka broker for the few requests warren sends
// itself (MetadataRequest for topic ids, FetchRequest for the offsets topic's backlog). Every call
// has a deadline, and returns early once `stop` is requested; no TLS or SASL, which is why callers
// use it only for clusters reached in plaintext.
#pragma once

#include <chrono>
#include <cstddef>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "core/base/result.hpp"

namespace warren::kafka {

class BrokerConnection {
 public:
  using Deadline = std::chrono::steady_clock::time_point;

  // `address` is "host:port" ("[v6]:port" for IPv6 literals).
  static Result<BrokerConnection> open(const std::string& address, Deadline deadline, std::stop_token stop = {});

  BrokerConnection(BrokerConnection&& other) noexcept;
  BrokerConnection& operator=(BrokerConnection&& other) noexcept;
  BrokerConnection(const BrokerConnection&) = delete;
  BrokerConnection& operator=(const BrokerConnection&) = delete;
  ~BrokerConnection();

  Result<bool> send(std::span<const std::byte> request, Deadline deadline, std::stop_token stop = {});
  // Reads one size-prefixed response into `frame` (without the prefix); a size above `max_size`
  // is refused before anything is allocated for it.
  Result<bool> receive(std::vector<std::byte>& frame, std::size_t max_size, Deadline deadline,
                       std::stop_token stop = {});

  const std::string& address() const noexcept { return address_; }

 private:
  BrokerConnection(int fd, std::string address) noexcept : fd_(fd), address_(std::move(address)) {}
  Result<bool> read_exact(std::byte* into, std::size_t size, Deadline deadline, const std::stop_token& stop);

  int fd_{-1};
  std::string address_;
};

}  // namespace warren::kafka
