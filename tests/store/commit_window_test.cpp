// Burrow's storage ring vectors (reference/burrow.md §3.9, consumerOffsetTests in
// inmemory_test.go at HEAD) run through the whole ClusterStore, plus the min-distance case.
#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

#include "core/store/store.hpp"
#include "tests/support/commit_builders.hpp"

using namespace warren;
using namespace warren::store;
using model::CommitSlot;
using testing::nil;
using testing::slot;

namespace {

constexpr std::int64_t kStart = 1'700'000'000'000;  // every timestamp below is relative to this

struct RingVector {
  std::string name;
  std::int64_t broker;
  std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> inputs;  // offset, order, ts
  std::vector<CommitSlot> expected;                                          // ts relative to kStart
};

std::vector<RingVector> ring_vectors() {
  std::vector<RingVector> v;
  v.push_back({"0 appending multiple offsets",
               5000,
               {{1000, 1, 100000}, {2000, 2, 200000}, {3000, 3, 300000}, {4000, 4, 400000}, {5000, 5, 500000}},
               {slot(1000, 1, 100000, 4000), slot(2000, 2, 200000, 3000), slot(3000, 3, 300000, 2000),
                slot(4000, 4, 400000, 1000), slot(5000, 5, 500000, 0)}});
  v.push_back(
      {"1 prepending offsets until the buffer is full",
       5000,
       {{1000, 20, 100000},
        {2000, 30, 200000},
        {3000, 15, 300000},
        {900, 14, 300000},
        {800, 13, 300000},
        {700, 12, 300000},
        {600, 11, 300000},
        {500, 10, 300000},
        {400, 9, 300000},
        {300, 8, 300000},
        {200, 7, 300000},
        {100, 6, 300000}},
       {slot(300, 8, 300000, nil), slot(400, 9, 300000, nil), slot(500, 10, 300000, nil), slot(600, 11, 300000, nil),
        slot(700, 12, 300000, nil), slot(800, 13, 300000, nil), slot(900, 14, 300000, nil), slot(3000, 15, 300000, nil),
        slot(1000, 20, 100000, 4000), slot(2000, 30, 200000, 3000)}});
  v.push_back({"2 inserting offsets between existing entries",
               5000,
               {{1000, 20, 100000}, {2000, 30, 300000}, {3000, 40, 400000}, {1500, 25, 200000}},
               {slot(1000, 20, 100000, 4000), slot(1500, 25, 200000, nil), slot(2000, 30, 300000, 3000),
                slot(3000, 40, 400000, 2000)}});
  std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> full;
  for (int i = 1; i <= 10; ++i) full.emplace_back(i * 1000, i * 10, i * 100000);
  auto with = [&](std::tuple<std::int64_t, std::int64_t, std::int64_t> extra) {
    auto in = full;
    in.push_back(extra);
    return in;
  };
  v.push_back({"3 inserting an offset when the ring is full",
               10000,
               with({5500, 55, 550000}),
               {slot(2000, 20, 200000, 8000), slot(3000, 30, 300000, 7000), slot(4000, 40, 400000, 6000),
                slot(5000, 50, 500000, 5000), slot(5500, 55, 550000, nil), slot(6000, 60, 600000, 4000),
                slot(7000, 70, 700000, 3000), slot(8000, 80, 800000, 2000), slot(9000, 90, 900000, 1000),
                slot(10000, 100, 1000000, 0)}});
  v.push_back({"4 replacing the oldest offset when the ring is full",
               10000,
               with({1500, 15, 150000}),
               {slot(1500, 15, 150000, nil), slot(2000, 20, 200000, 8000), slot(3000, 30, 300000, 7000),
                slot(4000, 40, 400000, 6000), slot(5000, 50, 500000, 5000), slot(6000, 60, 600000, 4000),
                slot(7000, 70, 700000, 3000), slot(8000, 80, 800000, 2000), slot(9000, 90, 900000, 1000),
                slot(10000, 100, 1000000, 0)}});
  v.push_back({"5 replacing the most recent offset (frequent commit)",
               10000,
               {{1000, 10, 100000},
                {2000, 20, 200000},
                {3000, 30, 300000},
                {4000, 40, 400000},
                {5000, 50, 500000},
                {6000, 60, 500001}},
               {slot(1000, 10, 100000, 9000), slot(2000, 20, 200000, 8000), slot(3000, 30, 300000, 7000),
                slot(4000, 40, 400000, 6000), slot(6000, 60, 500000, 4000)}});
  v.push_back({"6 replacing a previous offset (frequent commit)",
               10000,
               {{1000, 10, 100000},
                {2000, 20, 200000},
                {3000, 30, 300000},
                {4000, 40, 400000},
                {5000, 50, 500000},
                {4500, 45, 400001}},
               {slot(1000, 10, 100000, 9000), slot(2000, 20, 200000, 8000), slot(3000, 30, 300000, 7000),
                slot(4500, 45, 400000, nil), slot(5000, 50, 500000, 5000)}});
  return v;
}

struct Fixture {
  ManualClock clock{from_unix_ms(kStart)};
  std::unique_ptr<Store> store;
  ClusterStore* cluster{nullptr};

