// SharedMutex: a reader/writer lock that admits lockers in arrival order, so neither side can
// starve the other. A reader-preferring lock (glibc's default) lets a steady stream of API
// readers starve ingestion; a writer-preferring one — or a turnstile in front of either, since a
// mutex lets its last owner take it again at once — lets a source reading a backlog in a tight
// loop starve every reader. Here each locker takes a ticket; consecutive readers are admitted
// together, a writer waits for the readers before it to finish. Meets the SharedMutex
// requirements (std::shared_lock and std::unique_lock work).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace warren {

class SharedMutex {
 public:
  void lock() {
    std::unique_lock l(m_);
    const std::uint64_t ticket = next_++;
    ++waiting_;
    cv_.wait(l, [&] { return serving_ == ticket && !writer_ && readers_ == 0; });
    --waiting_;
    writer_ = true;
    ++serving_;
  }
  bool try_lock() {
    std::lock_guard l(m_);
    if (serving_ != next_ || writer_ || readers_ != 0) return false;
    ++next_;
    ++serving_;
    writer_ = true;
    return true;
  }
  void unlock() {
    std::lock_guard l(m_);
    writer_ = false;
    if (waiting_ > 0) cv_.notify_all();
  }
  void lock_shared() {
    std::unique_lock l(m_);
    const std::uint64_t ticket = next_++;
    ++waiting_;
    cv_.wait(l, [&] { return serving_ == ticket && !writer_; });
    --waiting_;
    ++readers_;
    ++serving_;
    if (waiting_ > 0) cv_.notify_all();  // the next ticket may be a reader too
  }
  bool try_lock_shared() {
    std::lock_guard l(m_);
    if (serving_ != next_ || writer_) return false;
    ++next_;
    ++serving_;
    ++readers_;
    return true;
  }
  void unlock_shared() {
    std::lock_guard l(m_);
    if (--readers_ == 0 && waiting_ > 0) cv_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::uint64_t next_{0};     // next ticket to hand out
  std::uint64_t serving_{0};  // ticket allowed in next
  std::uint32_t readers_{0};
  std::uint32_t waiting_{0};
  bool writer_{false};
};

}  // namespace warren
