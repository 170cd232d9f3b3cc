#include "core/demo/consumer_schedule.hpp"

#include <algorithm>

namespace warren::demo {

ConsumerSchedule::ConsumerSchedule(Behaviour behaviour, const Scenario& scenario)
    : behaviour_(behaviour),
      slow_consume_per_tick_(scenario.slow_consume_per_tick),
      slow_commit_every_(std::max<std::int64_t>(1, scenario.slow_commit_every)),
      stop_after_(scenario.stop_after),
      stall_after_(scenario.stall_after) {}

TickActions ConsumerSchedule::on_tick(std::int64_t tick, const HighWatermarks& high_watermarks) {
  TickActions actions;
  switch (behaviour_) {
    case Behaviour::healthy:
      catch_up(high_watermarks);
      actions.commits = commit_positions();
      break;
    case Behaviour::slow:
      // Starts from the beginning of the topics, so its lag starts at the backlog and grows.
      advance(high_watermarks, tick == 1 ? 0 : slow_consume_per_tick_);
      if (tick % slow_commit_every_ == 0) actions.commits = commit_positions();
      break;
    case Behaviour::stopped:
      if (tick <= stop_after_) {
        catch_up(high_watermarks);
        actions.commits = commit_positions();
      } else if (has_member_) {
        has_member_ = false;
        actions.leaves = true;
      }
      break;
    case Behaviour::stalled:
      // Keeps up, then sticks: the same offsets are committed while the producer goes on.
      if (tick <= stall_after_) catch_up(high_watermarks);
      actions.commits = commit_positions();
      break;
  }
  return actions;
}

void ConsumerSchedule::catch_up(const HighWatermarks& high_watermarks) {
  for (const auto& [topic, marks] : high_watermarks) {
    auto& positions = positions_[topic];
    positions.resize(marks.size(), 0);
    for (std::size_t p = 0; p < marks.size(); ++p) positions[p] = std::max(positions[p], marks[p]);
  }
}

void ConsumerSchedule::advance(const HighWatermarks& high_watermarks, std::int64_t records) {
  for (const auto& [topic, marks] : high_watermarks) {
    auto& positions = positions_[topic];
    positions.resize(marks.size(), 0);
    for (std::size_t p = 0; p < marks.size(); ++p) positions[p] = std::min(positions[p] + records, marks[p]);
  }
}

std::vector<PartitionCommit> ConsumerSchedule::commit_positions() const {
  std::vector<PartitionCommit> commits;
  for (const auto& [topic, positions] : positions_) {
    for (std::size_t p = 0; p < positions.size(); ++p) {
      commits.push_back({.topic = topic, .partition = static_cast<std::int32_t>(p), .offset = positions[p]});
    }
  }
  return commits;
}

}  // namespace warren::demo
