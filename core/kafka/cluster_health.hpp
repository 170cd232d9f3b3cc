// ClusterHealth: what the API and /metrics report about a cluster source's connection — brokers
// known and up, the last successful refreshes, the last error. Counters are atomics; the error
// text is behind a small mutex.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

namespace warren::kafka {

class ClusterHealth {
 public:
  std::atomic<std::int32_t> brokers_known{0};
  std::atomic<std::int32_t> brokers_up{0};
  std::atomic<std::int64_t> last_metadata_ms{0};  // last successful metadata refresh
  std::atomic<std::int64_t> last_offsets_ms{0};   // last successful high-water-mark refresh
  std::atomic<std::uint64_t> metadata_refreshes{0};
  std::atomic<std::uint64_t> offset_refreshes{0};
  std::atomic<std::uint64_t> refresh_errors{0};
  std::atomic<std::uint64_t> list_offsets_requests{0};  // ListOffsets requests sent, from client statistics
  std::atomic<std::int32_t> topics{0};
  std::atomic<std::int32_t> partitions{0};

  void set_error(std::string text) {
    std::lock_guard lock(mutex_);
    last_error_ = std::move(text);
  }
  void clear_error() {
    std::lock_guard lock(mutex_);
    last_error_.clear();
  }
  std::string last_error() const {
    std::lock_guard lock(mutex_);
    return last_error_;
  }

 private:
  mutable std::mutex mutex_;
  std::string last_error_;
};

}  // namespace warren::kafka
