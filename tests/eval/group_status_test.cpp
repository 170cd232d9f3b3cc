// Group-level evaluation (reference/burrow.md §2.1, the CoordinatorWithOffsets cases of
// caching_test.go) through the real store and the caching evaluator.
#include <doctest/doctest.h>

#include "core/eval/evaluator.hpp"
#include "core/store/store.hpp"

using namespace warren;
using model::Status;

namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

// Burrow's fixture: intervals 10, min-distance 0, broker offset 4321 for testtopic/0; testgroup
// has 10 commits (1000..1900, orders 10..19), testgroup2 has 5 (1000..1400); timestamps
// start + i×10 s with start = now − 100 s.
struct Fixture {
  ManualClock clock{from_unix_ms(kNow)};
  std::unique_ptr<store::Store> st;
  std::unique_ptr<eval::Evaluator> ev;

  explicit Fixture(std::int64_t expire_cache_s = 10) {
    st = std::move(store::Store::create({"testcluster"}, {.intervals = 10, .min_distance_s = 0}, clock)).value();
    auto* c = st->cluster("testcluster");
    c->set_broker_offset("testtopic", 0, 1, 4321, kNow);
    const std::int64_t start = kNow - 100000;
    for (int i = 0; i < 10; ++i) {
      c->add_commit({.group = "testgroup",
                     .topic = "testtopic",
                     .partition = 0,
                     .offset = 1000 + i * 100,
                     .order = 10 + i,
                     .timestamp_ms = start + i * 10000});
    }
    for (int i = 0; i < 5; ++i) {
      c->add_commit({.group = "testgroup2",
                     .topic = "testtopic",
                     .partition = 0,
                     .offset = 1000 + i * 100,
                     .order = 10 + i,
                     .timestamp_ms = start + i * 10000});
    }
    ev = std::make_unique<eval::Evaluator>(*st, eval::EvaluatorOptions{.expire_cache_s = expire_cache_s}, clock);
  }
};

}  // namespace

