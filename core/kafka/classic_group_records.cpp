// Values of the records classic (pre-KIP-848) groups write: offset commits and group metadata.
// Layouts: group-coordinator/src/main/resources/common/message/OffsetCommitValue.json and
// GroupMetadataValue.json (core/src/main/resources/common/message/ before Kafka 3.5).
#include <string>
#include <utility>

#include "core/kafka/consumer_protocol.hpp"
#include "core/kafka/record_decoders.hpp"

namespace warren::kafka::detail {

namespace {

constexpr std::string_view kConsumerProtocolType = "consumer";

}  // namespace

// OffsetCommitValue:
//   v0: offset int64, metadata STRING, commit_timestamp int64
//   v1: v0 + expire_timestamp int64 (brokers 0.10.1 .. 2.0, when the commit set a retention)
//   v2: same fields as v0 (brokers 2.1+ without a leader epoch; Burrow does not decode it)
//   v3: offset int64, leader_epoch int32, metadata STRING, commit_timestamp int64
//   v4: v3 fields, flexible: metadata COMPACT_STRING and a trailing tagged-field section (Kafka
//       4.x; trunk adds the topic id as tag 0, which is skipped)
Result<OffsetCommitValue> decode_offset_commit_value(ByteReader& reader, std::int16_t version) {
  FieldReader fields(reader, version >= 4);
  OffsetCommitValue value{.version = version};

  auto offset = reader.read_int64("offset");
  if (!offset) return offset.error();
  value.offset = *offset;

  if (version >= 3) {
    auto leader_epoch = reader.read_int32("leader_epoch");
    if (!leader_epoch) return leader_epoch.error();
    value.leader_epoch = *leader_epoch;
  }

  auto metadata = fields.string("metadata");
  if (!metadata) return metadata.error();
  value.metadata = std::move(metadata).value();

  auto commit_timestamp = reader.read_int64("commit_timestamp");
  if (!commit_timestamp) return commit_timestamp.error();
  value.commit_timestamp_ms = *commit_timestamp;

  if (version == 1) {
    auto expire_timestamp = reader.read_int64("expire_timestamp");
    if (!expire_timestamp) return expire_timestamp.error();
    value.expire_timestamp_ms = *expire_timestamp;
  }

  auto tagged = fields.end_struct();
  if (!tagged) return tagged.error();
  return value;
}

namespace {

Result<GroupMember> decode_member(FieldReader& fields, std::int16_t version, bool consumer_protocol) {
  ByteReader& reader = fields.raw();
  GroupMember member;

  auto member_id = fields.string("member_id");
  if (!member_id) return member_id.error();
  member.member_id = std::move(member_id).value();

  if (version >= 3) {
    auto instance_id = fields.nullable_string("group_instance_id");
    if (!instance_id) return instance_id.error();
    member.group_instance_id = std::move(instance_id).value();
  }

  auto client_id = fields.string("client_id");
  if (!client_id) return client_id.error();
  member.client_id = std::move(client_id).value();

  auto client_host = fields.string("client_host");
  if (!client_host) return client_host.error();
  member.client_host = std::move(client_host).value();

  if (version >= 1) {
    auto rebalance_timeout = reader.read_int32("rebalance_timeout");
    if (!rebalance_timeout) return rebalance_timeout.error();
    member.rebalance_timeout_ms = *rebalance_timeout;
  }

  auto session_timeout = reader.read_int32("session_timeout");
  if (!session_timeout) return session_timeout.error();
  member.session_timeout_ms = *session_timeout;

  // The subscription (ConsumerProtocolSubscription) lists wanted topics, not owned partitions.
  auto subscription = fields.bytes("subscription");
  if (!subscription) return subscription.error();

  auto assignment = fields.bytes("assignment");
  if (!assignment) return assignment.error();
  if (consumer_protocol) {
    // A member whose assignment does not decode stays in the group with an unknown assignment:
    // the rest of the record (other members, the generation) is still good.
    auto decoded = decode_consumer_protocol_assignment(*assignment);
    if (decoded) {
      member.assignment = std::move(decoded).value();
    } else {
      member.assignment_error = decoded.error().message;
    }
  }

  auto tagged = fields.end_struct();
  if (!tagged) return tagged.error();
  return member;
}

}  // namespace

// GroupMetadataValue: protocol_type STRING, generation int32, protocol NULLABLE_STRING,
// leader NULLABLE_STRING, current_state_timestamp int64 (v2+), members ARRAY of MemberMetadata:
// member_id, group_instance_id (v3+, nullable), client_id, client_host, rebalance_timeout int32
// (v1+), session_timeout int32, subscription BYTES, assignment BYTES. v4 is flexible.
Result<GroupMetadataValue> decode_group_metadata_value(ByteReader& reader, std::int16_t version) {
  FieldReader fields(reader, version >= 4);
  GroupMetadataValue value{.version = version};

  auto protocol_type = fields.string("protocol_type");
  if (!protocol_type) return protocol_type.error();
  value.protocol_type = std::move(protocol_type).value();

  auto generation = reader.read_int32("generation");
  if (!generation) return generation.error();
  value.generation = *generation;

  auto protocol = fields.nullable_string("protocol");
  if (!protocol) return protocol.error();
  value.protocol = std::move(protocol).value();

  auto leader = fields.nullable_string("leader");
  if (!leader) return leader.error();
  value.leader = std::move(leader).value();

  if (version >= 2) {
    auto timestamp = reader.read_int64("current_state_timestamp");
    if (!timestamp) return timestamp.error();
    value.current_state_timestamp_ms = *timestamp;
  }

  // Fewest bytes a member can take: three empty strings, session timeout, two empty byte fields
  // (classic: 2+2+2+4+4+4; flexible: 1+1+1+4+1+1 plus one byte of tagged fields).
  auto count = fields.array_count("members", version >= 4 ? 10 : 18);
  if (!count) return count.error();
  const bool consumer_protocol = value.protocol_type == kConsumerProtocolType;
  value.members.reserve(*count);
  for (std::size_t i = 0; i < *count; ++i) {
    auto member = decode_member(fields, version, consumer_protocol);
    if (!member) return with_context(member.error(), "member " + std::to_string(i) + ": ");
    value.members.push_back(std::move(member).value());
  }

  auto tagged = fields.end_struct();
  if (!tagged) return tagged.error();
  return value;
}

}  // namespace warren::kafka::detail
