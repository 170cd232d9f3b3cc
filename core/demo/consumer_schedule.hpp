// ConsumerSchedule: what one simulated consumer group commits at each tick of the demo, given the
// high-water marks after that tick's writes. Pure and deterministic (ticks, not time), so that the
// schedules are unit-tested, and checked against Burrow's rules in virtual time, without a broker.
//
// Lifecycle: a value; on_tick() is called with tick numbers 1, 2, 3, ... in order.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/demo/scenario.hpp"

namespace warren::demo {

// Topic → high-water mark of each partition, by partition id.
using HighWatermarks = std::map<std::string, std::vector<std::int64_t>, std::less<>>;

struct PartitionCommit {
  std::string topic;
  std::int32_t partition{0};
  std::int64_t offset{0};
  bool operator==(const PartitionCommit&) const = default;
};

// What a group does at one tick.
struct TickActions {
  std::vector<PartitionCommit> commits;  // topics in name order, partitions ascending
  bool leaves{false};                    // its only member leaves the group (once)
};

class ConsumerSchedule {
 public:
  ConsumerSchedule(Behaviour behaviour, const Scenario& scenario);

  TickActions on_tick(std::int64_t tick, const HighWatermarks& high_watermarks);

  Behaviour behaviour() const noexcept { return behaviour_; }
  // Whether the group still has its member (false once a stopped group has left).
  bool has_member() const noexcept { return has_member_; }

 private:
  // Every partition consumed up to its high-water mark.
  void catch_up(const HighWatermarks& high_watermarks);
  // Every partition `records` further, never past its high-water mark.
  void advance(const HighWatermarks& high_watermarks, std::int64_t records);
  std::vector<PartitionCommit> commit_positions() const;

  Behaviour behaviour_;
  std::int64_t slow_consume_per_tick_;
  std::int64_t slow_commit_every_;
  std::int64_t stop_after_;
  std::int64_t stall_after_;
  bool has_member_{true};
  // Topic → the next offset to consume of each partition (what a consumer commits).
  std::map<std::string, std::vector<std::int64_t>, std::less<>> positions_;
};

}  // namespace warren::demo
