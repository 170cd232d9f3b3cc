// decode_offsets_record() on classic group metadata (key type 2, value versions 0..4) and the
// consumer-protocol assignment inside each member.
#include <doctest/doctest.h>

#include "core/kafka/consumer_protocol.hpp"
#include "core/kafka/offsets_record.hpp"
#include "core/mock/offsets_encoder.hpp"
#include "tests/support/offsets_decoding.hpp"

namespace warren::kafka {
namespace {

using mock::Bytes;
using mock::bytes;
using mock::MemberSpec;
using testing::decode_error;
using testing::decoded_as;

const Bytes kGroupKey = bytes({0x00, 0x02, 0x00, 0x01, 'g'});

// ConsumerProtocolAssignment v0: topic "t" partitions [0, 1], empty user data (25 bytes).
Bytes assignment_bytes() {
  return bytes({0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',  0x00, 0x00, 0x00, 0x02,
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00});
}

Bytes concat(Bytes head, const Bytes& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

const std::vector<TopicPartitions> kExpectedAssignment = {{.topic = "t", .partitions = {0, 1}}};

TEST_SUITE("kafka") {
  TEST_CASE("group metadata: hand-written v0 literal") {
    const Bytes value = concat(bytes({0x00, 0x00,                                            // version 0
                                      0x00, 0x08, 'c',  'o',  'n', 's', 'u', 'm', 'e', 'r',  // protocol type
                                      0x00, 0x00, 0x00, 0x05,                                // generation
                                      0x00, 0x05, 'r',  'a',  'n', 'g', 'e',                 // protocol
                                      0x00, 0x02, 'm',  '1',                                 // leader
                                      0x00, 0x00, 0x00, 0x01,                                // one member
                                      0x00, 0x02, 'm',  '1',                                 // member id
                                      0x00, 0x01, 'c',                                       // client id
                                      0x00, 0x03, '/',  'h',  '1',                           // client host
                                      0x00, 0x00, 0x75, 0x30,                                // session 30000
                                      0x00, 0x00, 0x00, 0x00,                                // subscription
                                      0x00, 0x00, 0x00, 0x19}),                              // assignment
                               assignment_bytes());
    const auto group = decoded_as<GroupMetadata>(kGroupKey, value);
    CHECK(group.group == "g");
    REQUIRE(group.value.has_value());
    const auto& v = *group.value;
    CHECK(v.version == 0);
    CHECK(v.protocol_type == "consumer");
    CHECK(v.generation == 5);
    CHECK(v.protocol == "range");
    CHECK(v.leader == "m1");
    CHECK_FALSE(v.current_state_timestamp_ms.has_value());
    REQUIRE(v.members.size() == 1);
    const auto& m = v.members[0];
    CHECK(m.member_id == "m1");
    CHECK_FALSE(m.group_instance_id.has_value());
    CHECK(m.client_id == "c");
    CHECK(m.client_host == "/h1");
    CHECK(m.rebalance_timeout_ms == -1);
    CHECK(m.session_timeout_ms == 30000);
    CHECK(m.assignment == kExpectedAssignment);
    CHECK(m.assignment_error.empty());

    const MemberSpec spec{.member_id = "m1",
                          .client_id = "c",
                          .client_host = "/h1",
                          .session_timeout_ms = 30000,
                          .assignment = {{"t", {0, 1}}}};
    CHECK(mock::encode_group_metadata_value(0, "consumer", 5, "range", "m1", {spec}) == value);
  }

  TEST_CASE("group metadata: hand-written v4 literal (flexible)") {
    const Bytes value = concat(concat(bytes({0x00, 0x04,                                           // version 4
                                             0x09, 'c',  'o',  'n',  's',  'u',  'm',  'e',  'r',  // protocol type
                                             0x00, 0x00, 0x00, 0x05,                               // generation
                                             0x06, 'r',  'a',  'n',  'g',  'e',                    // protocol
                                             0x00,                                                 // leader: null
                                             0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8,       // state timestamp
                                             0x02,                                                 // one member
                                             0x03, 'm',  '1',                                      // member id
                                             0x04, 'i',  'd',  '1',                                // instance id
                                             0x02, 'c',                                            // client id
                                             0x04, '/',  'h',  '1',                                // client host
                                             0x00, 0x04, 0x93, 0xe0,                               // rebalance
                                             0x00, 0x00, 0x75, 0x30,                               // session
                                             0x01,                                                 // subscription
                                             0x1a}),                                               // assignment
                                      assignment_bytes()),
                               bytes({0x00,     // member tagged fields
                                      0x00}));  // value tagged fields
    const auto group = decoded_as<GroupMetadata>(kGroupKey, value);
    REQUIRE(group.value.has_value());
    const auto& v = *group.value;
    CHECK(v.version == 4);
    CHECK(v.protocol == "range");
    CHECK_FALSE(v.leader.has_value());
    CHECK(v.current_state_timestamp_ms == 1000);
    REQUIRE(v.members.size() == 1);
    CHECK(v.members[0].group_instance_id == "id1");
    CHECK(v.members[0].client_host == "/h1");
    CHECK(v.members[0].rebalance_timeout_ms == 300000);
    CHECK(v.members[0].assignment == kExpectedAssignment);
  }

  TEST_CASE("group metadata: every version round-trips through the encoder") {
    const std::vector<MemberSpec> members = {
        {.member_id = "consumer-1-abc",
         .group_instance_id = "static-1",
         .client_id = "consumer-1",
         .client_host = "/10.0.0.1",
         .rebalance_timeout_ms = 60000,
         .session_timeout_ms = 10000,
         .assignment = {{"orders", {0, 2, 4}}, {"payments", {1}}}},
        {.member_id = "consumer-2-def", .client_id = "consumer-2", .client_host = "/10.0.0.2", .assignment = {}},
    };
    for (std::int16_t version = 0; version <= 4; ++version) {
      CAPTURE(version);
      const auto value = mock::encode_group_metadata_value(version, "consumer", 12, "cooperative-sticky",
                                                           "consumer-1-abc", members, 1700000000000);
      const auto group = decoded_as<GroupMetadata>(mock::encode_group_metadata_key("payments-app"), value);
      CHECK(group.group == "payments-app");
      REQUIRE(group.value.has_value());
      const auto& v = *group.value;
      CHECK(v.generation == 12);
      CHECK(v.current_state_timestamp_ms == (version >= 2 ? std::optional<std::int64_t>{1700000000000} : std::nullopt));
      REQUIRE(v.members.size() == 2);
      CHECK(v.members[0].group_instance_id == (version >= 3 ? std::optional<std::string>{"static-1"} : std::nullopt));
      CHECK(v.members[0].rebalance_timeout_ms == (version >= 1 ? 60000 : -1));
      CHECK(v.members[0].session_timeout_ms == 10000);
      const std::vector<TopicPartitions> expected = {{.topic = "orders", .partitions = {0, 2, 4}},
                                                     {.topic = "payments", .partitions = {1}}};
      CHECK(v.members[0].assignment == expected);
      CHECK(v.members[1].assignment == std::vector<TopicPartitions>{});
      CHECK(v.members[1].client_host == "/10.0.0.2");
    }
  }

  TEST_CASE("group metadata: assignments") {
    MemberSpec good{.member_id = "a", .client_id = "ca", .client_host = "/h", .assignment = {{"t", {3}}}};
    MemberSpec bad{.member_id = "b", .client_id = "cb", .client_host = "/h"};

    SUBCASE("non-consumer protocol types are not decoded") {
      const auto value = mock::encode_group_metadata_value(3, "connect", 1, "default", "a", {good});
      const auto group = decoded_as<GroupMetadata>(kGroupKey, value);
      CHECK(group.value->protocol_type == "connect");
      CHECK_FALSE(group.value->members[0].assignment.has_value());
      CHECK(group.value->members[0].assignment_error.empty());
    }
    SUBCASE("a negative consumer protocol version marks only that member unknown") {
      bad.raw_assignment = bytes({0xff, 0xff, 0x00, 0x00, 0x00, 0x00});
      const auto value = mock::encode_group_metadata_value(3, "consumer", 1, "range", "a", {good, bad});
      const auto group = decoded_as<GroupMetadata>(kGroupKey, value);
      CHECK(group.value->members[0].assignment == std::vector<TopicPartitions>{{.topic = "t", .partitions = {3}}});
      CHECK_FALSE(group.value->members[1].assignment.has_value());
      CHECK(group.value->members[1].assignment_error == "version: negative consumer protocol version -1");
    }
    SUBCASE("a truncated assignment marks the member unknown and names the field") {
      bad.raw_assignment = bytes({0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x09, 't', 'o', 'p', 'i', 'c', 0x00});
      const auto value = mock::encode_group_metadata_value(4, "consumer", 1, "range", "a", {bad, good});
      const auto group = decoded_as<GroupMetadata>(kGroupKey, value);
      CHECK_FALSE(group.value->members[0].assignment.has_value());
      CHECK(group.value->members[0].assignment_error == "topic 0: topic: length 9 exceeds 6 remaining bytes");
      CHECK(group.value->members[1].assignment.has_value());
    }
    SUBCASE("newer consumer protocol versions with fields after the partitions") {
      auto raw = mock::encode_consumer_protocol_assignment({{"t", {7, 8}}}, 3);
      for (int extra : {0x00, 0x00, 0x00, 0x2a}) raw.push_back(static_cast<std::byte>(extra));
      auto decoded = decode_consumer_protocol_assignment(raw);
      REQUIRE(decoded.ok());
      CHECK(*decoded == std::vector<TopicPartitions>{{.topic = "t", .partitions = {7, 8}}});
    }
    SUBCASE("empty assignment bytes: a member with nothing assigned") {
      bad.raw_assignment = Bytes{};
      const auto value = mock::encode_group_metadata_value(2, "consumer", 1, "range", "b", {bad});
      const auto group = decoded_as<GroupMetadata>(kGroupKey, value);
      CHECK(group.value->members[0].assignment == std::vector<TopicPartitions>{});
    }
  }

  TEST_CASE("group metadata: null protocol and leader, tombstones, errors") {
    SUBCASE("nullable strings may be null (-1)") {
      const auto value = mock::encode_group_metadata_value(1, "consumer", 0, std::nullopt, std::nullopt, {});
      const auto group = decoded_as<GroupMetadata>(kGroupKey, value);
      CHECK_FALSE(group.value->protocol.has_value());
      CHECK_FALSE(group.value->leader.has_value());
      CHECK(group.value->members.empty());
    }
    SUBCASE("but not below -1") {
      auto value = mock::encode_group_metadata_value(1, "consumer", 0, std::nullopt, std::nullopt, {});
      value[16] = std::byte{0xff};
      value[17] = std::byte{0xfe};  // protocol length -2
      CHECK(decode_error(kGroupKey, value) ==
            "group metadata value v1: protocol: invalid length -2 for a nullable string");
    }
    SUBCASE("tombstones delete the group") {
      CHECK_FALSE(decoded_as<GroupMetadata>(kGroupKey, std::nullopt).value.has_value());
      CHECK_FALSE(decoded_as<GroupMetadata>(kGroupKey, Bytes{}).value.has_value());
    }
    SUBCASE("unknown versions") {
      CHECK(decode_error(kGroupKey, bytes({0x00, 0x05, 0x00})) == "group metadata value: unsupported version 5");
    }
    SUBCASE("a member count that cannot fit") {
      const auto value =
          bytes({0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff});
      CHECK(decode_error(kGroupKey, value) ==
            "group metadata value v0: members: count 2147483647 cannot fit in 0 remaining bytes");
    }
    SUBCASE("a broken member names its index") {
      const MemberSpec m{.member_id = "a", .client_id = "c", .client_host = "/h"};
      auto value = mock::encode_group_metadata_value(1, "consumer", 0, "p", "a", {m, m});
      value.resize(value.size() - 30);  // cuts into the second member's client host
      CHECK(decode_error(kGroupKey, value) ==
            "group metadata value v1: member 1: client_host: needs 2 bytes, 0 remaining");
    }
    SUBCASE("a key without a group") {
      CHECK(decode_error(bytes({0x00, 0x02}), std::nullopt) == "group metadata key: group: needs 2 bytes, 0 remaining");
    }
  }
}

}  // namespace
}  // namespace warren::kafka
