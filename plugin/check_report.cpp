#include "plugin/check_report.hpp"

#include <fmt/core.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace warren::plugin {

using model::Status;

int exit_code(const std::vector<ClusterReport>& report) {
  bool any = false;
  Status worst = Status::ok;
  for (const auto& c : report) {
    if (!c.reachable) return 3;
    for (const auto& g : c.groups) {
      if (g.status == Status::notfound) continue;
      any = true;
      worst = std::max(worst, g.status);
    }
  }
  if (!any) return 3;
  return worst == Status::ok ? 0 : worst == Status::warn ? 1 : 2;
}

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(Writer& w, const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

void write_commit(Writer& w, const std::optional<model::CommitSlot>& c) {
  if (!c) {
    w.Null();
    return;
  }
  w.StartObject();
  w.Key("offset");
  w.Int64(c->offset);
  w.Key("timestamp");
  w.Int64(c->timestamp_ms);
  w.Key("observedAt");
  w.Int64(c->observed_at_ms);
  w.Key("lag");
  if (c->has_lag())
    w.Int64(c->lag_raw);
  else
    w.Null();
  w.EndObject();
}

void write_partition(Writer& w, const eval::PartitionStatus& p) {
  w.StartObject();
  w.Key("topic");
  write_string(w, p.topic);
  w.Key("partition");
  w.Int(p.partition);
  w.Key("owner");
  write_string(w, p.owner());
  w.Key("client_id");
  write_string(w, p.client_id());
  w.Key("status");
  w.String(model::to_string(p.status).data());
  w.Key("start");
  write_commit(w, p.start);
  w.Key("end");
  write_commit(w, p.end);
  w.Key("current_lag");
  w.Int64(p.current_lag);
  w.Key("complete");
  w.Double(static_cast<double>(p.complete));
  w.EndObject();
}

}  // namespace

std::string render_json(const std::vector<ClusterReport>& report) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("status_code");
  w.Int(exit_code(report));
  w.Key("clusters");
  w.StartArray();
  for (const auto& c : report) {
    w.StartObject();
    w.Key("cluster");
    write_string(w, c.cluster);
    w.Key("reachable");
    w.Bool(c.reachable);
    w.Key("caught_up");
    w.Bool(c.caught_up);
    w.Key("groups");
    w.StartArray();
    for (const auto& g : c.groups) {
      w.StartObject();
      w.Key("group");
      write_string(w, g.group);
      w.Key("status");
      w.String(model::to_string(g.status).data());
      w.Key("complete");
      w.Double(static_cast<double>(g.complete));
      w.Key("partition_count");
      w.Int(g.partition_count);
      w.Key("totallag");
      w.Int64(g.totallag);
      w.Key("partitions");
      w.StartArray();
      for (const auto& p : g.partitions) write_partition(w, p);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string render_table(const std::vector<ClusterReport>& report) {
  std::string out = fmt::format("{:<16} {:<32} {:<8} {:>12} {:>9}  {}\n", "CLUSTER", "GROUP", "STATUS", "TOTAL LAG",
                                "COMPLETE", "NOT OK");
  for (const auto& c : report) {
    if (!c.reachable) out += fmt::format("{:<16} (unreachable)\n", c.cluster);
    for (const auto& g : c.groups) {
      std::string bad;
      for (const auto& p : g.partitions) {
        if (p.status == Status::ok) continue;
        bad += fmt::format("{}{}/{}={}", bad.empty() ? "" : " ", p.topic, p.partition, model::to_string(p.status));
      }
      out += fmt::format("{:<16} {:<32} {:<8} {:>12} {:>8.0f}%  {}\n", c.cluster, g.group, model::to_string(g.status),
                         g.totallag, static_cast<double>(g.complete) * 100.0, bad);
    }
  }
  return out;
}

}  // namespace warren::plugin
