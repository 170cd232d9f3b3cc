// Delivery: retries with exponential backoff, coalescing, the bounded queue, and a slow receiver
// that must not hold up evaluation or the other notifiers. Receivers are fakes with scripted
// answers; waits poll with deadlines.
#include "core/notify/notifier_set.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>

#include "core/notify/notifier_worker.hpp"
#include "tests/support/eventually.hpp"

using namespace warren;
using namespace warren::notify;
using model::Status;
using std::chrono::milliseconds;
using std::chrono::seconds;
using warren::testing::eventually;

namespace {

// Answers from a script (then "sent"), records every attempt; optionally blocks until released.
class FakeNotifier final : public Notifier {
 public:
  struct Attempt {
    Notification notification;
    std::chrono::steady_clock::time_point at;
  };

  explicit FakeNotifier(std::deque<SendOutcome::Kind> script = {}) : script_(std::move(script)) {}

  SendOutcome send(const Notification& n) override {
    {
      std::unique_lock lock(mutex_);
      attempts_.push_back({n, std::chrono::steady_clock::now()});
      released_.wait(lock, [&] { return !blocked_; });
    }
    const std::lock_guard lock(mutex_);
    if (script_.empty()) return SendOutcome::ok();
    const auto kind = script_.front();
    script_.pop_front();
    return {kind, "scripted"};
  }

  void block() {
    const std::lock_guard lock(mutex_);
    blocked_ = true;
  }
  void release() {
    {
      const std::lock_guard lock(mutex_);
      blocked_ = false;
    }
    released_.notify_all();
  }
  std::vector<Attempt> attempts() const {
    const std::lock_guard lock(mutex_);
    return attempts_;
  }
  std::size_t count() const { return attempts().size(); }

 private:
  mutable std::mutex mutex_;
  std::condition_variable released_;
  bool blocked_{false};
  std::deque<SendOutcome::Kind> script_;
  std::vector<Attempt> attempts_;
};

Notification note(NotificationKind kind, const std::string& group, const std::string& id, std::int64_t lag = 0) {
  auto status = std::make_shared<eval::GroupStatus>();
  status->cluster = "c";
  status->group = group;
  status->totallag = lag;
  return Notification{.kind = kind, .cluster = "c", .group = group, .incident = {.id = id}, .result = status};
}

std::shared_ptr<const eval::GroupStatus> status_of(const std::string& group, Status s) {
  auto status = std::make_shared<eval::GroupStatus>();
  status->cluster = "c";
  status->group = group;
  status->status = s;
  return status;
}

const RetryOptions kFast{.initial_backoff = milliseconds(20), .max_backoff = milliseconds(80), .queue_capacity = 100};

// The worker's fake, kept reachable after the worker takes ownership.
struct WorkerUnderTest {
  FakeNotifier* fake;
  std::unique_ptr<NotifierWorker> worker;
};

WorkerUnderTest worker_with(std::deque<SendOutcome::Kind> script, RetryOptions options = kFast) {
  auto fake = std::make_unique<FakeNotifier>(std::move(script));
  FakeNotifier* raw = fake.get();
  return {raw, std::make_unique<NotifierWorker>("test", "http", std::move(fake), options)};
}

NotifierSpec spec_of(const std::string& name, std::unique_ptr<Notifier> notifier, NotifyPolicy policy = {}) {
  return NotifierSpec{.name = name,
                      .class_name = "http",
                      .rules = {.policy = policy, .groups = store::GroupFilter()},
                      .interval = seconds(1),
                      .notifier = std::move(notifier)};
}

}  // namespace