TEST_SUITE("eval") {
  TEST_CASE("TestCachingEvaluator_Start: an unknown group is NOTFOUND") {
    Fixture f;
    auto r = f.ev->evaluate("testcluster", "nosuchgroup");
    CHECK(r->status == Status::notfound);
    CHECK(r->complete == 1.0F);
    CHECK(r->partitions.empty());
    CHECK(r->partition_count == 0);
    CHECK_FALSE(r->maxlag);
    CHECK(r->totallag == 0);
    CHECK(f.ev->evaluate("nosuchcluster", "testgroup")->status == Status::notfound);
  }

  TEST_CASE("TestCachingEvaluator_SingleRequest: a complete group is OK") {
    Fixture f;
    auto r = f.ev->evaluate("testcluster", "testgroup");
    CHECK(r->cluster == "testcluster");
    CHECK(r->group == "testgroup");
    CHECK(r->status == Status::ok);
    CHECK(r->complete == 1.0F);
    CHECK(r->partition_count == 1);
    CHECK(r->totallag == 2421);
    REQUIRE(r->partitions.size() == 1);  // ShowAll; /status filters to non-OK partitions (none)
    CHECK(r->partitions[0].status == Status::ok);
    REQUIRE(r->maxlag);
    CHECK(r->maxlag->current_lag == 2421);
  }

  TEST_CASE("TestCachingEvaluator_SingleRequest_Incomplete: half a window that stopped is ERR") {
    Fixture f;
    auto r = f.ev->evaluate("testcluster", "testgroup2");
    CHECK(r->status == Status::err);
    CHECK(r->complete == 0.0F);
    CHECK(r->partition_count == 1);
    CHECK(r->totallag == 2921);
    REQUIRE(r->partitions.size() == 1);
    CHECK(r->partitions[0].complete == 0.5F);
    CHECK(r->partitions[0].status == Status::stop);
    REQUIRE(r->maxlag);
    CHECK(r->maxlag->start->offset == 1000);
    CHECK(r->maxlag->end->offset == 1400);
  }

  TEST_CASE("TestCachingEvaluator_TopicDeleted: a group whose topics are gone is OK, complete 0") {
    Fixture f(0);
    f.st->cluster("testcluster")->delete_topic("testtopic");
    auto r = f.ev->evaluate("testcluster", "testgroup");
    CHECK(r->status == Status::ok);
    CHECK(r->partitions.empty());
    CHECK(r->complete == 0.0F);
    CHECK_FALSE(r->maxlag);
  }

  TEST_CASE("results are cached for expire-cache seconds, then recomputed") {
    Fixture f(10);
    auto first = f.ev->evaluate("testcluster", "testgroup");
    f.st->cluster("testcluster")->delete_group("testgroup");
    CHECK(f.ev->evaluate("testcluster", "testgroup") == first);  // same cached object
    f.clock.advance(Millis{10000});
    CHECK(f.ev->evaluate("testcluster", "testgroup")->status == Status::notfound);
    CHECK(f.ev->cached() == 0);  // the stale entry went with the group
  }

  TEST_CASE("expired cache entries are reclaimed and NOTFOUND is never cached") {
    Fixture f(10);
    f.ev->evaluate("testcluster", "testgroup");
    f.ev->evaluate("testcluster", "nosuchgroup");
    CHECK(f.ev->cached() == 1);
    f.clock.advance(Millis{10000});
    CHECK(f.ev->evict_expired() == 1);
    CHECK(f.ev->cached() == 0);
  }

  TEST_CASE("group status: worst partition capped at ERR, maxlag keeps the first of equals") {
    ManualClock clock{from_unix_ms(kNow)};
    auto st = std::move(store::Store::create({"c"}, {.intervals = 5}, clock)).value();
    auto* c = st->cluster("c");
    c->set_broker_offset("a", 0, 2, 2000, kNow);
    c->set_broker_offset("a", 1, 2, 1000, kNow);
    // a/0: lag growing while committing → WARN; a/1: caught up → OK.
    for (int i = 0; i < 5; ++i) {
      c->set_broker_offset("a", 0, 2, 2000 + i * 100, kNow);
      c->add_commit({.group = "g",
                     .topic = "a",
                     .partition = 0,
                     .offset = 900 + i * 50,
                     .order = i + 1,
                     .timestamp_ms = kNow - 50000 + i * 10000});
      c->add_commit({.group = "g",
                     .topic = "a",
                     .partition = 1,
                     .offset = 1000,
                     .order = 100 + i,
                     .timestamp_ms = kNow - 50000 + i * 10000});
    }
    eval::Evaluator ev(*st, {.expire_cache_s = 0}, clock);
    auto r = ev.evaluate("c", "g");
    CHECK(r->partitions.at(0).status == Status::warn);
    CHECK(r->partitions.at(1).status == Status::ok);
    CHECK(r->status == Status::warn);
    CHECK(r->maxlag->partition == 0);
    CHECK(r->complete == 1.0F);

    // Time passes without commits: a/0 stops → the group is ERR, not STOP.
    clock.advance(Millis{60000});
    r = ev.evaluate("c", "g");
    CHECK(r->partitions.at(0).status == Status::stop);
    CHECK(r->status == Status::err);
  }

  TEST_CASE("partitions without a ring and with an all-empty ring") {
    ManualClock clock{from_unix_ms(kNow)};
    auto st = std::move(store::Store::create({"c"}, {.intervals = 4}, clock)).value();
    auto* c = st->cluster("c");
    c->set_broker_offset("t", 0, 3, 10, kNow);
    c->set_broker_offset("t", 1, 3, 10, kNow);
    c->add_commit({.group = "g", .topic = "t", .partition = 0, .offset = 10, .order = 1, .timestamp_ms = kNow});
    c->set_owner("g", "t", 1, std::make_shared<const model::Member>(model::Member{"/h", "cid"}));
    eval::Evaluator ev(*st, {.expire_cache_s = 0}, clock);
    auto r = ev.evaluate("c", "g");
    REQUIRE(r->partitions.size() == 3);
    CHECK(r->partitions[0].complete == 0.25F);
    CHECK(r->partitions[1].complete == 0.25F);  // all slots free: Burrow keeps one null → 1/len
    CHECK_FALSE(r->partitions[1].start);
    CHECK(r->partitions[1].owner() == "/h");
    CHECK(r->partitions[2].complete == 0.0F);  // no ring at all
    CHECK(r->partitions[2].status == Status::ok);
    CHECK(r->partition_count == 3);
    CHECK(r->complete == 0.0F);
  }

  TEST_CASE("minimum-complete holds back evaluation of partial windows") {
    ManualClock clock{from_unix_ms(kNow)};
    auto st = std::move(store::Store::create({"c"}, {.intervals = 10}, clock)).value();
    auto* c = st->cluster("c");
    c->set_broker_offset("t", 0, 1, 500, kNow);
    c->add_commit({.group = "g", .topic = "t", .partition = 0, .offset = 10, .order = 1, .timestamp_ms = kNow - 5000});
    eval::Evaluator strict(*st, {.expire_cache_s = 0, .rules = {.minimum_complete = 0.5, .allowed_lag = 0}}, clock);
    CHECK(strict.evaluate("c", "g")->partitions[0].status == Status::ok);
    eval::Evaluator lax(*st, {.expire_cache_s = 0}, clock);
    CHECK(lax.evaluate("c", "g")->partitions[0].status == Status::stop);
  }
}
