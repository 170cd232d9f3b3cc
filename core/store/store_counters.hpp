// Counters of what the store did with the events it was given. Atomics: the API and /metrics
// read them without a lock while sources write.
#pragma once

#include <atomic>
#include <cstdint>

namespace warren::store {

struct StoreCounters {
  std::atomic<std::uint64_t> commits_received{0};
  std::atomic<std::uint64_t> commits_stored{0};
  std::atomic<std::uint64_t> commits_too_old{0};
  std::atomic<std::uint64_t> commits_filtered{0};
  std::atomic<std::uint64_t> commits_invalid_partition{0};
  std::atomic<std::uint64_t> commits_duplicate{0};
  std::atomic<std::uint64_t> commits_stale_backfill{0};
  std::atomic<std::uint64_t> parked{0};                // waited for their topic to appear
  std::atomic<std::uint64_t> parked_replayed{0};       // and were placed once it did
  std::atomic<std::uint64_t> parked_unknown_topic{0};  // dropped: topic still unknown after a refresh
  std::atomic<std::uint64_t> parked_overflow{0};       // dropped: parking area full
  std::atomic<std::uint64_t> owners_set{0};
  std::atomic<std::uint64_t> groups_expired{0};
  std::atomic<std::uint64_t> groups_deleted{0};
  std::atomic<std::uint64_t> topics_deleted{0};
};

}  // namespace warren::store
