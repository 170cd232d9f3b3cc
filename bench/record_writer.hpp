// RecordWriter: writes many records fast into a mock cluster or a real broker. Records are queued
// without waiting (one producer, large batches) and flush() waits until every one is acknowledged,
// so writing a backlog of a million records takes seconds, not one round trip each.
//
// Lifecycle: the constructor creates the producer (no I/O yet); the destructor flushes briefly and
// destroys it. Failures throw std::runtime_error: this is a command-line tool's edge.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/kafka/rdkafka_handles.hpp"
#include "core/mock/mock_cluster.hpp"

namespace warren::bench {

class RecordWriter {
 public:
  // `mock` (may be null) creates topics with the mock's own call; otherwise the Admin API does.
  RecordWriter(std::string bootstraps, mock::MockCluster* mock);
  ~RecordWriter();
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  const std::string& bootstraps() const noexcept { return bootstraps_; }
  void create_topic(const std::string& name, int partitions);
  // Queues the records for one partition, in order; the records are copied.
  void enqueue(const std::string& topic, std::int32_t partition, const std::vector<mock::MockRecord>& records);
  // Waits until everything queued is acknowledged; throws on the first failed delivery.
  void flush();

  // Delivery outcomes, written by librdkafka's delivery-report callback during poll/flush.
  struct Deliveries {
    std::int64_t failed{0};
    std::string first_error;
  };

 private:
  std::string bootstraps_;
  mock::MockCluster* mock_;
  std::unique_ptr<Deliveries> deliveries_;  // stable address for the callback's opaque
  kafka::KafkaHandle producer_;
};

}  // namespace warren::bench
