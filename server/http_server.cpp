#include "server/http_server.hpp"

#include <httplib.h>
#include <unistd.h>

#include <array>

namespace warren::server {

namespace {
constexpr std::size_t kWorkers = 64;
}

std::string host_name() {
  std::array<char, 256> buf{};
  if (gethostname(buf.data(), buf.size() - 1) != 0) return "localhost";
  return buf.data();
}

HttpServer::HttpServer(const config::HttpServerConfig& config, const BurrowApi& api)
    : config_(config), api_(api), log_("http " + config.name) {}

HttpServer::~HttpServer() { stop(); }

Result<bool> HttpServer::start() {
  if (thread_.joinable()) return true;
  const auto colon = config_.address.rfind(':');
  if (colon == std::string::npos) {
    return make_error(ErrorCode::invalid_argument, "httpserver." + config_.name + ": address must be host:port");
  }
  host_ = config_.address.substr(0, colon);
  if (host_.size() > 2 && host_.front() == '[' && host_.back() == ']') host_ = host_.substr(1, host_.size() - 2);
  if (host_.empty()) host_ = "0.0.0.0";  // Go's ":8000": every interface
  const int wanted_port = std::atoi(config_.address.c_str() + colon + 1);

  if (config_.tls_profile && !config_.tls_profile->certfile.empty()) {
    server_ = std::make_unique<httplib::SSLServer>(config_.tls_profile->certfile.c_str(),
                                                   config_.tls_profile->keyfile.c_str());
    if (!server_->is_valid()) {
      return make_error(ErrorCode::invalid_argument, "httpserver." + config_.name + ": cannot load TLS certificate " +
                                                         config_.tls_profile->certfile + " or key " +
                                                         config_.tls_profile->keyfile);
    }
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  auto& s = *server_;
  // cpp-httplib owns the pool it is handed (its API takes a raw pointer).
  s.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  s.set_read_timeout(config_.timeout, 0);
  s.set_write_timeout(config_.timeout, 0);
  s.set_keep_alive_timeout(config_.timeout);
  s.set_payload_max_length(1 << 20);

  const auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
    const Response r = api_.handle(Request{.method = req.method, .path = req.path, .body = req.body});
    res.status = r.status;
    for (const auto& [k, v] : r.headers) res.set_header(k, v);
    if (!r.content_type.empty())
      res.set_content(r.body, r.content_type.c_str());
    else if (!r.body.empty())
      res.body = r.body;
  };
  s.Get(".*", dispatch);
  s.Post(".*", dispatch);
  s.Put(".*", dispatch);
  s.Delete(".*", dispatch);
  s.Patch(".*", dispatch);
  s.Options(".*", dispatch);
  s.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      log_.error("{} {}: {}", req.method, req.path, e.what());
    } catch (...) {
      log_.error("{} {}: unknown error", req.method, req.path);
    }
    res.status = 500;
    res.set_content("{\"error\":true,\"message\":\"could not encode JSON\",\"result\":{}}", "application/json");
  });

  if (wanted_port == 0) {
    port_ = s.bind_to_any_port(host_.c_str());
    if (port_ <= 0)
      return make_error(ErrorCode::io, "httpserver." + config_.name + ": cannot listen on " + config_.address);
  } else {
    if (!s.bind_to_port(host_.c_str(), wanted_port)) {
      return make_error(ErrorCode::io, "httpserver." + config_.name + ": cannot listen on " + config_.address +
                                           " (address in use or not permitted)");
    }
    port_ = wanted_port;
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  log_.info("listening on {}:{}{}", host_, port_, config_.tls_profile ? " (TLS)" : "");
  return true;
}

void HttpServer::stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

}  // namespace warren::server
