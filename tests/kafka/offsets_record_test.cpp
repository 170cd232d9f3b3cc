// decode_offsets_record() on classic records: offset commits (key types 0/1, value versions 0..4)
// and group metadata (key type 2, value versions 0..4). Every version has a hand-written byte
// literal checked independently of the test encoder, then encoder-built vectors cover variants.
#include "core/kafka/offsets_record.hpp"

#include <doctest/doctest.h>

#include "core/mock/offsets_encoder.hpp"
#include "tests/support/offsets_decoding.hpp"

namespace warren::kafka {
namespace {

using mock::Bytes;
using mock::bytes;
using testing::decode_error;
using testing::decode_error_code;
using testing::decoded_as;

// Key: type 1, group "g", topic "t", partition 3.
const Bytes kCommitKey = bytes({0x00, 0x01, 0x00, 0x01, 'g', 0x00, 0x01, 't', 0x00, 0x00, 0x00, 0x03});

TEST_SUITE("kafka") {
  TEST_CASE("offset commit: hand-written literals for every value version") {
    struct Vector {
      const char* name;
      Bytes value;
      OffsetCommitValue expected;
    };
    // offset 42 = 00..2a, commit timestamp 1000 = 00..03 e8, expire 2000 = 00..07 d0, metadata "m".
    const Vector vectors[] = {
        {"v0: offset, metadata, commit timestamp",
         bytes({0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0x2a, 0x00, 0x01, 'm', 0, 0, 0, 0, 0, 0, 0x03, 0xe8}),
         {.version = 0, .offset = 42, .metadata = "m", .commit_timestamp_ms = 1000}},
        {"v1: v0 + expire timestamp",
         bytes({0x00, 0x01, 0, 0, 0,    0,    0, 0, 0, 0x2a, 0x00, 0x01, 'm',  0,   0,
                0,    0,    0, 0, 0x03, 0xe8, 0, 0, 0, 0,    0,    0,    0x07, 0xd0}),
         {.version = 1, .offset = 42, .metadata = "m", .commit_timestamp_ms = 1000, .expire_timestamp_ms = 2000}},
        {"v2: the v0 fields again",
         bytes({0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 0x2a, 0x00, 0x01, 'm', 0, 0, 0, 0, 0, 0, 0x03, 0xe8}),
         {.version = 2, .offset = 42, .metadata = "m", .commit_timestamp_ms = 1000}},
        {"v3: leader epoch after the offset",
         bytes({0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 0x2a, 0, 0, 0, 0x05, 0x00, 0x01, 'm', 0, 0, 0, 0, 0, 0, 0x03, 0xe8}),
         {.version = 3, .offset = 42, .leader_epoch = 5, .metadata = "m", .commit_timestamp_ms = 1000}},
        {"v4: flexible, compact metadata and tagged fields",
         bytes({0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0x2a, 0, 0, 0, 0x05, 0x02, 'm', 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0x00}),
         {.version = 4, .offset = 42, .leader_epoch = 5, .metadata = "m", .commit_timestamp_ms = 1000}},
        {"v4 with a tagged topic id (tag 0, 16 bytes) as Kafka trunk writes it",
         bytes({0x00, 0x04, 0,    0,    0,    0, 0, 0, 0, 0x2a, 0xff, 0xff, 0xff, 0xff, 0x01, 0,  0,  0,  0,  0,  0,
                0x03, 0xe8, 0x01, 0x00, 0x10, 1, 2, 3, 4, 5,    6,    7,    8,    9,    10,   11, 12, 13, 14, 15, 16}),
         {.version = 4, .offset = 42, .leader_epoch = -1, .metadata = "", .commit_timestamp_ms = 1000}},
    };
    for (const auto& v : vectors) {
      CAPTURE(v.name);
      const auto commit = decoded_as<OffsetCommit>(kCommitKey, v.value);
      CHECK(commit.group == "g");
      CHECK(commit.topic == "t");
      CHECK(commit.partition == 3);
      REQUIRE(commit.value.has_value());
      CHECK(*commit.value == v.expected);
    }
  }

  TEST_CASE("offset commit: the encoder agrees with the literals") {
    CHECK(mock::encode_offset_commit_key("g", "t", 3) == kCommitKey);
    CHECK(mock::encode_offset_commit_value(3, 42, 1000, "m", 5) ==
          bytes({0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 0x2a, 0, 0, 0, 0x05, 0x00, 0x01, 'm', 0, 0, 0, 0, 0, 0, 0x03, 0xe8}));
  }

  TEST_CASE("offset commit: legacy key type 0 decodes the same record") {
    const auto key = mock::encode_offset_commit_key("group-a", "orders", 7, 0);
    const auto commit = decoded_as<OffsetCommit>(key, mock::encode_offset_commit_value(0, 99, 5));
    CHECK(commit.group == "group-a");
    CHECK(commit.topic == "orders");
    CHECK(commit.partition == 7);
    CHECK(commit.value->offset == 99);
  }

  TEST_CASE("offset commit: every version round-trips through the encoder") {
    for (std::int16_t version = 0; version <= 4; ++version) {
      CAPTURE(version);
      const auto value =
          mock::encode_offset_commit_value(version, 1234567890123, 1700000000000, "meta", 17, 1800000000000);
      const auto commit = decoded_as<OffsetCommit>(mock::encode_offset_commit_key("grp", "topic", 11), value);
      REQUIRE(commit.value.has_value());
      CHECK(commit.value->version == version);
      CHECK(commit.value->offset == 1234567890123);
      CHECK(commit.value->commit_timestamp_ms == 1700000000000);
      CHECK(commit.value->metadata == "meta");
      CHECK(commit.value->leader_epoch == (version >= 3 ? 17 : -1));
      CHECK(commit.value->expire_timestamp_ms ==
            (version == 1 ? std::optional<std::int64_t>{1800000000000} : std::nullopt));
    }
  }

  TEST_CASE("offset commit: v4 metadata of 127 bytes and more (Burrow reads the length as one byte)") {
    for (std::size_t size : {126u, 127u, 128u, 200u, 4096u}) {
      CAPTURE(size);
      const std::string metadata(size, 'x');
      const auto value = mock::encode_offset_commit_value(4, 77, 1000, metadata, 2);
      const auto commit = decoded_as<OffsetCommit>(kCommitKey, value);
      CHECK(commit.value->metadata == metadata);
      CHECK(commit.value->commit_timestamp_ms == 1000);
    }
    // The varint itself, hand-checked: 200 bytes -> length + 1 = 201 = 0xc9 0x01.
    const auto value = mock::encode_offset_commit_value(4, 77, 1000, std::string(200, 'x'), 2);
    CHECK(value[14] == std::byte{0xc9});
    CHECK(value[15] == std::byte{0x01});
  }

  TEST_CASE("offset commit: tombstones") {
    SUBCASE("no value") {
      const auto commit = decoded_as<OffsetCommit>(kCommitKey, std::nullopt);
      CHECK(commit.group == "g");
      CHECK_FALSE(commit.value.has_value());
    }
    SUBCASE("an empty value") {
      const auto commit = decoded_as<OffsetCommit>(kCommitKey, Bytes{});
      CHECK_FALSE(commit.value.has_value());
    }
  }

  TEST_CASE("offset commit: negative lengths and bad versions") {
    SUBCASE("null group in the key") {
      const auto key = bytes({0x00, 0x01, 0xff, 0xff, 0x00, 0x01, 't', 0x00, 0x00, 0x00, 0x03});
      CHECK(decode_error(key, std::nullopt) ==
            "offset commit key: group: negative length -1 for a non-nullable string");
    }
    SUBCASE("negative metadata length") {
      const auto value = bytes({0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0x2a, 0xff, 0xfe, 0, 0, 0, 0, 0, 0, 0x03, 0xe8});
      CHECK(decode_error(kCommitKey, value) ==
            "offset commit value v0: metadata: negative length -2 for a non-nullable string");
      CHECK(decode_error_code(kCommitKey, value) == ErrorCode::malformed);
    }
    SUBCASE("v4 metadata null") {
      const auto value =
          bytes({0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0x2a, 0, 0, 0, 0, 0x00, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0});
      CHECK(decode_error(kCommitKey, value) ==
            "offset commit value v4: metadata: null for a non-nullable compact string");
    }
    SUBCASE("v4 metadata length as an overlong varint") {
      const auto value = bytes({0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0x2a, 0, 0, 0, 0, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00});
      CHECK(decode_error(kCommitKey, value) == "offset commit value v4: metadata: varint longer than 5 bytes");
    }
    SUBCASE("unknown value versions") {
      for (std::int16_t version : {5, 6, 100, -1}) {
        CAPTURE(version);
        auto value = mock::encode_offset_commit_value(4, 1, 1);
        value[0] = static_cast<std::byte>(static_cast<std::uint16_t>(version) >> 8);
        value[1] = static_cast<std::byte>(version & 0xff);
        CHECK(decode_error(kCommitKey, value) == "offset commit value: unsupported version " + std::to_string(version));
        CHECK(decode_error_code(kCommitKey, value) == ErrorCode::unsupported_version);
      }
    }
    SUBCASE("a value too short for its version") {
      CHECK(decode_error(kCommitKey, bytes({0x00})) == "offset commit value: version: needs 2 bytes, 1 remaining");
    }
  }

  TEST_CASE("record keys: empty, unknown and skipped types") {
    CHECK(decode_error(Bytes{}, std::nullopt) == "record key: type: needs 2 bytes, 0 remaining");
    CHECK(decode_error(bytes({0x01}), std::nullopt) == "record key: type: needs 2 bytes, 1 remaining");
    for (std::int16_t type : {25, 99, 1000, -1}) {
      CAPTURE(type);
      const auto key = mock::encode_group_key(type, "g");
      CHECK(decode_error(key, bytes({0x00, 0x00})) == "record key: unknown record type " + std::to_string(type));
      CHECK(decode_error_code(key, std::nullopt) == ErrorCode::unsupported_version);
    }
    struct Known {
      std::int16_t type;
      std::string_view kind;
    };
    const Known skipped[] = {
        {6, "consumer_group_target_assignment_metadata"},
        {7, "consumer_group_target_assignment_member"},
        {9, "share_group_partition_metadata"},
        {10, "share_group_member_metadata"},
        {11, "share_group_metadata"},
        {12, "share_group_target_assignment_metadata"},
        {13, "share_group_target_assignment_member"},
        {14, "share_group_current_member_assignment"},
        {15, "share_group_state_partition_metadata"},
        {16, "consumer_group_regular_expression"},
        {17, "streams_group_metadata"},
        {18, "streams_group_partition_metadata"},
        {19, "streams_group_member_metadata"},
        {20, "streams_group_target_assignment_metadata"},
        {21, "streams_group_target_assignment_member"},
        {22, "streams_group_current_member_assignment"},
        {23, "streams_group_topology"},
        {24, "streams_group_target_assignment_resolved_topic_ids"},
    };
    for (const auto& k : skipped) {
      CAPTURE(k.type);
      const auto record = decoded_as<Skipped>(mock::encode_member_key(k.type, "g", "m"), bytes({0x00, 0x00, 0x01}));
      CHECK(record.type == k.type);
      CHECK(record.kind == k.kind);
      auto result = testing::decode(mock::encode_group_key(k.type, "g"), std::nullopt);
      REQUIRE(result.ok());
      CHECK(kind_name(*result) == k.kind);
    }
  }
}

}  // namespace
}  // namespace warren::kafka
