#include "plugin/batch_ticker.hpp"

#include <ostream>
#include <utility>

namespace warren::plugin {

BatchTicker::BatchTicker(std::ostream& out, std::chrono::milliseconds interval, std::function<std::string()> render)
    : out_(out), interval_(interval), render_(std::move(render)) {}

BatchTicker::~BatchTicker() { stop(); }

void BatchTicker::start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](const std::stop_token& stop) {
    auto next = std::chrono::steady_clock::now() + interval_;
    while (true) {
      {
        std::unique_lock lock(wake_mutex_);
        wake_.wait_until(lock, stop, next, [] { return false; });  // a stop request wakes it
        if (stop.stop_requested()) return;
      }
      const std::string batch = render_();
      out_.write(batch.data(), static_cast<std::streamsize>(batch.size()));
      out_.flush();
      batches_.fetch_add(1, std::memory_order_relaxed);
      next += interval_;
      const auto now = std::chrono::steady_clock::now();
      if (next < now) next = now + interval_;  // a slow batch: do not burst to catch up
    }
  });
}

void BatchTicker::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

}  // namespace warren::plugin
