// Engine: the lag engine as one unit — the store, the evaluator, and a maintenance loop that
// reclaims expired groups and cache entries so that memory does not grow with churn. Sources
// feed its store; front ends (HTTP, execd) read through its evaluator.
//
// Lifecycle: create() validates and allocates (no threads, no I/O); start() spawns the
// maintenance thread; stop() or the destructor joins it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "core/base/clock.hpp"
#include "core/base/result.hpp"
#include "core/config/config.hpp"
#include "core/eval/evaluator.hpp"
#include "core/store/store.hpp"

namespace warren::engine {

// The store's and evaluator's settings from their config sections.
store::StoreOptions store_options(const config::StorageConfig& storage);
eval::EvaluatorOptions evaluator_options(const config::EvaluatorConfig& evaluator);

class Engine {
 public:
  static Result<std::unique_ptr<Engine>> create(const config::Config& config, const Clock& clock);

  Engine(std::unique_ptr<store::Store> store, const eval::EvaluatorOptions& options, const Clock& clock);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // `period` is how often expired groups and cache entries are reclaimed.
  void start(std::chrono::milliseconds period = std::chrono::seconds(30));
  void stop();

  // One maintenance pass, also run by the loop: returns the number of groups reclaimed.
  std::size_t maintain();

  store::Store& store() noexcept { return *store_; }
  const store::Store& store() const noexcept { return *store_; }
  eval::Evaluator& evaluator() noexcept { return evaluator_; }
  const Clock& clock() const noexcept { return clock_; }

 private:
  const Clock& clock_;
  std::unique_ptr<store::Store> store_;
  eval::Evaluator evaluator_;
  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  std::jthread maintenance_;
};

}  // namespace warren::engine
