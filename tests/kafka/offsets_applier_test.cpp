// OffsetsApplier: decoded records become commits, owners and deletions in the store.
#include "core/kafka/offsets_applier.hpp"

#include <doctest/doctest.h>

#include "core/store/store.hpp"

using namespace warren;
using namespace warren::kafka;

namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

struct Fixture {
  ManualClock clock{from_unix_ms(kNow)};
  std::unique_ptr<store::Store> st = std::move(store::Store::create({"c"}, {}, clock)).value();
  store::ClusterStore& cs = *st->cluster("c");
  store::GroupFilter filter = std::move(store::GroupFilter::create("", "^console-consumer-")).value();
  OffsetsApplier applier{cs, filter};

  Fixture() {
    for (int p = 0; p < 3; ++p) cs.set_broker_offset("orders", p, 3, 100, kNow);
    cs.set_broker_offset("audit", 0, 1, 10, kNow);
  }
  void commit(const std::string& group, const std::string& topic, int partition, std::int64_t offset,
              std::int64_t order) {
    applier.apply(OffsetCommit{.group = group,
                               .topic = topic,
                               .partition = partition,
                               .value = OffsetCommitValue{.version = 3, .offset = offset, .commit_timestamp_ms = kNow}},
                  order);
  }
  std::string owner(const std::string& group, std::size_t topic, std::size_t partition) {
    auto g = cs.group(group);
    REQUIRE(g);
    return g->topics.at(topic).partitions.at(partition).owner();
  }
};

Uuid id(std::uint8_t n) {
  Uuid u{};
  u[15] = n;
  return u;
}

}  // namespace

