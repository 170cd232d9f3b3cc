// Readers for [cluster.*] (where broker offsets come from) and [consumer.*] (where committed
// offsets come from). Clusters are read first so that a consumer's `cluster` can be checked.
#include <fmt/core.h>

#include "core/config/section_readers.hpp"

namespace warren::config {
namespace {

ClusterConfig read_cluster(ReadContext& context, const NamedTable& section, const Config& config) {
  ClusterConfig cluster;
  cluster.name = section.name;
  SectionReader reader(context, "cluster." + section.name, section.table);
  // Burrow requires class-name; "kafka" is its only value, so warren takes it as the default.
  reader.read_one_of("class-name", cluster.class_name, {"kafka"}, false);
  reader.read_servers("servers", cluster.servers, true);
  read_client_profile_ref(reader, "client-profile", config, cluster.client_profile);
  reader.read("offset-refresh", cluster.offset_refresh);
  reader.read("topic-refresh", cluster.topic_refresh);
  reader.read("groups-reaper-refresh", cluster.groups_reaper_refresh);
  reader.require_at_least("offset-refresh", cluster.offset_refresh, 1);
  reader.require_at_least("topic-refresh", cluster.topic_refresh, 1);
  reader.require_at_least("groups-reaper-refresh", cluster.groups_reaper_refresh, 0);
  reader.warn_unknown_keys();
  return cluster;
}

ConsumerConfig read_consumer(ReadContext& context, const NamedTable& section, const Config& config) {
  ConsumerConfig consumer;
  consumer.name = section.name;
  SectionReader reader(context, "consumer." + section.name, section.table);
  // kafka reads __consumer_offsets (Burrow's way); kafka_zk is Burrow's legacy ZooKeeper reader
  // (servers are then ZooKeeper hosts); kafka_admin is warren's Admin API poller for managed
  // Kafka where the offsets topic cannot be read.
  reader.read_one_of("class-name", consumer.class_name, {"kafka", "kafka_zk", "kafka_admin"}, true);
  const bool admin = consumer.class_name == "kafka_admin";

  const ClusterConfig* cluster = nullptr;
  const bool cluster_set = reader.read("cluster", consumer.cluster);
  if (cluster_set && !consumer.cluster.empty()) {
    cluster = config.find_cluster(consumer.cluster);
    if (cluster == nullptr) {
      reader.error("cluster", fmt::format("unknown cluster \"{}\": there is no [cluster.{}] section", consumer.cluster,
                                          consumer.cluster));
    }
  } else if (cluster_set || !reader.present("cluster")) {  // not after a type error: already reported
    reader.error("cluster", "is required: the name of a [cluster.*] section");
  }

  reader.read_servers("servers", consumer.servers, !admin);
  const bool own_profile = reader.present("client-profile");
  read_client_profile_ref(reader, "client-profile", config, consumer.client_profile);
  if (admin && cluster != nullptr) {
    // The Admin API poller talks to the same brokers as the cluster module; let it inherit
    // them rather than making the user repeat the list.
    if (consumer.servers.empty()) consumer.servers = cluster->servers;
    if (!own_profile) consumer.client_profile = cluster->client_profile;
  }

  reader.read("offsets-topic", consumer.offsets_topic);
  reader.read("start-latest", consumer.start_latest);
  reader.read("backfill-earliest", consumer.backfill_earliest);
  reader.read_regex("group-allowlist", "group-whitelist", consumer.group_allowlist);
  reader.read_regex("group-denylist", "group-blacklist", consumer.group_denylist);
  reader.read("zookeeper-path", consumer.zookeeper_path);
  reader.read("zookeeper-timeout", consumer.zookeeper_timeout);
  if (admin) {
    reader.read("poll-interval", consumer.poll_interval);
    reader.read("max-in-flight", consumer.max_in_flight);
    reader.require_at_least("poll-interval", consumer.poll_interval, 1);
    reader.require_at_least("max-in-flight", consumer.max_in_flight, 1);
  }
  if (consumer.offsets_topic.empty()) reader.error("offsets-topic", "must not be empty");
  reader.require_at_least("zookeeper-timeout", consumer.zookeeper_timeout, 1);
  reader.warn_unknown_keys();
  return consumer;
}

}  // namespace

void read_clusters(ReadContext& context, const SectionTables& tables, Config& config) {
  for (const auto& section : tables.clusters) config.clusters.push_back(read_cluster(context, section, config));
}

void read_consumers(ReadContext& context, const SectionTables& tables, Config& config) {
  for (const auto& section : tables.consumers) {
    config.consumers.push_back(read_consumer(context, section, config));
  }
}

}  // namespace warren::config
