// Evaluator: evaluates groups on request from store snapshots, caching each result for
// `expire-cache` seconds as Burrow's caching evaluator does (reference/burrow.md §2.4).
//
// Differences from Burrow, on purpose: NOTFOUND is never cached (a group that appears is seen at
// once, and unknown names cost no memory); `expire-cache = 0` disables the cache instead of
// freezing results forever; expired entries are reclaimed by evict_expired(), so the cache does
// not grow with every name ever asked for.
//
// Thread safe. Evaluation runs outside the cache lock; two concurrent misses for the same group
// may both evaluate, and either result is correct.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/base/clock.hpp"
#include "core/eval/group_status.hpp"
#include "core/store/store.hpp"

namespace warren::eval {

struct EvaluatorOptions {
  std::int64_t expire_cache_s{10};
  EvalOptions rules;
};

class Evaluator {
 public:
  Evaluator(const store::Store& store, const EvaluatorOptions& options, const Clock& clock);

  // Every partition is in the result; callers that want Burrow's /status view filter it.
  std::shared_ptr<const GroupStatus> evaluate(std::string_view cluster, std::string_view group);

  // Drops cached results that have expired; returns how many.
  std::size_t evict_expired();
  std::size_t cached() const;

 private:
  struct Entry {
    std::shared_ptr<const GroupStatus> result;
    std::int64_t computed_ms{0};
  };
  bool fresh(const Entry& e, std::int64_t now_ms) const noexcept;

  const store::Store& store_;
  const EvaluatorOptions options_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> cache_;  // key: cluster + ' ' + group
};

}  // namespace warren::eval
