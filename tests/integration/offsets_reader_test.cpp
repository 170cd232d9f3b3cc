// The __consumer_offsets reader end to end: records in the broker's binary format are written
// into a mock cluster's offsets topic, and warren's engine and sources — built from a Config as
// main builds them — must turn them into the store's groups, windows and owners, and into the
// evaluator's statuses.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "core/kafka/offsets_record.hpp"
#include "core/mock/mock_cluster.hpp"
#include "core/mock/offsets_encoder.hpp"
#include "core/model/status.hpp"
#include "tests/support/doctest_printers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/warren_stack.hpp"

namespace warren::testing {
using namespace warren::mock;  // the encoder and the mock cluster
namespace {

using namespace std::chrono_literals;
using model::Status;

constexpr auto kTimeout = 15s;

std::int64_t wall_ms() { return to_unix_ms(SystemClock{}.now()); }

// An offset-commit record: key and value of the given value version.
MockRecord commit(const std::string& group, const std::string& topic, std::int32_t partition, std::int64_t offset,
                  std::int64_t timestamp_ms, std::int16_t version = 3) {
  return {.key = encode_offset_commit_key(group, topic, partition),
          .value = encode_offset_commit_value(version, offset, timestamp_ms)};
}

// A classic consumer group's metadata (value v3) with its members' assignments.
MockRecord group_metadata(const std::string& group, const std::vector<MemberSpec>& members) {
  return {
      .key = encode_group_metadata_key(group),
      .value = encode_group_metadata_value(
          3, "consumer", 7, std::string("range"),
          members.empty() ? std::nullopt : std::optional<std::string>(members.front().member_id), members, wall_ms())};
}

kafka::Uuid topic_id(std::uint8_t seed) {
  kafka::Uuid id{};
  for (std::size_t i = 0; i < id.size(); ++i) id[i] = static_cast<std::uint8_t>(seed + i);
  return id;
}

// Creates the offsets topic and the data topic `orders` with high-water marks 100, 50 and 0.
void create_topics(MockCluster& mock, int offsets_partitions = 4) {
  mock.create_topic(kOffsetsTopic, offsets_partitions);
  mock.create_topic("orders", 3);
  mock.produce_filler("orders", 0, 100);
  mock.produce_filler("orders", 1, 50);
}

std::vector<std::string> owners(const store::ClusterStore& store, const std::string& group, const std::string& topic,
                                int partitions) {
  std::vector<std::string> out;
  for (int p = 0; p < partitions; ++p) {
    const auto part = stored_partition(store, group, topic, p);
    out.push_back(part ? part->owner() + " " + part->client_id() : "(none)");
  }
  return out;
}

TEST_SUITE("integration") {
  TEST_CASE("offsets reader: end to end over classic and KIP-848 groups with bad records and a group tombstone") {
    MockCluster mock(1);
    create_topics(mock);
    const std::int64_t now = wall_ms();
    // Commits an hour, half an hour and ten seconds old: the windows span far longer than the
    // time since their last commit, so no partition is stopped.
    const std::int64_t t1 = now - 3'600'000;
    const std::int64_t t2 = now - 1'800'000;
    const std::int64_t t3 = now - 10'000;

    // Partition 0 of the offsets topic: group "shop", commits in value versions 1, 3 and 4, then
    // its classic group metadata with two members.
    const auto shop_orders =
        mock.produce(kOffsetsTopic, 0,
                     {commit("shop", "orders", 0, 60, t1, 1), commit("shop", "orders", 1, 30, t1, 1),
                      commit("shop", "orders", 2, 0, t1, 1), commit("shop", "orders", 0, 80, t2, 3),
                      commit("shop", "orders", 1, 40, t2, 3), commit("shop", "orders", 0, 100, t3, 4),
                      commit("shop", "orders", 1, 45, t3, 4), commit("shop", "orders", 2, 0, t3, 4),
                      group_metadata("shop", {MemberSpec{.member_id = "shop-1-a",
                                                         .client_id = "shop-client-1",
                                                         .client_host = "/10.0.0.1",
                                                         .assignment = {{"orders", {0, 1}}}},
                                              MemberSpec{.member_id = "shop-2-b",
                                                         .client_id = "shop-client-2",
                                                         .client_host = "/10.0.0.2",
                                                         .assignment = {{"orders", {2}}}}})});

    // Partition 1: group "stuck", whose commits never move while the partition has lag: STALL.
    mock.produce(kOffsetsTopic, 1,
                 {commit("stuck", "orders", 0, 70, t1), commit("stuck", "orders", 0, 70, t2),
                  commit("stuck", "orders", 0, 70, t3)});

    // Partition 2: a KIP-848 group — group epoch, topic ids, member, current assignment — and
    // its commits.
    const kafka::Uuid orders_id = topic_id(0x40);
    kafka::ConsumerGroupMemberMetadataValue member;
    member.client_id = "modern-client";
    member.client_host = "/10.0.0.3";
    member.subscribed_topic_names = {"orders"};
    member.rebalance_timeout_ms = 300000;
    member.server_assignor = "uniform";
    kafka::ConsumerGroupCurrentMemberAssignmentValue assignment;
    assignment.member_epoch = 5;
    assignment.previous_member_epoch = 4;
    assignment.assigned_partitions = {{.topic_id = orders_id, .partitions = {0, 1, 2}}};
    mock.produce(
        kOffsetsTopic, 2,
        {commit("modern", "orders", 0, 90, t1),
         commit("modern", "orders", 1, 50, t1),
         commit("modern", "orders", 2, 0, t1),
         commit("modern", "orders", 0, 95, t3),
         commit("modern", "orders", 1, 50, t3),
         commit("modern", "orders", 2, 0, t3),
         {.key = encode_consumer_group_metadata_key("modern"), .value = encode_consumer_group_metadata_value(5)},
         {.key = encode_consumer_group_partition_metadata_key("modern"),
          .value = encode_consumer_group_partition_metadata_value(
              {{.topic_id = orders_id, .topic = "orders", .partition_count = 3}})},
         {.key = encode_consumer_group_member_metadata_key("modern", "m-1"),
          .value = encode_consumer_group_member_metadata_value(member)},
         {.key = encode_consumer_group_current_member_assignment_key("modern", "m-1"),
          .value = encode_consumer_group_current_member_assignment_value(assignment)}});

    // Partition 3: group "gone" (deleted later by a tombstone), then records warren cannot use —
    // a truncated commit value, an unknown record type, a record without key, a record type it
    // skips — and after them a good commit that must still be applied.
    mock.produce(kOffsetsTopic, 3,
                 {commit("gone", "orders", 0, 10, t1),
                  commit("gone", "orders", 0, 20, t3),
                  group_metadata("gone", {MemberSpec{.member_id = "gone-1",
                                                     .client_id = "gone-client",
                                                     .client_host = "/10.0.0.9",
                                                     .assignment = {{"orders", {0}}}}}),
                  {.key = encode_offset_commit_key("after-bad", "orders", 0), .value = bytes({0x00, 0x01, 0x00, 0x00})},
                  {.key = ByteWriter().int16(99).string("x").take(), .value = bytes({0x00, 0x00})},
                  {.key = {}, .value = bytes({0x00, 0x01})},
                  {.key = encode_group_key(6 /* consumer_group_target_assignment_metadata */, "modern"),
                   .value = bytes({0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00})},
                  commit("after-bad", "orders", 0, 33, t1),
                  commit("after-bad", "orders", 0, 66, t3)});

    WarrenStack stack(mock.bootstraps());
    stack.start();
    const auto& store = stack.store();

    REQUIRE(eventually([&] { return stack.sources().ready(); }, kTimeout));
    // Every record of the backlog has been read once ready() holds.
    CHECK(store.topic_offsets("orders") == std::vector<std::int64_t>{100, 50, 0});
    const auto groups = store.groups();
    for (const char* g : {"shop", "stuck", "modern", "gone", "after-bad", kSelfGroup}) {
      CHECK_MESSAGE(std::find(groups.begin(), groups.end(), g) != groups.end(), "group ", g);
    }

    {  // windows hold the committed offsets, ordered by their place in the offsets topic
      CHECK(committed_offsets(store, "shop", "orders", 0) == std::vector<std::int64_t>{60, 80, 100});
      CHECK(committed_offsets(store, "shop", "orders", 1) == std::vector<std::int64_t>{30, 40, 45});
      CHECK(committed_offsets(store, "shop", "orders", 2) == std::vector<std::int64_t>{0, 0});
      CHECK(commit_orders(store, "shop", "orders", 0) ==
            std::vector<std::int64_t>{shop_orders[0], shop_orders[3], shop_orders[5]});
      CHECK(commit_orders(store, "shop", "orders", 1) ==
            std::vector<std::int64_t>{shop_orders[1], shop_orders[4], shop_orders[6]});
      const auto p0 = stored_partition(store, "shop", "orders", 0);
      REQUIRE(p0.has_value());
      CHECK(p0->commits.front().timestamp_ms == t1);
      CHECK(p0->commits.back().timestamp_ms == t3);
      // Lag at commit time against the high-water mark 100.
      CHECK(p0->commits.front().lag() == std::optional<std::int64_t>(40));
      CHECK(p0->commits.back().lag() == std::optional<std::int64_t>(0));
    }

    {  // owners and client ids from classic and KIP-848 group records
      CHECK(owners(store, "shop", "orders", 3) ==
            std::vector<std::string>{"/10.0.0.1 shop-client-1", "/10.0.0.1 shop-client-1", "/10.0.0.2 shop-client-2"});
      CHECK(owners(store, "modern", "orders", 3) ==
            std::vector<std::string>{"/10.0.0.3 modern-client", "/10.0.0.3 modern-client", "/10.0.0.3 modern-client"});
      CHECK(stack.reader().applied().get("consumer_group_partition_metadata") == 1);
      CHECK(stack.reader().applied().get("consumer_group_member_metadata") == 1);
      CHECK(stack.reader().applied().get("consumer_group_current_member_assignment") == 1);
    }

    {  // the evaluator's statuses: current lag = high-water mark - committed offset
      auto& evaluator = stack.engine().evaluator();
      const auto shop = evaluator.evaluate(kClusterName, "shop");
      CHECK(shop->status == Status::ok);
      CHECK(shop->partition_count == 3);
      CHECK(shop->totallag == 5);  // (100-100) + (50-45) + (0-0)
      REQUIRE(shop->partitions.size() == 3);
      CHECK(shop->partitions[0].current_lag == 0);
      CHECK(shop->partitions[1].current_lag == 5);
      CHECK(shop->partitions[2].current_lag == 0);
      CHECK(shop->partitions[1].status == Status::ok);
      CHECK(shop->partitions[1].client_id() == "shop-client-1");
      REQUIRE(shop->maxlag.has_value());
      CHECK(shop->maxlag->partition == 1);

      const auto stuck = evaluator.evaluate(kClusterName, "stuck");
      CHECK(stuck->status == Status::err);
      REQUIRE(!stuck->partitions.empty());
      CHECK(stuck->partitions[0].status == Status::stall);
      CHECK(stuck->partitions[0].current_lag == 30);
      CHECK(stuck->totallag == 30);

      const auto modern = evaluator.evaluate(kClusterName, "modern");
      CHECK(modern->status == Status::ok);
      CHECK(modern->totallag == 5);  // (100-95) + (50-50) + 0
      CHECK(evaluator.evaluate(kClusterName, "no-such-group")->status == Status::notfound);
    }

    {  // the consumer's own progress is the group burrow-<consumer name>
      // Its committed offset in each offsets-topic partition is that partition's end.
      const auto ends = store.topic_offsets(kOffsetsTopic);
      REQUIRE(ends.has_value());
      REQUIRE(ends->size() == 4);
      for (std::int32_t p = 0; p < 4; ++p) {
        const auto progress = committed_offsets(store, kSelfGroup, kOffsetsTopic, p);
        REQUIRE_MESSAGE(!progress.empty(), "offsets partition ", p);
        CHECK(progress.back() == (*ends)[static_cast<std::size_t>(p)]);
      }
      const auto self = stack.engine().evaluator().evaluate(kClusterName, kSelfGroup);
      CHECK(self->totallag == 0);
    }

    {  // bad records are counted and skipped; records after them are applied
      const auto& reader = stack.reader();
      CHECK(reader.decode_errors().get("malformed") == 1);
      CHECK(reader.decode_errors().get("unsupported_version") == 1);  // record type 99
      CHECK(reader.decode_errors().get("no_key") == 1);
      CHECK(reader.ignored().get("consumer_group_target_assignment_metadata") == 1);
      CHECK(committed_offsets(store, "after-bad", "orders", 0) == std::vector<std::int64_t>{33, 66});
      MESSAGE("decode errors: " << reader.decode_errors().snapshot().size()
                                << " kinds, applied: " << reader.applied().get("offset_commit") << " commits");
    }

    {  // a group tombstone deletes the group; later records are still read
      REQUIRE(store.group("gone").has_value());
      mock.produce(kOffsetsTopic, 3, encode_group_metadata_key("gone"), std::nullopt);
      CHECK(eventually([&] { return !store.group("gone").has_value(); }, kTimeout));
      CHECK(stack.reader().applied().get("group_tombstone") == 1);
      CHECK(stack.engine().evaluator().evaluate(kClusterName, "gone")->status == Status::notfound);

      // A new commit after the tombstone: read and applied.
      mock.produce(kOffsetsTopic, 0, {commit("shop", "orders", 1, 50, wall_ms())});
      CHECK(eventually([&] { return committed_offsets(store, "shop", "orders", 1).back() == 50; }, kTimeout));
      CHECK(stack.engine().evaluator().evaluate(kClusterName, "shop")->totallag == 0);
    }
  }

  TEST_CASE("offsets reader: start-latest skips the backlog unless backfill-earliest reads it too") {
    MockCluster mock(1);
    create_topics(mock, 2);
    const std::int64_t now = wall_ms();
    // The backlog: records of a kind warren reads but does not use, then two commits of "early".
    // A backfill takes a while to get through it (a busy cluster's backlog is millions of records).
    constexpr std::uint64_t kFiller = 5000;
    mock.produce(
        kOffsetsTopic, 0,
        std::vector<MockRecord>(kFiller, MockRecord{.key = encode_group_key(16, "filler"), .value = bytes({0})}));
    const auto early = mock.produce(
        kOffsetsTopic, 0,
        {commit("early", "orders", 0, 10, now - 3'600'000), commit("early", "orders", 0, 20, now - 1'800'000)});

    StackOptions options{.start_latest = true};
    bool backfill = false;
    SUBCASE("start-latest") {}
    SUBCASE("start-latest with backfill-earliest") {
      options.backfill_earliest = true;
      backfill = true;
    }
    // A slow broker while warren starts: the backfill needs as many round trips as the reader,
    // then has the backlog to get through.
    REQUIRE(rd_kafka_mock_broker_set_rtt(mock.get(), 1, 20) == RD_KAFKA_RESP_ERR_NO_ERROR);
    WarrenStack stack(mock.bootstraps(), options);
    stack.start();
    const auto& store = stack.store();
    REQUIRE(eventually([&] { return stack.sources().ready(); }, kTimeout));
    REQUIRE(rd_kafka_mock_broker_set_rtt(mock.get(), 1, 0) == RD_KAFKA_RESP_ERR_NO_ERROR);
    // Ready means the backlog the reader is meant to read is in the store.
    if (backfill) {
      CHECK(stack.reader().counters().backfilled.load() == kFiller + 2);
      // The backfill's range was fetched directly, not through librdkafka.
      CHECK(stack.reader().counters().direct.load() == kFiller + 2);
      CHECK(committed_offsets(store, "early", "orders", 0) == std::vector<std::int64_t>{10, 20});
    }
    REQUIRE(reader_positioned(mock, stack, 0, kTimeout));

    // Written after start: always read.
    const auto later = mock.produce(
        kOffsetsTopic, 0, {commit("early", "orders", 0, 30, now - 10'000), commit("late", "orders", 1, 40, now)});
    REQUIRE(eventually([&] { return committed_offsets(store, "late", "orders", 1) == std::vector<std::int64_t>{40}; },
                       kTimeout));
    REQUIRE(eventually([&] { return !committed_offsets(store, "early", "orders", 0).empty(); }, kTimeout));
    if (backfill) {
      // The backlog was read by the second reader and placed before the newer commit by order,
      // whichever arrived first.
      CHECK(committed_offsets(store, "early", "orders", 0) == std::vector<std::int64_t>{10, 20, 30});
      CHECK(commit_orders(store, "early", "orders", 0) == std::vector<std::int64_t>{early[0], early[1], later[0]});
      CHECK(stack.reader().counters().backfilled.load() == kFiller + 2);
    } else {
      // The backlog sits before the newer commit in the same partition: had it been read, it
      // would be stored by now.
      CHECK(committed_offsets(store, "early", "orders", 0) == std::vector<std::int64_t>{30});
      CHECK(stack.reader().counters().backfilled.load() == 0);
    }
    CHECK(stack.sources().ready());
  }

  TEST_CASE("offsets reader: start-latest with backfill-earliest loses no record written while it starts") {
    MockCluster mock(1);
    create_topics(mock, 1);
    const std::int64_t now = wall_ms();
    std::uint64_t written = 0;
    auto write_batch = [&] {
      std::vector<MockRecord> batch;
      for (int i = 0; i < 3; ++i)
        batch.push_back(commit("steady", "orders", 0, static_cast<std::int64_t>(written++), now));
      mock.produce(kOffsetsTopic, 0, batch);
    };
    for (int i = 0; i < 2; ++i) write_batch();  // the backlog

    // A slow broker widens the time between the reader looking up where the topic ends and its
    // consumer starting there; commits keep arriving meanwhile, as on a busy cluster. Each of them
    // is either before the end the reader looked up (backfill reads it) or after (the reader
    // does): none may fall between the two.
    REQUIRE(rd_kafka_mock_broker_set_rtt(mock.get(), 1, 100) == RD_KAFKA_RESP_ERR_NO_ERROR);
    WarrenStack stack(mock.bootstraps(), StackOptions{.start_latest = true, .backfill_earliest = true});
    stack.start();
    const auto deadline = std::chrono::steady_clock::now() + kTimeout;
    while (!stack.sources().ready() && std::chrono::steady_clock::now() < deadline) write_batch();
    REQUIRE(stack.sources().ready());
    write_batch();
    REQUIRE(rd_kafka_mock_broker_set_rtt(mock.get(), 1, 0) == RD_KAFKA_RESP_ERR_NO_ERROR);
    REQUIRE(reader_positioned(mock, stack, 0, kTimeout));

    // Every commit and at least one probe.
    const auto& counters = stack.reader().counters();
    MESSAGE("written " << written << " commits; read " << counters.records.load() << " records, "
                       << counters.backfilled.load() << " of them by the backfill");
    CHECK(counters.records.load() > written);
    CHECK(stack.reader().applied().get("offset_commit") == written);
  }

  TEST_CASE("offsets reader: commits for a topic created after start wait for it and are then stored") {
    MockCluster mock(1);
    create_topics(mock, 2);
    WarrenStack stack(mock.bootstraps(), StackOptions{.topic_refresh = 2});
    stack.start();
    const auto& store = stack.store();
    const auto& health = stack.cluster().health();
    REQUIRE(eventually([&] { return stack.sources().ready(); }, kTimeout));

    // Right after a metadata refresh, so that the commits arrive well before the next one sees
    // the new topic: they must wait for it (Burrow drops them).
    const auto refreshes = health.metadata_refreshes.load();
    REQUIRE(eventually([&] { return health.metadata_refreshes.load() > refreshes; }, kTimeout));
    const auto parked_before = store.counters().parked.load();
    mock.create_topic("late", 2);
    mock.produce_filler("late", 1, 12);
    const std::int64_t now = wall_ms();
    mock.produce(kOffsetsTopic, 1,
                 {commit("newcomer", "late", 0, 0, now - 60'000), commit("newcomer", "late", 1, 5, now - 60'000),
                  commit("newcomer", "late", 1, 10, now - 1'000),
                  group_metadata("newcomer", {MemberSpec{.member_id = "n-1",
                                                         .client_id = "newcomer-client",
                                                         .client_host = "/10.0.0.7",
                                                         .assignment = {{"late", {0, 1}}}}})});
    // Three commits and two owners wait for the topic.
    REQUIRE(eventually([&] { return store.counters().parked.load() >= parked_before + 5; }, kTimeout));

    // The next refreshes see the topic and fetch its high-water marks; each partition's first
    // high-water mark replays what waited for it. Nothing may be dropped as "unknown topic".
    REQUIRE(eventually([&] { return store.topic_offsets("late") == std::vector<std::int64_t>{0, 12}; }, kTimeout));
    CHECK(store.counters().parked_unknown_topic.load() == 0);
    CHECK(store.counters().parked_replayed.load() >= 5);
    CHECK(store.parked_count() == 0);
    CHECK(committed_offsets(store, "newcomer", "late", 0) == std::vector<std::int64_t>{0});
    CHECK(committed_offsets(store, "newcomer", "late", 1) == std::vector<std::int64_t>{5, 10});
    CHECK(owners(store, "newcomer", "late", 2) ==
          std::vector<std::string>{"/10.0.0.7 newcomer-client", "/10.0.0.7 newcomer-client"});
    CHECK(stack.engine().evaluator().evaluate(kClusterName, "newcomer")->totallag == 2);  // 12 - 10
  }
}

}  // namespace
}  // namespace warren::testing
