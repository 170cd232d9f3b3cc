// ClusterSource ([cluster.NAME], class kafka): keeps the store's view of one cluster's topics
// current — metadata every `topic-refresh` seconds (deleted topics leave the store, partition
// growth reaches it) and the high-water mark of every partition every `offset-refresh` seconds,
// fetched in one batch: librdkafka sends one ListOffsets request per leader broker for all the
// partitions it leads, never one per partition.
//
// Lifecycle: the constructor only keeps references; start() creates the client and the refresh
// thread; stop() or the destructor joins the thread, then destroys the client. Consumers of the
// offsets topic wait for first_refresh() so that no commit arrives before its topic is known.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

#include "core/base/clock.hpp"
#include "core/base/log.hpp"
#include "core/base/result.hpp"
#include "core/config/config.hpp"
#include "core/kafka/client_config.hpp"
#include "core/kafka/cluster_health.hpp"
#include "core/kafka/rdkafka_handles.hpp"
#include "core/kafka/topic_ids.hpp"
#include "core/store/cluster_store.hpp"

namespace warren::kafka {

class ClusterSource {
 public:
  ClusterSource(const config::ClusterConfig& config, store::ClusterStore& store, const Clock& clock);
  ~ClusterSource();
  ClusterSource(const ClusterSource&) = delete;
  ClusterSource& operator=(const ClusterSource&) = delete;

  // Creates the client (an invalid property is an error) and starts refreshing.
  Result<bool> start();
  void stop();

  // Blocks until the first metadata and high-water-mark refresh has landed in the store, or the
  // token is stopped. Returns whether it landed.
  bool wait_first_refresh(std::stop_token stop) const;
  bool first_refresh_done() const;

  const ClusterHealth& health() const noexcept { return health_; }
  // Topic ids → names, for KIP-848 assignments (filled on plaintext clusters, see topic_ids.hpp).
  const TopicDirectory& topic_directory() const noexcept { return directory_; }
  const std::string& name() const noexcept { return config_.name; }

  // One refresh, as the thread runs it; exposed for tests. Returns false when the cluster did not
  // answer (some partitions without a high-water mark still count as an answer).
  bool refresh_metadata();
  bool refresh_offsets();

 private:
  struct PartitionLeader {
    std::int32_t leader{-1};
  };
  struct TopicLayout {
    std::vector<PartitionLeader> partitions;
  };

  void run(std::stop_token stop);
  void refresh_topic_ids(const rd_kafka_metadata_t& md);
  static int on_statistics(rd_kafka_t* rk, char* json, size_t len, void* opaque) noexcept;

  const config::ClusterConfig config_;
  store::ClusterStore& store_;
  const Clock& clock_;
  const log::Logger log_;
  ClusterHealth health_;
  TopicDirectory directory_;
  bool topic_ids_supported_{true};
  int topic_id_failures_{0};  // consecutive refreshes whose topic-id request failed

  KafkaHandle client_;                                      // declared before the thread: destroyed after it is joined
  std::map<std::string, TopicLayout, std::less<>> topics_;  // owned by the refresh thread
  bool metadata_stale_{true};
  std::optional<TimePoint> metadata_started_;  // a metadata refresh whose offsets are still due
  std::stop_token stop_;                       // the refresh thread's; never stops for direct calls from tests

  mutable std::mutex first_mutex_;
  mutable std::condition_variable_any first_cv_;
  bool first_done_{false};

  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace warren::kafka
