#include "plugin/measurements.hpp"

#include <algorithm>

#include "plugin/line_protocol.hpp"

namespace warren::plugin {

Result<BatchFilter> BatchFilter::create(const config::ExecdConfig& execd) {
  BatchFilter f;
  auto clusters = store::GroupFilter::create(execd.cluster_include, execd.cluster_exclude);
  if (!clusters) return clusters.error();
  auto groups = store::GroupFilter::create(execd.group_include, execd.group_exclude);
  if (!groups) return groups.error();
  auto topics = store::GroupFilter::create(execd.topic_include, execd.topic_exclude);
  if (!topics) return topics.error();
  f.clusters = std::move(clusters).value();
  f.groups = std::move(groups).value();
  f.topics = std::move(topics).value();
  f.emit_group = execd.emit_group;
  f.emit_partition = execd.emit_partition;
  f.emit_topic = execd.emit_topic;
  f.emit_cluster = execd.emit_cluster;
  f.emit_ok_partitions = execd.emit_ok_partitions;
  return f;
}

void BatchFilter::set_consumers(const std::vector<config::ConsumerConfig>& consumers) {
  for (const auto& c : consumers) consumer_clusters[c.name] = c.cluster;
}

int telegraf_status_code(model::Status status) noexcept {
  switch (status) {
    case model::Status::notfound: return 2;
    case model::Status::ok: return 1;
    case model::Status::warn: return 3;
    case model::Status::err: return 4;
    case model::Status::stop: return 5;
    case model::Status::stall: return 6;
    case model::Status::rewind: return 7;
  }
  return 0;
}

namespace {

void render_group(LineBuilder& lb, const eval::GroupStatus& g, const BatchFilter& filter, std::int64_t ts) {
  if (filter.emit_group) {
    std::int64_t offset = 0;
    std::int64_t timestamp = 0;
    for (const auto& p : g.partitions) {
      if (!p.end) continue;
      offset += p.end->offset;
      timestamp = std::max(timestamp, p.end->timestamp_ms);
    }
    const auto partition_count =
        g.partition_count != 0 ? g.partition_count : static_cast<std::int32_t>(g.partitions.size());
    lb.begin("burrow_group")
        .tag("cluster", g.cluster)
        .tag("group", g.group)
        .field_float("complete", g.complete)
        .field_int("lag", g.maxlag ? g.maxlag->current_lag : 0)
        .field_int("offset", offset)
        .field_int("partition_count", partition_count)
        .field_string("status", model::to_string(g.status))
        .field_int("status_code", telegraf_status_code(g.status))
        .field_int("timestamp", timestamp)
        .field_int("total_lag", g.totallag)
        .end(ts);
  }
  if (!filter.emit_partition) return;
  for (const auto& p : g.partitions) {
    if (!filter.topics.accepts(p.topic)) continue;
    if (p.status == model::Status::ok && !filter.emit_ok_partitions) continue;
    lb.begin("burrow_partition")
        .tag("cluster", g.cluster)
        .tag("group", g.group)
        .tag("owner", p.owner())
        .tag("partition", std::to_string(p.partition))
        .tag("topic", p.topic)
        .field_float("complete", p.complete)
        .field_int("lag", p.current_lag)
        .field_int("offset", p.end ? p.end->offset : 0)
        .field_string("status", model::to_string(p.status))
        .field_int("status_code", telegraf_status_code(p.status))
        .field_int("timestamp", p.end ? p.end->timestamp_ms : 0)
        .end(ts);
  }
}

void render_cluster(LineBuilder& lb, const std::string& name, const store::ClusterStore& cs,
                    const kafka::SourceSet* sources, const BatchFilter& filter, std::int64_t ts) {
  std::int64_t partitions = 0;
  const auto topics = cs.topics();
  for (const auto& t : topics) partitions += t.partition_count;
  std::int64_t brokers_known = 0;
  std::int64_t brokers_up = 0;
  std::int64_t last_refresh_ms = 0;
  std::int64_t records = 0;
  std::int64_t decode_errors = 0;
  bool caught_up = false;
  if (sources != nullptr) {
    if (const auto* source = sources->cluster(name); source != nullptr) {
      const auto& h = source->health();
      brokers_known = h.brokers_known.load();
      brokers_up = h.brokers_up.load();
      last_refresh_ms = std::max(h.last_metadata_ms.load(), h.last_offsets_ms.load());
      caught_up = source->first_refresh_done();
    }
    for (const auto& reader : sources->offsets_readers()) {
      const auto it = filter.consumer_clusters.find(reader->name());
      if (it == filter.consumer_clusters.end() || it->second != name) continue;
      records += static_cast<std::int64_t>(reader->counters().records.load());
      for (const auto& [kind, count] : reader->decode_errors().snapshot()) {
        decode_errors += static_cast<std::int64_t>(count);
      }
      caught_up = caught_up && reader->caught_up();
    }
    for (const auto& poller : sources->admin_pollers()) {
      const auto it = filter.consumer_clusters.find(poller->name());
      if (it == filter.consumer_clusters.end() || it->second != name) continue;
      caught_up = caught_up && poller->caught_up();
    }
  }
  lb.begin("warren_cluster")
      .tag("cluster", name)
      .field_int("brokers_known", brokers_known)
      .field_int("brokers_up", brokers_up)
      .field_int("caught_up", caught_up ? 1 : 0)
      .field_int("decode_errors", decode_errors)
      .field_int("groups", static_cast<std::int64_t>(cs.groups().size()))
      .field_int("last_refresh_ms", last_refresh_ms)
      .field_int("partitions", partitions)
      .field_int("records", records)
      .field_int("topics", static_cast<std::int64_t>(topics.size()))
      .end(ts);
}

}  // namespace

std::string render_batch(engine::Engine& engine, const kafka::SourceSet* sources, const BatchFilter& filter,
                         TimePoint now) {
  const std::int64_t ts = to_unix_ms(now) * 1'000'000;
  LineBuilder lb;
  for (const auto& name : engine.store().cluster_names()) {
    if (!filter.clusters.accepts(name)) continue;
    const store::ClusterStore* cs = engine.store().cluster(name);
    if (cs == nullptr) continue;
    if (filter.emit_group || filter.emit_partition) {
      for (const auto& group : cs->groups()) {
        if (!filter.groups.accepts(group)) continue;
        const auto status = engine.evaluator().evaluate(name, group);
        if (status) render_group(lb, *status, filter, ts);
      }
    }
    if (filter.emit_topic) {
      for (const auto& t : cs->topics()) {
        if (!filter.topics.accepts(t.name)) continue;
        const auto offsets = cs->topic_offsets(t.name);
        if (!offsets) continue;
        for (std::size_t i = 0; i < offsets->size(); ++i) {
          lb.begin("burrow_topic")
              .tag("cluster", name)
              .tag("partition", std::to_string(i))
              .tag("topic", t.name)
              .field_int("offset", (*offsets)[i])
              .end(ts);
        }
      }
    }
    if (filter.emit_cluster) render_cluster(lb, name, *cs, sources, filter, ts);
  }
  return lb.take();
}

}  // namespace warren::plugin
