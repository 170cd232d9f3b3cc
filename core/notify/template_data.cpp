#include "core/notify/template_data.hpp"

#include <cmath>
#include <set>

#include "core/base/go_json.hpp"
#include "core/notify/go_format.hpp"
#include "core/notify/go_time.hpp"
#include "core/notify/template_builtins.hpp"

namespace warren::notify {

namespace {

using K = TemplateValue::Kind;

constexpr const char* kPartitionType = "*protocol.PartitionStatus";
constexpr const char* kDataType =
    "struct { Cluster string; Group string; ID string; Start time.Time; Extras map[string]string; Result "
    "protocol.ConsumerGroupStatus }";

Error fail(std::string message) { return make_error(ErrorCode::invalid_argument, std::move(message)); }

TemplateValue status_value(model::Status s) {
  const std::string text(model::to_string(s));
  TemplateObject o;
  o.type_name = "protocol.StatusConstant";
  o.underlying = TemplateValue::integer(model::code(s));
  o.json_value = TemplateValue::string(text);
  o.methods["String"] = [text](std::span<const TemplateValue> args) -> Result<TemplateValue> {
    if (!args.empty()) return fail("wrong number of args for String: want 0 got " + std::to_string(args.size()));
    return TemplateValue::string(text);
  };
  return TemplateValue::object(std::move(o));
}

// *protocol.ConsumerOffset (Burrow HEAD's fields; Lag is nil when the lag at commit time is unknown).
TemplateValue offset_value(const std::optional<model::CommitSlot>& c) {
  if (!c) return TemplateValue::null();
  TemplateObject o;
  o.type_name = "*protocol.ConsumerOffset";
  o.pointer = true;
  o.fields = {
      {"Offset", "offset", TemplateValue::integer(c->offset)},
      {"Timestamp", "timestamp", TemplateValue::integer(c->timestamp_ms)},
      {"ObservedTimestamp", "observedAt", TemplateValue::integer(c->observed_at_ms)},
      {"Lag", "lag",
       c->has_lag() ? TemplateValue::unsigned_integer(static_cast<std::uint64_t>(c->lag_raw)) : TemplateValue::null()},
  };
  return TemplateValue::object(std::move(o));
}

std::uint64_t as_u64(std::int64_t v) { return v < 0 ? 0 : static_cast<std::uint64_t>(v); }

// The arguments Burrow's helpers declare as int, int64 or string; Go converts template constants
// and rejects other types.
Result<std::int64_t> int_arg(const TemplateValue& v, const char* go_type) {
  if (v.kind() == K::integer) return v.as_int();
  if (v.kind() == K::unsigned_integer) return static_cast<std::int64_t>(v.as_uint());
  return fail(std::string("wrong type for value; expected ") + go_type + "; got " + go_type_name(v));
}

Result<std::span<const TemplateValue>> partitions_arg(const TemplateValue& v) {
  if (v.kind() == K::null) return std::span<const TemplateValue>{};
  if (v.kind() != K::list) {
    return fail("wrong type for value; expected []*protocol.PartitionStatus; got " + go_type_name(v));
  }
  for (const auto& p : v.as_list()) {
    if (p.kind() != K::object || p.as_object().type_name != kPartitionType) {
      return fail("wrong type for value; expected []*protocol.PartitionStatus; got " + go_type_name(v));
    }
  }
  return std::span<const TemplateValue>(v.as_list());
}

Result<TemplateValue> want_args(std::span<const TemplateValue> args, std::size_t n, const char* name) {
  if (args.size() == n) return TemplateValue{};
  return fail(std::string("wrong number of args for ") + name + ": want " + std::to_string(n) + " got " +
              std::to_string(args.size()));
}

std::string status_string(const TemplateValue& partition) {
  const auto* s = partition.as_object().field("Status");
  if (s == nullptr) return "UNKNOWN";
  return go_print(*s);
}

std::int64_t status_code(const TemplateValue& partition) {
  const auto* s = partition.as_object().field("Status");
  if (s == nullptr) return -1;
  const auto& u = underlying_value(*s);
  return u.kind() == K::integer ? u.as_int() : -1;
}

TemplateCallable arithmetic(const char* name, char op) {
  return [name, op](std::span<const TemplateValue> args) -> Result<TemplateValue> {
    if (auto n = want_args(args, 2, name); !n.ok()) return n;
    auto a = int_arg(args[0], "int");
    if (!a.ok()) return a.error();
    auto b = int_arg(args[1], "int");
    if (!b.ok()) return b.error();
    // Go's int arithmetic wraps; compute in unsigned to do the same without undefined behaviour.
    const auto ua = static_cast<std::uint64_t>(*a);
    const auto ub = static_cast<std::uint64_t>(*b);
    switch (op) {
      case '+': return TemplateValue::integer(static_cast<std::int64_t>(ua + ub));
      case '-': return TemplateValue::integer(static_cast<std::int64_t>(ua - ub));
      case '*': return TemplateValue::integer(static_cast<std::int64_t>(ua * ub));
      default:
        if (*b == 0) return fail("runtime error: integer divide by zero");
        if (*a == INT64_MIN && *b == -1) return TemplateValue::integer(INT64_MIN);
        return TemplateValue::integer(*a / *b);
    }
  };
}

Result<bool> encode(base::GoJson& j, const TemplateValue& v) {
  switch (v.kind()) {
    case K::no_value: return fail("json: unsupported value: <no value>");
    case K::null: j.null(); return true;
    case K::boolean: j.boolean(v.as_bool()); return true;
    case K::integer: j.int64(v.as_int()); return true;
    case K::unsigned_integer: j.uint64(v.as_uint()); return true;
    case K::floating: {
      const double d = v.as_double();
      if (!std::isfinite(d)) return fail("json: unsupported value: " + go_print(v));
      if (v.is_float32()) {
        j.float32(static_cast<float>(d));
        return true;
      }
      // encoding/json: 'f' between 1e-6 and 1e21, else 'e' with a one-digit negative exponent.
      const double a = std::fabs(d);
      std::string s;
      if (a != 0 && (a < 1e-6 || a >= 1e21)) {
        s = go_format_float(d, 64, 'e', -1);
        const auto e = s.find("e-0");
        if (e != std::string::npos) s.erase(e + 2, 1);
      } else {
        s = go_format_float(d, 64, 'f', -1);
      }
      j.raw(s);
      return true;
    }
    case K::string: j.string(v.as_string()); return true;
    case K::time: j.string(go_time_rfc3339_nano(v.as_time())); return true;
    case K::list:
      j.begin_array();
      for (const auto& item : v.as_list()) {
        if (auto r = encode(j, item); !r.ok()) return r;
      }
      j.end_array();
      return true;
    case K::map:
      j.begin_object();
      for (const auto& [key, item] : v.as_map().entries) {
        j.key(key);
        if (auto r = encode(j, item); !r.ok()) return r;
      }
      j.end_object();
      return true;
    case K::object: {
      const auto& o = v.as_object();
      if (o.json_value) return encode(j, *o.json_value);
      if (o.underlying) return encode(j, *o.underlying);
      j.begin_object();
      for (const auto& f : o.fields) {
        if (f.json_name.empty()) continue;
        j.key(f.json_name);
        if (auto r = encode(j, f.value); !r.ok()) return r;
      }
      j.end_object();
      return true;
    }
  }
  return true;
}

}  // namespace

TemplateValue partition_status_value(const eval::PartitionStatus& p) {
  TemplateObject o;
  o.type_name = kPartitionType;
  o.pointer = true;
  o.fields = {
      {"Topic", "topic", TemplateValue::string(p.topic)},
      {"Partition", "partition", TemplateValue::integer(p.partition)},
      {"Owner", "owner", TemplateValue::string(p.owner())},
      {"ClientID", "client_id", TemplateValue::string(p.client_id())},
      {"Status", "status", status_value(p.status)},
      {"Start", "start", offset_value(p.start)},
      {"End", "end", offset_value(p.end)},
      {"CurrentLag", "current_lag", TemplateValue::unsigned_integer(as_u64(p.current_lag))},
      {"Complete", "complete", TemplateValue::float32(p.complete)},
  };
  return TemplateValue::object(std::move(o));
}

TemplateValue group_status_value(const eval::GroupStatus& g, bool only_not_ok) {
  TemplateList partitions;
  for (const auto& p : g.partitions) {
    if (only_not_ok && p.status <= model::Status::ok) continue;
    partitions.push_back(partition_status_value(p));
  }
  TemplateObject o;
  o.type_name = "protocol.ConsumerGroupStatus";
  o.fields = {
      {"Cluster", "cluster", TemplateValue::string(g.cluster)},
      {"Group", "group", TemplateValue::string(g.group)},
      {"Status", "status", status_value(g.status)},
      {"Complete", "complete", TemplateValue::float32(g.complete)},
      {"Partitions", "partitions", TemplateValue::list(std::move(partitions))},
      {"TotalPartitions", "partition_count", TemplateValue::integer(g.partition_count)},
      {"Maxlag", "maxlag", g.maxlag ? partition_status_value(*g.maxlag) : TemplateValue::null()},
      {"TotalLag", "totallag", TemplateValue::unsigned_integer(as_u64(g.totallag))},
  };
  return TemplateValue::object(std::move(o));
}

TemplateValue notification_data(const NotificationContext& context) {
  TemplateMap extras;
  extras.zero = TemplateValue::string("");
  for (const auto& [k, v] : context.extras) extras.entries.emplace(k, TemplateValue::string(v));
  TemplateObject o;
  o.type_name = kDataType;
  o.fields = {
      {"Cluster", "Cluster", TemplateValue::string(context.cluster)},
      {"Group", "Group", TemplateValue::string(context.group)},
      {"ID", "ID", TemplateValue::string(context.id)},
      {"Start", "Start", TemplateValue::time(TemplateTime::from(context.start))},
      {"Extras", "Extras", TemplateValue::map(std::move(extras))},
      {"Result", "Result", group_status_value(context.result, true)},
  };
  // Burrow's shipped default-http-post and default-http-delete write `.Id`; a method (rather than a
  // field) keeps it out of printed and encoded data.
  o.methods["Id"] = [id = context.id](std::span<const TemplateValue> args) -> Result<TemplateValue> {
    if (!args.empty()) return fail("wrong number of args for Id: want 0 got " + std::to_string(args.size()));
    return TemplateValue::string(id);
  };
  return TemplateValue::object(std::move(o));
}

Result<std::string> go_json_encode(const TemplateValue& value) {
  base::GoJson j;
  if (auto r = encode(j, value); !r.ok()) return r.error();
  return j.take();
}

FunctionSet burrow_functions() {
  FunctionSet f;
  f.add("jsonencoder", [](std::span<const TemplateValue> args) -> Result<TemplateValue> {
    if (auto n = want_args(args, 1, "jsonencoder"); !n.ok()) return n;
    // Burrow ignores the encoder's error and prints an empty string.
    auto r = go_json_encode(args[0]);
    return TemplateValue::string(r.ok() ? std::move(r.value()) : std::string());
  });
  f.add("topicsbystatus", [](std::span<const TemplateValue> args) -> Result<TemplateValue> {
    if (auto n = want_args(args, 1, "topicsbystatus"); !n.ok()) return n;
    auto partitions = partitions_arg(args[0]);
    if (!partitions.ok()) return partitions.error();
    // Burrow builds the topic lists from a Go map, in random order; warren sorts them.
    std::map<std::string, std::set<std::string>> by_status;
    for (const auto& p : *partitions) {
      const auto* topic = p.as_object().field("Topic");
      by_status[status_string(p)].insert(topic ? go_print(*topic) : std::string());
    }
    TemplateMap m;
    m.zero = TemplateValue::list({});  // Go's zero []string: len 0, ranges over nothing
    for (const auto& [status, topics] : by_status) {
      TemplateList list;
      for (const auto& t : topics) list.push_back(TemplateValue::string(t));
      m.entries.emplace(status, TemplateValue::list(std::move(list)));
    }
    return TemplateValue::map(std::move(m));
  });
  f.add("partitioncounts", [](std::span<const TemplateValue> args) -> Result<TemplateValue> {
    if (auto n = want_args(args, 1, "partitioncounts"); !n.ok()) return n;
    auto partitions = partitions_arg(args[0]);
    if (!partitions.ok()) return partitions.error();
    std::map<std::string, std::int64_t> counts{{"warn", 0}, {"stop", 0}, {"stall", 0}, {"rewind", 0}, {"unknown", 0}};
    for (const auto& p : *partitions) {
      switch (status_code(p)) {
        case model::code(model::Status::ok): break;
        case model::code(model::Status::warn): ++counts["warn"]; break;
        case model::code(model::Status::stop): ++counts["stop"]; break;
        case model::code(model::Status::stall): ++counts["stall"]; break;
        case model::code(model::Status::rewind): ++counts["rewind"]; break;
        default: ++counts["unknown"]; break;
      }
    }
    TemplateMap m;
    m.zero = TemplateValue::integer(0);
    for (const auto& [k, v] : counts) m.entries.emplace(k, TemplateValue::integer(v));
    return TemplateValue::map(std::move(m));
  });
  f.add("add", arithmetic("add", '+'));
  f.add("minus", arithmetic("minus", '-'));
  f.add("multiply", arithmetic("multiply", '*'));
  f.add("divide", arithmetic("divide", '/'));
  f.add("maxlag", [](std::span<const TemplateValue> args) -> Result<TemplateValue> {
    if (auto n = want_args(args, 1, "maxlag"); !n.ok()) return n;
    const auto& p = args[0];
    if (p.kind() == K::null) return TemplateValue::unsigned_integer(0);
    if (p.kind() != K::object || p.as_object().type_name != kPartitionType) {
      return fail("wrong type for value; expected *protocol.PartitionStatus; got " + go_type_name(p));
    }
    const auto* lag = p.as_object().field("CurrentLag");
    return lag ? *lag : TemplateValue::unsigned_integer(0);
  });
  f.add("formattimestamp", [](std::span<const TemplateValue> args) -> Result<TemplateValue> {
    if (auto n = want_args(args, 2, "formattimestamp"); !n.ok()) return n;
    auto ms = int_arg(args[0], "int64");
    if (!ms.ok()) return ms.error();
    if (args[1].kind() != K::string) {
      return fail("wrong type for value; expected string; got " + go_type_name(args[1]));
    }
    // Burrow formats in the server's local zone; warren always uses UTC.
    return TemplateValue::string(go_time_format(TemplateTime::from_unix_millis(*ms), args[1].as_string()));
  });
  return f;
}

FunctionSet url_functions() { return FunctionSet{}; }

}  // namespace warren::notify
