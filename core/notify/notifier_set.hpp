// NotifierSet: the notifier coordinator of `warren serve` — Burrow's notifier coordinator without
// ZooKeeper (one warren sends). It evaluates every group in the store every `interval` (the
// smallest over all notifiers, as Burrow), runs the IncidentTracker over the results, and hands
// each notification to its notifier's NotifierWorker, which delivers it with retries.
//
// Better than Burrow, on purpose:
// - the first evaluation happens as soon as the sources have caught up (SourceSet::ready()), or
//   after at most `first_evaluation_limit` if they never do, instead of after a fixed minute;
// - groups are listed from the store at every evaluation, so a new group is watched at once;
// - delivery is off the evaluation thread: a receiver that is down or slow delays neither
//   evaluation nor the other notifiers, and is retried with backoff (notifier_worker.hpp);
// - templates are parsed at construction: a template error stops `warren serve` at startup.
//
// Lifecycle: create() validates and parses (no threads, no I/O besides reading templates);
// start() spawns the workers and the evaluation thread; stop() or the destructor joins them.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/base/clock.hpp"
#include "core/base/log.hpp"
#include "core/base/result.hpp"
#include "core/config/config.hpp"
#include "core/engine/engine.hpp"
#include "core/notify/curl_session.hpp"
#include "core/notify/incident_tracker.hpp"
#include "core/notify/notifier_worker.hpp"

namespace warren::notify {

// One configured notifier, built.
struct NotifierSpec {
  std::string name;
  std::string class_name;
  NotifierRules rules;
  Millis interval{std::chrono::seconds(60)};
  std::unique_ptr<Notifier> notifier;
};

// Builds [notifier.NAME]: its templates (read relative to the working directory, else to
// `config_dir`), its sender, its policy and group filter. Errors name the section and, for
// templates, file:line:col.
Result<NotifierSpec> build_notifier(const config::NotifierConfig& config, const std::filesystem::path& config_dir,
                                    const Clock& clock);

// Every group's evaluation, as the coordinator sees the engine.
using GroupResults = std::vector<std::shared_ptr<const eval::GroupStatus>>;
using EvaluateAll = std::function<GroupResults()>;

// Every group of every cluster in the engine's store, through its (caching) evaluator.
EvaluateAll evaluate_all_groups(engine::Engine& engine);

struct CoordinatorOptions {
  RetryOptions retry;
  Millis first_evaluation_limit{std::chrono::seconds(60)};
  Millis ready_poll{std::chrono::milliseconds(100)};
};

// What /metrics shows for one notifier.
struct NotifierStats {
  const std::string& name;
  const std::string& class_name;
  const NotifierCounters& counters;
};

class NotifierSet {
 public:
  static Result<std::unique_ptr<NotifierSet>> create(const config::Config& config, const Clock& clock,
                                                     CoordinatorOptions options = {});

  NotifierSet(std::vector<NotifierSpec> notifiers, const Clock& clock, CoordinatorOptions options,
              IncidentTracker::IdGenerator new_id);
  ~NotifierSet();
  NotifierSet(const NotifierSet&) = delete;
  NotifierSet& operator=(const NotifierSet&) = delete;

  // Starts the workers and, when there is any notifier, the evaluation loop: the first pass as
  // soon as `ready()` holds (or first_evaluation_limit has passed), then one every interval().
  void start(EvaluateAll evaluate, std::function<bool()> ready);
  // Only the workers: for tests that call observe() themselves.
  void start_delivery();
  void stop();

  // One evaluation pass over `results`, at the clock's now: decides and queues notifications,
  // forgets groups that are no longer there. Called by the loop; public for tests.
  void observe(const GroupResults& results);

  bool empty() const noexcept { return workers_.empty(); }
  Millis interval() const noexcept { return interval_; }
  std::uint64_t evaluations() const noexcept { return evaluations_.load(); }
  std::vector<NotifierStats> stats() const;

 private:
  void run(const std::stop_token& stop, const EvaluateAll& evaluate, const std::function<bool()>& ready);

  CurlGlobal curl_;  // before the workers: libcurl is initialised before their threads use it
  const Clock& clock_;
  const CoordinatorOptions options_;
  const log::Logger logger_{"notifier"};
  Millis interval_{std::chrono::seconds(60)};
  IncidentTracker tracker_;
  std::vector<std::unique_ptr<NotifierWorker>> workers_;
  std::atomic<std::uint64_t> evaluations_{0};
  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  std::jthread loop_;
};

}  // namespace warren::notify
