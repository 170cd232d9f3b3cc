// decode_offsets_record() on the KIP-848 consumer-group records warren reads for ownership:
// group metadata (type 3), partition metadata (4), member metadata (5) and current member
// assignment (8). All values are version 0 and flexible.
#include <doctest/doctest.h>

#include "core/kafka/offsets_record.hpp"
#include "core/mock/offsets_encoder.hpp"
#include "tests/support/offsets_decoding.hpp"

namespace warren::kafka {
namespace {

using mock::Bytes;
using mock::bytes;
using testing::decode_error;
using testing::decode_error_code;
using testing::decoded_as;

Uuid test_uuid(std::uint8_t first) {
  Uuid id{};
  for (std::size_t i = 0; i < id.size(); ++i) id[i] = static_cast<std::uint8_t>(first + i);
  return id;
}

Bytes with_uuid(Bytes head, std::uint8_t first, const Bytes& tail) {
  for (auto b : test_uuid(first)) head.push_back(static_cast<std::byte>(b));
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

const Bytes kMemberMetadataKey = bytes({0x00, 0x05, 0x00, 0x01, 'g', 0x00, 0x02, 'm', '1'});
const Bytes kAssignmentKey = bytes({0x00, 0x08, 0x00, 0x01, 'g', 0x00, 0x02, 'm', '1'});
const Bytes kGroupKey = bytes({0x00, 0x03, 0x00, 0x01, 'g'});
const Bytes kPartitionMetadataKey = bytes({0x00, 0x04, 0x00, 0x01, 'g'});

TEST_SUITE("kafka") {
  TEST_CASE("consumer group metadata: literals, 4.1's tagged metadata hash, tombstone") {
    const auto plain = decoded_as<ConsumerGroupMetadata>(kGroupKey, bytes({0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00}));
    CHECK(plain.group == "g");
    CHECK(plain.value == ConsumerGroupMetadataValue{.epoch = 7});

    const auto hashed = decoded_as<ConsumerGroupMetadata>(
        kGroupKey, bytes({0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x01, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8}));
    CHECK(hashed.value == ConsumerGroupMetadataValue{.epoch = 7});
    CHECK(mock::encode_consumer_group_metadata_value(7, 0x0102030405060708) ==
          bytes({0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x01, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8}));

    CHECK_FALSE(decoded_as<ConsumerGroupMetadata>(kGroupKey, std::nullopt).value.has_value());
    CHECK(decode_error(kGroupKey, bytes({0x00, 0x01, 0x00})) == "consumer group metadata value: unsupported version 1");
    CHECK(decode_error_code(kGroupKey, bytes({0x00, 0x01, 0x00})) == ErrorCode::unsupported_version);
  }

  TEST_CASE("consumer group partition metadata: literal maps topic ids to names") {
    const Bytes value = with_uuid(bytes({0x00, 0x00, 0x02}), 0x10,
                                  bytes({0x07, 'o',  'r',  'd',  'e',  'r',  's',                   // topic name
                                         0x00, 0x00, 0x00, 0x03,                                    // partitions
                                         0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 'r', '1', 0x00,  // racks of p0
                                         0x00,                                                      // topic tags
                                         0x00}));                                                   // value tags
    const auto record = decoded_as<ConsumerGroupPartitionMetadata>(kPartitionMetadataKey, value);
    CHECK(record.group == "g");
    REQUIRE(record.value.has_value());
    const std::vector<TopicMetadata> expected = {
        {.topic_id = test_uuid(0x10), .topic = "orders", .partition_count = 3}};
    CHECK(record.value->topics == expected);

    CHECK(mock::encode_consumer_group_partition_metadata_value(expected).size() == value.size() - 9);
    const auto round_trip = decoded_as<ConsumerGroupPartitionMetadata>(
        kPartitionMetadataKey, mock::encode_consumer_group_partition_metadata_value(expected));
    CHECK(round_trip.value->topics == expected);
  }

  TEST_CASE("consumer group member metadata: literal with a classic-member tagged field") {
    const Bytes value = bytes({0x00, 0x00,                                   // version 0
                               0x00,                                         // instance id: null
                               0x03, 'r',  '1',                              // rack id
                               0x02, 'c',                                    // client id
                               0x04, '/',  'h',  '1',                        // client host
                               0x02, 0x02, 't',                              // subscribed topics ["t"]
                               0x00,                                         // regex: null
                               0x00, 0x04, 0x93, 0xe0,                       // rebalance timeout 300000
                               0x08, 'u',  'n',  'i',  'f',  'o', 'r', 'm',  // server assignor
                               0x01, 0x00, 0x06,                             // tag 0, 6 bytes:
                               0x00, 0x00, 0x75, 0x30, 0x01, 0x00});         //   classic member metadata
    const auto record = decoded_as<ConsumerGroupMemberMetadata>(kMemberMetadataKey, value);
    CHECK(record.group == "g");
    CHECK(record.member_id == "m1");
    REQUIRE(record.value.has_value());
    const ConsumerGroupMemberMetadataValue expected{.instance_id = std::nullopt,
                                                    .rack_id = "r1",
                                                    .client_id = "c",
                                                    .client_host = "/h1",
                                                    .subscribed_topic_names = {"t"},
                                                    .subscribed_topic_regex = std::nullopt,
                                                    .rebalance_timeout_ms = 300000,
                                                    .server_assignor = "uniform"};
    CHECK(*record.value == expected);
    CHECK(mock::encode_consumer_group_member_metadata_key("g", "m1") == kMemberMetadataKey);
  }

  TEST_CASE("consumer group member metadata: encoder round trip, tombstone, errors") {
    const ConsumerGroupMemberMetadataValue value{.instance_id = "static-7",
                                                 .rack_id = std::nullopt,
                                                 .client_id = "svc-consumer",
                                                 .client_host = "/10.1.2.3",
                                                 .subscribed_topic_names = {"a", "b", std::string(300, 'c')},
                                                 .subscribed_topic_regex = "^orders-.*",
                                                 .rebalance_timeout_ms = 45000,
                                                 .server_assignor = std::nullopt};
    const auto key = mock::encode_consumer_group_member_metadata_key("grp", "member-1");
    const auto record =
        decoded_as<ConsumerGroupMemberMetadata>(key, mock::encode_consumer_group_member_metadata_value(value));
    CHECK(record.value == value);

    CHECK_FALSE(decoded_as<ConsumerGroupMemberMetadata>(key, std::nullopt).value.has_value());

    const auto null_client = bytes({0x00, 0x00, 0x00, 0x00, 0x00});
    CHECK(decode_error(kMemberMetadataKey, null_client) ==
          "consumer group member metadata value v0: client_id: null for a non-nullable compact string");
    CHECK(decode_error(bytes({0x00, 0x05, 0x00, 0x01, 'g'}), std::nullopt) ==
          "consumer group member metadata key: member_id: needs 2 bytes, 0 remaining");
  }

  TEST_CASE("consumer group current member assignment: literal") {
    const Bytes value = with_uuid(bytes({0x00, 0x00,              // version 0
                                         0x00, 0x00, 0x00, 0x0a,  // member epoch 10
                                         0x00, 0x00, 0x00, 0x09,  // previous epoch 9
                                         0x00,                    // state: stable
                                         0x02}),                  // one assigned topic:
                                  0x01,
                                  bytes({0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,  // partitions [0, 2]
                                         0x00,                                                  // topic tags
                                         0x01,                                                  // none pending
                                         0x00}));                                               // value tags
    const auto record = decoded_as<ConsumerGroupCurrentMemberAssignment>(kAssignmentKey, value);
    CHECK(record.group == "g");
    CHECK(record.member_id == "m1");
    REQUIRE(record.value.has_value());
    CHECK(record.value->member_epoch == 10);
    CHECK(record.value->previous_member_epoch == 9);
    CHECK(record.value->state == 0);
    REQUIRE(record.value->assigned_partitions.size() == 1);
    CHECK(record.value->assigned_partitions[0].topic_id == test_uuid(0x01));
    CHECK(record.value->assigned_partitions[0].partitions == std::vector<std::int32_t>{0, 2});
    CHECK(record.value->partitions_pending_revocation.empty());
  }

  TEST_CASE("consumer group current member assignment: encoder round trip, tombstone, errors") {
    const ConsumerGroupCurrentMemberAssignmentValue value{
        .member_epoch = 31,
        .previous_member_epoch = 30,
        .state = 1,
        .assigned_partitions = {{.topic_id = test_uuid(0x20), .partitions = {0, 1, 2}},
                                {.topic_id = test_uuid(0x40), .partitions = {}}},
        .partitions_pending_revocation = {{.topic_id = test_uuid(0x60), .partitions = {5}}}};
    const auto key = mock::encode_consumer_group_current_member_assignment_key("grp", "member-1");
    CHECK(key == mock::encode_member_key(8, "grp", "member-1"));
    const auto record = decoded_as<ConsumerGroupCurrentMemberAssignment>(
        key, mock::encode_consumer_group_current_member_assignment_value(value));
    CHECK(record.value == value);

    CHECK_FALSE(decoded_as<ConsumerGroupCurrentMemberAssignment>(key, Bytes{}).value.has_value());

    auto cut = mock::encode_consumer_group_current_member_assignment_value(value);
    cut.resize(2 + 4 + 4 + 1 + 1);  // two assigned topics announced, 18+ bytes each, none present
    CHECK(decode_error(key, cut) ==
          "consumer group current member assignment value v0: assigned_partitions: count 2 cannot fit in 0 remaining "
          "bytes");
    auto one_topic = value;
    one_topic.assigned_partitions.resize(1);
    cut = mock::encode_consumer_group_current_member_assignment_value(one_topic);
    cut.resize(2 + 4 + 4 + 1 + 1 + 16 + 1 + 6);  // inside the first topic's partitions
    CHECK(decode_error(key, cut) ==
          "consumer group current member assignment value v0: assigned_partitions 0: partitions: "
          "count 3 cannot fit in 6 remaining bytes");
    CHECK(decode_error(key, bytes({0x00, 0x02})) ==
          "consumer group current member assignment value: unsupported version 2");
  }
}

}  // namespace
}  // namespace warren::kafka
