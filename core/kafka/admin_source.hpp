// AdminSource ([consumer.NAME], class kafka_admin; warren's addition): for managed Kafka where
// __consumer_offsets cannot be read. Every `poll-interval` seconds it lists the groups, applies
// the allow/deny lists before any further request, describes the remaining groups (members,
// client ids, hosts, assignments → owners) and fetches their committed offsets, at most
// `max-in-flight` groups at a time, all through librdkafka's Admin API.
//
// Differences from the offsets-topic source, by nature of the API: Kafka does not say when an
// offset was committed, so each observed offset is stored as a commit at observation time, one
// per poll. A consumer that stopped therefore shows as STALL (same offset, growing lag) rather
// than STOP; both make the group ERR. Groups Kafka no longer lists are removed from the store.
//
// Lifecycle: as the other sources (start() creates client and thread; stop() joins).
#pragma once

#include <atomic>
#include <map>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "core/base/clock.hpp"
#include "core/base/log.hpp"
#include "core/base/result.hpp"
#include "core/config/config.hpp"
#include "core/kafka/cluster_source.hpp"
#include "core/kafka/rdkafka_handles.hpp"
#include "core/store/cluster_store.hpp"
#include "core/store/group_filter.hpp"

namespace warren::kafka {

struct AdminSourceCounters {
  std::atomic<std::uint64_t> polls{0};
  std::atomic<std::uint64_t> poll_errors{0};
  std::atomic<std::uint64_t> groups{0};           // groups tracked in the last poll
  std::atomic<std::uint64_t> groups_filtered{0};  // listed but rejected by allow/deny lists
  std::atomic<std::uint64_t> offsets{0};          // committed offsets stored
};

class AdminSource {
 public:
  AdminSource(const config::ConsumerConfig& config, store::ClusterStore& store, const ClusterSource* cluster,
              const Clock& clock);
  ~AdminSource();
  AdminSource(const AdminSource&) = delete;
  AdminSource& operator=(const AdminSource&) = delete;

  Result<bool> start();
  void stop();

  // One poll; exposed for tests. Returns false when listing the groups failed.
  bool poll_once(std::stop_token stop = {});

  bool caught_up() const noexcept { return first_poll_done_.load(); }
  const std::string& name() const noexcept { return config_.name; }
  const AdminSourceCounters& counters() const noexcept { return counters_; }

 private:
  struct GroupView {
    std::string group;
    std::vector<std::pair<model::MemberPtr, std::vector<std::pair<std::string, std::int32_t>>>> members;
    bool described{false};
  };

  // Waits for one admin result event on the queue, in slices so that stop is honoured.
  EventHandle wait_event(rd_kafka_queue_t* queue, const std::stop_token& stop) const;
  Result<std::vector<std::string>> list_groups(const std::stop_token& stop);
  std::vector<GroupView> describe(const std::vector<std::string>& groups, const std::stop_token& stop);
  void fetch_offsets(const std::vector<std::string>& groups, const std::stop_token& stop);
  void run(std::stop_token stop);

  const config::ConsumerConfig config_;
  store::ClusterStore& store_;
  const ClusterSource* cluster_;
  const Clock& clock_;
  const log::Logger log_;
  store::GroupFilter filter_;
  AdminSourceCounters counters_;
  std::atomic<bool> first_poll_done_{false};
  std::set<std::string> tracked_;  // groups this source put in the store; owned by the thread
  std::int64_t sequence_{0};       // commit order: strictly increasing per observation

  KafkaHandle client_;
  std::jthread thread_;
};

}  // namespace warren::kafka
