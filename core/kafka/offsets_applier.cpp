#include "core/kafka/offsets_applier.hpp"

#include <algorithm>

namespace warren::kafka {

std::atomic<std::uint64_t>& KindCounters::counter(std::string_view kind) {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(kind);
  if (it == counts_.end()) it = counts_.try_emplace(std::string(kind), 0).first;
  return it->second;
}

std::map<std::string, std::uint64_t> KindCounters::snapshot() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, std::uint64_t> out;
  for (const auto& [kind, n] : counts_) {
    if (const auto v = n.load(std::memory_order_relaxed); v > 0) out.emplace(kind, v);
  }
  return out;
}

std::uint64_t KindCounters::get(std::string_view kind) const {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(kind);
  return it == counts_.end() ? 0 : it->second.load(std::memory_order_relaxed);
}

OffsetsApplier::OffsetsApplier(store::ClusterStore& store, const store::GroupFilter& filter,
                               const TopicDirectory* directory)
    : store_(store), filter_(filter), directory_(directory) {}

std::optional<std::string> OffsetsApplier::topic_name(const Uuid& id) const {
  if (auto it = topic_names_.find(id); it != topic_names_.end()) return it->second;
  if (directory_ != nullptr) return directory_->name(id);
  return std::nullopt;
}

void OffsetsApplier::reapply_all_owners() {
  for (const auto& [group, g] : kip848_) {
    for (const auto& [id, member] : g.members) apply_owners(group, member);
  }
}

void OffsetsApplier::catch_up_with_directory() {
  if (directory_ != nullptr && directory_->version() != directory_version_) {
    directory_version_ = directory_->version();
    reapply_all_owners();
  }
}

void OffsetsApplier::apply(const OffsetCommitView& commit, std::int64_t order) {
  catch_up_with_directory();
  apply_commit(commit, order);
}

void OffsetsApplier::apply(const OffsetsRecord& record, std::int64_t order) {
  catch_up_with_directory();
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, OffsetCommit>)
          apply_commit(r, order);
        else if constexpr (std::is_same_v<T, GroupMetadata>)
          apply_group_metadata(r);
        else if constexpr (std::is_same_v<T, ConsumerGroupMemberMetadata>)
          apply_member_metadata(r);
        else if constexpr (std::is_same_v<T, ConsumerGroupCurrentMemberAssignment>)
          apply_assignment(r);
        else if constexpr (std::is_same_v<T, ConsumerGroupPartitionMetadata>)
          apply_partition_metadata(r);
        else if constexpr (std::is_same_v<T, ConsumerGroupMetadata>)
          apply_group_epoch(r);
        else
          ignored_.add(r.kind);
      },
      record);
}

void OffsetsApplier::apply_commit(const OffsetCommit& c, std::int64_t order) {
  apply_commit(OffsetCommitView{.group = c.group,
                                .topic = c.topic,
                                .partition = c.partition,
                                .tombstone = !c.value,
                                .offset = c.value ? c.value->offset : 0,
                                .commit_timestamp_ms = c.value ? c.value->commit_timestamp_ms : 0},
               order);
}

void OffsetsApplier::apply_commit(const OffsetCommitView& c, std::int64_t order) {
  if (!filter_.accepts(c.group)) return ignored_.add("offset_commit_filtered");
  // A deleted offset (expiry, or kafka-consumer-groups --delete-offsets) leaves the window as it
  // is; the group expires or its topic is deleted like any other.
  if (c.tombstone) return ignored_.add("offset_commit_tombstone");
  store_.add_commit_view(store::CommitView{.group = c.group,
                                           .topic = c.topic,
                                           .partition = c.partition,
                                           .offset = c.offset,
                                           .order = order,
                                           .timestamp_ms = c.commit_timestamp_ms});
  commits_applied_.fetch_add(1, std::memory_order_relaxed);
}

void OffsetsApplier::apply_group_metadata(const GroupMetadata& g) {
  if (!g.value) {
    store_.delete_group(g.group);
    return applied_.add("group_tombstone");
  }
  if (!filter_.accepts(g.group)) return ignored_.add("group_metadata_filtered");
  // Connect, Streams-internal and other non-consumer groups carry no partition owners.
  if (g.value->protocol_type != "consumer") return ignored_.add("group_metadata_not_consumer");
  if (g.value->members.empty()) {
    store_.clear_owners(g.group);
    return applied_.add("group_metadata");
  }
  for (const auto& m : g.value->members) {
    if (!m.assignment) continue;
    auto member =
        std::make_shared<const model::Member>(model::Member{.owner = m.client_host, .client_id = m.client_id});
    for (const auto& tp : *m.assignment) {
      for (std::int32_t p : tp.partitions) store_.set_owner(g.group, tp.topic, p, member);
    }
  }
  applied_.add("group_metadata");
}

