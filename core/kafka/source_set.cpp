#include "core/kafka/source_set.hpp"

namespace warren::kafka {

SourceSet::SourceSet(const config::Config& config, store::Store& store, const Clock& clock)
    : config_(config), store_(store), clock_(clock) {}

SourceSet::~SourceSet() { stop(); }

const ClusterSource* SourceSet::cluster(std::string_view name) const noexcept {
  for (const auto& c : clusters_) {
    if (c->name() == name) return c.get();
  }
  return nullptr;
}

Result<bool> SourceSet::start() {
  for (const auto& c : config_.clusters) {
    store::ClusterStore* cs = store_.cluster(c.name);
    if (cs == nullptr) continue;
    clusters_.push_back(std::make_unique<ClusterSource>(c, *cs, clock_));
    if (auto r = clusters_.back()->start(); !r) {
      stop();
      return r.error();
    }
  }
  for (const auto& c : config_.consumers) {
    store::ClusterStore* cs = store_.cluster(c.cluster);
    if (cs == nullptr) continue;
    if (c.class_name == "kafka") {
      offsets_.push_back(std::make_unique<OffsetsTopicSource>(c, *cs, cluster(c.cluster), clock_));
      if (auto r = offsets_.back()->start(); !r) {
        stop();
        return r.error();
      }
    } else if (c.class_name == "kafka_admin") {
      admin_.push_back(std::make_unique<AdminSource>(c, *cs, cluster(c.cluster), clock_));
      if (auto r = admin_.back()->start(); !r) {
        stop();
        return r.error();
      }
    } else if (c.class_name == "kafka_zk") {
      log_.warn("consumer.{}: class kafka_zk (ZooKeeper-committed offsets) is not supported; skipped", c.name);
    }
  }
  return true;
}

void SourceSet::stop() {
  for (auto it = admin_.rbegin(); it != admin_.rend(); ++it) (*it)->stop();
  for (auto it = offsets_.rbegin(); it != offsets_.rend(); ++it) (*it)->stop();
  for (auto it = clusters_.rbegin(); it != clusters_.rend(); ++it) (*it)->stop();
  admin_.clear();
  offsets_.clear();
  clusters_.clear();
}

bool SourceSet::ready() const {
  for (const auto& c : clusters_) {
    if (!c->first_refresh_done()) return false;
  }
  for (const auto& o : offsets_) {
    if (!o->caught_up()) return false;
  }
  for (const auto& a : admin_) {
    if (!a->caught_up()) return false;
  }
  return true;
}

}  // namespace warren::kafka
