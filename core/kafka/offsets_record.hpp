// The records of __consumer_offsets as warren uses them, and decode_offsets_record(), which turns
// one (key, value) pair of that topic into an OffsetsRecord.
//
// Every key starts with an int16 record type (Burrow calls it the key version). Kafka 4.x assigns
// the types in the "apiKey" field of the coordinator-key schemas under
// group-coordinator/src/main/resources/common/message/ (see RecordType below). A value starts
// with an int16 value version; a missing or empty value is a tombstone, which the types below
// carry as an empty std::optional.
//
// Error contract (never fatal; the caller counts and skips):
// - an unknown record type or value version: ErrorCode::unsupported_version, message naming the
//   record kind and the version, e.g. "offset commit value: unsupported version 5";
// - broken bytes: ErrorCode::malformed, message naming the record, version and field, e.g.
//   "offset commit value v3: metadata: length 40 exceeds 12 remaining bytes".
// The decoder never throws and never reads outside the spans it is given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/base/result.hpp"
#include "core/kafka/byte_reader.hpp"

namespace warren::kafka {

// Record types of __consumer_offsets keys ("apiKey" of each *Key.json schema in Kafka 4.x).
enum class RecordType : std::int16_t {
  legacy_offset_commit = 0,  // written by brokers before 0.10 (LegacyOffsetCommitKey)
  offset_commit = 1,
  group_metadata = 2,
  consumer_group_metadata = 3,
  consumer_group_partition_metadata = 4,  // written by 4.0; replaced by a hash in 4.1 (KIP-1101)
  consumer_group_member_metadata = 5,
  consumer_group_target_assignment_metadata = 6,
  consumer_group_target_assignment_member = 7,
  consumer_group_current_member_assignment = 8,
  share_group_partition_metadata = 9,  // 4.0 only
  share_group_member_metadata = 10,
  share_group_metadata = 11,
  share_group_target_assignment_metadata = 12,
  share_group_target_assignment_member = 13,
  share_group_current_member_assignment = 14,
  share_group_state_partition_metadata = 15,
  consumer_group_regular_expression = 16,
  streams_group_metadata = 17,
  streams_group_partition_metadata = 18,  // dropped again after 4.0
  streams_group_member_metadata = 19,
  streams_group_target_assignment_metadata = 20,
  streams_group_target_assignment_member = 21,
  streams_group_current_member_assignment = 22,
  streams_group_topology = 23,
  streams_group_target_assignment_resolved_topic_ids = 24,  // Kafka trunk after 4.1
};

// Stable snake_case name of a record type ("offset_commit", "share_group_metadata", ...);
// empty for a type Kafka has not defined.
std::string_view record_type_name(std::int16_t type);

// A topic and partitions of it, as the classic consumer protocol assigns them.
struct TopicPartitions {
  std::string topic;
  std::vector<std::int32_t> partitions;
  bool operator==(const TopicPartitions&) const = default;
};

// KIP-848 records name topics by id; ConsumerGroupPartitionMetadata maps ids to names.
struct TopicIdPartitions {
  Uuid topic_id{};
  std::vector<std::int32_t> partitions;
  bool operator==(const TopicIdPartitions&) const = default;
};

// ---- Offset commits (types 0 and 1) -----------------------------------------------------------

struct OffsetCommitValue {
  std::int16_t version{0};
  std::int64_t offset{0};
  std::int32_t leader_epoch{-1};  // v3+; -1 when absent or unknown
  std::string metadata;
  std::int64_t commit_timestamp_ms{0};
  std::optional<std::int64_t> expire_timestamp_ms;  // v1 only
  bool operator==(const OffsetCommitValue&) const = default;
};

struct OffsetCommit {
  std::string group;
  std::string topic;
  std::int32_t partition{0};
  std::optional<OffsetCommitValue> value;  // nullopt: tombstone, the committed offset was deleted
  bool operator==(const OffsetCommit&) const = default;
};

// An offset commit read in place, for the offsets reader's hot path: group and topic view the
// key's bytes; the value holds what a commit window needs.
struct OffsetCommitView {
  std::string_view group;
  std::string_view topic;
  std::int32_t partition{0};
  bool tombstone{false};
  std::int64_t offset{0};
  std::int64_t commit_timestamp_ms{0};
};

// ---- Classic group metadata (type 2) ----------------------------------------------------------

struct GroupMember {
  std::string member_id;
  std::optional<std::string> group_instance_id;  // v3+ (static membership, KIP-345)
  std::string client_id;
  std::string client_host;
  std::int32_t rebalance_timeout_ms{-1};  // v1+
  std::int32_t session_timeout_ms{0};
  // Decoded ConsumerProtocolAssignment. nullopt when the group's protocol_type is not "consumer"
  // (Connect, ...) or when the bytes do not decode; in the latter case assignment_error says why.
  std::optional<std::vector<TopicPartitions>> assignment;
  std::string assignment_error;
  bool operator==(const GroupMember&) const = default;
};

struct GroupMetadataValue {
  std::int16_t version{0};
  std::string protocol_type;  // "consumer" for consumer groups
  std::int32_t generation{0};
  std::optional<std::string> protocol;  // assignor name, e.g. "range"
  std::optional<std::string> leader;
  std::optional<std::int64_t> current_state_timestamp_ms;  // v2+ (-1 on the wire when unknown)
  std::vector<GroupMember> members;
  bool operator==(const GroupMetadataValue&) const = default;
};

struct GroupMetadata {
  std::string group;
  std::optional<GroupMetadataValue> value;  // nullopt: the group was deleted
  bool operator==(const GroupMetadata&) const = default;
};

// ---- KIP-848 consumer groups (types 3, 4, 5, 8) -----------------------------------------------

struct ConsumerGroupMetadataValue {
  std::int32_t epoch{0};
  bool operator==(const ConsumerGroupMetadataValue&) const = default;
};

struct ConsumerGroupMetadata {
  std::string group;
  std::optional<ConsumerGroupMetadataValue> value;  // nullopt: the group is gone
  bool operator==(const ConsumerGroupMetadata&) const = default;
};

struct TopicMetadata {
  Uuid topic_id{};
  std::string topic;
  std::int32_t partition_count{0};
  bool operator==(const TopicMetadata&) const = default;
};

struct ConsumerGroupPartitionMetadataValue {
  std::vector<TopicMetadata> topics;
  bool operator==(const ConsumerGroupPartitionMetadataValue&) const = default;
};

struct ConsumerGroupPartitionMetadata {
  std::string group;
  std::optional<ConsumerGroupPartitionMetadataValue> value;
  bool operator==(const ConsumerGroupPartitionMetadata&) const = default;
};

struct ConsumerGroupMemberMetadataValue {
  std::optional<std::string> instance_id;
  std::optional<std::string> rack_id;
  std::string client_id;
  std::string client_host;
  std::vector<std::string> subscribed_topic_names;
  std::optional<std::string> subscribed_topic_regex;
  std::int32_t rebalance_timeout_ms{-1};
  std::optional<std::string> server_assignor;
  bool operator==(const ConsumerGroupMemberMetadataValue&) const = default;
};

struct ConsumerGroupMemberMetadata {
  std::string group;
  std::string member_id;
  std::optional<ConsumerGroupMemberMetadataValue> value;  // nullopt: the member left
  bool operator==(const ConsumerGroupMemberMetadata&) const = default;
};

struct ConsumerGroupCurrentMemberAssignmentValue {
  std::int32_t member_epoch{0};
  std::int32_t previous_member_epoch{0};
  std::int8_t state{0};  // MemberState: 0 stable, 1 unrevoked partitions, 2 unreleased partitions
  std::vector<TopicIdPartitions> assigned_partitions;
  std::vector<TopicIdPartitions> partitions_pending_revocation;
  bool operator==(const ConsumerGroupCurrentMemberAssignmentValue&) const = default;
};

struct ConsumerGroupCurrentMemberAssignment {
  std::string group;
  std::string member_id;
  std::optional<ConsumerGroupCurrentMemberAssignmentValue> value;  // nullopt: the member left
  bool operator==(const ConsumerGroupCurrentMemberAssignment&) const = default;
};

// ---- Everything else ----------------------------------------------------------------------------

// A record type Kafka defines that carries nothing warren needs (target assignments, share and
// streams groups, regular expressions). Neither key nor value is decoded.
struct Skipped {
  std::int16_t type{0};
  std::string_view kind;  // record_type_name(type); points at static storage
  bool operator==(const Skipped&) const = default;
};

using OffsetsRecord = std::variant<OffsetCommit, GroupMetadata, ConsumerGroupMetadata, ConsumerGroupPartitionMetadata,
                                   ConsumerGroupMemberMetadata, ConsumerGroupCurrentMemberAssignment, Skipped>;

// `value` nullopt or empty: tombstone.
Result<OffsetsRecord> decode_offsets_record(std::span<const std::byte> key,
                                            std::optional<std::span<const std::byte>> value);

// An offset commit (key types 0 and 1) decoded without copying; nullopt for any other record, or
// one that does not decode: decode_offsets_record then gives the record or the error.
std::optional<OffsetCommitView> decode_offset_commit_view(std::span<const std::byte> key,
                                                          std::optional<std::span<const std::byte>> value);

// The record's kind for counting and logs: record_type_name() of its type ("offset_commit",
// "group_metadata", ..., or a Skipped record's kind).
std::string_view kind_name(const OffsetsRecord& record);

}  // namespace warren::kafka