void OffsetsApplier::apply_member_metadata(const ConsumerGroupMemberMetadata& m) {
  if (!filter_.accepts(m.group)) return ignored_.add("consumer_group_member_metadata_filtered");
  auto& group = kip848_[m.group];
  if (!m.value) {
    auto it = group.members.find(m.member_id);
    if (it != group.members.end()) {
      release_owners(m.group, it->second);
      group.members.erase(it);
    }
    return applied_.add("consumer_group_member_metadata");
  }
  auto& member = group.members[m.member_id];
  member.member = std::make_shared<const model::Member>(
      model::Member{.owner = m.value->client_host, .client_id = m.value->client_id});
  member.subscribed = m.value->subscribed_topic_names;
  // A newly learned id may also complete other members' and groups' assignments.
  if (infer_topic_ids(member))
    reapply_all_owners();
  else
    apply_owners(m.group, member);
  applied_.add("consumer_group_member_metadata");
}

void OffsetsApplier::apply_assignment(const ConsumerGroupCurrentMemberAssignment& a) {
  if (!filter_.accepts(a.group)) return ignored_.add("consumer_group_current_member_assignment_filtered");
  auto& group = kip848_[a.group];
  if (!a.value) {
    auto it = group.members.find(a.member_id);
    if (it != group.members.end()) {
      release_owners(a.group, it->second);
      it->second.assignment.clear();
      it->second.has_assignment = false;
    }
    return applied_.add("consumer_group_current_member_assignment");
  }
  auto& member = group.members[a.member_id];
  release_owners(a.group, member);  // partitions it no longer has; those it keeps are set again
  member.assignment = a.value->assigned_partitions;
  member.has_assignment = true;
  if (infer_topic_ids(member))
    reapply_all_owners();
  else
    apply_owners(a.group, member);
  applied_.add("consumer_group_current_member_assignment");
}

void OffsetsApplier::apply_partition_metadata(const ConsumerGroupPartitionMetadata& p) {
  if (!p.value) return applied_.add("consumer_group_partition_metadata");
  bool learned = false;
  for (const auto& t : p.value->topics) learned |= topic_names_.insert_or_assign(t.topic_id, t.topic).second;
  if (learned) {
    auto it = kip848_.find(p.group);
    if (it != kip848_.end()) {
      for (const auto& [id, member] : it->second.members) apply_owners(p.group, member);
    }
  }
  applied_.add("consumer_group_partition_metadata");
}

void OffsetsApplier::apply_group_epoch(const ConsumerGroupMetadata& g) {
  if (g.value) return applied_.add("consumer_group_metadata");
  // The group record itself is gone: the group was deleted.
  kip848_.erase(g.group);
  store_.delete_group(g.group);
  applied_.add("consumer_group_tombstone");
}

// One unknown topic id in the assignment and one subscribed name not yet bound to an id: they
// must be the same topic (topic ids are unique within a cluster).
bool OffsetsApplier::infer_topic_ids(const Kip848Member& member) {
  if (!member.has_assignment || member.subscribed.empty()) return false;
  std::vector<Uuid> unknown_ids;
  for (const auto& tp : member.assignment) {
    if (!topic_name(tp.topic_id)) unknown_ids.push_back(tp.topic_id);
  }
  if (unknown_ids.size() != 1) return false;
  std::vector<std::string> unbound;
  for (const auto& name : member.subscribed) {
    const bool bound =
        std::any_of(topic_names_.begin(), topic_names_.end(), [&](const auto& kv) { return kv.second == name; });
    if (!bound) unbound.push_back(name);
  }
  if (unbound.size() != 1) return false;
  topic_names_.emplace(unknown_ids.front(), unbound.front());
  return true;
}

void OffsetsApplier::apply_owners(const std::string& group, const Kip848Member& member) {
  if (!member.member || !member.has_assignment) return;
  for (const auto& tp : member.assignment) {
    const auto name = topic_name(tp.topic_id);
    if (!name) continue;
    for (std::int32_t p : tp.partitions) store_.set_owner(group, *name, p, member.member);
  }
}

}  // namespace warren::kafka

namespace warren::kafka {

void OffsetsApplier::release_owners(const std::string& group, const Kip848Member& member) {
  if (!member.member || !member.has_assignment) return;
  for (const auto& tp : member.assignment) {
    const auto name = topic_name(tp.topic_id);
    if (!name) continue;
    for (std::int32_t p : tp.partitions) store_.release_owner(group, *name, p, member.member);
  }
}

}  // namespace warren::kafka
