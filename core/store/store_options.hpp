// What the store needs from the [storage] section, in the store's own units.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace warren::store {

struct StoreOptions {
  std::uint16_t intervals{10};          // commit slots per group-partition, broker slots per partition
  std::int64_t expire_group_s{604800};  // a group with no commit for this long is removed
  std::int64_t min_distance_s{0};       // commits closer than this merge into one slot
  std::string group_allowlist;
  std::string group_denylist;
  // Commits and owners that name a topic or partition the cluster source has not reported yet
  // wait here (Burrow drops them). Bounded: the oldest go first when it is full.
  std::size_t parked_capacity{100000};
};

}  // namespace warren::store
