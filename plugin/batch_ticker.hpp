// BatchTicker: writes one rendered batch of line protocol to a stream every interval, from a
// thread of its own, each batch in one write followed by a flush (a reader never sees half a
// batch). `warren demo` prints its batches with it while the main thread waits for a signal.
//
// Lifecycle: the constructor stores its arguments; start() spawns the thread (the first batch
// comes one interval later); stop() or the destructor wakes and joins it at once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>
#include <thread>

namespace warren::plugin {

class BatchTicker {
 public:
  BatchTicker(std::ostream& out, std::chrono::milliseconds interval, std::function<std::string()> render);
  ~BatchTicker();
  BatchTicker(const BatchTicker&) = delete;
  BatchTicker& operator=(const BatchTicker&) = delete;

  void start();
  void stop();
  std::int64_t batches() const noexcept { return batches_.load(std::memory_order_relaxed); }

 private:
  std::ostream& out_;
  const std::chrono::milliseconds interval_;
  const std::function<std::string()> render_;
  std::atomic<std::int64_t> batches_{0};
  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // declared last: joined before the members it uses go away
};

}  // namespace warren::plugin
