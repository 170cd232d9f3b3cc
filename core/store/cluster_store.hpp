// ClusterStore: everything warren knows about one Kafka cluster — topics with their high-water
// mark history, and groups → topics → partitions with their commit windows and owners — with
// Burrow HEAD's storage semantics (reference/burrow.md §3).
//
// Lifecycle: constructed from StoreOptions (no I/O, no threads). Thread safety: any number of
// writers (the cluster's sources) and readers. Writers hold an exclusive lock for one event;
// readers hold a shared lock only while copying what they asked for. Nothing is queued, so no
// event is ever dropped because something is busy.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/clock.hpp"
#include "core/base/shared_mutex.hpp"
#include "core/model/commit.hpp"
#include "core/store/broker_history.hpp"
#include "core/store/commit_window.hpp"
#include "core/store/group_filter.hpp"
#include "core/store/snapshot.hpp"
#include "core/store/store_counters.hpp"
#include "core/store/store_options.hpp"

namespace warren::store {

// A committed offset as read from the cluster.
struct CommitRecord {
  std::string group;
  std::string topic;
  std::int32_t partition{0};
  std::int64_t offset{0};
  std::int64_t order{0};
  std::int64_t timestamp_ms{0};
};

// The same, naming the group and topic without owning them: what the offsets reader passes, so a
// million commits are not a million string copies.
struct CommitView {
  std::string_view group;
  std::string_view topic;
  std::int32_t partition{0};
  std::int64_t offset{0};
  std::int64_t order{0};
  std::int64_t timestamp_ms{0};
};

enum class CommitOutcome : std::uint8_t {
  stored,             // placed in the window (appended, inserted, prepended or merged)
  too_old,            // older than expire-group
  filtered,           // rejected by the group allowlist/denylist
  invalid_partition,  // negative partition id
  parked,             // topic or partition not known yet: waits for the cluster source
  duplicate,
  stale_backfill,
};

struct TopicInfo {
  std::string name;
  std::int32_t partition_count{0};
};

class ClusterStore {
 public:
  ClusterStore(std::string name, const StoreOptions& options, const GroupFilter& filter, const Clock& clock);
  ClusterStore(const ClusterStore&) = delete;
  ClusterStore& operator=(const ClusterStore&) = delete;

  const std::string& name() const noexcept { return name_; }

  // --- writers -----------------------------------------------------------------------------
  // A high-water mark fetched by the cluster source. `partition_count` is the topic's total
  // partition count; the topic's partitions grow to it and never shrink.
  void set_broker_offset(std::string_view topic, std::int32_t partition, std::int32_t partition_count,
                         std::int64_t offset, std::int64_t timestamp_ms);
  // The topic is gone from metadata: removed from the cluster and from every group.
  void delete_topic(std::string_view topic);
  // A full metadata refresh that began at `started` has landed: parked events older than that
  // whose topic or partition is still unknown are dropped (counted).
  void metadata_refreshed(TimePoint started);

  CommitOutcome add_commit_view(const CommitView& commit);
  CommitOutcome add_commit(const CommitRecord& commit);
  // Sets the owner of a partition (group metadata). Dropped like a commit when filtered; parked
  // when the topic is not known yet. Returns true when applied now.
  bool set_owner(std::string_view group, std::string_view topic, std::int32_t partition, model::MemberPtr member);
  void clear_owners(std::string_view group);
  // Clears a partition's owner only if it is still `member` (a member that left; if another
  // member took the partition meanwhile, that owner stays).
  void release_owner(std::string_view group, std::string_view topic, std::int32_t partition,
                     const model::MemberPtr& member);
  // Returns whether the group existed.
  bool delete_group(std::string_view group);
  // Removes one topic from a group; the group goes too when it has no topics left.
  bool delete_group_topic(std::string_view group, std::string_view topic);
  // Removes every group whose last commit is older than expire-group. Returns how many.
  std::size_t sweep_expired();

  // --- readers -----------------------------------------------------------------------------
  std::optional<GroupSnapshot> group(std::string_view group) const;
  std::vector<std::string> groups() const;  // sorted; expired groups are not listed
  std::vector<TopicInfo> topics() const;    // sorted
  // Newest high-water mark of each partition that has one; nullopt for an unknown topic.
  std::optional<std::vector<std::int64_t>> topic_offsets(std::string_view topic) const;
  std::vector<std::string> consumers_of_topic(std::string_view topic) const;  // sorted

  const StoreCounters& counters() const noexcept { return counters_; }
  std::size_t group_count() const;
  std::size_t parked_count() const;

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  struct PartitionState {
    CommitWindow window;
    model::MemberPtr member;
  };
  struct GroupState {
    std::map<std::string, std::vector<PartitionState>, std::less<>> topics;
    std::int64_t last_commit_ms{0};  // commit timestamp of the last appended commit
    std::int64_t created_ms{0};      // when warren first saw the group (expiry clock until a commit)
  };
  struct TopicState {
    std::vector<BrokerHistory> partitions;
  };
  struct Parked {
    std::int64_t parked_at_ms{0};
    std::string group;
    std::string topic;
    std::int32_t partition{0};
    bool is_owner{false};
    IncomingCommit commit;    // when !is_owner
    model::MemberPtr member;  // when is_owner
  };

  using GroupMap = std::unordered_map<std::string, GroupState, StringHash, std::equal_to<>>;

  std::int64_t now_ms() const noexcept { return to_unix_ms(clock_.now()); }
  bool expired(const GroupState& g, std::int64_t now_ms) const noexcept;
  // The broker's view of (topic, partition): partition count and newest high-water mark, or
  // nullopt when the store cannot accept events for it yet.
  struct BrokerView {
    std::int32_t partition_count;
    std::int64_t latest_offset;
  };
  std::optional<BrokerView> broker_view(std::string_view topic, std::int32_t partition) const;
  GroupMap::iterator group_entry(std::string_view group);  // found or created
  PartitionState& partition_state(GroupMap::iterator group, std::string_view topic, std::int32_t partition,
                                  std::int32_t partition_count);
  CommitOutcome place_commit(GroupMap::iterator group, std::string_view topic, std::int32_t partition,
                             const IncomingCommit& commit, const BrokerView& broker);
  void park(Parked entry);
  void replay_parked(std::string_view topic, std::int32_t partition);

  const std::string name_;
  const StoreOptions options_;
  const GroupFilter& filter_;
  const Clock& clock_;

  mutable SharedMutex mutex_;
  GroupMap groups_;
  std::map<std::string, TopicState, std::less<>> topics_;
  std::deque<Parked> parked_;                                      // oldest first
  std::map<std::string, std::size_t, std::less<>> parked_topics_;  // topic → entries parked
  StoreCounters counters_;
};

}  // namespace warren::store
