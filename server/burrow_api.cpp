#include "server/burrow_api.hpp"

#include <rapidjson/document.h>

#include "core/base/log.hpp"
#include "server/burrow_payloads.hpp"
#include "server/metrics.hpp"

namespace warren::server {

Response json_response(int status, std::string body) {
  return Response{.status = status, .content_type = "application/json", .body = std::move(body), .headers = {}};
}

Response error_response(int status, std::string_view message, const Request& request, const std::string& host) {
  GoJson j;
  open_envelope(j, true, message);
  close_envelope(j, request.path, host);
  return json_response(status, j.take());
}

BurrowApi::BurrowApi(ApiContext context) : ctx_(std::move(context)) {
  add_admin_routes();
  add_kafka_routes();
  add_config_routes();
}

Response BurrowApi::handle(const Request& request) const {
  Response r = router_.route(request);
  if (!ctx_.config.general.access_control_allow_origin.empty()) {
    r.headers.emplace_back("Access-Control-Allow-Origin", ctx_.config.general.access_control_allow_origin);
  }
  return r;
}

void BurrowApi::add_admin_routes() {
  const auto plain = [](int status, std::string body) {
    return Response{
        .status = status, .content_type = "text/plain; charset=utf-8", .body = std::move(body), .headers = {}};
  };
  router_.add("GET", "/burrow/admin", [plain](const Request&, const Params&) { return plain(200, "GOOD"); });
  router_.add("GET", "/burrow/admin/ready", [this, plain](const Request&, const Params&) {
    // Ready once every source has read its backlog, not merely started (Burrow says ready early).
    const bool ready = ctx_.sources == nullptr || ctx_.sources->ready();
    return ready ? plain(200, "READY") : plain(503, "STARTING");
  });
  router_.add("GET", "/metrics", [this](const Request&, const Params&) {
    return Response{.status = 200,
                    .content_type = "text/plain; version=0.0.4; charset=utf-8",
                    .body = render_metrics(ctx_.engine, ctx_.sources, ctx_.notifiers),
                    .headers = {}};
  });
  router_.add("GET", "/v3/admin/loglevel", [this](const Request& req, const Params&) {
    GoJson j;
    open_envelope(j, false, "log level returned");
    j.key("level").string(log::level_name(log::level()));
    close_envelope(j, req.path, ctx_.host);
    return json_response(200, j.take());
  });
  router_.add("POST", "/v3/admin/loglevel", [this](const Request& req, const Params&) {
    rapidjson::Document doc;
    doc.Parse(req.body.c_str(), req.body.size());
    if (doc.HasParseError() || !doc.IsObject())
      return error_response(400, "could not decode message body", req, ctx_.host);
    std::string name;
    if (auto it = doc.FindMember("level"); it != doc.MemberEnd() && it->value.IsString()) name = it->value.GetString();
    log::Level level{};
    if (!log::parse_level(name, level)) return error_response(404, "unknown log level", req, ctx_.host);
    log::set_level(level);
    GoJson j;
    open_envelope(j, false, "set log level");
    close_envelope(j, req.path, ctx_.host);
    return json_response(200, j.take());
  });
}

void BurrowApi::add_kafka_routes() {
  auto& store = ctx_.engine.store();
  const std::string& host = ctx_.host;

  router_.add("GET", "/v3/kafka", [&store, &host](const Request& req, const Params&) {
    GoJson j;
    open_envelope(j, false, "cluster list returned");
    j.key("clusters").begin_array();
    for (const auto& c : store.cluster_names()) j.string(c);
    j.end_array();
    close_envelope(j, req.path, host);
    return json_response(200, j.take());
  });

  router_.add("GET", "/v3/kafka/:cluster/topic", [&store, &host](const Request& req, const Params& p) {
    const auto* c = store.cluster(p[0]);
    if (c == nullptr) return error_response(404, "cluster not found", req, host);
    GoJson j;
    open_envelope(j, false, "topic list returned");
    j.key("topics").begin_array();
    for (const auto& t : c->topics()) j.string(t.name);
    j.end_array();
    close_envelope(j, req.path, host);
    return json_response(200, j.take());
  });

  router_.add("GET", "/v3/kafka/:cluster/topic/:topic", [&store, &host](const Request& req, const Params& p) {
    const auto* c = store.cluster(p[0]);
    auto offsets = c ? c->topic_offsets(p[1]) : std::nullopt;
    if (!offsets) return error_response(404, "cluster or topic not found", req, host);
    GoJson j;
    open_envelope(j, false, "topic offsets returned");
    j.key("offsets").begin_array();
    for (auto o : *offsets) j.int64(o);
    j.end_array();
    close_envelope(j, req.path, host);
    return json_response(200, j.take());
  });

  router_.add("GET", "/v3/kafka/:cluster/topic/:topic/consumers", [&store, &host](const Request& req, const Params& p) {
    const auto* c = store.cluster(p[0]);
    if (c == nullptr) return error_response(404, "cluster not found", req, host);
    GoJson j;
    open_envelope(j, false, "consumers of topic returned");
    j.key("consumers").begin_array();
    for (const auto& g : c->consumers_of_topic(p[1])) j.string(g);
    j.end_array();
    close_envelope(j, req.path, host);
    return json_response(200, j.take());
  });

  router_.add("GET", "/v3/kafka/:cluster/consumer", [&store, &host](const Request& req, const Params& p) {
    const auto* c = store.cluster(p[0]);
    if (c == nullptr) return error_response(404, "cluster not found", req, host);
    GoJson j;
    open_envelope(j, false, "consumer list returned");
    j.key("consumers").begin_array();
    for (const auto& g : c->groups()) j.string(g);
    j.end_array();
    close_envelope(j, req.path, host);
    return json_response(200, j.take());
  });

  router_.add("GET", "/v3/kafka/:cluster/consumer/:consumer", [&store, &host](const Request& req, const Params& p) {
    const auto* c = store.cluster(p[0]);
    auto snap = c ? c->group(p[1]) : std::nullopt;
    if (!snap) return error_response(404, "cluster or consumer not found", req, host);
    GoJson j;
    open_envelope(j, false, "consumer detail returned");
    j.key("topics").begin_object();  // a Go map: keys sorted, as the snapshot's topics are
    for (const auto& t : snap->topics) {
      j.key(t.name).begin_array();
      for (const auto& part : t.partitions) write_consumer_partition(j, part);
      j.end_array();
    }
    j.end_object();
    close_envelope(j, req.path, host);
    return json_response(200, j.take());
  });

  auto status_handler = [this](bool show_all) {
    return [this, show_all](const Request& req, const Params& p) {
      auto result = ctx_.engine.evaluator().evaluate(p[0], p[1]);
      GoJson j;
      open_envelope(j, false, "consumer status returned");
      j.key("status");
      write_group_status(j, *result, !show_all);
      close_envelope(j, req.path, ctx_.host);
      // Unknown group or cluster: 404, but with error:false, as Burrow answers.
      return json_response(result->status == model::Status::notfound ? 404 : 200, j.take());
    };
  };
  router_.add("GET", "/v3/kafka/:cluster/consumer/:consumer/status", status_handler(false));
  router_.add("GET", "/v3/kafka/:cluster/consumer/:consumer/lag", status_handler(true));

  const auto removed = [&host](const Request& req) {
    GoJson j;
    open_envelope(j, false, "consumer group removed");
    close_envelope(j, req.path, host);
    return json_response(200, j.take());
  };
  router_.add("DELETE", "/v3/kafka/:cluster/consumer/:consumer",
              [&store, removed](const Request& req, const Params& p) {
                if (auto* c = store.cluster(p[0])) c->delete_group(p[1]);
                return removed(req);  // always 200, as Burrow
              });
  router_.add("DELETE", "/v3/kafka/:cluster/consumer/:consumer/topic/:topic",
              [&store, removed](const Request& req, const Params& p) {
                if (auto* c = store.cluster(p[0])) c->delete_group_topic(p[1], p[2]);
                return removed(req);
              });
}

}  // namespace warren::server
