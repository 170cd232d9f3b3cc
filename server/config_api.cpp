// The configuration endpoints (reference/burrow.md §1.8): the loaded configuration, defaults
// included, in Burrow's shapes and key order. Passwords are never shown.
#include <algorithm>

#include "server/burrow_api.hpp"
#include "server/burrow_payloads.hpp"

namespace warren::server {

namespace {

void write_string_list(GoJson& j, const std::vector<std::string>& items) {
  j.begin_array();
  for (const auto& s : items) j.string(s);
  j.end_array();
}

void write_client_profile(GoJson& j, const config::ClientProfile& p) {
  j.begin_object();
  j.key("name").string(p.name);
  j.key("client-id").string(p.client_id);
  j.key("kafka-version").string(p.kafka_version);
  j.key("tls");
  if (p.tls) {
    j.begin_object();
    j.key("name").string(p.tls->name);
    j.key("noverify").boolean(p.tls->noverify);
    j.key("certfile").string(p.tls->certfile);
    j.key("keyfile").string(p.tls->keyfile);
    j.key("cafile").string(p.tls->cafile);
    j.end_object();
  } else {
    j.null();
  }
  j.key("sasl");
  if (p.sasl) {
    j.begin_object();
    j.key("name").string(p.sasl->name);
    j.key("handshake-first").boolean(p.sasl->handshake_first);
    j.key("username").string(p.sasl->username);
    j.end_object();
  } else {
    j.null();
  }
  j.end_object();
}

template <typename Section>
std::vector<std::string> names_of(const std::vector<Section>& sections) {
  std::vector<std::string> out;
  for (const auto& s : sections) out.push_back(s.name);
  return out;
}

Response module_list(const Request& req, const std::string& host, std::string_view coordinator,
                     const std::vector<std::string>& names) {
  GoJson j;
  open_envelope(j, false, "module list returned");
  // The module list puts `request` before its payload (Go struct order in Burrow).
  j.key("request").begin_object();
  j.key("url").string(req.path);
  j.key("host").string(host);
  j.end_object();
  j.key("coordinator").string(coordinator);
  j.key("modules");
  write_string_list(j, names);
  j.end_object();
  return json_response(200, j.take());
}

template <typename Write>
Response module_detail(const Request& req, const std::string& host, std::string_view kind, Write&& write) {
  GoJson j;
  open_envelope(j, false, std::string(kind) + " module detail returned");
  j.key("module");
  write(j);
  close_envelope(j, req.path, host);
  return json_response(200, j.take());
}

void write_notifier(GoJson& j, const config::NotifierConfig& n) {
  j.begin_object();
  j.key("class-name").string(n.class_name);
  j.key("group-allowlist").string(n.group_allowlist);
  j.key("interval").int64(n.interval);
  j.key("threshold").int64(n.threshold);
  if (n.class_name == "http") {
    j.key("timeout").int64(n.timeout);
    j.key("keepalive").int64(n.keepalive);
    j.key("url-open").string(n.url_open);
    j.key("url-close").string(n.url_close);
    j.key("method-open").string(n.method_open);
    j.key("method-close").string(n.method_close);
  }
  j.key("template-open").string(n.template_open);
  j.key("template-close").string(n.template_close);
  j.key("extra").begin_object();
  for (const auto& [k, v] : n.extras) j.key(k).string(v);  // std::map: sorted, as Go's map
  j.end_object();
  j.key("send-close").boolean(n.send_close);
  if (n.class_name == "email") {
    j.key("server").string(n.server);
    j.key("port").int64(n.port);
    j.key("auth-type").string(n.auth_type);
    j.key("username").string(n.username);
    j.key("from").string(n.from);
    j.key("to").string(n.to);
  }
  if (n.class_name == "http" || n.class_name == "email") {
    j.key("extra-ca").string(n.extra_ca);
    j.key("noverify").string(n.noverify ? "true" : "false");  // a string in Burrow
  }
  j.end_object();
}

}  // namespace

void BurrowApi::add_config_routes() {
  const config::Config& cfg = ctx_.config;
  const std::string& host = ctx_.host;

  auto cluster_detail = [&cfg, &host](const Request& req, const Params& p) {
    const config::ClusterConfig* c = cfg.find_cluster(p[0]);
    if (c == nullptr) return error_response(404, "cluster module not found", req, host);
    return module_detail(req, host, "cluster", [c](GoJson& j) {
      j.begin_object();
      j.key("class-name").string(c->class_name);
      j.key("servers");
      write_string_list(j, c->servers);
      j.key("client-profile");
      write_client_profile(j, c->client_profile);
      j.key("topic-refresh").int64(c->topic_refresh);
      j.key("offset-refresh").int64(c->offset_refresh);
      j.end_object();
    });
  };
  router_.add("GET", "/v3/kafka/:cluster", cluster_detail);
  router_.add("GET", "/v3/config/cluster/:cluster", cluster_detail);

  router_.add("GET", "/v3/config", [&cfg, &host](const Request& req, const Params&) {
    GoJson j;
    open_envelope(j, false, "main config returned");
    j.key("request").begin_object();
    j.key("url").string(req.path);
    j.key("host").string(host);
    j.end_object();
    j.key("general").begin_object();
    j.key("pidfile").string(cfg.general.pidfile);
    j.key("stdout-logfile").string(cfg.general.stdout_logfile);
    j.key("access-control-allow-origin").string(cfg.general.access_control_allow_origin);
    j.end_object();
    j.key("logging").begin_object();
    j.key("filename").string(cfg.logging.filename);
    j.key("max-size").int64(cfg.logging.maxsize);
    j.key("max-backups").int64(cfg.logging.maxbackups);
    j.key("max-age").int64(cfg.logging.maxage);
    j.key("use-local-time").boolean(cfg.logging.use_localtime);
    j.key("use-compression").boolean(cfg.logging.use_compression);
    j.key("level").string(cfg.logging.level);
    j.end_object();
    j.key("zookeeper").begin_object();
    j.key("servers");
    write_string_list(j, cfg.zookeeper.servers);
    j.key("timeout").int64(cfg.zookeeper.timeout);
    j.key("root-path").string(cfg.zookeeper.root_path);
    j.end_object();
    j.key("httpserver").begin_object();
    auto servers = cfg.httpservers;
    std::sort(servers.begin(), servers.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const auto& s : servers) {
      j.key(s.name).begin_object();
      j.key("address").string(s.address);
      j.key("tls").string(s.tls);
      j.key("timeout").int64(s.timeout);
      j.end_object();
    }
    j.end_object();
    j.end_object();
    return json_response(200, j.take());
  });

  router_.add("GET", "/v3/config/storage", [&cfg, &host](const Request& req, const Params&) {
    return module_list(req, host, "storage", {cfg.storage.name});
  });
  router_.add("GET", "/v3/config/storage/:name", [&cfg, &host](const Request& req, const Params& p) {
    if (p[0] != cfg.storage.name) return error_response(404, "storage module not found", req, host);
    return module_detail(req, host, "storage", [&cfg](GoJson& j) {
      j.begin_object();
      j.key("class-name").string(cfg.storage.class_name);
      j.key("intervals").int64(cfg.storage.intervals);
      j.key("min-distance").int64(cfg.storage.min_distance);
      j.key("group-allowlist").string(cfg.storage.group_allowlist);
      j.key("expire-group").int64(cfg.storage.expire_group);
      j.end_object();
    });
  });
  router_.add("GET", "/v3/config/evaluator", [&cfg, &host](const Request& req, const Params&) {
    return module_list(req, host, "evaluator", {cfg.evaluator.name});
  });
  router_.add("GET", "/v3/config/evaluator/:name", [&cfg, &host](const Request& req, const Params& p) {
    if (p[0] != cfg.evaluator.name) return error_response(404, "evaluator module not found", req, host);
    return module_detail(req, host, "evaluator", [&cfg](GoJson& j) {
      j.begin_object();
      j.key("class-name").string(cfg.evaluator.class_name);
      j.key("expire-cache").int64(cfg.evaluator.expire_cache);
      j.end_object();
    });
  });
  router_.add("GET", "/v3/config/cluster", [&cfg, &host](const Request& req, const Params&) {
    return module_list(req, host, "cluster", names_of(cfg.clusters));
  });
  router_.add("GET", "/v3/config/consumer", [&cfg, &host](const Request& req, const Params&) {
    return module_list(req, host, "consumer", names_of(cfg.consumers));
  });
  router_.add("GET", "/v3/config/consumer/:name", [&cfg, &host](const Request& req, const Params& p) {
    auto it = std::find_if(cfg.consumers.begin(), cfg.consumers.end(), [&](const auto& c) { return c.name == p[0]; });
    if (it == cfg.consumers.end()) return error_response(404, "consumer module not found", req, host);
    const config::ConsumerConfig& c = *it;
    return module_detail(req, host, "consumer", [&c](GoJson& j) {
      j.begin_object();
      j.key("class-name").string(c.class_name);
      j.key("cluster").string(c.cluster);
      j.key("servers");
      write_string_list(j, c.servers);
      j.key("group-allowlist").string(c.group_allowlist);
      // Only Burrow's kafka_zk module reads these; for the others Burrow shows their zero values.
      const bool zk = c.class_name == "kafka_zk";
      j.key("zookeeper-path").string(zk ? c.zookeeper_path : "");
      j.key("zookeeper-timeout").int64(zk ? c.zookeeper_timeout : 0);
      j.key("client-profile");
      write_client_profile(j, c.client_profile);
      j.key("offsets-topic").string(c.offsets_topic);
      j.key("start-latest").boolean(c.start_latest);
      j.end_object();
    });
  });
  router_.add("GET", "/v3/config/notifier", [&cfg, &host](const Request& req, const Params&) {
    return module_list(req, host, "notifier", names_of(cfg.notifiers));
  });
  router_.add("GET", "/v3/config/notifier/:name", [&cfg, &host](const Request& req, const Params& p) {
    auto it = std::find_if(cfg.notifiers.begin(), cfg.notifiers.end(), [&](const auto& n) { return n.name == p[0]; });
    if (it == cfg.notifiers.end()) return error_response(404, "notifier module not found", req, host);
    const config::NotifierConfig& n = *it;
    return module_detail(req, host, "notifier", [&n](GoJson& j) { write_notifier(j, n); });
  });
}

}  // namespace warren::server
