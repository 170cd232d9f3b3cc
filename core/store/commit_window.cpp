#include "core/store/commit_window.hpp"

#include <algorithm>

namespace warren::store {

using model::CommitSlot;

CommitWindow::CommitWindow(std::uint16_t capacity)
    : slots_(std::make_unique<CommitSlot[]>(capacity)), capacity_(capacity) {}

void CommitWindow::push_back(const CommitSlot& value) {
  if (full()) {
    slots_[head_] = value;  // the oldest goes; the written slot becomes the newest
    head_ = static_cast<std::uint16_t>((head_ + 1) % capacity_);
    return;
  }
  slots_[physical(size_)] = value;
  ++size_;
}

// Inserts before the entry now at `logical`. In a full ring the oldest entry is discarded, so
// the new entry lands just before the entry it was inserted in front of.
void CommitWindow::insert_at(std::uint16_t logical, const CommitSlot& value) {
  if (full()) {
    // Drop index 0, shift entries 1..logical-1 one down, write at logical-1.
    for (std::uint16_t i = 0; i + 1 < logical; ++i) slot(i) = slot(static_cast<std::uint16_t>(i + 1));
    slot(static_cast<std::uint16_t>(logical - 1)) = value;
    return;
  }
  for (std::uint16_t i = size_; i > logical; --i) slot(i) = slot(static_cast<std::uint16_t>(i - 1));
  slot(logical) = value;
  ++size_;
}

PlaceResult CommitWindow::place(const IncomingCommit& in, std::optional<std::int64_t> latest_broker_offset,
                                std::int64_t min_distance_ms) {
  CommitSlot value{.offset = in.offset,
                   .order = in.order,
                   .timestamp_ms = in.timestamp_ms,
                   .observed_at_ms = in.observed_at_ms,
                   .lag_raw = CommitSlot::kNoLag};

  // The predecessor of the chosen destination may absorb the commit (min-distance, §3.6): it
  // takes the new offset, order and lag but keeps its own timestamp, and nothing moves.
  auto try_merge = [&](std::uint16_t pred) -> bool {
    CommitSlot& prev = slot(pred);
    if (prev.order < value.order && value.timestamp_ms - prev.timestamp_ms < min_distance_ms) {
      const std::int64_t kept_ts = prev.timestamp_ms;
      prev = value;
      prev.timestamp_ms = kept_ts;
      return true;
    }
    return false;
  };

  if (empty()) {
    if (latest_broker_offset) value.lag_raw = std::max<std::int64_t>(0, *latest_broker_offset - value.offset);
    push_back(value);
    return {Placement::appended, true};
  }
  if (full() && at(0).order >= value.order) return {Placement::dropped_stale_backfill, false};

  if (newest().order < value.order) {
    if (latest_broker_offset) value.lag_raw = std::max<std::int64_t>(0, *latest_broker_offset - value.offset);
    if (try_merge(static_cast<std::uint16_t>(size_ - 1))) return {Placement::merged, true};
    push_back(value);
    return {Placement::appended, true};
  }

  // Walk back from the newest entry to find where the commit belongs. An equal order anywhere
  // is the same record read twice (for example by backfill): drop it.
  for (std::uint16_t cur = static_cast<std::uint16_t>(size_ - 1);; --cur) {
    if (at(cur).order == value.order) return {Placement::dropped_duplicate, false};
    if (cur == 0) {
      // The slot before the oldest entry is free (a full ring never gets here, see below).
      head_ = static_cast<std::uint16_t>((head_ + capacity_ - 1) % capacity_);
      slots_[head_] = value;
      ++size_;
      return {Placement::prepended, false};
    }
    if (cur == 1 && full()) {
      slot(0) = value;  // the oldest slot is the free one in a full ring: replace it
      return {Placement::replaced_oldest, false};
    }
    const CommitSlot& prev = at(static_cast<std::uint16_t>(cur - 1));
    if (prev.order < value.order) {
      if (try_merge(static_cast<std::uint16_t>(cur - 1))) return {Placement::merged, false};
      insert_at(cur, value);
      return {Placement::inserted, false};
    }
  }
}

void CommitWindow::copy_to(std::vector<CommitSlot>& out) const {
  out.clear();
  out.reserve(size_);
  for (std::uint16_t i = 0; i < size_; ++i) out.push_back(at(i));
}

}  // namespace warren::store
