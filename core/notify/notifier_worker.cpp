#include "core/notify/notifier_worker.hpp"

#include <algorithm>

namespace warren::notify {
namespace {

bool same_incident_open(const Notification& a, const Notification& b) {
  return a.kind == NotificationKind::open && b.kind == NotificationKind::open && a.cluster == b.cluster &&
         a.group == b.group && a.incident.id == b.incident.id;
}

std::string describe(const Notification& n) {
  return fmt::format("{} notification for group {} in cluster {} (incident {})", to_string(n.kind), n.group, n.cluster,
                     n.incident.id.empty() ? "none" : n.incident.id);
}

}  // namespace

Millis backoff_delay(const RetryOptions& options, int retry) noexcept {
  Millis delay = options.initial_backoff;
  for (int i = 1; i < retry && delay < options.max_backoff; ++i) delay *= 2;
  return std::min(delay, options.max_backoff);
}

NotifierWorker::NotifierWorker(std::string name, std::string class_name, std::unique_ptr<Notifier> notifier,
                               RetryOptions options)
    : name_(std::move(name)),
      class_name_(std::move(class_name)),
      notifier_(std::move(notifier)),
      options_(options),
      logger_("notifier." + name_) {}

NotifierWorker::~NotifierWorker() { stop(); }

void NotifierWorker::start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](const std::stop_token& stop) { run(stop); });
}

void NotifierWorker::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  notifier_->cancel();
  thread_.join();
  const std::lock_guard lock(mutex_);
  for (const auto& n : queue_) log_dropped(n, "warren is stopping");
  queue_.clear();
  counters_.queued = 0;
  const auto& c = counters_;
  logger_.info("stopped: {} sent, {} failed, {} retried, {} dropped, {} coalesced", c.sent.load(), c.failed.load(),
               c.retried.load(), c.dropped.load(), c.coalesced.load());
}

void NotifierWorker::log_dropped(const Notification& n, std::string_view why) {
  ++counters_.dropped;
  logger_.error("dropped {}: {}", describe(n), why);
}

void NotifierWorker::enqueue(Notification notification) {
  const std::lock_guard lock(mutex_);
  if (notification.kind == NotificationKind::open) {
    const auto older = std::find_if(queue_.begin(), queue_.end(),
                                    [&](const Notification& q) { return same_incident_open(q, notification); });
    if (older != queue_.end()) {
      *older = std::move(notification);
      ++counters_.coalesced;
      return;
    }
  }
  if (queue_.size() >= std::max<std::size_t>(options_.queue_capacity, 1)) {
    auto victim = std::find_if(queue_.begin(), queue_.end(),
                               [](const Notification& q) { return q.kind == NotificationKind::open; });
    if (victim == queue_.end()) victim = queue_.begin();
    log_dropped(*victim, fmt::format("the queue is full ({} notifications)", queue_.size()));
    queue_.erase(victim);
    --counters_.queued;
  }
  queue_.push_back(std::move(notification));
  ++counters_.queued;
  wake_.notify_one();
}

bool NotifierWorker::take_newer_open(Notification& current) {
  const auto newer =
      std::find_if(queue_.begin(), queue_.end(), [&](const Notification& q) { return same_incident_open(q, current); });
  if (newer == queue_.end()) return false;
  current = std::move(*newer);
  queue_.erase(newer);
  --counters_.queued;
  ++counters_.coalesced;
  return true;
}

void NotifierWorker::run(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    Notification current;
    {
      std::unique_lock lock(mutex_);
      if (!wake_.wait(lock, stop, [&] { return !queue_.empty(); })) return;
      current = std::move(queue_.front());
      queue_.pop_front();
    }
    deliver(std::move(current), stop);
    --counters_.queued;
  }
}

void NotifierWorker::deliver(Notification current, const std::stop_token& stop) {
  for (int retry = 0;; ++retry) {
    if (retry > 0) ++counters_.retried;
    const SendOutcome outcome = notifier_->send(current);
    if (outcome.kind != SendOutcome::Kind::sent && stop.stop_requested()) {
      log_dropped(current, "warren is stopping");  // the send was cut short by cancel()
      return;
    }
    switch (outcome.kind) {
      case SendOutcome::Kind::sent:
        ++counters_.sent;
        logger_.info("sent {}{}", describe(current), retry > 0 ? fmt::format(" after {} retries", retry) : "");
        return;
      case SendOutcome::Kind::permanent:
        ++counters_.failed;
        logger_.error("failed to send {}: {}", describe(current), outcome.detail);
        return;
      case SendOutcome::Kind::retry: break;
    }
    const Millis delay = backoff_delay(options_, retry + 1);
    logger_.warn("could not send {}: {}; retrying in {} ms", describe(current), outcome.detail, delay.count());
    std::unique_lock lock(mutex_);
    // Sleeps for the backoff unless stopping; nothing else ends the wait early.
    wake_.wait_for(lock, stop, delay, [] { return false; });
    if (stop.stop_requested()) {
      log_dropped(current, "warren is stopping");
      return;
    }
    take_newer_open(current);
  }
}

}  // namespace warren::notify