TEST_SUITE("kafka") {
  TEST_CASE("offset commits are stored with the record offset as order, tombstones and filtered groups are not") {
    Fixture f;
    f.commit("g", "orders", 1, 42, 7);
    auto g = f.cs.group("g");
    REQUIRE(g);
    const auto& commits = g->topics[0].partitions[1].commits;
    REQUIRE(commits.size() == 1);
    CHECK(commits[0].offset == 42);
    CHECK(commits[0].order == 7);
    CHECK(commits[0].lag() == 58);

    f.applier.apply(OffsetCommit{.group = "g", .topic = "orders", .partition = 1, .value = std::nullopt}, 8);
    CHECK(f.cs.group("g")->topics[0].partitions[1].commits.size() == 1);
    CHECK(f.applier.ignored().get("offset_commit_tombstone") == 1);

    f.commit("console-consumer-123", "orders", 0, 1, 9);
    CHECK_FALSE(f.cs.group("console-consumer-123"));
    CHECK(f.applier.applied().get("offset_commit") == 1);
  }

  TEST_CASE("classic group metadata sets owners, an empty group clears them, a tombstone deletes the group") {
    Fixture f;
    f.commit("g", "orders", 0, 10, 1);
    GroupMember m1{.member_id = "m1", .client_id = "app-1", .client_host = "/10.0.0.1"};
    m1.assignment = std::vector<TopicPartitions>{{"orders", {0, 1}}};
    GroupMember m2{.member_id = "m2", .client_id = "app-2", .client_host = "/10.0.0.2"};
    m2.assignment = std::vector<TopicPartitions>{{"orders", {2}}};
    f.applier.apply(
        GroupMetadata{.group = "g",
                      .value = GroupMetadataValue{.version = 3, .protocol_type = "consumer", .members = {m1, m2}}},
        2);
    CHECK(f.owner("g", 0, 0) == "/10.0.0.1");
    CHECK(f.owner("g", 0, 1) == "/10.0.0.1");
    CHECK(f.owner("g", 0, 2) == "/10.0.0.2");
    CHECK(f.cs.group("g")->topics[0].partitions[2].client_id() == "app-2");

    // A Connect group's metadata carries no partition owners.
    f.applier.apply(GroupMetadata{.group = "g", .value = GroupMetadataValue{.protocol_type = "connect"}}, 3);
    CHECK(f.owner("g", 0, 0) == "/10.0.0.1");
    CHECK(f.applier.ignored().get("group_metadata_not_consumer") == 1);

    f.applier.apply(GroupMetadata{.group = "g", .value = GroupMetadataValue{.protocol_type = "consumer"}}, 4);
    CHECK(f.owner("g", 0, 0).empty());

    f.applier.apply(GroupMetadata{.group = "g", .value = std::nullopt}, 5);
    CHECK_FALSE(f.cs.group("g"));
  }

  TEST_CASE("KIP-848: owners from member metadata and current assignment, topic ids from partition metadata") {
    Fixture f;
    f.commit("g", "orders", 0, 10, 1);
    f.applier.apply(
        ConsumerGroupMemberMetadata{
            .group = "g",
            .member_id = "m1",
            .value =
                ConsumerGroupMemberMetadataValue{
                    .client_id = "c1", .client_host = "/h1", .subscribed_topic_names = {"orders", "audit"}}},
        2);
    f.applier.apply(
        ConsumerGroupCurrentMemberAssignment{
            .group = "g",
            .member_id = "m1",
            .value = ConsumerGroupCurrentMemberAssignmentValue{.assigned_partitions = {{id(1), {0, 2}}, {id(2), {0}}}}},
        3);
    // Two unknown ids and two candidate names: nothing can be inferred yet.
    CHECK(f.owner("g", 0, 0).empty());
    f.applier.apply(
        ConsumerGroupPartitionMetadata{
            .group = "g",
            .value = ConsumerGroupPartitionMetadataValue{.topics = {{id(1), "orders", 3}, {id(2), "audit", 1}}}},
        4);
    CHECK(f.owner("g", 1, 0) == "/h1");  // topics are sorted: audit, orders
    CHECK(f.owner("g", 1, 2) == "/h1");
    CHECK(f.cs.group("g")->topics[0].partitions[0].client_id() == "c1");

    // The member leaves: its partitions have no owner until someone else gets them.
    f.applier.apply(ConsumerGroupCurrentMemberAssignment{.group = "g", .member_id = "m1", .value = std::nullopt}, 5);
    CHECK(f.owner("g", 1, 0).empty());

    // The group record's tombstone: the group was deleted.
    f.applier.apply(ConsumerGroupMetadata{.group = "g", .value = std::nullopt}, 6);
    CHECK_FALSE(f.cs.group("g"));
  }

  TEST_CASE("KIP-848 without partition metadata (Kafka 4.1): a single unknown id and name are paired") {
    Fixture f;
    f.applier.apply(
        ConsumerGroupCurrentMemberAssignment{
            .group = "g",
            .member_id = "m1",
            .value = ConsumerGroupCurrentMemberAssignmentValue{.assigned_partitions = {{id(7), {1}}}}},
        1);
    f.applier.apply(
        ConsumerGroupMemberMetadata{.group = "g",
                                    .member_id = "m1",
                                    .value = ConsumerGroupMemberMetadataValue{.client_id = "c1",
                                                                              .client_host = "/h1",
                                                                              .subscribed_topic_names = {"orders"}}},
        2);
    CHECK(f.applier.known_topic_ids() == 1);
    CHECK(f.owner("g", 0, 1) == "/h1");
    // Another group on the same topic benefits from what was learned.
    f.applier.apply(
        ConsumerGroupMemberMetadata{
            .group = "h",
            .member_id = "m9",
            .value =
                ConsumerGroupMemberMetadataValue{
                    .client_id = "c9", .client_host = "/h9", .subscribed_topic_names = {"orders", "audit"}}},
        3);
    f.applier.apply(
        ConsumerGroupCurrentMemberAssignment{
            .group = "h",
            .member_id = "m9",
            .value = ConsumerGroupCurrentMemberAssignmentValue{.assigned_partitions = {{id(7), {0}}, {id(8), {0}}}}},
        4);
    CHECK(f.applier.known_topic_ids() == 2);  // id 8 must be audit
    CHECK(f.owner("h", 0, 0) == "/h9");
    CHECK(f.owner("h", 1, 0) == "/h9");
  }

  TEST_CASE("records warren does not use are counted by kind") {
    Fixture f;
    f.applier.apply(Skipped{.type = 10, .kind = "share_group_member_metadata"}, 1);
    f.applier.apply(Skipped{.type = 10, .kind = "share_group_member_metadata"}, 2);
    CHECK(f.applier.ignored().get("share_group_member_metadata") == 2);
  }
}
