// SourceSet: every Kafka source the configuration names — one ClusterSource per [cluster.*] and
// one reader per [consumer.*] — started in Burrow's order (clusters, then consumers) and stopped
// in reverse. It answers whether every consumer has caught up with its cluster (readiness).
#pragma once

#include <memory>
#include <vector>

#include "core/base/clock.hpp"
#include "core/base/log.hpp"
#include "core/base/result.hpp"
#include "core/config/config.hpp"
#include "core/kafka/admin_source.hpp"
#include "core/kafka/cluster_source.hpp"
#include "core/kafka/offsets_topic_source.hpp"
#include "core/store/store.hpp"

namespace warren::kafka {

class SourceSet {
 public:
  SourceSet(const config::Config& config, store::Store& store, const Clock& clock);
  ~SourceSet();
  SourceSet(const SourceSet&) = delete;
  SourceSet& operator=(const SourceSet&) = delete;

  // Starts every source; the first that cannot start is the error (those started are stopped).
  Result<bool> start();
  void stop();

  // Every cluster has refreshed once and every consumer has read its backlog.
  bool ready() const;

  const std::vector<std::unique_ptr<ClusterSource>>& clusters() const noexcept { return clusters_; }
  const std::vector<std::unique_ptr<OffsetsTopicSource>>& offsets_readers() const noexcept { return offsets_; }
  const std::vector<std::unique_ptr<AdminSource>>& admin_pollers() const noexcept { return admin_; }
  const ClusterSource* cluster(std::string_view name) const noexcept;

 private:
  const config::Config& config_;
  store::Store& store_;
  const Clock& clock_;
  const log::Logger log_{"sources"};
  std::vector<std::unique_ptr<ClusterSource>> clusters_;
  std::vector<std::unique_ptr<OffsetsTopicSource>> offsets_;
  std::vector<std::unique_ptr<AdminSource>> admin_;
};

}  // namespace warren::kafka
