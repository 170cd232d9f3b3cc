// Burrow's partition rules (reference/burrow.md §2.2) as pure functions over one partition's
// stored commits (non-null entries, oldest → newest) and its high-water-mark history.
// Timestamps are milliseconds; `now_s` is whole seconds, as Burrow compares them.
#pragma once

#include <cstdint>
#include <span>

#include "core/model/commit.hpp"
#include "core/model/status.hpp"

namespace warren::eval {

using Commits = std::span<const model::CommitSlot>;
using BrokerOffsets = std::span<const std::int64_t>;

// False as soon as one known lag is ≤ allowed_lag; unknown (null) lags are ignored.
bool lag_always_not_zero(Commits commits, std::int64_t allowed_lag) noexcept;
// Smallest i ≥ 1 whose offset is below its predecessor's; −1 when offsets never go back.
int first_rewind_index(Commits commits) noexcept;
// Whether some entry at or after `rewind` reaches the offset before the rewind again.
bool rewind_recovered(Commits commits, int rewind) noexcept;
// The time since the last commit is strictly longer than the span the window covers.
bool stopped(Commits commits, std::int64_t now_s) noexcept;
// Every entry has the same offset.
bool stalled(Commits commits) noexcept;
// Known lags never decrease from one to the next.
bool lag_not_decreasing(Commits commits) noexcept;
// Some recent high-water mark is at or below the last commit: the consumer was caught up.
bool recent_lag_zero(Commits commits, BrokerOffsets broker) noexcept;

// The first matching rule wins: STOP, REWIND, STALL, WARN, else OK. `commits` must not be empty.
model::Status partition_status(Commits commits, BrokerOffsets broker, std::int64_t current_lag, std::int64_t now_s,
                               std::int64_t allowed_lag) noexcept;

}  // namespace warren::eval
