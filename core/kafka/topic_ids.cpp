#include "core/kafka/topic_ids.hpp"

#include <algorithm>
#include <chrono>

#include "core/kafka/broker_connection.hpp"
#include "core/kafka/byte_writer.hpp"

namespace warren::kafka {

namespace {

constexpr std::int16_t kMetadataApiKey = 3;
constexpr std::int16_t kMetadataVersion = 12;  // the first flexible version with topic ids in every broker 4.x has

}  // namespace

std::vector<std::byte> encode_metadata_request_v12(std::int32_t correlation_id, const std::string& client_id) {
  ByteWriter w;
  w.int16(kMetadataApiKey).int16(kMetadataVersion).int32(correlation_id);
  w.string(client_id);  // header v2: the client id is a classic string
  w.tagged_fields();    // header tagged fields
  w.uvarint(0);         // topics: null = every topic
  w.int8(0);            // allow_auto_topic_creation
  w.int8(0);            // include_topic_authorized_operations
  w.tagged_fields();
  return w.take_size_prefixed();
}

// MetadataResponse v12 (clients/src/main/resources/common/message/MetadataResponse.json).
Result<TopicIdMap> decode_metadata_response_v12(std::span<const std::byte> response, std::int32_t correlation_id) {
  ByteReader r(response);
  auto fail = [](const Error& e) { return with_context(e, "metadata response v12: "); };
  auto corr = r.read_int32("correlation_id");
  if (!corr) return fail(corr.error());
  if (*corr != correlation_id) return make_error(ErrorCode::malformed, "metadata response v12: wrong correlation id");
  if (auto t = r.skip_tagged_fields("header tagged fields"); !t) return fail(t.error());
  if (auto t = r.read_int32("throttle_time_ms"); !t) return fail(t.error());
  auto brokers = r.read_compact_array_count("brokers", 11);
  if (!brokers) return fail(brokers.error());
  for (std::size_t i = 0; i < *brokers; ++i) {
    if (auto v = r.read_int32("broker node_id"); !v) return fail(v.error());
    if (auto v = r.read_compact_string("broker host"); !v) return fail(v.error());
    if (auto v = r.read_int32("broker port"); !v) return fail(v.error());
    if (auto v = r.read_compact_nullable_string("broker rack"); !v) return fail(v.error());
    if (auto v = r.skip_tagged_fields("broker tagged fields"); !v) return fail(v.error());
  }
  if (auto v = r.read_compact_nullable_string("cluster_id"); !v) return fail(v.error());
  if (auto v = r.read_int32("controller_id"); !v) return fail(v.error());
  auto topics = r.read_compact_array_count("topics", 25);
  if (!topics) return fail(topics.error());
  TopicIdMap ids;
  for (std::size_t t = 0; t < *topics; ++t) {
    auto error_code = r.read_int16("topic error_code");
    if (!error_code) return fail(error_code.error());
    auto name = r.read_compact_nullable_string("topic name");
    if (!name) return fail(name.error());
    auto id = r.read_uuid("topic_id");
    if (!id) return fail(id.error());
    if (auto v = r.read_int8("is_internal"); !v) return fail(v.error());
    auto partitions = r.read_compact_array_count("partitions", 18);
    if (!partitions) return fail(partitions.error());
    for (std::size_t p = 0; p < *partitions; ++p) {
      if (auto v = r.read_int16("partition error_code"); !v) return fail(v.error());
      if (auto v = r.read_int32("partition_index"); !v) return fail(v.error());
      if (auto v = r.read_int32("leader_id"); !v) return fail(v.error());
      if (auto v = r.read_int32("leader_epoch"); !v) return fail(v.error());
      if (auto v = r.read_compact_int32_array("replica_nodes"); !v) return fail(v.error());
      if (auto v = r.read_compact_int32_array("isr_nodes"); !v) return fail(v.error());
      if (auto v = r.read_compact_int32_array("offline_replicas"); !v) return fail(v.error());
      if (auto v = r.skip_tagged_fields("partition tagged fields"); !v) return fail(v.error());
    }
    if (auto v = r.read_int32("topic_authorized_operations"); !v) return fail(v.error());
    if (auto v = r.skip_tagged_fields("topic tagged fields"); !v) return fail(v.error());
    const bool zero_id = std::all_of(id->begin(), id->end(), [](std::uint8_t b) { return b == 0; });
    if (*error_code == 0 && *name && !zero_id) ids.emplace(*id, **name);
  }
  if (auto v = r.skip_tagged_fields("response tagged fields"); !v) return fail(v.error());
  return ids;
}

Result<TopicIdMap> fetch_topic_ids(const std::string& broker, const std::string& client_id, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  auto opened = BrokerConnection::open(broker, deadline);
  if (!opened) return opened.error();
  BrokerConnection conn = std::move(opened).value();
  constexpr std::int32_t kCorrelation = 0x57415252;  // arbitrary, checked on the way back
  if (auto sent = conn.send(encode_metadata_request_v12(kCorrelation, client_id), deadline); !sent) {
    return sent.error();
  }
  std::vector<std::byte> response;
  if (auto got = conn.receive(response, 64 << 20, deadline); !got) return got.error();
  return decode_metadata_response_v12(response, kCorrelation);
}

}  // namespace warren::kafka
