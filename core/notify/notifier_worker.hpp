// NotifierWorker: the delivery side of one notifier. A thread of its own with a bounded queue, so
// that a receiver that is down or slow never delays evaluation or the other notifiers, and
// retries with exponential backoff, so that nothing is lost while the receiver is away.
//
// Delivery rules:
// - In order: one notification at a time, the head is retried until it is sent or fails for
//   good, so a close never overtakes the opens of its incident.
// - Coalescing: an open notification still waiting (queued, or the head between retries) is
//   replaced by a later open of the same incident (cluster, group, incident id). Both say "this
//   incident is open"; the later one carries the newer status, and a receiver back from an
//   outage gets one reminder instead of a burst of stale ones. Closes are never coalesced.
// - Retries: transient failures (see SendOutcome) are retried after initial_backoff, doubling up
//   to max_backoff, for as long as the process runs; permanent failures are counted and logged
//   once. Delivery is at least once: a receiver that accepted a request but timed out answering
//   it gets it again.
// - A full queue drops its oldest open notification (or, with only closes queued, its oldest
//   close) to make room, counted in `dropped` and logged.
// - stop() abandons what is still queued or being retried: counted in `dropped` and logged.
//
// Lifecycle: the constructor allocates; start() spawns the thread; stop() or the destructor
// joins it. enqueue() is thread safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

#include "core/base/clock.hpp"
#include "core/base/log.hpp"
#include "core/notify/notifier.hpp"

namespace warren::notify {

struct RetryOptions {
  Millis initial_backoff{std::chrono::seconds(1)};
  Millis max_backoff{std::chrono::seconds(60)};
  std::size_t queue_capacity{1000};
};

// The backoff before retry number `retry` (1 for the first retry).
Millis backoff_delay(const RetryOptions& options, int retry) noexcept;

// Read by /metrics; written by the worker.
struct NotifierCounters {
  std::atomic<std::uint64_t> sent{0};       // accepted by the receiver
  std::atomic<std::uint64_t> failed{0};     // failed for good (permanent error)
  std::atomic<std::uint64_t> retried{0};    // sends repeated after a transient failure
  std::atomic<std::uint64_t> dropped{0};    // never delivered: queue overflow or shutdown
  std::atomic<std::uint64_t> coalesced{0};  // opens replaced by a later open of the same incident
  std::atomic<std::uint64_t> queued{0};     // waiting or in flight, now
};

class NotifierWorker {
 public:
  NotifierWorker(std::string name, std::string class_name, std::unique_ptr<Notifier> notifier, RetryOptions options);
  ~NotifierWorker();
  NotifierWorker(const NotifierWorker&) = delete;
  NotifierWorker& operator=(const NotifierWorker&) = delete;

  void start();
  void stop();

  // Queues `notification`; returns at once whatever the receiver is doing.
  void enqueue(Notification notification);

  const std::string& name() const noexcept { return name_; }
  const std::string& class_name() const noexcept { return class_name_; }
  const NotifierCounters& counters() const noexcept { return counters_; }

 private:
  void run(const std::stop_token& stop);
  // Delivers `current` until sent, failed for good, or stopped.
  void deliver(Notification current, const std::stop_token& stop);
  // Under mutex_: takes a queued open that supersedes `current` into it.
  bool take_newer_open(Notification& current);
  void log_dropped(const Notification& n, std::string_view why);

  const std::string name_;
  const std::string class_name_;
  const std::unique_ptr<Notifier> notifier_;
  const RetryOptions options_;
  const log::Logger logger_;
  NotifierCounters counters_;

  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Notification> queue_;
  std::jthread thread_;
};

}  // namespace warren::notify
