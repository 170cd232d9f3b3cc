// BurrowApi end to end without sockets: every route's status and body over a real engine.
#include "server/burrow_api.hpp"

#include <doctest/doctest.h>

#include "core/base/log.hpp"
#include "tests/support/config_fixture.hpp"

using namespace warren;
using namespace warren::server;

namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

struct Fixture {
  ManualClock clock{from_unix_ms(kNow)};
  config::Config cfg;
  std::unique_ptr<engine::Engine> engine;
  std::unique_ptr<BurrowApi> api;

  Fixture() {
    auto loaded = test::parse_toml(R"(
[general]
access-control-allow-origin = "*"
[cluster.local]
servers = ["127.0.0.1:9092"]
[storage.default]
intervals = 3
[httpserver.default]
address = "127.0.0.1:0"
)");
    REQUIRE(loaded.ok());
    cfg = *loaded.config;
    engine = std::move(engine::Engine::create(cfg, clock)).value();
    auto* c = engine->store().cluster("local");
    c->set_broker_offset("orders", 0, 2, 100, kNow);
    c->set_broker_offset("orders", 1, 2, 50, kNow);
    c->add_commit(
        {.group = "g<1>", .topic = "orders", .partition = 0, .offset = 90, .order = 1, .timestamp_ms = kNow - 1000});
    api = std::make_unique<BurrowApi>(ApiContext{.config = cfg, .engine = *engine, .sources = nullptr, .host = "h"});
  }
  Response get(const std::string& path) { return api->handle({"GET", path, ""}); }
};

}  // namespace

