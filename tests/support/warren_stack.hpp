// WarrenStack: warren's engine and Kafka sources built from an in-code configuration — one
// cluster ("local") and one consumer of class kafka reading its offsets topic — pointed at a mock
// cluster, plus helpers to look into the store. Integration tests build one per test.
//
// Lifecycle: the constructor builds the Config and the engine (no I/O); start() starts the
// engine's maintenance and the sources; stop() or the destructor stops the sources first.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/base/clock.hpp"
#include "core/config/config.hpp"
#include "core/engine/engine.hpp"
#include "core/kafka/source_set.hpp"
#include "core/mock/mock_cluster.hpp"
#include "core/mock/offsets_encoder.hpp"
#include "core/store/cluster_store.hpp"
#include "tests/support/eventually.hpp"

namespace warren::testing {
using namespace warren::mock;  // the encoder and the mock cluster

inline constexpr const char* kClusterName = "local";
inline constexpr const char* kConsumerName = "local";
inline constexpr const char* kSelfGroup = "burrow-local";  // the consumer's own progress
inline constexpr const char* kOffsetsTopic = "__consumer_offsets";

struct StackOptions {
  int offset_refresh{1};  // seconds
  int topic_refresh{60};  // seconds
  bool start_latest{false};
  bool backfill_earliest{false};
  std::map<std::string, std::string> librdkafka;  // the client profile's pass-through table
};

inline config::Config integration_config(const std::string& bootstraps, const StackOptions& options) {
  config::ClientProfile profile;
  profile.librdkafka = options.librdkafka;

  config::Config c;
  c.source_file = "(integration test)";
  config::ClusterConfig cluster;
  cluster.name = kClusterName;
  cluster.servers = {bootstraps};
  cluster.client_profile = profile;
  cluster.offset_refresh = options.offset_refresh;
  cluster.topic_refresh = options.topic_refresh;
  c.clusters.push_back(cluster);

  config::ConsumerConfig consumer;
  consumer.name = kConsumerName;
  consumer.class_name = "kafka";
  consumer.cluster = kClusterName;
  consumer.servers = {bootstraps};
  consumer.client_profile = profile;
  consumer.start_latest = options.start_latest;
  consumer.backfill_earliest = options.backfill_earliest;
  c.consumers.push_back(consumer);

  c.evaluator.expire_cache = 0;  // every evaluation sees the store as it is now
  return c;
}

class WarrenStack {
 public:
  explicit WarrenStack(const std::string& bootstraps, const StackOptions& options = {})
      : config_(integration_config(bootstraps, options)) {
    auto engine = engine::Engine::create(config_, clock_);
    if (!engine) throw std::runtime_error("engine: " + engine.error().message);
    engine_ = std::move(engine).value();
    sources_ = std::make_unique<kafka::SourceSet>(config_, engine_->store(), clock_);
  }
  ~WarrenStack() { stop(); }
  WarrenStack(const WarrenStack&) = delete;
  WarrenStack& operator=(const WarrenStack&) = delete;

  void start() {
    engine_->start();
    if (auto started = sources_->start(); !started) throw std::runtime_error("sources: " + started.error().message);
  }
  void stop() {
    sources_->stop();
    engine_->stop();
  }

  const config::Config& config() const noexcept { return config_; }
  engine::Engine& engine() noexcept { return *engine_; }
  kafka::SourceSet& sources() noexcept { return *sources_; }
  store::ClusterStore& store() noexcept { return *engine_->store().cluster(kClusterName); }
  const kafka::ClusterSource& cluster() const { return *sources_->clusters().at(0); }
  const kafka::OffsetsTopicSource& reader() const { return *sources_->offsets_readers().at(0); }

 private:
  SystemClock clock_;
  config::Config config_;  // the sources keep a reference: declared before them
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<kafka::SourceSet> sources_;
};

// The stored partition of a group, or nullopt when the group, topic or partition is not there.
inline std::optional<store::PartitionSnapshot> stored_partition(const store::ClusterStore& store,
                                                                const std::string& group, const std::string& topic,
                                                                std::int32_t partition) {
  const auto snapshot = store.group(group);
  if (!snapshot) return std::nullopt;
  for (const auto& t : snapshot->topics) {
    if (t.name != topic) continue;
    if (partition < 0 || static_cast<std::size_t>(partition) >= t.partitions.size()) return std::nullopt;
    return t.partitions[static_cast<std::size_t>(partition)];
  }
  return std::nullopt;
}

// The committed offsets stored for a group's partition, oldest first (empty when none).
inline std::vector<std::int64_t> committed_offsets(const store::ClusterStore& store, const std::string& group,
                                                   const std::string& topic, std::int32_t partition) {
  std::vector<std::int64_t> out;
  if (auto p = stored_partition(store, group, topic, partition)) {
    for (const auto& c : p->commits) out.push_back(c.offset);
  }
  return out;
}

// The `order` of each stored commit (its offset in the offsets topic), oldest first.
inline std::vector<std::int64_t> commit_orders(const store::ClusterStore& store, const std::string& group,
                                               const std::string& topic, std::int32_t partition) {
  std::vector<std::int64_t> out;
  if (auto p = stored_partition(store, group, topic, partition)) {
    for (const auto& c : p->commits) out.push_back(c.order);
  }
  return out;
}

// A reader that starts at the end of the offsets topic may position itself after records written
// just after it became ready. This writes probe records (a record type warren reads but does not
// use) to `partition` until the reader has read one, so that everything written afterwards is
// certainly read. Returns false at the timeout.
inline bool reader_positioned(MockCluster& mock, WarrenStack& stack, std::int32_t partition,
                              std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto probe = mock.produce(kOffsetsTopic, partition,
                                    encode_group_key(16 /* consumer_group_regular_expression */, "probe"), bytes({0}));
    const bool read = eventually(
        [&] {
          const auto progress = committed_offsets(stack.store(), kSelfGroup, kOffsetsTopic, partition);
          return !progress.empty() && progress.back() > probe;
        },
        std::chrono::milliseconds(500));
    if (read) return true;
  }
  return false;
}

}  // namespace warren::testing
