// Truncation table: every valid record of every kind and version, cut at every length of its key
// and of its value, must fail as malformed (never crash, never succeed on partial data); a few
// cuts also assert which field failed.
#include <doctest/doctest.h>

#include "core/kafka/offsets_record.hpp"
#include "core/mock/offsets_encoder.hpp"
#include "tests/support/offsets_decoding.hpp"

namespace warren::kafka {
namespace {

using mock::Bytes;
using mock::MemberSpec;
using testing::decode;
using testing::decode_error;

struct Sample {
  std::string name;
  Bytes key;
  Bytes value;
};

std::vector<Sample> samples() {
  std::vector<Sample> out;
  const auto commit_key = mock::encode_offset_commit_key("group", "topic", 4);
  for (std::int16_t v = 0; v <= 4; ++v) {
    out.push_back({"offset commit v" + std::to_string(v), commit_key,
                   mock::encode_offset_commit_value(v, 100, 2000, "meta", 3, 4000)});
  }
  const std::vector<MemberSpec> members = {
      {.member_id = "m1",
       .group_instance_id = "i1",
       .client_id = "c1",
       .client_host = "/h1",
       .assignment = {{"t", {0, 1}}, {"u", {2}}}},
      {.member_id = "m2", .client_id = "c2", .client_host = "/h2", .assignment = {{"t", {2}}}},
  };
  for (std::int16_t v = 0; v <= 4; ++v) {
    out.push_back({"group metadata v" + std::to_string(v), mock::encode_group_metadata_key("group"),
                   mock::encode_group_metadata_value(v, "consumer", 3, "range", "m1", members, 5000)});
  }
  out.push_back({"consumer group metadata", mock::encode_consumer_group_metadata_key("group"),
                 mock::encode_consumer_group_metadata_value(9, 1234)});
  Uuid id{};
  id[0] = 1;
  out.push_back(
      {"consumer group partition metadata", mock::encode_consumer_group_partition_metadata_key("group"),
       mock::encode_consumer_group_partition_metadata_value({{.topic_id = id, .topic = "t", .partition_count = 3}})});
  out.push_back({"consumer group member metadata", mock::encode_consumer_group_member_metadata_key("group", "m1"),
                 mock::encode_consumer_group_member_metadata_value({.instance_id = "i",
                                                                    .rack_id = "r",
                                                                    .client_id = "c",
                                                                    .client_host = "/h",
                                                                    .subscribed_topic_names = {"t", "u"},
                                                                    .subscribed_topic_regex = "x.*",
                                                                    .rebalance_timeout_ms = 1,
                                                                    .server_assignor = "range"})});
  out.push_back({"consumer group current member assignment",
                 mock::encode_consumer_group_current_member_assignment_key("group", "m1"),
                 mock::encode_consumer_group_current_member_assignment_value(
                     {.member_epoch = 3,
                      .previous_member_epoch = 2,
                      .state = 0,
                      .assigned_partitions = {{.topic_id = id, .partitions = {0, 1}}},
                      .partitions_pending_revocation = {{.topic_id = id, .partitions = {2}}}})});
  return out;
}

Bytes prefix(const Bytes& bytes, std::size_t length) { return Bytes(bytes.begin(), bytes.begin() + length); }

TEST_SUITE("kafka") {
  TEST_CASE("truncation table: every cut of every record fails as malformed") {
    for (const auto& sample : samples()) {
      CAPTURE(sample.name);
      auto whole = decode(sample.key, sample.value);
      REQUIRE_MESSAGE(whole.ok(), whole.error().message);
      for (std::size_t cut = 0; cut < sample.key.size(); ++cut) {
        CAPTURE(cut);
        auto result = decode(prefix(sample.key, cut), sample.value);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::malformed);
      }
      // A cut to length 0 is an empty value: a tombstone, not an error.
      for (std::size_t cut = 1; cut < sample.value.size(); ++cut) {
        CAPTURE(cut);
        auto result = decode(sample.key, prefix(sample.value, cut));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::malformed);
      }
    }
  }

  TEST_CASE("truncation table: which field failed") {
    const auto key = mock::encode_offset_commit_key("g", "t", 3);
    struct Cut {
      std::string name;
      Bytes key;
      Bytes value;
      std::size_t value_length;
      std::string error;
    };
    const auto v1 = mock::encode_offset_commit_value(1, 42, 1000, "m", -1, 2000);
    const auto v3 = mock::encode_offset_commit_value(3, 42, 1000, "m", 5);
    const auto v4 = mock::encode_offset_commit_value(4, 42, 1000, "m", 5);
    const auto group = mock::encode_group_metadata_value(0, "consumer", 1, "range", "m", {});
    const Cut cuts[] = {
        {"value version", key, v3, 1, "offset commit value: version: needs 2 bytes, 1 remaining"},
        {"offset", key, v3, 6, "offset commit value v3: offset: needs 8 bytes, 4 remaining"},
        {"leader epoch", key, v3, 10, "offset commit value v3: leader_epoch: needs 4 bytes, 0 remaining"},
        {"metadata length", key, v3, 15, "offset commit value v3: metadata: needs 2 bytes, 1 remaining"},
        {"metadata bytes", key, v3, 16, "offset commit value v3: metadata: length 1 exceeds 0 remaining bytes"},
        {"commit timestamp", key, v3, 20, "offset commit value v3: commit_timestamp: needs 8 bytes, 3 remaining"},
        {"expire timestamp", key, v1, v1.size() - 3,
         "offset commit value v1: expire_timestamp: needs 8 bytes, 5 remaining"},
        {"v4 tagged fields", key, v4, v4.size() - 1,
         "offset commit value v4: tagged fields: varint truncated after 0 bytes"},
        {"protocol type", mock::encode_group_metadata_key("g"), group, 7,
         "group metadata value v0: protocol_type: length 8 exceeds 3 remaining bytes"},
        {"member count", mock::encode_group_metadata_key("g"), group, group.size() - 1,
         "group metadata value v0: members: needs 4 bytes, 3 remaining"},
    };
    for (const auto& c : cuts) {
      CAPTURE(c.name);
      CHECK(decode_error(c.key, prefix(c.value, c.value_length)) == c.error);
    }
    CHECK(decode_error(prefix(key, 6), std::nullopt) == "offset commit key: topic: needs 2 bytes, 1 remaining");
    CHECK(decode_error(prefix(key, 10), std::nullopt) == "offset commit key: partition: needs 4 bytes, 2 remaining");
  }
}

}  // namespace
}  // namespace warren::kafka
