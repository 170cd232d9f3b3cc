#include "core/mock/offsets_encoder.hpp"

namespace warren::mock {

namespace {

constexpr std::int16_t type_of(kafka::RecordType type) { return static_cast<std::int16_t>(type); }

}  // namespace

Bytes bytes(std::initializer_list<int> values) {
  Bytes out;
  out.reserve(values.size());
  for (int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

// ---- Offset commits -----------------------------------------------------------------------------

Bytes encode_offset_commit_key(std::string_view group, std::string_view topic, std::int32_t partition,
                               std::int16_t type) {
  return ByteWriter{}.int16(type).string(group).string(topic).int32(partition).take();
}

Bytes encode_offset_commit_value(std::int16_t version, std::int64_t offset, std::int64_t commit_ts,
                                 std::string_view metadata, std::int32_t leader_epoch, std::int64_t expire_ts) {
  ByteWriter w;
  w.int16(version).int64(offset);
  if (version >= 3) w.int32(leader_epoch);
  if (version >= 4) {
    w.compact_string(metadata);
  } else {
    w.string(metadata);
  }
  w.int64(commit_ts);
  if (version == 1) w.int64(expire_ts);
  if (version >= 4) w.tagged_fields();
  return w.take();
}

// ---- Classic group metadata -----------------------------------------------------------------------

Bytes encode_consumer_protocol_assignment(const AssignmentMap& assignment, std::int16_t version) {
  ByteWriter w;
  w.int16(version).array_count(static_cast<std::int32_t>(assignment.size()));
  for (const auto& [topic, partitions] : assignment) {
    w.string(topic).array_count(static_cast<std::int32_t>(partitions.size()));
    for (auto p : partitions) w.int32(p);
  }
  w.int32(0);  // user_data: empty
  return w.take();
}

Bytes encode_group_metadata_key(std::string_view group) {
  return encode_group_key(type_of(kafka::RecordType::group_metadata), group);
}

Bytes encode_group_metadata_value(std::int16_t version, std::string_view protocol_type, std::int32_t generation,
                                  const std::optional<std::string>& protocol, const std::optional<std::string>& leader,
                                  const std::vector<MemberSpec>& members, std::int64_t current_state_timestamp_ms) {
  const bool flexible = version >= 4;
  ByteWriter w;
  auto str = [&](std::string_view s) -> ByteWriter& {
    if (flexible) return w.compact_string(s);
    return w.string(s);
  };
  auto nullable = [&](const std::optional<std::string>& s) -> ByteWriter& {
    if (flexible) return w.compact_nullable_string(s);
    return w.nullable_string(s);
  };
  auto blob = [&](std::span<const std::byte> b) -> ByteWriter& {
    if (flexible) return w.compact_bytes(b);
    return w.bytes(b);
  };

  w.int16(version);
  str(protocol_type);
  w.int32(generation);
  nullable(protocol);
  nullable(leader);
  if (version >= 2) w.int64(current_state_timestamp_ms);
  if (flexible) {
    w.compact_array_count(members.size());
  } else {
    w.array_count(static_cast<std::int32_t>(members.size()));
  }
  for (const auto& m : members) {
    str(m.member_id);
    if (version >= 3) nullable(m.group_instance_id);
    str(m.client_id);
    str(m.client_host);
    if (version >= 1) w.int32(m.rebalance_timeout_ms);
    w.int32(m.session_timeout_ms);
    blob(m.subscription);
    blob(m.raw_assignment ? *m.raw_assignment : encode_consumer_protocol_assignment(m.assignment));
    if (flexible) w.tagged_fields();
  }
  if (flexible) w.tagged_fields();
  return w.take();
}

// ---- KIP-848 consumer groups ----------------------------------------------------------------------

Bytes encode_group_key(std::int16_t type, std::string_view group) {
  return ByteWriter{}.int16(type).string(group).take();
}

Bytes encode_member_key(std::int16_t type, std::string_view group, std::string_view member_id) {
  return ByteWriter{}.int16(type).string(group).string(member_id).take();
}

Bytes encode_consumer_group_metadata_key(std::string_view group) {
  return encode_group_key(type_of(kafka::RecordType::consumer_group_metadata), group);
}

Bytes encode_consumer_group_metadata_value(std::int32_t epoch, std::optional<std::int64_t> metadata_hash) {
  ByteWriter w;
  w.int16(0).int32(epoch);
  if (metadata_hash) {
    w.tagged_fields({{0, ByteWriter{}.int64(*metadata_hash).take()}});
  } else {
    w.tagged_fields();
  }
  return w.take();
}

Bytes encode_consumer_group_partition_metadata_key(std::string_view group) {
  return encode_group_key(type_of(kafka::RecordType::consumer_group_partition_metadata), group);
}

Bytes encode_consumer_group_partition_metadata_value(const std::vector<kafka::TopicMetadata>& topics) {
  ByteWriter w;
  w.int16(0).compact_array_count(topics.size());
  for (const auto& t : topics) {
    w.uuid(t.topic_id).compact_string(t.topic).int32(t.partition_count);
    w.compact_array_count(0);  // PartitionMetadata: racks, unused after 4.0
    w.tagged_fields();
  }
  w.tagged_fields();
  return w.take();
}

Bytes encode_consumer_group_member_metadata_key(std::string_view group, std::string_view member_id) {
  return encode_member_key(type_of(kafka::RecordType::consumer_group_member_metadata), group, member_id);
}

Bytes encode_consumer_group_member_metadata_value(const kafka::ConsumerGroupMemberMetadataValue& value) {
  ByteWriter w;
  w.int16(0)
      .compact_nullable_string(value.instance_id)
      .compact_nullable_string(value.rack_id)
      .compact_string(value.client_id)
      .compact_string(value.client_host)
      .compact_array_count(value.subscribed_topic_names.size());
  for (const auto& topic : value.subscribed_topic_names) w.compact_string(topic);
  w.compact_nullable_string(value.subscribed_topic_regex)
      .int32(value.rebalance_timeout_ms)
      .compact_nullable_string(value.server_assignor)
      .tagged_fields();
  return w.take();
}

Bytes encode_consumer_group_current_member_assignment_key(std::string_view group, std::string_view member_id) {
  return encode_member_key(type_of(kafka::RecordType::consumer_group_current_member_assignment), group, member_id);
}

Bytes encode_consumer_group_current_member_assignment_value(
    const kafka::ConsumerGroupCurrentMemberAssignmentValue& value) {
  ByteWriter w;
  auto topics = [&w](const std::vector<kafka::TopicIdPartitions>& list) {
    w.compact_array_count(list.size());
    for (const auto& t : list) {
      w.uuid(t.topic_id).compact_array_count(t.partitions.size());
      for (auto p : t.partitions) w.int32(p);
      w.tagged_fields();
    }
  };
  w.int16(0).int32(value.member_epoch).int32(value.previous_member_epoch).int8(value.state);
  topics(value.assigned_partitions);
  topics(value.partitions_pending_revocation);
  w.tagged_fields();
  return w.take();
}

}  // namespace warren::mock
