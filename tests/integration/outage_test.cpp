// Broker outages against a one-broker mock cluster: while the broker is down the cluster source
// reports failing refreshes and the store keeps its last state; once it is back both sources
// recover without a restart. And stopping the sources is quick in every state of the cluster:
// SIGTERM must stop warren within 2 s.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/mock/mock_cluster.hpp"
#include "core/mock/offsets_encoder.hpp"
#include "tests/support/doctest_printers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/warren_stack.hpp"

namespace warren::testing {
using namespace warren::mock;  // the encoder and the mock cluster
namespace {

using namespace std::chrono_literals;
using Ms = std::chrono::milliseconds;

constexpr auto kTimeout = 15s;
// A refresh against an unreachable broker fails after kafka::kRequestDeadlineMs (10 s).
constexpr auto kOutageTimeout = 30s;

std::int64_t wall_ms() { return to_unix_ms(SystemClock{}.now()); }

MockRecord commit(const std::string& group, std::int64_t offset, std::int64_t timestamp_ms) {
  return {.key = encode_offset_commit_key(group, "orders", 0),
          .value = encode_offset_commit_value(3, offset, timestamp_ms)};
}

// One broker; the offsets topic with 2 partitions; `orders` with one partition at 10.
void create_topics(MockCluster& mock) {
  mock.create_topic(kOffsetsTopic, 2);
  mock.create_topic("orders", 1);
  mock.produce_filler("orders", 0, 10);
}

Ms since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - start);
}

// Reconnect quickly once the broker is back (librdkafka's default backoff grows to 10 s).
const std::map<std::string, std::string> kFastReconnect = {{"reconnect.backoff.ms", "100"},
                                                           {"reconnect.backoff.max.ms", "500"}};

TEST_SUITE("integration") {
  TEST_CASE("broker outage: refreshes fail and the store keeps its state until both sources recover") {
    MockCluster mock(1);
    create_topics(mock);
    const std::int64_t now = wall_ms();
    mock.produce(kOffsetsTopic, 0, {commit("g1", 4, now - 60'000), commit("g1", 8, now - 1'000)});

    WarrenStack stack(mock.bootstraps(), StackOptions{.librdkafka = kFastReconnect});
    stack.start();
    const auto& store = stack.store();
    const auto& health = stack.cluster().health();
    REQUIRE(eventually([&] { return stack.sources().ready(); }, kTimeout));
    REQUIRE(committed_offsets(store, "g1", "orders", 0) == std::vector<std::int64_t>{4, 8});
    REQUIRE(eventually([&] { return health.brokers_up.load() == 1; }, kTimeout));
    const auto errors_before = health.refresh_errors.load();

    mock.broker_down(1);
    const auto down_at = std::chrono::steady_clock::now();
    REQUIRE(eventually([&] { return health.refresh_errors.load() > errors_before && health.brokers_up.load() == 0; },
                       kOutageTimeout));
    MESSAGE("outage reported after " << since(down_at).count() << " ms: " << health.last_error());
    CHECK(health.brokers_known.load() == 1);
    CHECK(!health.last_error().empty());
    CHECK(stack.sources().ready());  // readiness is about the backlog, not the connection

    // The store keeps what it had.
    CHECK(committed_offsets(store, "g1", "orders", 0) == std::vector<std::int64_t>{4, 8});
    CHECK(store.topic_offsets("orders") == std::vector<std::int64_t>{10});
    CHECK(stack.engine().evaluator().evaluate(kClusterName, "g1")->totallag == 2);

    const auto last_ok = health.last_offsets_ms.load();
    const auto refreshes = health.offset_refreshes.load();
    mock.broker_up(1);
    const auto up_at = std::chrono::steady_clock::now();
    REQUIRE(eventually(
        [&] {
          return health.last_offsets_ms.load() > last_ok && health.offset_refreshes.load() > refreshes &&
                 health.brokers_up.load() == 1;
        },
        kOutageTimeout));
    MESSAGE("recovered " << since(up_at).count() << " ms after the broker came back");
    CHECK(health.last_error().empty());

    // New data and new commits flow again.
    mock.produce_filler("orders", 0, 5);
    mock.produce(kOffsetsTopic, 0, {commit("g1", 12, wall_ms())});
    CHECK(eventually([&] { return committed_offsets(store, "g1", "orders", 0).back() == 12; }, kTimeout));
    CHECK(eventually([&] { return store.topic_offsets("orders") == std::vector<std::int64_t>{15}; }, kTimeout));
    CHECK(eventually([&] { return stack.engine().evaluator().evaluate(kClusterName, "g1")->totallag == 3; }, kTimeout));
  }

  TEST_CASE("SourceSet::stop() returns within 2 s whatever the state of the brokers") {
    MockCluster mock(1);
    create_topics(mock);
    mock.produce(kOffsetsTopic, 0, {commit("g1", 4, wall_ms())});
    WarrenStack stack(mock.bootstraps());

    SUBCASE("brokers up, sources reading") {
      stack.start();
      REQUIRE(eventually([&] { return stack.sources().ready(); }, kTimeout));
    }
    SUBCASE("broker down after the sources started") {
      stack.start();
      REQUIRE(eventually([&] { return stack.sources().ready(); }, kTimeout));
      const auto& health = stack.cluster().health();
      mock.broker_down(1);
      // Refreshes run every second and take milliseconds: once the last success is 1.5 s old,
      // the cluster source is inside a request the dead broker will never answer.
      REQUIRE(eventually([&] { return wall_ms() - health.last_offsets_ms.load() > 1500; }, kTimeout));
    }
    SUBCASE("broker down before the sources started") {
      mock.broker_down(1);
      stack.start();  // the cluster source is in its first metadata request, the reader waits for it
    }

    const auto start = std::chrono::steady_clock::now();
    stack.sources().stop();
    const Ms took = since(start);
    MESSAGE("SourceSet::stop() took " << took.count() << " ms");
    CHECK(took < 2s);
  }
}

}  // namespace
}  // namespace warren::testing