  explicit Fixture(StoreOptions options = {.intervals = 10, .expire_group_s = 604800, .min_distance_s = 1}) {
    store = std::move(Store::create({"testcluster"}, options, clock)).value();
    cluster = store->cluster("testcluster");
  }
  CommitOutcome commit(const std::string& group, std::int64_t offset, std::int64_t order, std::int64_t ts,
                       const std::string& topic = "testtopic", std::int32_t partition = 0) {
    return cluster->add_commit(CommitRecord{
        .group = group, .topic = topic, .partition = partition, .offset = offset, .order = order, .timestamp_ms = ts});
  }
  std::vector<CommitSlot> ring(const std::string& group) {
    auto snap = cluster->group(group);
    REQUIRE(snap);
    REQUIRE(snap->topics.size() == 1);
    return snap->topics[0].partitions[0].commits;
  }
};

// Observed-at is warren's clock, not part of Burrow's vectors; timestamps shift by kStart.
std::vector<CommitSlot> relative(std::vector<CommitSlot> ring) {
  for (auto& s : ring) {
    s.timestamp_ms -= kStart;
    s.observed_at_ms = 0;
  }
  return ring;
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("Burrow ring placement vectors") {
    for (const auto& v : ring_vectors()) {
      SUBCASE(v.name.c_str()) {
        Fixture f;
        f.cluster->set_broker_offset("testtopic", 0, 1, v.broker, kStart);
        for (const auto& [offset, order, ts] : v.inputs) f.commit("testgroup", offset, order, kStart + ts);
        CHECK(relative(f.ring("testgroup")) == v.expected);
      }
    }
  }

  TEST_CASE("min-distance: a commit too close to the newest replaces it and keeps its timestamp") {
    Fixture f;
    f.cluster->set_broker_offset("testtopic", 0, 1, 4321, kStart);
    for (int i = 0; i < 10; ++i) f.commit("testgroup", 1000 + i * 100, 500 + i, kStart + i * 10000);
    CHECK(f.commit("testgroup", 2000, 1000, kStart + 90001) == CommitOutcome::stored);
    const auto ring = relative(f.ring("testgroup"));
    REQUIRE(ring.size() == 10);
    CHECK(ring.front() == slot(1000, 500, 0, 3321));
    CHECK(ring.back() == slot(2000, 1000, 90000, 2321));
    CHECK(ring[8] == slot(1800, 508, 80000, 2521));
  }

  TEST_CASE("observed-at is the store's clock at the time of the commit") {
    Fixture f;
    f.cluster->set_broker_offset("testtopic", 0, 1, 10, kStart);
    f.clock.advance(Millis{1234});
    f.commit("testgroup", 5, 1, kStart);
    CHECK(f.ring("testgroup").back().observed_at_ms == kStart + 1234);
  }

  TEST_CASE("a commit with the order of any stored entry is a duplicate") {
    Fixture f;
    f.cluster->set_broker_offset("testtopic", 0, 1, 5000, kStart);
    f.commit("testgroup", 1000, 10, kStart + 100000);
    f.commit("testgroup", 2000, 20, kStart + 200000);
    CHECK(f.commit("testgroup", 2000, 20, kStart + 200000) == CommitOutcome::duplicate);
    CHECK(f.commit("testgroup", 1000, 10, kStart + 100000) == CommitOutcome::duplicate);
    CHECK(f.ring("testgroup").size() == 2);
    CHECK(f.cluster->counters().commits_duplicate.load() == 2);
  }

  TEST_CASE("backfill older than a full ring is dropped") {
    Fixture f;
    f.cluster->set_broker_offset("testtopic", 0, 1, 5000, kStart);
    for (int i = 1; i <= 10; ++i) f.commit("testgroup", i * 100, 100 + i, kStart + i * 10000);
    CHECK(f.commit("testgroup", 50, 5, kStart + 5000) == CommitOutcome::stale_backfill);
    CHECK(f.ring("testgroup").front().order == 101);
  }

  TEST_CASE("a one-slot ring keeps the newest commit") {
    Fixture f({.intervals = 1, .expire_group_s = 604800, .min_distance_s = 0});
    f.cluster->set_broker_offset("testtopic", 0, 1, 500, kStart);
    f.commit("g", 100, 1, kStart + 1000);
    f.commit("g", 200, 2, kStart + 2000);
    CHECK(f.commit("g", 150, 1, kStart + 1500) == CommitOutcome::stale_backfill);
    CHECK(relative(f.ring("g")) == std::vector<CommitSlot>{slot(200, 2, 2000, 300)});
  }
}
