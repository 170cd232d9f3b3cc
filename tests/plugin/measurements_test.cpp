// render_batch over a real engine: inputs.burrow's measurements, tags, fields and status codes.
#include "plugin/measurements.hpp"

#include <doctest/doctest.h>

#include "tests/support/config_fixture.hpp"

using namespace warren;
using namespace warren::plugin;

namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

struct Fixture {
  ManualClock clock{from_unix_ms(kNow)};
  config::Config cfg;
  std::unique_ptr<engine::Engine> engine;

  Fixture() {
    auto loaded = test::parse_toml(R"(
[cluster.local]
servers = ["127.0.0.1:9092"]
[storage.default]
intervals = 3
)");
    REQUIRE(loaded.ok());
    cfg = *loaded.config;
    engine = std::move(engine::Engine::create(cfg, clock)).value();
    auto* c = engine->store().cluster("local");
    c->set_broker_offset("orders", 0, 2, 100, kNow);
    c->set_broker_offset("orders", 1, 2, 50, kNow);
    // "bad": one commit with lag, and time has passed: STOP partition, ERR group.
    c->add_commit(
        {.group = "bad", .topic = "orders", .partition = 0, .offset = 90, .order = 1, .timestamp_ms = kNow - 1000});
    // "good": caught up on both partitions.
    c->add_commit(
        {.group = "good", .topic = "orders", .partition = 0, .offset = 100, .order = 1, .timestamp_ms = kNow - 500});
    c->add_commit(
        {.group = "good", .topic = "orders", .partition = 1, .offset = 50, .order = 2, .timestamp_ms = kNow - 400});
  }

  std::string render(const config::ExecdConfig& execd = {}) {
    auto filter = BatchFilter::create(execd);
    REQUIRE(filter);
    return render_batch(*engine, nullptr, filter.value(), clock.now());
  }
};

const std::string kTs = " 1700000000000000000\n";

}  // namespace

TEST_SUITE("plugin") {
  TEST_CASE("status codes are Telegraf's, with REWIND = 7 and NOTFOUND = 2") {
    CHECK(telegraf_status_code(model::Status::ok) == 1);
    CHECK(telegraf_status_code(model::Status::notfound) == 2);
    CHECK(telegraf_status_code(model::Status::warn) == 3);
    CHECK(telegraf_status_code(model::Status::err) == 4);
    CHECK(telegraf_status_code(model::Status::stop) == 5);
    CHECK(telegraf_status_code(model::Status::stall) == 6);
    CHECK(telegraf_status_code(model::Status::rewind) == 7);
  }

  TEST_CASE("a full batch: groups, partitions, topics and the cluster line") {
    Fixture f;
    CHECK(f.render() ==
          "burrow_group,cluster=local,group=bad "
          "complete=0,lag=10i,offset=90i,partition_count=2i,status=\"ERR\",status_code=4i,timestamp=1699999999000i,"
          "total_lag=10i" +
              kTs +
              "burrow_partition,cluster=local,group=bad,partition=0,topic=orders "
              "complete=0.33333334,lag=10i,offset=90i,status=\"STOP\",status_code=5i,timestamp=1699999999000i" +
              kTs +
              "burrow_partition,cluster=local,group=bad,partition=1,topic=orders "
              "complete=0,lag=0i,offset=0i,status=\"OK\",status_code=1i,timestamp=0i" +
              kTs +
              "burrow_group,cluster=local,group=good "
              "complete=0,lag=0i,offset=150i,partition_count=2i,status=\"OK\",status_code=1i,"
              "timestamp=1699999999600i,total_lag=0i" +
              kTs +
              "burrow_partition,cluster=local,group=good,partition=0,topic=orders "
              "complete=0.33333334,lag=0i,offset=100i,status=\"OK\",status_code=1i,timestamp=1699999999500i" +
              kTs +
              "burrow_partition,cluster=local,group=good,partition=1,topic=orders "
              "complete=0.33333334,lag=0i,offset=50i,status=\"OK\",status_code=1i,timestamp=1699999999600i" +
              kTs + "burrow_topic,cluster=local,partition=0,topic=orders offset=100i" + kTs +
              "burrow_topic,cluster=local,partition=1,topic=orders offset=50i" + kTs +
              "warren_cluster,cluster=local brokers_known=0i,brokers_up=0i,caught_up=0i,decode_errors=0i,groups=2i,"
              "last_refresh_ms=0i,partitions=2i,records=0i,topics=1i" +
              kTs);
  }

  TEST_CASE("emit_ok_partitions = false drops OK partitions — emit switches drop measurements") {
    Fixture f;
    config::ExecdConfig execd;
    execd.emit_ok_partitions = false;
    execd.emit_topic = false;
    execd.emit_cluster = false;
    execd.emit_group = false;
    CHECK(f.render(execd) ==
          "burrow_partition,cluster=local,group=bad,partition=0,topic=orders "
          "complete=0.33333334,lag=10i,offset=90i,status=\"STOP\",status_code=5i,timestamp=1699999999000i" +
              kTs);
  }

  TEST_CASE("filters: groups, topics and clusters") {
    Fixture f;
    config::ExecdConfig execd;
    execd.group_exclude = "^bad$";
    execd.emit_partition = false;
    execd.emit_cluster = false;
    execd.topic_include = "^nothing$";
    const auto out = f.render(execd);
    CHECK(out.find("group=bad") == std::string::npos);
    CHECK(out.find("burrow_group,cluster=local,group=good ") == 0);
    CHECK(out.find("burrow_topic") == std::string::npos);  // the topic filter drops topic rows
    execd = {};
    execd.cluster_exclude = "loc";
    CHECK(f.render(execd).empty());
    execd = {};
    execd.group_include = "[";
    CHECK(!BatchFilter::create(execd));
  }
}
