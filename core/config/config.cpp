#include "core/config/config.hpp"

#include <algorithm>

namespace warren::config {

const ClusterConfig* Config::find_cluster(const std::string& name) const {
  const auto it =
      std::find_if(clusters.begin(), clusters.end(), [&](const ClusterConfig& c) { return c.name == name; });
  return it == clusters.end() ? nullptr : &*it;
}

}  // namespace warren::config
