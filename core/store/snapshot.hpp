// Copies of stored data handed to readers (evaluator, HTTP, plugin). A reader takes a snapshot
// under a short shared lock and works on it for as long as it likes without holding up ingestion.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/commit.hpp"

namespace warren::store {

struct PartitionSnapshot {
  std::int32_t partition{0};
  // Burrow distinguishes a partition with no ring at all (no commit, no owner: `offsets: []`)
  // from one whose ring has free slots (`null` entries first).
  bool has_window{false};
  std::uint16_t window_size{0};              // `intervals`
  std::vector<model::CommitSlot> commits;    // stored commits, oldest → newest
  std::vector<std::int64_t> broker_offsets;  // high-water-mark history, oldest → newest
  std::int64_t current_lag{0};               // newest high-water mark − newest commit, ≥ 0
  model::MemberPtr member;                   // null when no owner is known

  const std::string& owner() const noexcept;
  const std::string& client_id() const noexcept;
};

struct TopicSnapshot {
  std::string name;
  std::vector<PartitionSnapshot> partitions;  // index = partition id
};

struct GroupSnapshot {
  std::string cluster;
  std::string group;
  std::vector<TopicSnapshot> topics;  // sorted by name
  std::int64_t last_commit_ms{0};
};

}  // namespace warren::store
