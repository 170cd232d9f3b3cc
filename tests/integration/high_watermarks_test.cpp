// ClusterSource against a 3-broker mock cluster with 2,000 partitions: every high-water mark
// reaches the store, and each refresh asks each leader broker once (one ListOffsets request per
// broker), not once per partition. The request count comes from librdkafka's statistics
// (brokers.*.req.ListOffsets), which ClusterHealth::list_offsets_requests carries.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/kafka/cluster_source.hpp"
#include "core/mock/mock_cluster.hpp"
#include "core/store/store.hpp"
#include "tests/support/doctest_printers.hpp"
#include "tests/support/eventually.hpp"

namespace warren::testing {
using namespace warren::mock;  // the encoder and the mock cluster
namespace {

using namespace std::chrono_literals;

TEST_SUITE("integration") {
  TEST_CASE("high-water marks of 10000 partitions come from one ListOffsets request per broker per refresh") {
    constexpr int kBrokers = 3;
    MockCluster mock(kBrokers);
    const std::map<std::string, int> layout = {{"hwm-a", 4000}, {"hwm-b", 3000}, {"hwm-c", 2000}, {"hwm-d", 1000}};
    std::map<std::string, std::vector<std::int64_t>> expected;
    for (const auto& [topic, partitions] : layout) {
      mock.create_topic(topic, partitions);
      expected[topic].assign(static_cast<std::size_t>(partitions), 0);
    }
    // A few messages in some partitions, first and last ones included.
    const std::vector<std::tuple<std::string, std::int32_t, int>> writes = {
        {"hwm-a", 0, 3}, {"hwm-a", 3999, 1}, {"hwm-b", 17, 5}, {"hwm-c", 1999, 2}, {"hwm-d", 100, 7}};
    for (const auto& [topic, partition, count] : writes) {
      mock.produce_filler(topic, partition, count);
      expected[topic][static_cast<std::size_t>(partition)] = count;
    }

    SystemClock clock;
    auto created = store::Store::create({"local"}, store::StoreOptions{}, clock);
    REQUIRE(created.ok());
    const auto st = std::move(created).value();
    config::ClusterConfig config;
    config.name = "local";
    config.servers = {mock.bootstraps()};
    config.offset_refresh = 1;
    config.topic_refresh = 60;
    kafka::ClusterSource source(config, *st->cluster("local"), clock);
    REQUIRE(source.start().ok());

    const auto& store = *st->cluster("local");
    const bool all_there = eventually(
        [&] {
          for (const auto& [topic, offsets] : expected) {
            if (store.topic_offsets(topic) != offsets) return false;
          }
          return true;
        },
        15s);
    REQUIRE(all_there);
    const auto& health = source.health();
    CHECK(health.topics.load() == 4);
    CHECK(health.partitions.load() == 10000);

    // Statistics arrive every offset-refresh; wait until they cover a few refreshes.
    REQUIRE(eventually([&] { return health.offset_refreshes.load() >= 4 && health.list_offsets_requests.load() >= 9; },
                       15s));
    // Read the requests first: every request counted belongs to a refresh that has finished or,
    // at most one, is under way.
    const std::uint64_t requests = health.list_offsets_requests.load();
    const std::uint64_t refreshes = health.offset_refreshes.load();
    const double per_refresh = static_cast<double>(requests) / static_cast<double>(refreshes);
    MESSAGE("ListOffsets requests: " << requests << " for " << refreshes << " refreshes of 10000 partitions on "
                                     << kBrokers << " brokers (" << per_refresh << " per refresh)");
    CHECK(health.brokers_known.load() == kBrokers);
    CHECK(requests >= refreshes);  // at least one request per refresh was counted at all
    CHECK(requests <= static_cast<std::uint64_t>(kBrokers) * (refreshes + 1));
    CHECK(health.refresh_errors.load() == 0);
    source.stop();
  }
}

}  // namespace
}  // namespace warren::testing
