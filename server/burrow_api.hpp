// BurrowApi: Burrow's HTTP API v3 (reference/burrow.md §1) as a pure function from request to
// response over the engine — no sockets here, so every route is unit-testable. HttpServer puts
// it on the network. All routes are registered in the constructor; handlers are split by
// resource: kafka (this file's .cpp), config (config_api.cpp), metrics (metrics.cpp).
#pragma once

#include <string>

#include "core/config/config.hpp"
#include "core/engine/engine.hpp"
#include "core/kafka/source_set.hpp"
#include "core/notify/notifier_set.hpp"
#include "server/router.hpp"

namespace warren::server {

struct ApiContext {
  const config::Config& config;
  engine::Engine& engine;
  const kafka::SourceSet* sources{nullptr};       // null: no Kafka sources (tests)
  std::string host;                               // the host name Burrow puts in every `request`
  const notify::NotifierSet* notifiers{nullptr};  // null: no notifiers (execd, check, tests)
};

class BurrowApi {
 public:
  explicit BurrowApi(ApiContext context);
  BurrowApi(const BurrowApi&) = delete;
  BurrowApi& operator=(const BurrowApi&) = delete;

  Response handle(const Request& request) const;

 private:
  void add_kafka_routes();
  void add_config_routes();
  void add_admin_routes();

  ApiContext ctx_;
  Router router_;
};

// Helpers shared by the handler files.
Response json_response(int status, std::string body);
// `{"error":true,"message":M,"request":{...}}`
Response error_response(int status, std::string_view message, const Request& request, const std::string& host);

}  // namespace warren::server
