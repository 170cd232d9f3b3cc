// HttpServer: one [httpserver.NAME] listener serving a BurrowApi with cpp-httplib — plain or TLS
// (certfile/keyfile of the named [tls.*] profile), with the section's timeout for reads, writes
// and idle keep-alive connections, and a pool of worker threads sized for hundreds of clients.
// Handlers only take snapshots from the store, so slow clients never hold up ingestion.
//
// Lifecycle: start() binds (an address in use is an error naming it) and spawns the listener;
// stop() or the destructor closes it and joins.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "core/base/log.hpp"
#include "core/base/result.hpp"
#include "core/config/config.hpp"
#include "server/burrow_api.hpp"

namespace httplib {
class Server;
}

namespace warren::server {

class HttpServer {
 public:
  HttpServer(const config::HttpServerConfig& config, const BurrowApi& api);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  Result<bool> start();
  void stop();
  int port() const noexcept { return port_; }
  const std::string& bound_host() const noexcept { return host_; }

 private:
  const config::HttpServerConfig config_;
  const BurrowApi& api_;
  const log::Logger log_;
  std::unique_ptr<httplib::Server> server_;
  std::string host_;
  int port_{0};
  int listen_fd_{-1};  // the listening socket, owned by cpp-httplib
  std::thread thread_;
};

// The machine's host name, as Burrow reports it in every response.
std::string host_name();

}  // namespace warren::server
