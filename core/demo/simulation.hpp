// Simulation: the world `warren demo` watches — librdkafka's mock cluster in this process, the
// scenario's topics with a producer writing to every partition at every tick, and the scenario's
// consumer groups, whose commits and memberships are written into `__consumer_offsets` as a broker
// writes them (the mock never writes that topic itself: reference/mock-cluster.md). warren's
// sources read it over TCP like any cluster. It writes to Kafka only: nothing on stdout.
//
// Lifecycle: create() starts the mock cluster, creates the topics, writes a backlog to each
// partition and each group's membership; start() spawns the tick thread; stop() or the destructor
// joins it, then the cluster goes down. Commit timestamps come from the injected clock.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "core/base/clock.hpp"
#include "core/base/log.hpp"
#include "core/base/result.hpp"
#include "core/demo/consumer_schedule.hpp"
#include "core/demo/scenario.hpp"
#include "core/mock/mock_cluster.hpp"

namespace warren::demo {

inline constexpr const char* kOffsetsTopic = "__consumer_offsets";

class Simulation {
 public:
  static Result<std::unique_ptr<Simulation>> create(const Scenario& scenario, const Clock& clock);

  // Allocates only; create() is the way in.
  Simulation(const Scenario& scenario, const Clock& clock);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  const std::string& bootstraps() const noexcept { return mock_->bootstraps(); }
  const Scenario& scenario() const noexcept { return scenario_; }

  void start();
  void stop();

  // Ticks played so far, and ticks in which some write failed (logged).
  std::int64_t ticks() const noexcept { return ticks_.load(std::memory_order_relaxed); }
  std::int64_t failed_ticks() const noexcept { return failed_ticks_.load(std::memory_order_relaxed); }

 private:
  // These throw std::runtime_error (from MockCluster) on a failed write.
  void set_up();
  void play_tick(std::int64_t tick);
  void write_membership(const GroupSpec& group, bool has_member);
  void write_commits(const GroupSpec& group, const std::vector<PartitionCommit>& commits);
  void run(const std::stop_token& stop);

  const Scenario scenario_;
  const Clock& clock_;
  const log::Logger log_{"demo"};
  std::unique_ptr<mock::MockCluster> mock_;
  std::vector<ConsumerSchedule> schedules_;  // one per scenario group, in the same order
  HighWatermarks high_watermarks_;
  std::map<std::string, std::int32_t, std::less<>> generations_;
  std::atomic<std::int64_t> ticks_{0};
  std::atomic<std::int64_t> failed_ticks_{0};
  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // declared last: joined before anything it uses goes away
};

}  // namespace warren::demo
