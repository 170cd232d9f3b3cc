// Store: one ClusterStore per configured cluster. The set of clusters is fixed at construction
// (from the [cluster.*] sections), so looking one up needs no lock.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.hpp"
#include "core/base/result.hpp"
#include "core/store/cluster_store.hpp"
#include "core/store/group_filter.hpp"
#include "core/store/store_options.hpp"

namespace warren::store {

class Store {
 public:
  // Fails when the allowlist or denylist does not compile.
  static Result<std::unique_ptr<Store>> create(const std::vector<std::string>& clusters, const StoreOptions& options,
                                               const Clock& clock);

  // `filter` is the compiled allowlist/denylist of `options`.
  Store(const std::vector<std::string>& clusters, const StoreOptions& options, GroupFilter filter, const Clock& clock);
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  ClusterStore* cluster(std::string_view name) noexcept;
  const ClusterStore* cluster(std::string_view name) const noexcept;
  std::vector<std::string> cluster_names() const;
  const StoreOptions& options() const noexcept { return options_; }

  // Reclaims expired groups in every cluster; returns how many went.
  std::size_t sweep_expired();

 private:
  const StoreOptions options_;
  const GroupFilter filter_;
  std::map<std::string, std::unique_ptr<ClusterStore>, std::less<>> clusters_;
};

}  // namespace warren::store
