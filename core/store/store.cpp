#include "core/store/store.hpp"

namespace warren::store {

Result<std::unique_ptr<Store>> Store::create(const std::vector<std::string>& clusters, const StoreOptions& options,
                                             const Clock& clock) {
  if (options.intervals == 0) return make_error(ErrorCode::invalid_argument, "intervals must be at least 1");
  auto filter = GroupFilter::create(options.group_allowlist, options.group_denylist);
  if (!filter) return filter.error();
  return std::make_unique<Store>(clusters, options, std::move(filter).value(), clock);
}

Store::Store(const std::vector<std::string>& clusters, const StoreOptions& options, GroupFilter filter,
             const Clock& clock)
    : options_(options), filter_(std::move(filter)) {
  for (const auto& name : clusters) {
    clusters_.emplace(name, std::make_unique<ClusterStore>(name, options_, filter_, clock));
  }
}

ClusterStore* Store::cluster(std::string_view name) noexcept {
  auto it = clusters_.find(name);
  return it == clusters_.end() ? nullptr : it->second.get();
}

const ClusterStore* Store::cluster(std::string_view name) const noexcept {
  auto it = clusters_.find(name);
  return it == clusters_.end() ? nullptr : it->second.get();
}

std::vector<std::string> Store::cluster_names() const {
  std::vector<std::string> out;
  out.reserve(clusters_.size());
  for (const auto& [name, c] : clusters_) out.push_back(name);
  return out;
}

std::size_t Store::sweep_expired() {
  std::size_t n = 0;
  for (auto& [name, c] : clusters_) n += c->sweep_expired();
  return n;
}

}  // namespace warren::store
