// eventually(): waits for a condition by polling it until a deadline, so that tests against a
// running system wait exactly as long as they must and never sleep for a fixed time.
#pragma once

#include <chrono>
#include <thread>

namespace warren::testing {

inline constexpr std::chrono::milliseconds kPollInterval{20};

// True as soon as `pred()` is; false when it still is not at `timeout`. `pred` is evaluated one
// last time at the deadline, so a condition that became true while waiting is never missed.
template <typename Pred>
bool eventually(Pred&& pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(kPollInterval);
  }
  return static_cast<bool>(pred());
}

}  // namespace warren::testing
