// HttpServer on a real socket (127.0.0.1): hundreds of concurrent clients are all answered while
// ingestion goes on, and stop() returns promptly.
#include "server/http_server.hpp"

#include <doctest/doctest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/support/config_fixture.hpp"

using namespace warren;
using namespace warren::server;

TEST_SUITE("server") {
  TEST_CASE("300 concurrent clients are served while commits keep being ingested") {
    const SystemClock clock;
    const auto cfg = *test::parse_toml("[cluster.local]\nservers = [\"127.0.0.1:9092\"]\n").config;
    auto engine = std::move(engine::Engine::create(cfg, clock)).value();
    auto* c = engine->store().cluster("local");
    const std::int64_t now = to_unix_ms(clock.now());
    for (int p = 0; p < 8; ++p) c->set_broker_offset("orders", p, 8, 1'000'000, now);
    BurrowApi api(ApiContext{.config = cfg, .engine = *engine, .sources = nullptr, .host = "h"});
    HttpServer server(config::HttpServerConfig{.name = "default", .address = "127.0.0.1:0", .timeout = 30}, api);
    REQUIRE(server.start());
    REQUIRE(server.port() > 0);

    std::atomic<bool> writing{true};
    std::atomic<std::int64_t> written{0};
    // Ingestion at about 100,000 commits a second, far above a busy cluster's rate (the pause
    // paces the load; nothing waits on it).
    std::jthread writer([&] {
      for (std::int64_t i = 1; writing.load(); ++i) {
        if (i % 1000 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        c->add_commit({.group = "g" + std::to_string(i % 50),
                       .topic = "orders",
                       .partition = static_cast<int>(i % 8),
                       .offset = i,
                       .order = i,
                       .timestamp_ms = now});
        written.store(i);
      }
    });

    constexpr int kClients = 300;
    std::atomic<int> ok{0};
    std::atomic<int> failed{0};
    std::mutex errors_mutex;
    std::vector<std::string> errors;
    {
      std::vector<std::jthread> clients;
      for (int k = 0; k < kClients; ++k) {
        clients.emplace_back([&, k] {
          httplib::Client client("127.0.0.1", server.port());
          client.set_connection_timeout(30);
          client.set_read_timeout(30);
          for (int r = 0; r < 3; ++r) {
            const std::string path =
                r == 0 ? "/v3/kafka/local/consumer" : "/v3/kafka/local/consumer/g" + std::to_string(k % 50) + "/lag";
            auto res = client.Get(path.c_str());
            if (res && (res->status == 200 || res->status == 404)) {
              ++ok;
            } else {
              ++failed;
              std::lock_guard lock(errors_mutex);
              errors.push_back(res ? std::to_string(res->status) : httplib::to_string(res.error()));
            }
          }
        });
      }
    }
    const std::int64_t during = written.load();
    // Ingestion kept going: more commits land after the clients are done.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (written.load() < during + 1000 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    writing = false;
    writer.join();
    CHECK(ok.load() == kClients * 3);
    CHECK(failed.load() == 0);
    for (std::size_t i = 0; i < errors.size() && i < 5; ++i)
      std::fprintf(stderr, "request failed: %s\n", errors[i].c_str());
    CHECK(written.load() >= during + 1000);
    MESSAGE("commits ingested while serving: " << during);

    const auto before_stop = std::chrono::steady_clock::now();
    server.stop();
    CHECK(std::chrono::steady_clock::now() - before_stop < std::chrono::seconds(2));
  }

  TEST_CASE("an address in use is an error that names it") {
    const SystemClock clock;
    const auto cfg = *test::parse_toml("").config;
    auto engine = std::move(engine::Engine::create(cfg, clock)).value();
    BurrowApi api(ApiContext{.config = cfg, .engine = *engine, .sources = nullptr, .host = "h"});
    HttpServer first(config::HttpServerConfig{.name = "a", .address = "127.0.0.1:0"}, api);
    REQUIRE(first.start());
    HttpServer second(config::HttpServerConfig{.name = "b", .address = "127.0.0.1:" + std::to_string(first.port())},
                      api);
    auto r = second.start();
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("127.0.0.1:" + std::to_string(first.port())) != std::string::npos);
  }
}

TEST_SUITE("server") {
  TEST_CASE("TLS: an [httpserver] with a tls profile serves HTTPS with its certificate and key") {
    // A throwaway self-signed certificate, made with the openssl command line.
    const std::string dir = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/warren-tls-" +
                            std::to_string(::getpid());
    const std::string cmd = "mkdir -p " + dir +
                            " && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " + dir +
                            "/key.pem -out " + dir + "/cert.pem >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);

    const SystemClock clock;
    const auto cfg = *test::parse_toml("").config;
    auto engine = std::move(engine::Engine::create(cfg, clock)).value();
    BurrowApi api(ApiContext{.config = cfg, .engine = *engine, .sources = nullptr, .host = "h"});
    config::HttpServerConfig tls{.name = "secure", .address = "127.0.0.1:0", .timeout = 10, .tls = "srv"};
    tls.tls_profile = config::TlsProfile{.name = "srv", .certfile = dir + "/cert.pem", .keyfile = dir + "/key.pem"};
    HttpServer server(tls, api);
    REQUIRE(server.start());

    httplib::SSLClient client("127.0.0.1", server.port());
    client.enable_server_certificate_verification(false);
    auto res = client.Get("/burrow/admin");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == "GOOD");
    // Plain HTTP to the TLS port gets no answer.
    httplib::Client plain("127.0.0.1", server.port());
    plain.set_read_timeout(2);
    auto refused = plain.Get("/burrow/admin");
    CHECK((!refused || refused->status != 200));
    server.stop();

    config::HttpServerConfig broken = tls;
    broken.tls_profile->certfile = dir + "/missing.pem";
    HttpServer bad(broken, api);
    auto r = bad.start();
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("missing.pem") != std::string::npos);
    std::system(("rm -rf " + dir).c_str());
  }
}
