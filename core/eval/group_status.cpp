#include "core/eval/group_status.hpp"

#include <algorithm>

#include "core/eval/partition_rules.hpp"

namespace warren::eval {

using model::Status;

namespace {
const std::string& empty_string() noexcept {
  static const std::string empty;
  return empty;
}
}  // namespace

const std::string& PartitionStatus::owner() const noexcept { return member ? member->owner : empty_string(); }
const std::string& PartitionStatus::client_id() const noexcept { return member ? member->client_id : empty_string(); }

PartitionStatus evaluate_partition(const std::string& topic, const store::PartitionSnapshot& p,
                                   const EvalOptions& options, TimePoint now) {
  PartitionStatus s{.topic = topic,
                    .partition = p.partition,
                    .member = p.member,
                    .status = Status::ok,
                    .start = std::nullopt,
                    .end = std::nullopt,
                    .current_lag = p.current_lag,
                    .complete = 0.0F};
  if (!p.has_window || p.window_size == 0) return s;

  // Free slots are the leading nulls of Burrow's ring. When every slot is free Burrow keeps the
  // last one, so the partition counts as 1/len complete (or 1 for a one-slot ring).
  const auto stored = static_cast<float>(p.commits.size());
  const auto len = static_cast<float>(p.window_size);
  if (p.commits.size() >= p.window_size) {
    s.complete = 1.0F;
  } else if (p.commits.empty()) {
    s.complete = p.window_size > 1 ? 1.0F / len : 1.0F;
  } else {
    s.complete = stored / len;
  }
  if (p.commits.empty()) return s;

  s.start = p.commits.front();
  s.end = p.commits.back();
  if (static_cast<double>(s.complete) >= options.minimum_complete) {
    const std::int64_t now_s = to_unix_ms(now) / 1000;
    s.status = partition_status(p.commits, p.broker_offsets, p.current_lag, now_s, options.allowed_lag);
  }
  return s;
}

GroupStatus evaluate_group(const store::GroupSnapshot& group, const EvalOptions& options, TimePoint now) {
  GroupStatus g{.cluster = group.cluster,
                .group = group.group,
                .status = Status::ok,
                .complete = 1.0F,
                .partitions = {},
                .partition_count = 0,
                .maxlag = std::nullopt,
                .totallag = 0};
  std::size_t count = 0;
  for (const auto& t : group.topics) count += t.partitions.size();
  g.partitions.reserve(count);

  std::size_t complete_count = 0;
  std::optional<std::size_t> maxlag_index;
  for (const auto& topic : group.topics) {
    for (const auto& p : topic.partitions) {
      PartitionStatus ps = evaluate_partition(topic.name, p, options, now);
      g.totallag += ps.current_lag;
      if (ps.status > g.status) g.status = std::min(ps.status, Status::err);
      // Ties keep the first partition seen.
      if (!maxlag_index || ps.current_lag > g.partitions[*maxlag_index].current_lag) maxlag_index = g.partitions.size();
      if (ps.complete == 1.0F) ++complete_count;
      g.partitions.push_back(std::move(ps));
    }
  }
  g.partition_count = static_cast<std::int32_t>(count);
  g.complete = count == 0 ? 0.0F : static_cast<float>(complete_count) / static_cast<float>(count);
  if (maxlag_index) g.maxlag = g.partitions[*maxlag_index];
  return g;
}

GroupStatus not_found(std::string cluster, std::string group) {
  return GroupStatus{.cluster = std::move(cluster),
                     .group = std::move(group),
                     .status = Status::notfound,
                     .complete = 1.0F,
                     .partitions = {},
                     .partition_count = 0,
                     .maxlag = std::nullopt,
                     .totallag = 0};
}

}  // namespace warren::eval