TEST_SUITE("notify") {
  TEST_CASE("backoff doubles from initial to max") {
    const RetryOptions o{.initial_backoff = seconds(1), .max_backoff = seconds(60)};
    CHECK(backoff_delay(o, 1) == seconds(1));
    CHECK(backoff_delay(o, 2) == seconds(2));
    CHECK(backoff_delay(o, 3) == seconds(4));
    CHECK(backoff_delay(o, 6) == seconds(32));
    CHECK(backoff_delay(o, 7) == seconds(60));
    CHECK(backoff_delay(o, 1000) == seconds(60));
  }

  TEST_CASE("a transient failure is retried with growing backoff until sent, once") {
    using K = SendOutcome::Kind;
    auto [fake, worker] = worker_with({K::retry, K::retry, K::retry});
    worker->start();
    worker->enqueue(note(NotificationKind::open, "g", "i1"));
    REQUIRE(eventually([&] { return worker->counters().sent == 1; }, seconds(5)));
    const auto attempts = fake->attempts();
    REQUIRE(attempts.size() == 4);
    // Backoffs 20, 40, 80 ms: each gap at least its backoff.
    CHECK(attempts[1].at - attempts[0].at >= milliseconds(20));
    CHECK(attempts[2].at - attempts[1].at >= milliseconds(40));
    CHECK(attempts[3].at - attempts[2].at >= milliseconds(80));
    CHECK(worker->counters().retried == 3);
    CHECK(worker->counters().failed == 0);
    CHECK(worker->counters().dropped == 0);
    CHECK(eventually([&] { return worker->counters().queued == 0; }, seconds(2)));
  }

  TEST_CASE("a permanent failure is counted once and not retried; the next notification goes out") {
    using K = SendOutcome::Kind;
    auto [fake, worker] = worker_with({K::permanent});
    worker->start();
    worker->enqueue(note(NotificationKind::open, "g", "i1"));
    worker->enqueue(note(NotificationKind::close, "g", "i1"));
    REQUIRE(eventually([&] { return worker->counters().sent == 1; }, seconds(5)));
    CHECK(worker->counters().failed == 1);
    CHECK(worker->counters().retried == 0);
    REQUIRE(fake->count() == 2);
    CHECK(fake->attempts()[1].notification.kind == NotificationKind::close);
  }

  TEST_CASE("an open retried while a newer open of the same incident waits is replaced by it; closes keep order") {
    using K = SendOutcome::Kind;
    auto [fake, worker] =
        worker_with({K::retry, K::retry},
                    {.initial_backoff = milliseconds(100), .max_backoff = milliseconds(100), .queue_capacity = 100});
    worker->start();
    worker->enqueue(note(NotificationKind::open, "g", "i1", 10));
    REQUIRE(eventually([&] { return fake->count() == 1; }, seconds(2)));
    worker->enqueue(note(NotificationKind::open, "g", "i1", 20));
    worker->enqueue(note(NotificationKind::open, "g", "i1", 30));  // replaces the 20 in the queue
    worker->enqueue(note(NotificationKind::open, "other", "i2", 5));
    worker->enqueue(note(NotificationKind::close, "g", "i1", 0));
    REQUIRE(eventually([&] { return worker->counters().sent == 3; }, seconds(5)));
    const auto attempts = fake->attempts();
    std::vector<std::pair<std::string, std::int64_t>> seen;
    for (const auto& a : attempts) seen.emplace_back(a.notification.group, a.notification.result->totallag);
    // 10 (fails), 30 took over the retry (fails), 30 sent; then other, then the close.
    CHECK(seen ==
          std::vector<std::pair<std::string, std::int64_t>>{{"g", 10}, {"g", 30}, {"g", 30}, {"other", 5}, {"g", 0}});
    CHECK(worker->counters().coalesced == 2);
    CHECK(worker->counters().retried == 2);
    CHECK(worker->counters().dropped == 0);
  }

  TEST_CASE("a full queue drops its oldest open notification, never a close first") {
    auto [fake, worker] =
        worker_with({}, {.initial_backoff = milliseconds(10), .max_backoff = milliseconds(10), .queue_capacity = 2});
    fake->block();
    worker->start();
    worker->enqueue(note(NotificationKind::open, "in-flight", "i0"));
    REQUIRE(eventually([&] { return fake->count() == 1; }, seconds(2)));
    worker->enqueue(note(NotificationKind::close, "a", "i1"));
    worker->enqueue(note(NotificationKind::open, "b", "i2"));
    worker->enqueue(note(NotificationKind::open, "c", "i3"));  // full: drops b's open
    CHECK(worker->counters().dropped == 1);
    fake->release();
    REQUIRE(eventually([&] { return worker->counters().sent == 3; }, seconds(5)));
    std::vector<std::string> groups;
    for (const auto& a : fake->attempts()) groups.push_back(a.notification.group);
    CHECK(groups == std::vector<std::string>{"in-flight", "a", "c"});
  }

  TEST_CASE("stopping abandons what is still being retried, counted as dropped") {
    using K = SendOutcome::Kind;
    auto [fake, worker] =
        worker_with({K::retry, K::retry, K::retry},
                    {.initial_backoff = seconds(30), .max_backoff = seconds(30), .queue_capacity = 10});
    worker->start();
    worker->enqueue(note(NotificationKind::open, "g", "i1"));
    worker->enqueue(note(NotificationKind::open, "h", "i2"));
    REQUIRE(eventually([&] { return fake->count() == 1; }, seconds(2)));
    const auto before = std::chrono::steady_clock::now();
    worker->stop();  // does not wait out the 30 s backoff
    CHECK(std::chrono::steady_clock::now() - before < seconds(5));
    CHECK(worker->counters().dropped == 2);
    CHECK(worker->counters().sent == 0);
  }

  TEST_CASE("stopping cancels a send in progress instead of waiting for it; counted as dropped") {
    // Blocks in send() until cancel(), then reports a transient failure, as a cut transfer does.
    class Hanging final : public Notifier {
     public:
      SendOutcome send(const Notification&) override {
        std::unique_lock lock(mutex_);
        entered_ = true;
        cancelled_cv_.wait(lock, [&] { return cancelled_; });
        return SendOutcome::transient("aborted");
      }
      void cancel() noexcept override {
        {
          const std::lock_guard lock(mutex_);
          cancelled_ = true;
        }
        cancelled_cv_.notify_all();
      }
      bool entered() {
        const std::lock_guard lock(mutex_);
        return entered_;
      }

     private:
      std::mutex mutex_;
      std::condition_variable cancelled_cv_;
      bool entered_{false};
      bool cancelled_{false};
    };
    auto hanging = std::make_unique<Hanging>();
    Hanging* raw = hanging.get();
    NotifierWorker worker("hanging", "http", std::move(hanging), kFast);
    worker.start();
    worker.enqueue(note(NotificationKind::open, "g", "i1"));
    REQUIRE(eventually([&] { return raw->entered(); }, seconds(2)));
    worker.stop();
    CHECK(worker.counters().dropped == 1);
    CHECK(worker.counters().failed == 0);
    CHECK(worker.counters().retried == 0);
  }

  TEST_CASE("a slow receiver delays neither evaluation nor the other notifiers") {
    auto slow = std::make_unique<FakeNotifier>();
    auto fast = std::make_unique<FakeNotifier>();
    FakeNotifier* slow_raw = slow.get();
    FakeNotifier* fast_raw = fast.get();
    slow_raw->block();
    std::vector<NotifierSpec> specs;
    const NotifyPolicy every_time{.threshold = 2, .send_close = true, .send_interval = seconds(0)};
    specs.push_back(spec_of("slow", std::move(slow), every_time));
    specs.push_back(spec_of("fast", std::move(fast), every_time));
    ManualClock clock(from_unix_ms(1'700'000'000'000));
    auto n = std::make_shared<int>(0);
    NotifierSet set(std::move(specs), clock, {.retry = kFast}, [n] { return "id-" + std::to_string(++*n); });
    set.start_delivery();

    auto timed_observe = [&](const GroupResults& results) {
      const auto before = std::chrono::steady_clock::now();
      set.observe(results);
      return std::chrono::steady_clock::now() - before;
    };
    std::chrono::steady_clock::duration longest{};
    longest = std::max(longest, timed_observe({status_of("g1", Status::err), status_of("g2", Status::warn)}));
    // "slow" is now stuck sending its first notification.
    REQUIRE(eventually([&] { return slow_raw->count() == 1; }, seconds(2)));
    for (int i = 0; i < 4; ++i) {
      clock.advance(seconds(1));
      longest = std::max(longest, timed_observe({status_of("g1", Status::err), status_of("g2", Status::warn)}));
    }
    longest = std::max(longest, timed_observe({status_of("g1", Status::ok), status_of("g2", Status::ok)}));
    CHECK(longest < milliseconds(100));  // no pass waited for "slow"
    CHECK(set.evaluations() == 6);

    // "fast" got every notification: the five rounds of opens, coalesced or not, then two closes.
    REQUIRE(eventually([&] { return fast_raw->count() >= 4 && set.stats()[1].counters.queued == 0; }, seconds(5)));
    const auto fast_attempts = fast_raw->attempts();
    CHECK(fast_attempts.back().notification.kind == NotificationKind::close);
    CHECK(fast_attempts[fast_attempts.size() - 2].notification.kind == NotificationKind::close);
    CHECK(set.stats()[1].counters.sent + set.stats()[1].counters.coalesced == 12);
    CHECK(slow_raw->count() == 1);  // still stuck on its first

    slow_raw->release();
    REQUIRE(eventually([&] { return set.stats()[0].counters.queued == 0; }, seconds(5)));
    // While it was stuck, the later opens of each incident were coalesced into one per incident.
    const auto slow_attempts = slow_raw->attempts();
    REQUIRE(slow_attempts.size() == 5);
    CHECK(slow_attempts[0].notification.group == "g1");  // the one it was stuck on
    CHECK(slow_attempts[1].notification.group == "g2");
    CHECK(slow_attempts[2].notification.group == "g1");
    CHECK(slow_attempts[2].notification.kind == NotificationKind::open);
    CHECK(slow_attempts[3].notification.kind == NotificationKind::close);
    CHECK(slow_attempts[4].notification.kind == NotificationKind::close);
    CHECK(set.stats()[0].counters.sent == 5);
    CHECK(set.stats()[0].counters.coalesced == 7);
    CHECK(set.stats()[0].counters.dropped == 0);
    set.stop();
  }

  TEST_CASE("the first evaluation happens as soon as the sources are ready, then every interval") {
    auto fake = std::make_unique<FakeNotifier>();
    std::vector<NotifierSpec> specs;
    specs.push_back(spec_of("n", std::move(fake)));
    specs.back().interval = seconds(30);
    ManualClock clock(from_unix_ms(1'700'000'000'000));
    NotifierSet set(std::move(specs), clock,
                    {.retry = kFast, .first_evaluation_limit = seconds(60), .ready_poll = milliseconds(10)},
                    [] { return std::string("id"); });
    CHECK(set.interval() == seconds(30));
    std::atomic<bool> ready{false};
    std::atomic<int> evaluated{0};
    set.start(
        [&] {
          ++evaluated;
          return GroupResults{status_of("g", Status::ok)};
        },
        [&] { return ready.load(); });
    CHECK_FALSE(eventually([&] { return evaluated > 0; }, milliseconds(200)));
    ready = true;
    CHECK(eventually([&] { return evaluated == 1 && set.evaluations() == 1; }, seconds(2)));
    set.stop();
    CHECK(evaluated == 1);  // the next pass is 30 s away
  }
}
