#include "server/burrow_payloads.hpp"

namespace warren::server {

void write_consumer_offset(GoJson& j, const model::CommitSlot& c) {
  j.begin_object();
  j.key("offset").int64(c.offset);
  j.key("timestamp").int64(c.timestamp_ms);
  j.key("observedAt").int64(c.observed_at_ms);
  j.key("lag");
  if (c.has_lag())
    j.int64(c.lag_raw);
  else
    j.null();
  j.end_object();
}

namespace {
void write_optional_offset(GoJson& j, const std::optional<model::CommitSlot>& c) {
  if (c)
    write_consumer_offset(j, *c);
  else
    j.null();
}
}  // namespace

void write_partition_status(GoJson& j, const eval::PartitionStatus& p) {
  j.begin_object();
  j.key("topic").string(p.topic);
  j.key("partition").int64(p.partition);
  j.key("owner").string(p.owner());
  j.key("client_id").string(p.client_id());
  j.key("status").string(model::to_string(p.status));
  j.key("start");
  write_optional_offset(j, p.start);
  j.key("end");
  write_optional_offset(j, p.end);
  j.key("current_lag").int64(p.current_lag);
  j.key("complete").float32(p.complete);
  j.end_object();
}

void write_group_status(GoJson& j, const eval::GroupStatus& g, bool only_not_ok) {
  j.begin_object();
  j.key("cluster").string(g.cluster);
  j.key("group").string(g.group);
  j.key("status").string(model::to_string(g.status));
  j.key("complete").float32(g.complete);
  j.key("partitions").begin_array();
  for (const auto& p : g.partitions) {
    if (only_not_ok && p.status <= model::Status::ok) continue;
    write_partition_status(j, p);
  }
  j.end_array();
  j.key("partition_count").int64(g.partition_count);
  j.key("maxlag");
  if (g.maxlag)
    write_partition_status(j, *g.maxlag);
  else
    j.null();
  j.key("totallag").int64(g.totallag);
  j.end_object();
}

void write_consumer_partition(GoJson& j, const store::PartitionSnapshot& p) {
  j.begin_object();
  j.key("offsets").begin_array();
  if (p.has_window) {
    // The ring from its oldest slot: free slots (null) come first.
    const std::size_t free = p.window_size > p.commits.size() ? p.window_size - p.commits.size() : 0;
    for (std::size_t i = 0; i < free; ++i) j.null();
    for (const auto& c : p.commits) write_consumer_offset(j, c);
  }
  j.end_array();
  j.key("owner").string(p.owner());
  j.key("client_id").string(p.client_id());
  j.key("current-lag").int64(p.current_lag);
  j.end_object();
}

void open_envelope(GoJson& j, bool error, std::string_view message) {
  j.begin_object();
  j.key("error").boolean(error);
  j.key("message").string(message);
}

void close_envelope(GoJson& j, std::string_view url, std::string_view host) {
  j.key("request").begin_object();
  j.key("url").string(url);
  j.key("host").string(host);
  j.end_object();
  j.end_object();
}

}  // namespace warren::server
