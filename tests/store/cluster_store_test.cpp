// ClusterStore behaviour beyond ring placement: acceptance checks (reference/burrow.md §3.3),
// owners, deletion, expiry, partition growth, parking of commits for unknown topics.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/store/store.hpp"

using namespace warren;
using namespace warren::store;

namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

struct Fixture {
  ManualClock clock{from_unix_ms(kNow)};
  std::unique_ptr<Store> store;
  ClusterStore* c{nullptr};

  explicit Fixture(StoreOptions options = {}) {
    store = std::move(Store::create({"local"}, options, clock)).value();
    c = store->cluster("local");
  }
  CommitOutcome commit(const std::string& group, std::int64_t offset, std::int64_t order, std::int64_t ts = kNow,
                       const std::string& topic = "orders", std::int32_t partition = 0) {
    return c->add_commit(
        {.group = group, .topic = topic, .partition = partition, .offset = offset, .order = order, .timestamp_ms = ts});
  }
};

model::MemberPtr member(std::string owner, std::string client) {
  return std::make_shared<const model::Member>(
      model::Member{.owner = std::move(owner), .client_id = std::move(client)});
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("commits older than expire-group are dropped and create no group") {
    Fixture f;
    f.c->set_broker_offset("orders", 0, 1, 100, kNow);
    CHECK(f.commit("testgroup", 10, 1, 1000000) == CommitOutcome::too_old);
    CHECK_FALSE(f.c->group("testgroup"));
    CHECK(f.c->groups().empty());
    CHECK(f.c->counters().commits_too_old.load() == 1);
  }

  TEST_CASE("allowlist: a group that does not match is never created") {
    Fixture f({.group_allowlist = "allowlistedgroup"});
    f.c->set_broker_offset("orders", 0, 1, 100, kNow);
    CHECK(f.commit("testgroup", 10, 1) == CommitOutcome::filtered);
    CHECK(f.commit("allowlistedgroup", 10, 1) == CommitOutcome::stored);
    CHECK(f.c->groups() == std::vector<std::string>{"allowlistedgroup"});
  }

  TEST_CASE("allowlist and denylist regular expressions match unanchored, as Go's MatchString") {
    struct Case {
      const char* pattern;
      const char* group;
      bool matches;
    };
    const Case cases[] = {{".*", "testgroup", true},          {"test.*", "testgroup", true},
                          {"test.*", "num02group", false},    {".*[0-9]+.*", "num02group", true},
                          {".*[0-9]+.*", "testgroup", false}, {"onlygroup", "onlygroup", true},
                          {"onlygroup", "testgroup", false},  {"group", "mygroup-1", true}};
    for (const auto& k : cases) {
      CAPTURE(k.pattern);
      CAPTURE(k.group);
      auto allow = GroupFilter::create(k.pattern, "");
      REQUIRE(allow);
      CHECK(allow->accepts(k.group) == k.matches);
      auto deny = GroupFilter::create("", k.pattern);
      REQUIRE(deny);
      CHECK(deny->accepts(k.group) == !k.matches);
    }
    CHECK_FALSE(GroupFilter::create("(unclosed", ""));
    CHECK(Store::create({"x"}, {.group_denylist = "[bad"}, SystemClock{}).error().message.find("group-denylist") !=
          std::string::npos);
  }

  TEST_CASE("commits for a topic not known yet wait for it, then land in order") {
    Fixture f;
    CHECK(f.commit("g", 10, 1, kNow - 3000) == CommitOutcome::parked);
    CHECK(f.commit("g", 20, 2, kNow - 2000) == CommitOutcome::parked);
    CHECK_FALSE(f.c->group("g"));
    CHECK(f.c->parked_count() == 2);
    f.c->set_broker_offset("orders", 0, 2, 25, kNow);
    auto g = f.c->group("g");
    REQUIRE(g);
    const auto& commits = g->topics.at(0).partitions.at(0).commits;
    REQUIRE(commits.size() == 2);
    CHECK(commits[0].offset == 10);
    CHECK(commits[1].offset == 20);
    CHECK(commits[1].lag() == 5);
    CHECK(g->topics.at(0).partitions.size() == 2);
    CHECK(f.c->parked_count() == 0);
    CHECK(f.c->counters().parked_replayed.load() == 2);
  }

  TEST_CASE("parked events for a topic still unknown after a metadata refresh are dropped and counted") {
    Fixture f;
    f.commit("g", 10, 1, kNow, "gone");
    f.clock.advance(Millis{1000});
    f.c->metadata_refreshed(f.clock.now());
    CHECK(f.c->parked_count() == 0);
    CHECK(f.c->counters().parked_unknown_topic.load() == 1);
  }

  TEST_CASE("the parking area is bounded and drops its oldest entries first") {
    Fixture f({.parked_capacity = 2});
    f.commit("g", 1, 1, kNow, "a");
    f.commit("g", 2, 2, kNow, "b");
    f.commit("g", 3, 3, kNow, "c");
    CHECK(f.c->parked_count() == 2);
    CHECK(f.c->counters().parked_overflow.load() == 1);
    f.c->set_broker_offset("a", 0, 1, 10, kNow);
    CHECK_FALSE(f.c->group("g"));  // "a" was the oldest: gone
    f.c->set_broker_offset("c", 0, 1, 10, kNow);
    CHECK(f.c->group("g"));
  }

  TEST_CASE("negative partitions are invalid, partitions beyond the known count wait") {
    Fixture f;
    f.c->set_broker_offset("orders", 0, 1, 100, kNow);
    CHECK(f.commit("g", 1, 1, kNow, "orders", -1) == CommitOutcome::invalid_partition);
    CHECK(f.commit("g", 1, 1, kNow, "orders", 1) == CommitOutcome::parked);
  }

  TEST_CASE("partition growth: the topic and the group's topic grow, never shrink") {
    Fixture f;
    f.c->set_broker_offset("orders", 0, 2, 100, kNow);
    f.commit("g", 50, 1);
    CHECK(f.c->group("g")->topics[0].partitions.size() == 2);
    f.c->set_broker_offset("orders", 3, 4, 7, kNow);
    f.c->set_broker_offset("orders", 0, 1, 110, kNow);  // a stale, smaller count changes nothing
    CHECK(f.c->topics().at(0).partition_count == 4);
    f.commit("g", 5, 2, kNow, "orders", 3);
    auto g = f.c->group("g");
    REQUIRE(g->topics[0].partitions.size() == 4);
    CHECK_FALSE(g->topics[0].partitions[1].has_window);
    CHECK(g->topics[0].partitions[3].commits.at(0).offset == 5);
    // Partitions without a high-water mark are skipped in the topic offsets, as Burrow HEAD does.
    CHECK(*f.c->topic_offsets("orders") == std::vector<std::int64_t>{110, 7});
    CHECK_FALSE(f.c->topic_offsets("nope"));
  }

  TEST_CASE("current lag comes from the newest high-water mark and the newest commit") {
    Fixture f;
    f.c->set_broker_offset("orders", 0, 1, 100, kNow);
    f.commit("g", 40, 1);
    f.c->set_broker_offset("orders", 0, 1, 130, kNow + 10000);
    auto p = f.c->group("g")->topics[0].partitions[0];
    CHECK(p.current_lag == 90);
    CHECK(p.broker_offsets == std::vector<std::int64_t>{100, 130});
    CHECK(p.commits[0].lag() == 60);  // frozen at commit time
  }

  TEST_CASE("owners: set through group metadata, shared per member, cleared by an empty group") {
    Fixture f;
    f.c->set_broker_offset("orders", 0, 2, 100, kNow);
    f.c->set_broker_offset("orders", 1, 2, 100, kNow);
    auto m = member("/10.0.0.1", "client-1");
    CHECK(f.c->set_owner("g", "orders", 1, m));
    auto g = f.c->group("g");
    REQUIRE(g);
    const auto& p1 = g->topics[0].partitions[1];
    CHECK(p1.has_window);  // an owner creates the ring before any commit, as Burrow does
    CHECK(p1.commits.empty());
    CHECK(p1.owner() == "/10.0.0.1");
    CHECK(p1.client_id() == "client-1");
    CHECK(g->topics[0].partitions[0].owner().empty());
    f.c->clear_owners("g");
    CHECK(f.c->group("g")->topics[0].partitions[1].owner().empty());
  }

  TEST_CASE("owners for a topic not known yet are applied when it appears") {
    Fixture f;
    CHECK_FALSE(f.c->set_owner("g", "later", 0, member("/h", "c")));
    f.c->set_broker_offset("later", 0, 1, 1, kNow);
    CHECK(f.c->group("g")->topics[0].partitions[0].owner() == "/h");
  }

  TEST_CASE("deleting a group, a group's topic, and a topic") {
    Fixture f;
    f.c->set_broker_offset("orders", 0, 1, 100, kNow);
    f.c->set_broker_offset("audit", 0, 1, 100, kNow);
    f.commit("g", 1, 1, kNow, "orders");
    f.commit("g", 1, 2, kNow, "audit");
    f.commit("h", 1, 3, kNow, "orders");
    CHECK(f.c->consumers_of_topic("orders") == std::vector<std::string>{"g", "h"});

    CHECK(f.c->delete_group_topic("g", "audit"));
    CHECK(f.c->group("g")->topics.size() == 1);
    CHECK(f.c->delete_group_topic("g", "orders"));  // last topic: the group goes
    CHECK_FALSE(f.c->group("g"));
    CHECK_FALSE(f.c->delete_group("g"));

    f.c->delete_topic("orders");
    CHECK(f.c->topics().size() == 1);
    auto h = f.c->group("h");
    REQUIRE(h);  // a group left without topics stays (Burrow #426)
    CHECK(h->topics.empty());
    CHECK(f.c->delete_group("h"));
    CHECK(f.c->groups().empty());
  }

  TEST_CASE("expired groups disappear from reads at once and are reclaimed by the sweep") {
    Fixture f({.expire_group_s = 60});
    f.c->set_broker_offset("orders", 0, 1, 100, kNow);
    f.commit("old", 1, 1, kNow - 30000);
    f.commit("new", 1, 2, kNow);
    f.clock.advance(Millis{31000});
    CHECK_FALSE(f.c->group("old"));
    CHECK(f.c->groups() == std::vector<std::string>{"new"});
    CHECK(f.c->group_count() == 2);
    CHECK(f.store->sweep_expired() == 1);
    CHECK(f.c->group_count() == 1);
    CHECK(f.c->counters().groups_expired.load() == 1);
  }

  TEST_CASE("a group known only from its members is kept from when it was first seen") {
    Fixture f({.expire_group_s = 60});
    f.c->set_broker_offset("orders", 0, 1, 100, kNow);
    f.c->set_owner("g", "orders", 0, member("/h", "c"));
    CHECK(f.c->group("g"));
    f.clock.advance(Millis{61000});
    CHECK_FALSE(f.c->group("g"));
  }

  TEST_CASE("unknown clusters are not in the store") {
    Fixture f;
    CHECK(f.store->cluster("nope") == nullptr);
    CHECK(f.store->cluster_names() == std::vector<std::string>{"local"});
  }
}
