// The offsets topic's backlog read by warren's own fetcher (BacklogFetcher), and the hand-over to
// librdkafka where the fetcher stops: a compressed batch in the middle of a partition, partitions
// led by different brokers, an empty partition, and records written after the backlog was read.
// Every record must be applied exactly once, whichever reader read it.
#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "core/kafka/rdkafka_handles.hpp"
#include "tests/support/doctest_printers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/warren_stack.hpp"

namespace warren::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto kTimeout = 15s;

std::int64_t wall_ms() { return to_unix_ms(SystemClock{}.now()); }

MockRecord commit(const std::string& group, std::int32_t partition, std::int64_t offset) {
  return {.key = encode_offset_commit_key(group, "orders", partition),
          .value = encode_offset_commit_value(3, offset, wall_ms() - 60'000)};
}

// Commits of `group` on orders/0 with offsets first, first + 1, ... (count of them).
std::vector<MockRecord> commits(const std::string& group, std::int64_t first, int count) {
  std::vector<MockRecord> out;
  for (int i = 0; i < count; ++i) out.push_back(commit(group, 0, first + i));
  return out;
}

// Writes records as one gzip-compressed batch, as a producer with compression.codec=gzip would.
void produce_compressed(const std::string& bootstraps, std::int32_t partition, const std::vector<MockRecord>& records) {
  kafka::ConfHandle conf(rd_kafka_conf_new());
  std::array<char, 512> err{};
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{{"bootstrap.servers", bootstraps},
                                                                             {"compression.codec", "gzip"},
                                                                             {"linger.ms", "100"},
                                                                             {"enable.idempotence", "false"}}) {
    REQUIRE(rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), err.data(), err.size()) == RD_KAFKA_CONF_OK);
  }
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err.data(), err.size());
  REQUIRE(rk != nullptr);
  conf.release();  // rd_kafka_new took it
  const kafka::KafkaHandle producer(rk);
  for (const auto& r : records) {
    REQUIRE(rd_kafka_producev(producer.get(), RD_KAFKA_V_TOPIC(kOffsetsTopic), RD_KAFKA_V_PARTITION(partition),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(r.key.data(), r.key.size()),
                              RD_KAFKA_V_VALUE(const_cast<std::byte*>(r.value->data()), r.value->size()),
                              RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  REQUIRE(rd_kafka_flush(producer.get(), 10'000) == RD_KAFKA_RESP_ERR_NO_ERROR);
}

}  // namespace

TEST_SUITE("integration") {
  TEST_CASE("offsets reader: the backlog is fetched directly and librdkafka reads on from a compressed batch") {
    MockCluster mock(3);  // three leaders: one fetch connection each
    mock.create_topic(kOffsetsTopic, 4);
    mock.create_topic("orders", 1);
    mock.produce_filler("orders", 0, 10'000);

    // Partition 0: plain batches only. Partition 1: plain, then one compressed batch, then plain
    // again. Partition 2: nothing. Partition 3: plain.
    mock.produce(kOffsetsTopic, 0, commits("plain", 0, 300));
    mock.produce(kOffsetsTopic, 1, commits("mixed", 0, 100));
    produce_compressed(mock.bootstraps(), 1, commits("mixed", 100, 50));
    mock.produce(kOffsetsTopic, 1, commits("mixed", 150, 100));
    mock.produce(kOffsetsTopic, 3, commits("other", 0, 20));
    const std::uint64_t backlog = 300 + 100 + 50 + 100 + 20;

    WarrenStack stack(mock.bootstraps());
    stack.start();
    REQUIRE(eventually([&] { return stack.reader().caught_up(); }, kTimeout));
    const auto& counters = stack.reader().counters();
    CHECK(counters.records.load() == backlog);
    // Everything before the compressed batch came through the fetcher; the compressed batch
    // and what follows it in partition 1 through librdkafka.
    CHECK(counters.direct.load() == 300 + 100 + 20);
    CHECK(stack.reader().decode_errors().snapshot().empty());

    // Every commit applied once, in order: the window holds the newest, consecutive offsets.
    const auto& store = stack.store();
    CHECK(committed_offsets(store, "plain", "orders", 0).back() == 299);
    CHECK(committed_offsets(store, "mixed", "orders", 0) ==
          std::vector<std::int64_t>{240, 241, 242, 243, 244, 245, 246, 247, 248, 249});
    CHECK(commit_orders(store, "mixed", "orders", 0).back() == 249);
    CHECK(committed_offsets(store, "other", "orders", 0).back() == 19);
    // warren's own progress: the next offset to read in each partition that had records.
    CHECK(committed_offsets(store, kSelfGroup, kOffsetsTopic, 0).back() == 300);
    CHECK(committed_offsets(store, kSelfGroup, kOffsetsTopic, 1).back() == 250);
    CHECK(committed_offsets(store, kSelfGroup, kOffsetsTopic, 3).back() == 20);

    // Records written after the backlog are read by librdkafka, from where the fetcher stopped.
    mock.produce(kOffsetsTopic, 0, commits("plain", 300, 5));
    mock.produce(kOffsetsTopic, 2, commits("late", 0, 3));
    REQUIRE(eventually([&] { return counters.records.load() == backlog + 8; }, kTimeout));
    CHECK(counters.direct.load() == 300 + 100 + 20);
    CHECK(eventually([&] { return committed_offsets(store, "plain", "orders", 0).back() == 304; }, kTimeout));
    CHECK(eventually([&] { return !committed_offsets(store, "late", "orders", 0).empty(); }, kTimeout));
    CHECK(committed_offsets(store, "plain", "orders", 0).size() == 10);
  }

  TEST_CASE("offsets reader: a profile naming the plaintext protocol in capitals still fetches directly") {
    MockCluster mock(1);
    mock.create_topic(kOffsetsTopic, 2);
    mock.create_topic("orders", 1);
    mock.produce_filler("orders", 0, 100);
    mock.produce(kOffsetsTopic, 0, commits("g", 0, 30));
    // librdkafka accepts the protocol's name in any case; so must the choice of reader. (TLS and
    // SASL profiles are covered by the unit tests of reaches_brokers_in_plaintext: the mock
    // cluster speaks plaintext only.)
    WarrenStack stack(mock.bootstraps(), {.librdkafka = {{"security.protocol", "PLAINTEXT"}}});
    stack.start();
    REQUIRE(eventually([&] { return stack.reader().caught_up(); }, kTimeout));
    CHECK(stack.reader().counters().records.load() == 30);
    CHECK(stack.reader().counters().direct.load() == 30);
  }
}

}  // namespace warren::testing
