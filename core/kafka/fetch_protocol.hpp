// FetchRequest v4 and its response, for reading the offsets topic's backlog without librdkafka's
// per-record queueing (BacklogFetcher). v4 is the oldest version Kafka 4 still serves (KIP-896)
// and the newest without sessions or topic ids, so one encoding serves every broker since 0.11
// and librdkafka's mock cluster.
//
// Layouts (clients/src/main/resources/common/message/Fetch{Request,Response}.json):
// - request: header v1 (api key, version, correlation id, client id), replica id -1, max wait,
//   min bytes, max bytes, isolation level, then topics → partitions (index, fetch offset,
//   partition max bytes);
// - response: header v0 (correlation id), throttle time, then topics → partitions (index, error,
//   high-water mark, last stable offset, aborted transactions, records as nullable bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/base/result.hpp"

namespace warren::kafka {

struct FetchPosition {
  std::int32_t partition{0};
  std::int64_t offset{0};
  std::int32_t max_bytes{0};
};

struct FetchRequestV4 {
  std::int32_t correlation_id{0};
  std::string client_id;
  std::int32_t max_wait_ms{0};
  std::int32_t min_bytes{1};
  std::int32_t max_bytes{0};
  bool read_committed{false};
  std::string topic;
  std::vector<FetchPosition> partitions;
};

// One partition of a response; `records` views the response buffer.
struct FetchedPartition {
  std::int32_t partition{0};
  std::int16_t error_code{0};
  std::int64_t high_watermark{-1};
  std::span<const std::byte> records;
};

// The request's bytes, size prefix included.
std::vector<std::byte> encode_fetch_request_v4(const FetchRequestV4& request);

// The response's bytes after the size prefix. Only partitions of `topic` are returned; the error
// names the field that did not fit.
Result<std::vector<FetchedPartition>> decode_fetch_response_v4(std::span<const std::byte> response,
                                                               std::int32_t correlation_id, const std::string& topic);

}  // namespace warren::kafka
