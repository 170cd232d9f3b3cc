// MockCluster: a standalone librdkafka mock cluster for the embedded demo, benchmarks and tests (what
// librdkafka 2.0.2's mock serves and does not serve: shared/reference/mock-cluster.md), with a producer to write
// records into it. warren's sources connect to bootstraps() over TCP as to any cluster.
//
// Lifecycle: the constructor creates the owning client, the cluster (brokers 1..N) and the
// producer; the destructor tears them down in reverse (producer, cluster, owner). Failures throw
// std::runtime_error (doctest reports it as a failed test).
#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/kafka/rdkafka_handles.hpp"
#include "core/mock/offsets_encoder.hpp"

namespace warren::mock {

struct MockClusterDeleter {
  void operator()(rd_kafka_mock_cluster_t* cluster) const noexcept { rd_kafka_mock_cluster_destroy(cluster); }
};
using MockClusterHandle = std::unique_ptr<rd_kafka_mock_cluster_t, MockClusterDeleter>;

// One record to produce: a key and a value, or no value at all (a tombstone).
struct MockRecord {
  Bytes key;
  std::optional<Bytes> value;
};

class MockCluster {
 public:
  explicit MockCluster(int brokers = 1);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  const std::string& bootstraps() const noexcept { return bootstraps_; }
  int brokers() const noexcept { return brokers_; }
  rd_kafka_mock_cluster_t* get() const noexcept { return cluster_.get(); }

  // Replication factor 1: each partition has one leader, spread over the brokers by the mock.
  void create_topic(const std::string& name, int partitions);

  // Writes the records to one partition in order, waits until all are acknowledged, and returns
  // the offset each was written at.
  std::vector<std::int64_t> produce(const std::string& topic, std::int32_t partition,
                                    const std::vector<MockRecord>& records);
  // One record; `value` nullopt writes a tombstone.
  std::int64_t produce(const std::string& topic, std::int32_t partition, const Bytes& key,
                       const std::optional<Bytes>& value);
  // `count` small records, to move a partition's high-water mark.
  void produce_filler(const std::string& topic, std::int32_t partition, int count);

  // The broker closes its connections and refuses new ones; leadership does not move.
  void broker_down(std::int32_t id);
  void broker_up(std::int32_t id);

 private:
  int brokers_;
  kafka::KafkaHandle owner_;  // the mock's own client: destroyed last
  MockClusterHandle cluster_;
  std::string bootstraps_;
  kafka::KafkaHandle producer_;  // destroyed first
};

}  // namespace warren::mock
