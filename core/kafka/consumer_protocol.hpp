// Decoding of the classic consumer protocol's assignment: the opaque "assignment" bytes a group
// leader hands each member, stored per member in GroupMetadataValue records (and returned by
// DescribeGroups).
//
// Layout (clients/src/main/resources/common/message/ConsumerProtocolAssignment.json, never
// flexible): int16 version (>= 0), then ARRAY of {topic STRING, partitions ARRAY of int32}, then
// user_data nullable BYTES. Versions 1..3 only changed the subscription schema, and Kafka parses
// newer versions with its newest layout, assuming fields are only ever appended; this decoder
// does the same and reads nothing after the assigned partitions.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "core/base/result.hpp"
#include "core/kafka/offsets_record.hpp"

namespace warren::kafka {

// Empty bytes decode as an empty assignment (a member between rebalances has none). Errors are
// ErrorCode::malformed naming the field, e.g. "version: negative consumer protocol version -1".
Result<std::vector<TopicPartitions>> decode_consumer_protocol_assignment(std::span<const std::byte> bytes);

}  // namespace warren::kafka
