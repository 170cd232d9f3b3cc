// Dispatch of __consumer_offsets records by key type, key decoding and tombstones. Keys are never
// flexible: every key schema (group-coordinator/src/main/resources/common/message/*Key.json) is a
// classic STRING group id, followed for some types by a topic/partition or a member id.
#include "core/kafka/offsets_record.hpp"

#include <array>
#include <string>
#include <utility>

#include "core/kafka/record_decoders.hpp"

namespace warren::kafka {

namespace {

constexpr std::array<std::string_view, 25> kTypeNames = {
    "offset_commit",  // type 0 is the legacy key of the same record
    "offset_commit",
    "group_metadata",
    "consumer_group_metadata",
    "consumer_group_partition_metadata",
    "consumer_group_member_metadata",
    "consumer_group_target_assignment_metadata",
    "consumer_group_target_assignment_member",
    "consumer_group_current_member_assignment",
    "share_group_partition_metadata",
    "share_group_member_metadata",
    "share_group_metadata",
    "share_group_target_assignment_metadata",
    "share_group_target_assignment_member",
    "share_group_current_member_assignment",
    "share_group_state_partition_metadata",
    "consumer_group_regular_expression",
    "streams_group_metadata",
    "streams_group_partition_metadata",
    "streams_group_member_metadata",
    "streams_group_target_assignment_metadata",
    "streams_group_target_assignment_member",
    "streams_group_current_member_assignment",
    "streams_group_topology",
    "streams_group_target_assignment_resolved_topic_ids",
};

// Words for messages: "consumer_group_metadata" -> "consumer group metadata".
std::string words(std::string_view kind) {
  std::string text{kind};
  for (char& c : text) {
    if (c == '_') c = ' ';
  }
  return text;
}

// Decodes an optional value: nullopt for a tombstone, otherwise version check and body. Errors
// are prefixed with the record kind and value version.
template <typename Value, typename Body>
Result<std::optional<Value>> decode_value(std::string_view kind, std::optional<std::span<const std::byte>> bytes,
                                          std::int16_t max_version, Body&& body) {
  // Kafka writes a tombstone as a null value; Burrow and the broker's loader also treat an empty
  // value as one.
  if (!bytes || bytes->empty()) return std::optional<Value>{};
  ByteReader reader(*bytes);
  auto version = reader.read_int16("version");
  if (!version) return with_context(version.error(), words(kind) + " value: ");
  if (*version < 0 || *version > max_version) {
    return make_error(ErrorCode::unsupported_version,
                      words(kind) + " value: unsupported version " + std::to_string(*version));
  }
  Result<Value> value = body(reader, *version);
  if (!value) return with_context(value.error(), words(kind) + " value v" + std::to_string(*version) + ": ");
  return std::optional<Value>{std::move(value).value()};
}

Error key_error(const Error& error, std::string_view kind) { return with_context(error, words(kind) + " key: "); }

Result<OffsetsRecord> decode_offset_commit(ByteReader& key, std::optional<std::span<const std::byte>> value) {
  constexpr std::string_view kind = "offset_commit";
  OffsetCommit record;
  auto group = key.read_string("group");
  if (!group) return key_error(group.error(), kind);
  auto topic = key.read_string("topic");
  if (!topic) return key_error(topic.error(), kind);
  auto partition = key.read_int32("partition");
  if (!partition) return key_error(partition.error(), kind);
  record.group = std::move(group).value();
  record.topic = std::move(topic).value();
  record.partition = *partition;
  // Key types 0 and 1 share the value decoder, as in Burrow: brokers paired key 0 with value 0,
  // and a lenient pairing costs nothing.
  auto decoded = decode_value<OffsetCommitValue>(kind, value, detail::kOffsetCommitValueMaxVersion,
                                                 detail::decode_offset_commit_value);
  if (!decoded) return decoded.error();
  record.value = std::move(decoded).value();
  return OffsetsRecord{std::move(record)};
}

// Records keyed by group id only.
template <typename Record, typename Value, typename Body>
Result<OffsetsRecord> decode_group_keyed(std::string_view kind, ByteReader& key,
                                         std::optional<std::span<const std::byte>> value, std::int16_t max_version,
                                         Body&& body) {
  auto group = key.read_string("group");
  if (!group) return key_error(group.error(), kind);
  auto decoded = decode_value<Value>(kind, value, max_version, std::forward<Body>(body));
  if (!decoded) return decoded.error();
  return OffsetsRecord{Record{.group = std::move(group).value(), .value = std::move(decoded).value()}};
}

// Records keyed by group id and member id.
template <typename Record, typename Value, typename Body>
Result<OffsetsRecord> decode_member_keyed(std::string_view kind, ByteReader& key,
                                          std::optional<std::span<const std::byte>> value, Body&& body) {
  auto group = key.read_string("group");
  if (!group) return key_error(group.error(), kind);
  auto member_id = key.read_string("member_id");
  if (!member_id) return key_error(member_id.error(), kind);
  auto decoded = decode_value<Value>(kind, value, 0, std::forward<Body>(body));
  if (!decoded) return decoded.error();
  return OffsetsRecord{Record{.group = std::move(group).value(),
                              .member_id = std::move(member_id).value(),
                              .value = std::move(decoded).value()}};
}

// Adapts a version-0-only decoder to the (reader, version) shape decode_value() calls.
template <typename Decoder>
auto version_zero(Decoder decoder) {
  return [decoder](ByteReader& reader, std::int16_t) { return decoder(reader); };
}

}  // namespace

std::string_view record_type_name(std::int16_t type) {
  if (type < 0 || static_cast<std::size_t>(type) >= kTypeNames.size()) return {};
  return kTypeNames[static_cast<std::size_t>(type)];
}

std::optional<OffsetCommitView> decode_offset_commit_view(std::span<const std::byte> key,
                                                          std::optional<std::span<const std::byte>> value) {
  ByteReader r(key);
  auto type = r.read_int16("type");
  if (!type || (*type != static_cast<std::int16_t>(RecordType::legacy_offset_commit) &&
                *type != static_cast<std::int16_t>(RecordType::offset_commit))) {
    return std::nullopt;
  }
  auto group = r.read_string_view("group");
  auto topic = group ? r.read_string_view("topic") : Result<std::string_view>(group.error());
  auto partition = topic ? r.read_int32("partition") : Result<std::int32_t>(topic.error());
  if (!partition) return std::nullopt;
  auto decoded = decode_value<OffsetCommitValue>("offset_commit", value, detail::kOffsetCommitValueMaxVersion,
                                                 detail::decode_offset_commit_value);
  if (!decoded) return std::nullopt;
  OffsetCommitView view{.group = *group, .topic = *topic, .partition = *partition, .tombstone = !*decoded};
  if (*decoded) {
    view.offset = (*decoded)->offset;
    view.commit_timestamp_ms = (*decoded)->commit_timestamp_ms;
  }
  return view;
}

Result<OffsetsRecord> decode_offsets_record(std::span<const std::byte> key,
                                            std::optional<std::span<const std::byte>> value) {
  ByteReader key_reader(key);
  auto type = key_reader.read_int16("type");
  if (!type) return with_context(type.error(), "record key: ");

  switch (static_cast<RecordType>(*type)) {
    case RecordType::legacy_offset_commit:
    case RecordType::offset_commit: return decode_offset_commit(key_reader, value);
    case RecordType::group_metadata:
      return decode_group_keyed<GroupMetadata, GroupMetadataValue>("group_metadata", key_reader, value,
                                                                   detail::kGroupMetadataValueMaxVersion,
                                                                   detail::decode_group_metadata_value);
    case RecordType::consumer_group_metadata:
      return decode_group_keyed<ConsumerGroupMetadata, ConsumerGroupMetadataValue>(
          "consumer_group_metadata", key_reader, value, 0, version_zero(detail::decode_consumer_group_metadata_value));
    case RecordType::consumer_group_partition_metadata:
      return decode_group_keyed<ConsumerGroupPartitionMetadata, ConsumerGroupPartitionMetadataValue>(
          "consumer_group_partition_metadata", key_reader, value, 0,
          version_zero(detail::decode_consumer_group_partition_metadata_value));
    case RecordType::consumer_group_member_metadata:
      return decode_member_keyed<ConsumerGroupMemberMetadata, ConsumerGroupMemberMetadataValue>(
          "consumer_group_member_metadata", key_reader, value,
          version_zero(detail::decode_consumer_group_member_metadata_value));
    case RecordType::consumer_group_current_member_assignment:
      return decode_member_keyed<ConsumerGroupCurrentMemberAssignment, ConsumerGroupCurrentMemberAssignmentValue>(
          "consumer_group_current_member_assignment", key_reader, value,
          version_zero(detail::decode_consumer_group_current_member_assignment_value));
    default: break;
  }

  const auto kind = record_type_name(*type);
  if (kind.empty()) {
    return make_error(ErrorCode::unsupported_version, "record key: unknown record type " + std::to_string(*type));
  }
  return OffsetsRecord{Skipped{.type = *type, .kind = kind}};
}

std::string_view kind_name(const OffsetsRecord& record) {
  struct Visitor {
    std::string_view operator()(const OffsetCommit&) const { return "offset_commit"; }
    std::string_view operator()(const GroupMetadata&) const { return "group_metadata"; }
    std::string_view operator()(const ConsumerGroupMetadata&) const { return "consumer_group_metadata"; }
    std::string_view operator()(const ConsumerGroupPartitionMetadata&) const {
      return "consumer_group_partition_metadata";
    }
    std::string_view operator()(const ConsumerGroupMemberMetadata&) const { return "consumer_group_member_metadata"; }
    std::string_view operator()(const ConsumerGroupCurrentMemberAssignment&) const {
      return "consumer_group_current_member_assignment";
    }
    std::string_view operator()(const Skipped& skipped) const { return skipped.kind; }
  };
  return std::visit(Visitor{}, record);
}

}  // namespace warren::kafka
