// Fixture builders shared by the store and evaluator tests.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/model/commit.hpp"

namespace warren::testing {

// A stored commit as the reference tables write it: (offset, order, timestamp_ms, lag|nil).
inline model::CommitSlot slot(std::int64_t offset, std::int64_t order, std::int64_t ts,
                              std::optional<std::int64_t> lag) {
  return model::CommitSlot{.offset = offset,
                           .order = order,
                           .timestamp_ms = ts,
                           .observed_at_ms = 0,
                           .lag_raw = lag ? *lag : model::CommitSlot::kNoLag};
}

inline constexpr std::optional<std::int64_t> nil = std::nullopt;

}  // namespace warren::testing
