// CommitWindow: the fixed ring of `intervals` commit slots kept for one group-partition, with
// Burrow HEAD's placement by `order` (reference/burrow.md §3.4–3.6): commits are appended,
// inserted between existing ones, prepended into free slots or over the oldest, merged with a
// too-close predecessor (min-distance), or dropped as duplicates or stale backfill.
//
// Memory: one heap array of `capacity` 40-byte slots plus 16 bytes of bookkeeping. The array is
// allocated on first use; a window that was never used holds nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/model/commit.hpp"

namespace warren::store {

enum class Placement : std::uint8_t {
  appended,               // newest so far: written after the newest entry
  inserted,               // between two stored entries
  prepended,              // before the oldest entry, into a free slot
  replaced_oldest,        // before every entry but the oldest, in a full ring: the oldest goes
  merged,                 // overwrote its predecessor, closer than min-distance
  dropped_duplicate,      // an entry with the same order is stored
  dropped_stale_backfill  // the ring is full of newer commits
};

constexpr bool stored(Placement p) noexcept {
  return p != Placement::dropped_duplicate && p != Placement::dropped_stale_backfill;
}

struct PlaceResult {
  Placement placement;
  bool appended;  // took the append path (also when then merged): lag known, group clock moves
};

// The commit as it arrives: what the store needs to place it.
struct IncomingCommit {
  std::int64_t offset{0};
  std::int64_t order{0};
  std::int64_t timestamp_ms{0};
  std::int64_t observed_at_ms{0};
};

class CommitWindow {
 public:
  CommitWindow() = default;
  explicit CommitWindow(std::uint16_t capacity);

  CommitWindow(CommitWindow&&) noexcept = default;
  CommitWindow& operator=(CommitWindow&&) noexcept = default;

  bool allocated() const noexcept { return slots_ != nullptr; }
  std::uint16_t capacity() const noexcept { return capacity_; }
  std::uint16_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  bool full() const noexcept { return size_ == capacity_; }

  // Logical index: 0 is the oldest stored entry, size()-1 the newest.
  const model::CommitSlot& at(std::uint16_t i) const noexcept { return slots_[physical(i)]; }
  const model::CommitSlot& newest() const noexcept { return at(static_cast<std::uint16_t>(size_ - 1)); }

  // Places one commit. `latest_broker_offset` (if known) gives the lag of appended commits:
  // max(0, broker − offset). `min_distance_ms` is the storage module's min-distance.
  PlaceResult place(const IncomingCommit& commit, std::optional<std::int64_t> latest_broker_offset,
                    std::int64_t min_distance_ms);

  // Copies the stored entries oldest → newest into `out` (cleared first).
  void copy_to(std::vector<model::CommitSlot>& out) const;

 private:
  std::uint16_t physical(std::uint16_t logical) const noexcept {
    return static_cast<std::uint16_t>((head_ + logical) % capacity_);
  }
  model::CommitSlot& slot(std::uint16_t logical) noexcept { return slots_[physical(logical)]; }
  void insert_at(std::uint16_t logical, const model::CommitSlot& value);
  void push_back(const model::CommitSlot& value);

  std::unique_ptr<model::CommitSlot[]> slots_;
  std::uint16_t capacity_{0};
  std::uint16_t head_{0};  // physical index of the oldest entry
  std::uint16_t size_{0};
};

}  // namespace warren::store
