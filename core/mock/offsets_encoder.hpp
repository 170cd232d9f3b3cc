// An encoder of __consumer_offsets records in the broker's binary format. The embedded demo and the
// benchmarks write its output into a mock cluster's offsets topic (the mock never writes that topic
// itself); decoder unit tests build their inputs with it. It writes what a Kafka broker writes (key: int16 record type
// + classic fields; value: int16 version + fields, compact encodings and empty tagged-field sections in flexible
// versions), and nothing is validated: tests can encode odd combinations on purpose.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/kafka/byte_writer.hpp"
#include "core/kafka/offsets_record.hpp"

namespace warren::mock {

using Bytes = std::vector<std::byte>;

// Bytes from a list of small integers: bytes({0x00, 0x01, 0xff}).
Bytes bytes(std::initializer_list<int> values);

// The writer of Kafka's primitive types, shared with warren's own requests (core/kafka).
using kafka::ByteWriter;

// ---- Offset commits -----------------------------------------------------------------------------

// `type` 1 is what brokers since 0.10 write; 0 is the legacy key.
Bytes encode_offset_commit_key(std::string_view group, std::string_view topic, std::int32_t partition,
                               std::int16_t type = 1);

// Value versions 0..4 with the fields each version has; fields a version lacks are not written.
Bytes encode_offset_commit_value(std::int16_t version, std::int64_t offset, std::int64_t commit_ts,
                                 std::string_view metadata = "", std::int32_t leader_epoch = -1,
                                 std::int64_t expire_ts = -1);

// ---- Classic group metadata -----------------------------------------------------------------------

using AssignmentMap = std::map<std::string, std::vector<std::int32_t>>;

// ConsumerProtocolAssignment bytes: version, topics with partitions, empty user data.
Bytes encode_consumer_protocol_assignment(const AssignmentMap& assignment, std::int16_t version = 0);

struct MemberSpec {
  std::string member_id;
  std::optional<std::string> group_instance_id;  // written in v3+
  std::string client_id;
  std::string client_host;
  std::int32_t rebalance_timeout_ms{300000};  // written in v1+
  std::int32_t session_timeout_ms{45000};
  AssignmentMap assignment;
  std::optional<Bytes> raw_assignment;  // written instead of `assignment` when set
  Bytes subscription;
};

Bytes encode_group_metadata_key(std::string_view group);

Bytes encode_group_metadata_value(std::int16_t version, std::string_view protocol_type, std::int32_t generation,
                                  const std::optional<std::string>& protocol, const std::optional<std::string>& leader,
                                  const std::vector<MemberSpec>& members, std::int64_t current_state_timestamp_ms = -1);

// ---- KIP-848 consumer groups (value version 0, flexible) ----------------------------------------

// Keys of any record type keyed by group id, or by group id and member id.
Bytes encode_group_key(std::int16_t type, std::string_view group);
Bytes encode_member_key(std::int16_t type, std::string_view group, std::string_view member_id);

Bytes encode_consumer_group_metadata_key(std::string_view group);
// `metadata_hash` is written as tagged field 0, as Kafka 4.1 does.
Bytes encode_consumer_group_metadata_value(std::int32_t epoch, std::optional<std::int64_t> metadata_hash = {});

Bytes encode_consumer_group_partition_metadata_key(std::string_view group);
// The deprecated per-partition rack list is written empty.
Bytes encode_consumer_group_partition_metadata_value(const std::vector<kafka::TopicMetadata>& topics);

Bytes encode_consumer_group_member_metadata_key(std::string_view group, std::string_view member_id);
Bytes encode_consumer_group_member_metadata_value(const kafka::ConsumerGroupMemberMetadataValue& value);

Bytes encode_consumer_group_current_member_assignment_key(std::string_view group, std::string_view member_id);
Bytes encode_consumer_group_current_member_assignment_value(
    const kafka::ConsumerGroupCurrentMemberAssignmentValue& value);

}  // namespace warren::mock
