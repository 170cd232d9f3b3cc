// Values of the KIP-848 consumer-group records that tell who owns which partition. All are
// version 0 and flexible. Layouts: group-coordinator/src/main/resources/common/message/
// ConsumerGroup{Metadata,PartitionMetadata,MemberMetadata,CurrentMemberAssignment}Value.json as of
// Kafka 4.0/4.1. The 3.7 early-access layouts were changed incompatibly before 3.8 and are not
// decoded (such records fail as malformed and are skipped).
#include <string>
#include <utility>

#include "core/kafka/record_decoders.hpp"

namespace warren::kafka::detail {

namespace {

// Flexible struct element sizes, for array count checks: a UUID, one-byte compact lengths, one
// byte of tagged fields.
constexpr std::size_t kMinTopicPartitionsSize = 16 + 1 + 1;
constexpr std::size_t kMinTopicMetadataSize = 16 + 1 + 4 + 1 + 1;
constexpr std::size_t kMinPartitionRacksSize = 4 + 1 + 1;

std::string element(std::string_view name, std::size_t index) {
  return std::string{name} + " " + std::to_string(index) + ": ";
}

// TopicPartitions: TopicId uuid, Partitions []int32, tagged fields.
Result<std::vector<TopicIdPartitions>> read_topic_id_partitions(FieldReader& fields, std::string_view field) {
  auto count = fields.array_count(field, kMinTopicPartitionsSize);
  if (!count) return count.error();
  std::vector<TopicIdPartitions> topics;
  topics.reserve(*count);
  for (std::size_t i = 0; i < *count; ++i) {
    auto topic_id = fields.raw().read_uuid("topic_id");
    if (!topic_id) return with_context(topic_id.error(), element(field, i));
    auto partitions = fields.int32_array("partitions");
    if (!partitions) return with_context(partitions.error(), element(field, i));
    auto tagged = fields.end_struct();
    if (!tagged) return with_context(tagged.error(), element(field, i));
    topics.push_back(TopicIdPartitions{.topic_id = *topic_id, .partitions = std::move(partitions).value()});
  }
  return topics;
}

// PartitionMetadata (deprecated after 4.0, still written by 4.0): Partition int32, Racks []string,
// tagged fields. Read to get past it; the racks are not kept.
Result<std::size_t> skip_partition_racks(FieldReader& fields) {
  auto count = fields.array_count("partition_metadata", kMinPartitionRacksSize);
  if (!count) return count.error();
  for (std::size_t i = 0; i < *count; ++i) {
    auto partition = fields.raw().read_int32("partition");
    if (!partition) return with_context(partition.error(), element("partition_metadata", i));
    auto racks = fields.array_count("racks", 1);
    if (!racks) return with_context(racks.error(), element("partition_metadata", i));
    for (std::size_t r = 0; r < *racks; ++r) {
      auto rack = fields.string("rack");
      if (!rack) return with_context(rack.error(), element("partition_metadata", i));
    }
    auto tagged = fields.end_struct();
    if (!tagged) return with_context(tagged.error(), element("partition_metadata", i));
  }
  return *count;
}

}  // namespace

// ConsumerGroupMetadataValue: Epoch int32; 4.1 adds MetadataHash as tagged field 0 (skipped).
Result<ConsumerGroupMetadataValue> decode_consumer_group_metadata_value(ByteReader& reader) {
  FieldReader fields(reader, true);
  auto epoch = reader.read_int32("epoch");
  if (!epoch) return epoch.error();
  auto tagged = fields.end_struct();
  if (!tagged) return tagged.error();
  return ConsumerGroupMetadataValue{.epoch = *epoch};
}

// ConsumerGroupPartitionMetadataValue: Topics []{TopicId uuid, TopicName string, NumPartitions
// int32, PartitionMetadata []{Partition int32, Racks []string}}.
Result<ConsumerGroupPartitionMetadataValue> decode_consumer_group_partition_metadata_value(ByteReader& reader) {
  FieldReader fields(reader, true);
  ConsumerGroupPartitionMetadataValue value;
  auto count = fields.array_count("topics", kMinTopicMetadataSize);
  if (!count) return count.error();
  value.topics.reserve(*count);
  for (std::size_t i = 0; i < *count; ++i) {
    TopicMetadata topic;
    auto topic_id = reader.read_uuid("topic_id");
    if (!topic_id) return with_context(topic_id.error(), element("topic", i));
    topic.topic_id = *topic_id;
    auto name = fields.string("topic_name");
    if (!name) return with_context(name.error(), element("topic", i));
    topic.topic = std::move(name).value();
    auto partitions = reader.read_int32("num_partitions");
    if (!partitions) return with_context(partitions.error(), element("topic", i));
    topic.partition_count = *partitions;
    auto racks = skip_partition_racks(fields);
    if (!racks) return with_context(racks.error(), element("topic", i));
    auto tagged = fields.end_struct();
    if (!tagged) return with_context(tagged.error(), element("topic", i));
    value.topics.push_back(std::move(topic));
  }
  auto tagged = fields.end_struct();
  if (!tagged) return tagged.error();
  return value;
}

// ConsumerGroupMemberMetadataValue: InstanceId string?, RackId string?, ClientId string,
// ClientHost string, SubscribedTopicNames []string, SubscribedTopicRegex string?,
// RebalanceTimeoutMs int32, ServerAssignor string?; ClassicMemberMetadata is tagged field 0
// (members that joined with the classic protocol) and is skipped.
Result<ConsumerGroupMemberMetadataValue> decode_consumer_group_member_metadata_value(ByteReader& reader) {
  FieldReader fields(reader, true);
  ConsumerGroupMemberMetadataValue value;

  auto instance_id = fields.nullable_string("instance_id");
  if (!instance_id) return instance_id.error();
  value.instance_id = std::move(instance_id).value();

  auto rack_id = fields.nullable_string("rack_id");
  if (!rack_id) return rack_id.error();
  value.rack_id = std::move(rack_id).value();

  auto client_id = fields.string("client_id");
  if (!client_id) return client_id.error();
  value.client_id = std::move(client_id).value();

  auto client_host = fields.string("client_host");
  if (!client_host) return client_host.error();
  value.client_host = std::move(client_host).value();

  auto count = fields.array_count("subscribed_topic_names", 1);
  if (!count) return count.error();
  value.subscribed_topic_names.reserve(*count);
  for (std::size_t i = 0; i < *count; ++i) {
    auto topic = fields.string("subscribed_topic_names");
    if (!topic) return topic.error();
    value.subscribed_topic_names.push_back(std::move(topic).value());
  }

  auto regex = fields.nullable_string("subscribed_topic_regex");
  if (!regex) return regex.error();
  value.subscribed_topic_regex = std::move(regex).value();

  auto rebalance_timeout = reader.read_int32("rebalance_timeout");
  if (!rebalance_timeout) return rebalance_timeout.error();
  value.rebalance_timeout_ms = *rebalance_timeout;

  auto assignor = fields.nullable_string("server_assignor");
  if (!assignor) return assignor.error();
  value.server_assignor = std::move(assignor).value();

  auto tagged = fields.end_struct();
  if (!tagged) return tagged.error();
  return value;
}

// ConsumerGroupCurrentMemberAssignmentValue: MemberEpoch int32, PreviousMemberEpoch int32,
// State int8, AssignedPartitions []TopicPartitions, PartitionsPendingRevocation []TopicPartitions.
Result<ConsumerGroupCurrentMemberAssignmentValue> decode_consumer_group_current_member_assignment_value(
    ByteReader& reader) {
  FieldReader fields(reader, true);
  ConsumerGroupCurrentMemberAssignmentValue value;

  auto member_epoch = reader.read_int32("member_epoch");
  if (!member_epoch) return member_epoch.error();
  value.member_epoch = *member_epoch;

  auto previous_epoch = reader.read_int32("previous_member_epoch");
  if (!previous_epoch) return previous_epoch.error();
  value.previous_member_epoch = *previous_epoch;

  auto state = reader.read_int8("state");
  if (!state) return state.error();
  value.state = *state;

  auto assigned = read_topic_id_partitions(fields, "assigned_partitions");
  if (!assigned) return assigned.error();
  value.assigned_partitions = std::move(assigned).value();

  auto pending = read_topic_id_partitions(fields, "partitions_pending_revocation");
  if (!pending) return pending.error();
  value.partitions_pending_revocation = std::move(pending).value();

  auto tagged = fields.end_struct();
  if (!tagged) return tagged.error();
  return value;
}

}  // namespace warren::kafka::detail
