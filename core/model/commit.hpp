// The values the store keeps: one committed offset per window slot, one broker high-water mark
// per history slot, and the member that owns a partition. Slots are plain aggregates so that a
// partition's window is one flat array (no heap object per commit).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>

namespace warren::model {

// One stored commit: 40 bytes.
struct CommitSlot {
  static constexpr std::int64_t kNoLag = std::numeric_limits<std::int64_t>::min();

  std::int64_t offset{0};
  // Position of the commit record in its __consumer_offsets partition. A group maps to one
  // offsets partition, so orders of one group are comparable; it decides ring placement.
  std::int64_t order{0};
  std::int64_t timestamp_ms{0};    // commit timestamp written by the broker
  std::int64_t observed_at_ms{0};  // when warren stored it
  std::int64_t lag_raw{kNoLag};    // lag at commit time; kNoLag when unknown (inserted commits)

  bool has_lag() const noexcept { return lag_raw != kNoLag; }
  std::optional<std::int64_t> lag() const noexcept {
    return has_lag() ? std::optional<std::int64_t>{lag_raw} : std::nullopt;
  }
  bool operator==(const CommitSlot&) const = default;
};
static_assert(sizeof(CommitSlot) == 40);

struct BrokerSlot {
  std::int64_t offset{0};        // high-water mark (the next offset to be written)
  std::int64_t timestamp_ms{0};  // when it was fetched
  bool operator==(const BrokerSlot&) const = default;
};

// A group member as the group-metadata records describe it. Partitions of one member share a
// single immutable instance.
struct Member {
  std::string owner;  // client host, e.g. "/10.1.2.3"
  std::string client_id;
  bool operator==(const Member&) const = default;
};
using MemberPtr = std::shared_ptr<const Member>;

}  // namespace warren::model
