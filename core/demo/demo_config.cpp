#include "core/demo/demo_config.hpp"

namespace warren::demo {

config::Config demo_config(const std::string& bootstraps, const std::string& http_address) {
  config::Config c;
  c.source_file = "(warren demo)";
  c.logging.level = "info";

  config::ClusterConfig cluster;
  cluster.name = kClusterName;
  cluster.servers = {bootstraps};
  // High-water marks every second: the broker-offset history (intervals slots) then covers the
  // last ten seconds, which is how long a consumer that stopped still counts as caught up.
  cluster.offset_refresh = 1;
  cluster.topic_refresh = 10;
  c.clusters.push_back(cluster);

  config::ConsumerConfig consumer;
  consumer.name = kClusterName;
  consumer.class_name = "kafka";
  consumer.cluster = kClusterName;
  consumer.servers = {bootstraps};
  c.consumers.push_back(consumer);

  // Burrow's window of 10 commits; results cached for a second so that repeated requests are
  // cheap while statuses still follow the simulation closely.
  c.storage.intervals = 10;
  c.evaluator.expire_cache = 1;

  c.httpservers.push_back({.name = "demo", .address = http_address});
  return c;
}

}  // namespace warren::demo
