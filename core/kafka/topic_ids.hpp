// Topic ids: Kafka 4's consumer-group records (KIP-848) name assigned topics by id, and Kafka 4.1
// stopped writing the records that map ids to names (KIP-1101). librdkafka 2.0 does not expose
// topic ids, so fetch_topic_ids() asks a broker itself: one MetadataRequest v12 over a plain TCP
// connection, parsed with the bounds-checked ByteReader. Only for clusters reached without TLS or
// SASL; elsewhere ids are inferred from group subscriptions (OffsetsApplier).
//
// TopicDirectory holds the answer for a cluster: written by the cluster source, read by the
// offsets-topic reader, with a version so that readers notice new ids cheaply.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/base/result.hpp"
#include "core/kafka/byte_reader.hpp"

namespace warren::kafka {

using TopicIdMap = std::map<Uuid, std::string>;

// The request's bytes (size prefix included), and the parser of the response's bytes (after the
// size prefix): exposed for tests.
std::vector<std::byte> encode_metadata_request_v12(std::int32_t correlation_id, const std::string& client_id);
Result<TopicIdMap> decode_metadata_response_v12(std::span<const std::byte> response, std::int32_t correlation_id);

// Asks one broker ("host:port") for every topic's id, within `timeout_ms`.
Result<TopicIdMap> fetch_topic_ids(const std::string& broker, const std::string& client_id, int timeout_ms);

class TopicDirectory {
 public:
  void update(const TopicIdMap& ids) {
    std::lock_guard lock(mutex_);
    bool changed = false;
    for (const auto& [id, name] : ids) {
      auto [it, inserted] = names_.insert_or_assign(id, name);
      changed |= inserted;
    }
    if (changed) version_.fetch_add(1);
  }
  std::optional<std::string> name(const Uuid& id) const {
    std::lock_guard lock(mutex_);
    auto it = names_.find(id);
    return it == names_.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
  std::uint64_t version() const noexcept { return version_.load(); }

 private:
  mutable std::mutex mutex_;
  TopicIdMap names_;
  std::atomic<std::uint64_t> version_{0};
};

}  // namespace warren::kafka
