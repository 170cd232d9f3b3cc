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

#include "core/kafka/offsets_record.hpp"

namespace warren::mock {

using Bytes = std::vector<std::byte>;

// Bytes from a list of small integers: bytes({0x00, 0x01, 0xff}).
Bytes bytes(std::initializer_list<int> values);

// Appends Kafka primitive types to a buffer.
class ByteWriter {
 public:
  ByteWriter& int8(std::int8_t value);
  ByteWriter& int16(std::int16_t value);
  ByteWriter& int32(std::int32_t value);
  ByteWriter& int64(std::int64_t value);
  ByteWriter& uvarint(std::uint32_t value);
  ByteWriter& string(std::string_view value);  // int16 length
  ByteWriter& nullable_string(const std::optional<std::string>& value);
  ByteWriter& compact_string(std::string_view value);  // uvarint length + 1
  ByteWriter& compact_nullable_string(const std::optional<std::string>& value);
  ByteWriter& bytes(std::span<const std::byte> value);  // int32 length
  ByteWriter& compact_bytes(std::span<const std::byte> value);
  ByteWriter& uuid(const kafka::Uuid& value);
  ByteWriter& array_count(std::int32_t count);
  ByteWriter& compact_array_count(std::size_t count);
  // A tagged-field section: (tag, data) pairs, in the order given.
  ByteWriter& tagged_fields(const std::vector<std::pair<std::uint32_t, Bytes>>& fields = {});
  ByteWriter& raw(std::span<const std::byte> value);

  const Bytes& data() const { return data_; }
  Bytes take() { return std::move(data_); }

 private:
  Bytes data_;
};

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
