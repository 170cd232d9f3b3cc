// OffsetsApplier: applies decoded __consumer_offsets records to a cluster's store, as Burrow's
// kafka consumer module does (reference/burrow.md §4.1) and beyond it:
// - offset commits → store commits, with the record's offset in the offsets topic as `order`;
// - classic group metadata → owners and client ids of assigned partitions; an empty group clears
//   them; a group tombstone deletes the group;
// - KIP-848 consumer-group records → owners too: members (client id, host) and their current
//   assignments are kept per group until both are known, then applied. Assignments name topics by
//   id; ids are resolved from ConsumerGroupPartitionMetadata records (Kafka 4.0) or, when Kafka
//   no longer writes those (4.1, KIP-1101), inferred from members whose subscription leaves only
//   one candidate name for one unknown id;
// - everything else is counted by kind and skipped.
//
// Not thread safe: one applier per offsets-topic reader thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/kafka/offsets_record.hpp"
#include "core/kafka/topic_ids.hpp"
#include "core/model/commit.hpp"
#include "core/store/cluster_store.hpp"
#include "core/store/group_filter.hpp"

namespace warren::kafka {

// Counts by record kind, readable from other threads. A kind is listed once counted.
class KindCounters {
 public:
  void add(std::string_view kind, std::uint64_t n = 1) { counter(kind).fetch_add(n, std::memory_order_relaxed); }
  // The counter of one kind, valid as long as this object: a caller counting the same kind once
  // per record keeps it, and pays neither the lock nor the lookup.
  std::atomic<std::uint64_t>& counter(std::string_view kind);
  std::map<std::string, std::uint64_t> snapshot() const;
  std::uint64_t get(std::string_view kind) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::atomic<std::uint64_t>, std::less<>> counts_;  // nodes never move
};

class OffsetsApplier {
 public:
  // `filter` is the consumer module's allow/deny list (the store applies its own as well).
  // `directory` (may be null) maps topic ids to names for KIP-848 assignments.
  OffsetsApplier(store::ClusterStore& store, const store::GroupFilter& filter,
                 const TopicDirectory* directory = nullptr);

  void apply(const OffsetsRecord& record, std::int64_t order);
  // The same for an offset commit read in place (decode_offset_commit_view).
  void apply(const OffsetCommitView& commit, std::int64_t order);

  const KindCounters& applied() const noexcept { return applied_; }  // records used, by kind
  const KindCounters& ignored() const noexcept { return ignored_; }  // records skipped, by kind
  std::size_t known_topic_ids() const noexcept { return topic_names_.size(); }

 private:
  struct Kip848Member {
    model::MemberPtr member;
    std::vector<std::string> subscribed;
    std::vector<TopicIdPartitions> assignment;
    bool has_assignment{false};
  };
  struct Kip848Group {
    std::map<std::string, Kip848Member> members;  // by member id
  };

  void catch_up_with_directory();  // re-applies owners once new topic ids are known
  void apply_commit(const OffsetCommit& c, std::int64_t order);
  void apply_commit(const OffsetCommitView& c, std::int64_t order);
  void apply_group_metadata(const GroupMetadata& g);
  void apply_member_metadata(const ConsumerGroupMemberMetadata& m);
  void apply_assignment(const ConsumerGroupCurrentMemberAssignment& a);
  void apply_partition_metadata(const ConsumerGroupPartitionMetadata& p);
  void apply_group_epoch(const ConsumerGroupMetadata& g);
  bool infer_topic_ids(const Kip848Member& member);  // true when it learned an id
  void apply_owners(const std::string& group, const Kip848Member& member);
  std::optional<std::string> topic_name(const Uuid& id) const;
  // New ids arrived in the directory: owners that waited for them can now be set.
  void reapply_all_owners();
  // The member left or lost its assignment: its partitions have no owner until reassigned.
  void release_owners(const std::string& group, const Kip848Member& member);

  store::ClusterStore& store_;
  const store::GroupFilter& filter_;
  std::map<std::string, Kip848Group> kip848_;
  std::map<Uuid, std::string> topic_names_;
  const TopicDirectory* directory_;
  std::uint64_t directory_version_{0};
  KindCounters applied_;
  std::atomic<std::uint64_t>& commits_applied_ = applied_.counter("offset_commit");
  KindCounters ignored_;
};

}  // namespace warren::kafka