TEST_SUITE("server") {
  TEST_CASE("cluster, topic and consumer lists") {
    Fixture f;
    auto r = f.get("/v3/kafka");
    CHECK(r.status == 200);
    CHECK(r.content_type == "application/json");
    CHECK(
        r.body ==
        R"({"error":false,"message":"cluster list returned","clusters":["local"],"request":{"url":"/v3/kafka","host":"h"}})");
    CHECK(
        f.get("/v3/kafka/local/topic").body ==
        R"({"error":false,"message":"topic list returned","topics":["orders"],"request":{"url":"/v3/kafka/local/topic","host":"h"}})");
    CHECK(
        f.get("/v3/kafka/local/topic/orders").body ==
        R"({"error":false,"message":"topic offsets returned","offsets":[100,50],"request":{"url":"/v3/kafka/local/topic/orders","host":"h"}})");
    CHECK(
        f.get("/v3/kafka/local/consumer").body ==
        R"({"error":false,"message":"consumer list returned","consumers":["g\u003c1\u003e"],"request":{"url":"/v3/kafka/local/consumer","host":"h"}})");
    CHECK(f.get("/v3/kafka/local/topic/nope/consumers").status == 200);
    auto missing = f.get("/v3/kafka/nope/topic");
    CHECK(missing.status == 404);
    CHECK(missing.body ==
          R"({"error":true,"message":"cluster not found","request":{"url":"/v3/kafka/nope/topic","host":"h"}})");
    CHECK(f.get("/v3/kafka/local/topic/nope").body.find("cluster or topic not found") != std::string::npos);
  }

  TEST_CASE("consumer detail: free slots are null and come first, partitions without a ring are []") {
    Fixture f;
    CHECK(
        f.get("/v3/kafka/local/consumer/g<1>").body ==
        R"({"error":false,"message":"consumer detail returned","topics":{"orders":[)"
        R"({"offsets":[null,null,{"offset":90,"timestamp":1699999999000,"observedAt":1700000000000,"lag":10}],"owner":"","client_id":"","current-lag":10},)"
        R"({"offsets":[],"owner":"","client_id":"","current-lag":0}]},)"
        R"("request":{"url":"/v3/kafka/local/consumer/g\u003c1\u003e","host":"h"}})");
    CHECK(f.get("/v3/kafka/local/consumer/nope").status == 404);
  }

  TEST_CASE("status shows only partitions worse than OK, lag shows all, unknown groups are 404 with error false") {
    Fixture f;
    const auto status = f.get("/v3/kafka/local/consumer/g<1>/status");
    CHECK(status.status == 200);
    // One commit with lag, a second has passed: the partition is STOP, the group ERR.
    CHECK(
        status.body.find(
            R"("status":{"cluster":"local","group":"g\u003c1\u003e","status":"ERR","complete":0,"partitions":[{"topic":"orders","partition":0,"owner":"","client_id":"","status":"STOP",)") !=
        std::string::npos);
    const auto lag = f.get("/v3/kafka/local/consumer/g<1>/lag");
    CHECK(
        lag.body.find(
            R"({"topic":"orders","partition":1,"owner":"","client_id":"","status":"OK","start":null,"end":null,"current_lag":0,"complete":0})") !=
        std::string::npos);
    CHECK(lag.body.find(R"("partition_count":2,"maxlag":{"topic":"orders","partition":0,)") != std::string::npos);
    CHECK(lag.body.find(R"("totallag":10})") != std::string::npos);
    const auto unknown = f.get("/v3/kafka/local/consumer/nope/status");
    CHECK(unknown.status == 404);
    CHECK(
        unknown.body ==
        R"({"error":false,"message":"consumer status returned","status":{"cluster":"local","group":"nope","status":"NOTFOUND","complete":1,"partitions":[],"partition_count":0,"maxlag":null,"totallag":0},"request":{"url":"/v3/kafka/local/consumer/nope/status","host":"h"}})");
  }

  TEST_CASE("DELETE of a group and of a group's topic always answers 200") {
    Fixture f;
    const std::string removed =
        R"({"error":false,"message":"consumer group removed","request":{"url":"/v3/kafka/local/consumer/g<1>","host":"h"}})";
    auto r = f.api->handle({"DELETE", "/v3/kafka/local/consumer/g<1>/topic/orders", ""});
    CHECK(r.status == 200);
    CHECK(f.get("/v3/kafka/local/consumer/g<1>").status == 404);  // last topic: the group went
    r = f.api->handle({"DELETE", "/v3/kafka/nope/consumer/x", ""});
    CHECK(r.status == 200);
  }

  TEST_CASE("configuration endpoints") {
    Fixture f;
    CHECK(
        f.get("/v3/config/storage").body ==
        R"({"error":false,"message":"module list returned","request":{"url":"/v3/config/storage","host":"h"},"coordinator":"storage","modules":["default"]})");
    CHECK(
        f.get("/v3/config/storage/default").body ==
        R"({"error":false,"message":"storage module detail returned","module":{"class-name":"inmemory","intervals":3,"min-distance":0,"group-allowlist":"","expire-group":604800},"request":{"url":"/v3/config/storage/default","host":"h"}})");
    CHECK(f.get("/v3/config/evaluator/default").body.find(R"("module":{"class-name":"caching","expire-cache":10})") !=
          std::string::npos);
    CHECK(f.get("/v3/config/storage/nope").body.find("storage module not found") != std::string::npos);
    CHECK(f.get("/v3/kafka/local").body ==
          f.get("/v3/config/cluster/local")
              .body.replace(f.get("/v3/config/cluster/local").body.find("/v3/config/cluster/local"), 24,
                            "/v3/kafka/local"));
    CHECK(f.get("/v3/kafka/nope").body.find("cluster module not found") != std::string::npos);
    CHECK(
        f.get("/v3/config").body.find(R"("httpserver":{"default":{"address":"127.0.0.1:0","tls":"","timeout":300}})") !=
        std::string::npos);
    CHECK(f.get("/v3/config/notifier").body.find(R"("modules":[])") != std::string::npos);
  }

  TEST_CASE("log level: read, set, refuse") {
    Fixture f;
    const auto before = log::level();
    CHECK(f.api->handle({"POST", "/v3/admin/loglevel", R"({"level":"WARNING"})"}).status == 200);
    CHECK(f.get("/v3/admin/loglevel").body.find(R"("level":"warn")") != std::string::npos);
    CHECK(f.api->handle({"POST", "/v3/admin/loglevel", R"({"level":"loud"})"}).status == 404);
    CHECK(f.api->handle({"POST", "/v3/admin/loglevel", "not json"}).status == 400);
    log::set_level(before);
  }

  TEST_CASE("admin, readiness, CORS and metrics") {
    Fixture f;
    auto r = f.get("/burrow/admin");
    CHECK(r.body == "GOOD");
    bool cors = false;
    for (const auto& [k, v] : r.headers) cors |= k == "Access-Control-Allow-Origin" && v == "*";
    CHECK(cors);
    CHECK(f.get("/burrow/admin/ready").body == "READY");  // no sources to wait for
    const auto m = f.get("/metrics").body;
    CHECK(m.find("# TYPE burrow_kafka_consumer_lag_total gauge\n") != std::string::npos);
    CHECK(m.find("burrow_kafka_consumer_lag_total{cluster=\"local\",consumer_group=\"g<1>\"} 10\n") !=
          std::string::npos);
    CHECK(m.find("burrow_kafka_consumer_status{cluster=\"local\",consumer_group=\"g<1>\"} 3\n") != std::string::npos);
    CHECK(m.find("burrow_kafka_consumer_partition_lag{cluster=\"local\",consumer_group=\"g<1>\",topic=\"orders\","
                 "partition=\"1\"} 0\n") != std::string::npos);
    // Incomplete partitions have no offset or status series, as in Burrow.
    CHECK(m.find("burrow_kafka_topic_partition_status") == std::string::npos);
    CHECK(m.find("burrow_kafka_topic_partition_offset{cluster=\"local\",topic=\"orders\",partition=\"0\"} 100\n") !=
          std::string::npos);

    // A deleted group leaves no series behind.
    f.api->handle({"DELETE", "/v3/kafka/local/consumer/g<1>", ""});
    f.clock.advance(Millis{11000});  // past expire-cache
    CHECK(f.get("/metrics").body.find("g<1>") == std::string::npos);
  }
}
