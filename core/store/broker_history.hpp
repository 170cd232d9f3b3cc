// BrokerHistory: the last `capacity` high-water marks fetched for one topic-partition
// (reference/burrow.md §3.2). The newest value is the partition's current end offset; the
// history lets the evaluator see whether a consumer was caught up recently (RECENT_LAG_ZERO).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/model/commit.hpp"

namespace warren::store {

class BrokerHistory {
 public:
  BrokerHistory() = default;
  explicit BrokerHistory(std::uint16_t capacity)
      : slots_(std::make_unique<model::BrokerSlot[]>(capacity)), capacity_(capacity) {}

  void push(model::BrokerSlot value) noexcept {
    if (!slots_) return;
    slots_[next_] = value;
    next_ = static_cast<std::uint16_t>((next_ + 1) % capacity_);
    if (size_ < capacity_) ++size_;
  }

  bool empty() const noexcept { return size_ == 0; }
  std::uint16_t size() const noexcept { return size_; }

  std::optional<model::BrokerSlot> latest() const noexcept {
    if (size_ == 0) return std::nullopt;
    return slots_[(next_ + capacity_ - 1) % capacity_];
  }

  // Offsets oldest → newest into `out` (cleared first).
  void copy_offsets_to(std::vector<std::int64_t>& out) const {
    out.clear();
    out.reserve(size_);
    const std::uint16_t first = static_cast<std::uint16_t>((next_ + capacity_ - size_) % capacity_);
    for (std::uint16_t i = 0; i < size_; ++i) out.push_back(slots_[(first + i) % capacity_].offset);
  }

 private:
  std::unique_ptr<model::BrokerSlot[]> slots_;
  std::uint16_t capacity_{0};
  std::uint16_t next_{0};  // slot the next value is written to
  std::uint16_t size_{0};
};

}  // namespace warren::store
