// The clock interface: the only way engine code learns the time, so every rule and expiry is
// testable without sleeping. SystemClock reads the wall clock; ManualClock is set by tests.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace warren {

using Millis = std::chrono::milliseconds;
// Wall-clock time as Kafka writes it: milliseconds since the Unix epoch.
using TimePoint = std::chrono::time_point<std::chrono::system_clock, Millis>;

inline std::int64_t to_unix_ms(TimePoint t) noexcept { return t.time_since_epoch().count(); }
inline TimePoint from_unix_ms(std::int64_t ms) noexcept { return TimePoint{Millis{ms}}; }

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const noexcept = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const noexcept override {
    return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
  }
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{}) : now_ms_(to_unix_ms(start)) {}
  TimePoint now() const noexcept override { return from_unix_ms(now_ms_.load(std::memory_order_relaxed)); }
  void set(TimePoint t) noexcept { now_ms_.store(to_unix_ms(t), std::memory_order_relaxed); }
  void advance(Millis d) noexcept { now_ms_.fetch_add(d.count(), std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> now_ms_;
};

}  // namespace warren
