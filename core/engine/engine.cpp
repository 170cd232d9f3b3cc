#include "core/engine/engine.hpp"

#include <algorithm>
#include <limits>

#include "core/base/log.hpp"

namespace warren::engine {

store::StoreOptions store_options(const config::StorageConfig& storage) {
  store::StoreOptions o;
  o.intervals = static_cast<std::uint16_t>(std::clamp(storage.intervals, 1, 65535));
  o.expire_group_s = storage.expire_group;
  o.min_distance_s = storage.min_distance;
  o.group_allowlist = storage.group_allowlist;
  o.group_denylist = storage.group_denylist;
  return o;
}

eval::EvaluatorOptions evaluator_options(const config::EvaluatorConfig& evaluator) {
  const auto max_lag = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  return eval::EvaluatorOptions{
      .expire_cache_s = evaluator.expire_cache,
      .rules = {.minimum_complete = evaluator.minimum_complete,
                .allowed_lag = static_cast<std::int64_t>(std::min(evaluator.allowed_lag, max_lag))}};
}

Result<std::unique_ptr<Engine>> Engine::create(const config::Config& config, const Clock& clock) {
  std::vector<std::string> clusters;
  clusters.reserve(config.clusters.size());
  for (const auto& c : config.clusters) clusters.push_back(c.name);
  auto st = store::Store::create(clusters, store_options(config.storage), clock);
  if (!st) return st.error();
  return std::make_unique<Engine>(std::move(st).value(), evaluator_options(config.evaluator), clock);
}

Engine::Engine(std::unique_ptr<store::Store> store, const eval::EvaluatorOptions& options, const Clock& clock)
    : clock_(clock), store_(std::move(store)), evaluator_(*store_, options, clock) {}

Engine::~Engine() { stop(); }

std::size_t Engine::maintain() {
  const std::size_t groups = store_->sweep_expired();
  evaluator_.evict_expired();
  return groups;
}

void Engine::start(std::chrono::milliseconds period) {
  if (maintenance_.joinable()) return;
  maintenance_ = std::jthread([this, period](std::stop_token stop) {
    const log::Logger logger("engine");
    while (!stop.stop_requested()) {
      std::unique_lock lock(wake_mutex_);
      if (wake_.wait_for(lock, stop, period, [] { return false; })) break;
      lock.unlock();
      if (stop.stop_requested()) break;
      if (const std::size_t n = maintain(); n > 0) logger.info("reclaimed {} expired groups", n);
    }
  });
}

void Engine::stop() {
  if (!maintenance_.joinable()) return;
  maintenance_.request_stop();
  maintenance_.join();
}

}  // namespace warren::engine
