#include "core/eval/evaluator.hpp"

namespace warren::eval {

Evaluator::Evaluator(const store::Store& store, const EvaluatorOptions& options, const Clock& clock)
    : store_(store), options_(options), clock_(clock) {}

bool Evaluator::fresh(const Entry& e, std::int64_t now_ms) const noexcept {
  return now_ms - e.computed_ms < options_.expire_cache_s * 1000;
}

std::shared_ptr<const GroupStatus> Evaluator::evaluate(std::string_view cluster, std::string_view group) {
  const TimePoint now = clock_.now();
  const std::int64_t now_ms = to_unix_ms(now);
  std::string key;
  key.reserve(cluster.size() + group.size() + 1);
  key.append(cluster).append(" ").append(group);

  if (options_.expire_cache_s > 0) {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && fresh(it->second, now_ms)) return it->second.result;
  }

  const store::ClusterStore* c = store_.cluster(cluster);
  auto snapshot = c ? c->group(group) : std::nullopt;
  if (!snapshot) {
    if (options_.expire_cache_s > 0) {
      std::lock_guard lock(mutex_);
      cache_.erase(key);
    }
    return std::make_shared<const GroupStatus>(not_found(std::string(cluster), std::string(group)));
  }
  auto result = std::make_shared<const GroupStatus>(evaluate_group(*snapshot, options_.rules, now));
  if (options_.expire_cache_s > 0) {
    std::lock_guard lock(mutex_);
    cache_[std::move(key)] = Entry{.result = result, .computed_ms = now_ms};
  }
  return result;
}

std::size_t Evaluator::evict_expired() {
  const std::int64_t now_ms = to_unix_ms(clock_.now());
  std::lock_guard lock(mutex_);
  return std::erase_if(cache_, [&](const auto& kv) { return !fresh(kv.second, now_ms); });
}

std::size_t Evaluator::cached() const {
  std::lock_guard lock(mutex_);
  return cache_.size();
}

}  // namespace warren::eval
