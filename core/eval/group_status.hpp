// The results of evaluating a group: Burrow's ConsumerGroupStatus and PartitionStatus as values,
// and the pure functions that compute them from a store snapshot (reference/burrow.md §2.1–2.2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.hpp"
#include "core/model/commit.hpp"
#include "core/model/status.hpp"
#include "core/store/snapshot.hpp"

namespace warren::eval {

struct EvalOptions {
  double minimum_complete{0.0};
  std::int64_t allowed_lag{0};
};

struct PartitionStatus {
  std::string topic;
  std::int32_t partition{0};
  model::MemberPtr member;  // owner and client id; null when unknown
  model::Status status{model::Status::ok};
  std::optional<model::CommitSlot> start;  // oldest stored commit
  std::optional<model::CommitSlot> end;    // newest stored commit
  std::int64_t current_lag{0};
  float complete{0.0F};  // float32, as Burrow computes and prints it

  const std::string& owner() const noexcept;
  const std::string& client_id() const noexcept;
};

struct GroupStatus {
  std::string cluster;
  std::string group;
  model::Status status{model::Status::notfound};
  float complete{1.0F};
  std::vector<PartitionStatus> partitions;  // every partition; /status shows only non-OK ones
  std::int32_t partition_count{0};
  std::optional<PartitionStatus> maxlag;
  std::int64_t totallag{0};
};

PartitionStatus evaluate_partition(const std::string& topic, const store::PartitionSnapshot& partition,
                                   const EvalOptions& options, TimePoint now);

GroupStatus evaluate_group(const store::GroupSnapshot& group, const EvalOptions& options, TimePoint now);

// What Burrow answers for a group or cluster it does not know.
GroupStatus not_found(std::string cluster, std::string group);

}  // namespace warren::eval
