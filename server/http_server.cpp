#include "server/http_server.hpp"

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>

namespace warren::server {

namespace {
// cpp-httplib serves each connection on a pool thread for as long as it is kept alive.
constexpr std::size_t kWorkers = 96;
// So idle keep-alive connections are let go quickly (the section's timeout still bounds reads and
// writes): otherwise a few hundred idle clients would hold every worker.
constexpr int kMaxIdleSeconds = 5;
}  // namespace

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
  // cpp-httplib's default sets SO_REUSEPORT, which lets a second server bind the same port and
  // silently share its connections; an address in use must be an error instead.
  s.set_socket_options([this](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listen_fd_ = sock;
  });
  // cpp-httplib owns the pool it is handed (its API takes a raw pointer).
  s.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  // Responses go out as a header write and a body write; with Nagle's algorithm the body waits for
  // the client's delayed ACK of the header (about 40 ms on Linux) on every keep-alive request.
  s.set_tcp_nodelay(true);
  s.set_read_timeout(config_.timeout, 0);
  s.set_write_timeout(config_.timeout, 0);
  s.set_keep_alive_timeout(std::min(config_.timeout, kMaxIdleSeconds));
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
  // cpp-httplib 0.11 listens with a backlog of 5: a burst of clients overflows it and their
  // connections are retried a second or more later. Listening again on the bound socket only
  // raises the backlog.
  if (listen_fd_ >= 0) ::listen(listen_fd_, SOMAXCONN);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // cpp-httplib's stop() does nothing until the listener runs: wait for it, so that a stop right
  // after start cannot be lost (and leave join() waiting forever).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  log_.info("listening on {}:{}{}", host_, port_, config_.tls_profile ? " (TLS)" : "");
  return true;
}

void HttpServer::stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

}  // namespace warren::server
