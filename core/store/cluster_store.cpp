#include "core/store/cluster_store.hpp"

#include <algorithm>
#include <mutex>

namespace warren::store {

namespace {
void bump(std::atomic<std::uint64_t>& c) noexcept { c.fetch_add(1, std::memory_order_relaxed); }
}  // namespace

ClusterStore::ClusterStore(std::string name, const StoreOptions& options, const GroupFilter& filter, const Clock& clock)
    : name_(std::move(name)), options_(options), filter_(filter), clock_(clock) {}

bool ClusterStore::expired(const GroupState& g, std::int64_t now) const noexcept {
  // Burrow compares against whole seconds. A group seen (through its members) but without a
  // commit yet is kept from the time it was first seen, where Burrow would drop it at once.
  const std::int64_t limit = (now / 1000 - options_.expire_group_s) * 1000;
  return (g.last_commit_ms != 0 ? g.last_commit_ms : g.created_ms) < limit;
}

std::optional<ClusterStore::BrokerView> ClusterStore::broker_view(std::string_view topic,
                                                                  std::int32_t partition) const {
  auto it = topics_.find(topic);
  if (it == topics_.end()) return std::nullopt;
  const auto& parts = it->second.partitions;
  if (partition < 0 || static_cast<std::size_t>(partition) >= parts.size()) return std::nullopt;
  auto latest = parts[static_cast<std::size_t>(partition)].latest();
  if (!latest) return std::nullopt;
  return BrokerView{static_cast<std::int32_t>(parts.size()), latest->offset};
}

void ClusterStore::set_broker_offset(std::string_view topic, std::int32_t partition, std::int32_t partition_count,
                                     std::int64_t offset, std::int64_t timestamp_ms) {
  if (partition < 0 || partition_count <= 0) return;
  std::unique_lock lock(mutex_);
  auto it = topics_.find(topic);
  if (it == topics_.end()) it = topics_.emplace(std::string(topic), TopicState{}).first;
  auto& parts = it->second.partitions;
  const auto wanted = static_cast<std::size_t>(std::max(partition_count, partition + 1));
  while (parts.size() < wanted) parts.emplace_back(options_.intervals);
  auto& history = parts[static_cast<std::size_t>(partition)];
  const bool first = history.empty();
  history.push({.offset = offset, .timestamp_ms = timestamp_ms});
  if (first && !parked_topics_.empty()) replay_parked(topic, partition);
}

void ClusterStore::delete_topic(std::string_view topic) {
  std::unique_lock lock(mutex_);
  auto it = topics_.find(topic);
  if (it == topics_.end()) return;
  topics_.erase(it);
  for (auto& [name, group] : groups_) {
    auto t = group.topics.find(topic);
    if (t != group.topics.end()) group.topics.erase(t);  // groups left empty stay (Burrow #426)
  }
  bump(counters_.topics_deleted);
}

void ClusterStore::metadata_refreshed(TimePoint started) {
  std::unique_lock lock(mutex_);
  const std::int64_t cutoff = to_unix_ms(started);
  std::deque<Parked> kept;
  for (auto& p : parked_) {
    if (p.parked_at_ms < cutoff && !broker_view(p.topic, p.partition)) {
      bump(counters_.parked_unknown_topic);
      if (--parked_topics_[p.topic] == 0) parked_topics_.erase(p.topic);
      continue;
    }
    kept.push_back(std::move(p));
  }
  parked_ = std::move(kept);
}

ClusterStore::GroupMap::iterator ClusterStore::group_entry(std::string_view group) {
  auto git = groups_.find(group);
  if (git == groups_.end()) {
    git = groups_.emplace(std::string(group), GroupState{}).first;
    git->second.created_ms = now_ms();
  }
  return git;
}

ClusterStore::PartitionState& ClusterStore::partition_state(GroupMap::iterator group, std::string_view topic,
                                                            std::int32_t partition, std::int32_t partition_count) {
  auto& topics = group->second.topics;
  auto tit = topics.find(topic);
  if (tit == topics.end()) tit = topics.emplace(std::string(topic), std::vector<PartitionState>{}).first;
  auto& parts = tit->second;
  if (parts.size() < static_cast<std::size_t>(partition_count)) parts.resize(static_cast<std::size_t>(partition_count));
  auto& state = parts[static_cast<std::size_t>(partition)];
  if (!state.window.allocated()) state.window = CommitWindow(options_.intervals);
  return state;
}

CommitOutcome ClusterStore::place_commit(GroupMap::iterator group, std::string_view topic, std::int32_t partition,
                                         const IncomingCommit& commit, const BrokerView& broker) {
  auto& state = partition_state(group, topic, partition, broker.partition_count);
  const PlaceResult r = state.window.place(commit, broker.latest_offset, options_.min_distance_s * 1000);
  if (r.placement == Placement::dropped_duplicate) {
    bump(counters_.commits_duplicate);
    return CommitOutcome::duplicate;
  }
  if (r.placement == Placement::dropped_stale_backfill) {
    bump(counters_.commits_stale_backfill);
    return CommitOutcome::stale_backfill;
  }
  if (r.appended) group->second.last_commit_ms = commit.timestamp_ms;
  bump(counters_.commits_stored);
  return CommitOutcome::stored;
}

CommitOutcome ClusterStore::add_commit(const CommitRecord& c) {
  return add_commit_view(CommitView{.group = c.group,
                                    .topic = c.topic,
                                    .partition = c.partition,
                                    .offset = c.offset,
                                    .order = c.order,
                                    .timestamp_ms = c.timestamp_ms});
}

CommitOutcome ClusterStore::add_commit_view(const CommitView& c) {
  bump(counters_.commits_received);
  const std::int64_t now = now_ms();
  if (c.timestamp_ms < (now / 1000 - options_.expire_group_s) * 1000) {
    bump(counters_.commits_too_old);
    return CommitOutcome::too_old;
  }
  if (c.partition < 0) {
    bump(counters_.commits_invalid_partition);
    return CommitOutcome::invalid_partition;
  }
  // Accepted groups are in the map already; only new names pay for the regular expressions.
  std::unique_lock lock(mutex_);
  auto group = groups_.find(c.group);
  if (group == groups_.end() && !filter_.accepts(c.group)) {
    bump(counters_.commits_filtered);
    return CommitOutcome::filtered;
  }
  const IncomingCommit commit{
      .offset = c.offset, .order = c.order, .timestamp_ms = c.timestamp_ms, .observed_at_ms = now};
  auto broker = broker_view(c.topic, c.partition);
  if (!broker) {
    park(Parked{.parked_at_ms = now,
                .group = std::string(c.group),
                .topic = std::string(c.topic),
                .partition = c.partition,
                .is_owner = false,
                .commit = commit,
                .member = nullptr});
    return CommitOutcome::parked;
  }
  if (group == groups_.end()) group = group_entry(c.group);
  return place_commit(group, c.topic, c.partition, commit, *broker);
}

bool ClusterStore::set_owner(std::string_view group, std::string_view topic, std::int32_t partition,
                             model::MemberPtr member) {
  if (partition < 0) return false;
  std::unique_lock lock(mutex_);
  if (!groups_.contains(group) && !filter_.accepts(group)) return false;
  auto broker = broker_view(topic, partition);
  if (!broker) {
    park(Parked{.parked_at_ms = now_ms(),
                .group = std::string(group),
                .topic = std::string(topic),
                .partition = partition,
                .is_owner = true,
                .commit = {},
                .member = std::move(member)});
    return false;
  }
  partition_state(group_entry(group), topic, partition, broker->partition_count).member = std::move(member);
  bump(counters_.owners_set);
  return true;
}

void ClusterStore::clear_owners(std::string_view group) {
  std::unique_lock lock(mutex_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return;
  for (auto& [topic, parts] : it->second.topics) {
    for (auto& p : parts) p.member.reset();
  }
}

void ClusterStore::release_owner(std::string_view group, std::string_view topic, std::int32_t partition,
                                 const model::MemberPtr& member) {
  std::unique_lock lock(mutex_);
  auto g = groups_.find(group);
  if (g == groups_.end() || partition < 0) return;
  auto t = g->second.topics.find(topic);
  if (t == g->second.topics.end() || static_cast<std::size_t>(partition) >= t->second.size()) return;
  auto& owner = t->second[static_cast<std::size_t>(partition)].member;
  if (owner == member) owner.reset();
}

bool ClusterStore::delete_group(std::string_view group) {
  std::unique_lock lock(mutex_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return false;
  groups_.erase(it);
  bump(counters_.groups_deleted);
  return true;
}

bool ClusterStore::delete_group_topic(std::string_view group, std::string_view topic) {
  std::unique_lock lock(mutex_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return false;
  auto& topics = it->second.topics;
  auto t = topics.find(topic);
  if (t != topics.end()) topics.erase(t);
  if (topics.empty()) {
    groups_.erase(it);
    bump(counters_.groups_deleted);
  }
  return true;
}

std::size_t ClusterStore::sweep_expired() {
  const std::int64_t now = now_ms();
  std::unique_lock lock(mutex_);
  const std::size_t removed = std::erase_if(groups_, [&](const auto& kv) { return expired(kv.second, now); });
  counters_.groups_expired.fetch_add(removed, std::memory_order_relaxed);
  return removed;
}

void ClusterStore::park(Parked entry) {
  if (options_.parked_capacity == 0) {
    bump(counters_.parked_overflow);
    return;
  }
  if (parked_.size() >= options_.parked_capacity) {
    const auto& oldest = parked_.front();
    if (--parked_topics_[oldest.topic] == 0) parked_topics_.erase(oldest.topic);
    parked_.pop_front();
    bump(counters_.parked_overflow);
  }
  ++parked_topics_[entry.topic];
  parked_.push_back(std::move(entry));
  bump(counters_.parked);
}

// Called with the lock held, when (topic, partition) got its first high-water mark.
void ClusterStore::replay_parked(std::string_view topic, std::int32_t partition) {
  auto count = parked_topics_.find(topic);
  if (count == parked_topics_.end()) return;
  const auto broker = broker_view(topic, partition);
  if (!broker) return;
  std::deque<Parked> kept;
  for (auto& p : parked_) {
    if (p.topic != topic || p.partition != partition) {
      kept.push_back(std::move(p));
      continue;
    }
    bump(counters_.parked_replayed);
    if (p.is_owner) {
      partition_state(group_entry(p.group), p.topic, p.partition, broker->partition_count).member = std::move(p.member);
      bump(counters_.owners_set);
    } else {
      place_commit(group_entry(p.group), p.topic, p.partition, p.commit, *broker);
    }
    --count->second;
  }
  parked_ = std::move(kept);
  if (count->second == 0) parked_topics_.erase(count);
}

// --- readers -------------------------------------------------------------------------------

std::optional<GroupSnapshot> ClusterStore::group(std::string_view group) const {
  const std::int64_t now = now_ms();
  std::shared_lock lock(mutex_);
  auto it = groups_.find(group);
  if (it == groups_.end() || expired(it->second, now)) return std::nullopt;
  const GroupState& g = it->second;
  GroupSnapshot snap{.cluster = name_, .group = std::string(group), .topics = {}, .last_commit_ms = g.last_commit_ms};
  snap.topics.reserve(g.topics.size());
  for (const auto& [topic, parts] : g.topics) {
    TopicSnapshot ts{.name = topic, .partitions = {}};
    ts.partitions.reserve(parts.size());
    auto broker_topic = topics_.find(topic);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const PartitionState& ps = parts[i];
      PartitionSnapshot p;
      p.partition = static_cast<std::int32_t>(i);
      p.has_window = ps.window.allocated();
      p.window_size = options_.intervals;
      p.member = ps.member;
      if (p.has_window) ps.window.copy_to(p.commits);
      if (broker_topic != topics_.end() && i < broker_topic->second.partitions.size()) {
        const BrokerHistory& history = broker_topic->second.partitions[i];
        history.copy_offsets_to(p.broker_offsets);
        auto latest = history.latest();
        if (latest && !p.commits.empty())
          p.current_lag = std::max<std::int64_t>(0, latest->offset - p.commits.back().offset);
      }
      ts.partitions.push_back(std::move(p));
    }
    snap.topics.push_back(std::move(ts));
  }
  return snap;
}

std::vector<std::string> ClusterStore::groups() const {
  const std::int64_t now = now_ms();
  std::vector<std::string> out;
  {
    std::shared_lock lock(mutex_);
    out.reserve(groups_.size());
    for (const auto& [name, g] : groups_) {
      if (!expired(g, now)) out.push_back(name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<TopicInfo> ClusterStore::topics() const {
  std::shared_lock lock(mutex_);
  std::vector<TopicInfo> out;
  out.reserve(topics_.size());
  for (const auto& [name, t] : topics_) {
    out.push_back({.name = name, .partition_count = static_cast<std::int32_t>(t.partitions.size())});
  }
  return out;
}

std::optional<std::vector<std::int64_t>> ClusterStore::topic_offsets(std::string_view topic) const {
  std::shared_lock lock(mutex_);
  auto it = topics_.find(topic);
  if (it == topics_.end()) return std::nullopt;
  std::vector<std::int64_t> out;
  out.reserve(it->second.partitions.size());
  for (const auto& history : it->second.partitions) {
    if (auto latest = history.latest()) out.push_back(latest->offset);
  }
  return out;
}

std::vector<std::string> ClusterStore::consumers_of_topic(std::string_view topic) const {
  const std::int64_t now = now_ms();
  std::vector<std::string> out;
  {
    std::shared_lock lock(mutex_);
    for (const auto& [name, g] : groups_) {
      if (g.topics.contains(topic) && !expired(g, now)) out.push_back(name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t ClusterStore::group_count() const {
  std::shared_lock lock(mutex_);
  return groups_.size();
}

std::size_t ClusterStore::parked_count() const {
  std::shared_lock lock(mutex_);
  return parked_.size();
}

}  // namespace warren::store
