// Loading whole files: Debian's Burrow sample (unchanged), the defaults a minimal file gets,
// warren's commented example, and the file/dir entry points.
#include "core/config/config_loader.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/support/config_fixture.hpp"

namespace {

using warren::test::any_contains;
using warren::test::joined;
using warren::test::load_file;
using warren::test::parse_toml;

constexpr const char* kDebianSample = "/etc/burrow/burrow.toml";

// A temporary directory removed at scope exit.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "warren-config-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
};

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("Debian's sample burrow.toml loads unchanged") {
    const auto loaded = load_file(kDebianSample);
    REQUIRE_MESSAGE(loaded.ok(), joined(loaded.errors()));
    const auto& config = *loaded.config;
    CHECK(config.source_file == kDebianSample);

    SUBCASE("general and logging") {
      CHECK(config.general.pidfile == "/run/burrow/burrow.pid");
      CHECK(config.logging.level == "info");
      CHECK(config.logging.maxbackups == 30);
      CHECK(config.logging.maxage == 10);
      CHECK(config.logging.use_compression);
    }
    SUBCASE("zookeeper is read and ignored, with one note") {
      CHECK(config.zookeeper.present);
      CHECK(config.zookeeper.servers.size() == 2);
      REQUIRE(loaded.notes().size() == 1);
      CHECK(any_contains(loaded.notes(), "/etc/burrow/burrow.toml:13:"));
      CHECK(any_contains(loaded.notes(), "does not need ZooKeeper"));
    }
    SUBCASE("cluster with its client profile resolved") {
      REQUIRE(config.clusters.size() == 1);
      const auto* cluster = config.find_cluster("local");
      REQUIRE(cluster != nullptr);
      CHECK(cluster->class_name == "kafka");
      CHECK(cluster->servers == std::vector<std::string>{"kafka01.example.com:10251", "kafka02.example.com:10251"});
      CHECK(cluster->topic_refresh == 120);
      CHECK(cluster->offset_refresh == 30);
      CHECK(cluster->client_profile.name == "test");
      CHECK(cluster->client_profile.kafka_version == "0.10.0");
      CHECK(cluster->client_profile.client_id == "burrow-test");
      CHECK(config.find_cluster("other") == nullptr);
    }
    SUBCASE("consumer: old group-blacklist spelling becomes the denylist, empty whitelist means none") {
      REQUIRE(config.consumers.size() == 1);
      const auto& consumer = config.consumers.front();
      CHECK(consumer.name == "local");
      CHECK(consumer.cluster == "local");
      CHECK(consumer.client_profile.kafka_version == "0.10.0");
      CHECK(consumer.group_denylist == "^(console-consumer-|python-kafka-consumer-|quick-).*$");
      CHECK(consumer.group_allowlist.empty());
      CHECK(consumer.offsets_topic == "__consumer_offsets");
    }
    SUBCASE("httpserver, storage and default evaluator") {
      REQUIRE(config.httpservers.size() == 1);
      CHECK(config.httpservers.front().name == "default");
      CHECK(config.httpservers.front().address == ":8000");
      CHECK(config.storage.name == "default");
      CHECK(config.storage.intervals == 15);
      CHECK(config.storage.min_distance == 1);
      CHECK(config.storage.expire_group == 604800);
      CHECK(config.evaluator.class_name == "caching");
    }
    SUBCASE("no warnings") { CHECK_MESSAGE(loaded.warnings().empty(), joined(loaded.warnings())); }
  }

  TEST_CASE("missing sections and keys get Burrow's defaults") {
    const auto loaded = parse_toml(R"(
[cluster.local]
servers = ["127.0.0.1:9092"]

[consumer.local]
class-name = "kafka"
cluster = "local"
servers = ["127.0.0.1:9092"]
)");
    REQUIRE_MESSAGE(loaded.ok(), joined(loaded.errors()));
    CHECK(loaded.warnings().empty());
    CHECK(loaded.notes().empty());
    const auto& config = *loaded.config;

    CHECK(config.general.pidfile == "burrow.pid");
    CHECK(config.general.env_var_prefix == "burrow");
    CHECK(config.logging.level == "info");
    CHECK_FALSE(config.zookeeper.present);

    CHECK(config.storage.name == "default");
    CHECK(config.storage.class_name == "inmemory");
    CHECK(config.storage.intervals == 10);
    CHECK(config.storage.expire_group == 604800);
    CHECK(config.storage.min_distance == 0);

    CHECK(config.evaluator.name == "default");
    CHECK(config.evaluator.class_name == "caching");
    CHECK(config.evaluator.expire_cache == 10);
    CHECK(config.evaluator.minimum_complete == 0.0);
    CHECK(config.evaluator.allowed_lag == 0);

    const auto& cluster = config.clusters.at(0);
    CHECK(cluster.class_name == "kafka");
    CHECK(cluster.offset_refresh == 10);
    CHECK(cluster.topic_refresh == 60);
    CHECK(cluster.groups_reaper_refresh == 0);
    CHECK(cluster.client_profile.name.empty());
    CHECK(cluster.client_profile.client_id == "burrow-lagchecker");
    CHECK(cluster.client_profile.kafka_version == "2.8.0");
    CHECK_FALSE(cluster.client_profile.tls.has_value());

    const auto& consumer = config.consumers.at(0);
    CHECK(consumer.offsets_topic == "__consumer_offsets");
    CHECK_FALSE(consumer.start_latest);
    CHECK(consumer.group_allowlist.empty());
    CHECK(consumer.group_denylist.empty());

    CHECK(config.httpservers.empty());
    CHECK(config.notifiers.empty());
    CHECK(config.execd.emit_partition);
  }

  TEST_CASE("an empty file is a valid configuration") {
    const auto loaded = parse_toml("");
    REQUIRE(loaded.ok());
    CHECK(loaded.config->clusters.empty());
    CHECK(loaded.config->storage.intervals == 10);
  }

  TEST_CASE("profiles, maps and notifier defaults resolve (send-interval defaults to interval)") {
    const auto loaded = parse_toml(R"(
[tls.web]
certfile = "/etc/warren/cert.pem"
keyfile = "/etc/warren/key.pem"

[sasl.scram]
username = "u"
password = "p"
mechanism = "SCRAM-SHA-512"
handshake-first = true

[client-profile.secure]
tls = "web"
sasl = "scram"
dial-timeout = 5

[cluster.a]
servers = ["[::1]:9093", "broker-1.internal:9093"]
client-profile = "secure"

[consumer.admin]
class-name = "kafka_admin"
cluster = "a"

[httpserver.api]
address = "127.0.0.1:8443"
tls = "web"

[notifier.hook]
class-name = "http"
interval = 30
template-open = "open.tmpl"
url-open = "http://127.0.0.1:9000/open"
extras = { team = "payments", priority = 2 }
headers = { "X-Token" = "secret" }

[notifier.mail]
class-name = "email"
interval = 60
send-interval = 600
template-open = "open.tmpl"
server = "smtp.example.com"
port = 587
from = "warren@example.com"
to = "ops@example.com"
auth-type = "plain"
)");
    REQUIRE_MESSAGE(loaded.ok(), joined(loaded.errors()));
    CHECK_MESSAGE(loaded.warnings().empty(), joined(loaded.warnings()));
    const auto& config = *loaded.config;

    const auto& profile = config.clusters.at(0).client_profile;
    REQUIRE(profile.tls.has_value());
    CHECK(profile.tls->certfile == "/etc/warren/cert.pem");
    REQUIRE(profile.sasl.has_value());
    CHECK(profile.sasl->mechanism == "SCRAM-SHA-512");
    CHECK(profile.sasl->handshake_first);
    CHECK(profile.dial_timeout == 5);
    CHECK_FALSE(profile.read_timeout.has_value());

    // kafka_admin inherits the cluster's brokers and profile.
    const auto& admin = config.consumers.at(0);
    CHECK(admin.servers == config.clusters.at(0).servers);
    CHECK(admin.client_profile.name == "secure");

    REQUIRE(config.httpservers.at(0).tls_profile.has_value());
    CHECK(config.httpservers.at(0).tls_profile->keyfile == "/etc/warren/key.pem");

    const auto& hook = config.notifiers.at(0);
    CHECK(hook.interval == 30);
    CHECK(hook.send_interval == 30);
    CHECK(hook.extras.at("team") == "payments");
    CHECK(hook.extras.at("priority") == "2");
    CHECK(hook.headers.at("X-Token") == "secret");
    CHECK(hook.method_open == "POST");
    const auto& mail = config.notifiers.at(1);
    CHECK(mail.send_interval == 600);
    CHECK(mail.port == 587);
  }

  TEST_CASE("the commented example config/warren.toml loads without warnings") {
    const auto loaded = load_file(WARREN_SOURCE_DIR "/config/warren.toml");
    REQUIRE_MESSAGE(loaded.ok(), joined(loaded.errors()));
    CHECK_MESSAGE(loaded.warnings().empty(), joined(loaded.warnings()));
    CHECK(loaded.notes().empty());
    const auto& config = *loaded.config;
    REQUIRE(config.find_cluster("local") != nullptr);
    CHECK(config.find_cluster("local")->servers == std::vector<std::string>{"127.0.0.1:9092"});
    CHECK(config.consumers.size() == 1);
    REQUIRE(config.httpservers.size() == 1);
    CHECK(config.httpservers.front().address == "127.0.0.1:8000");
    CHECK(config.notifiers.empty());
  }

  TEST_CASE("file and directory entry points") {
    const TempDir dir;
    SUBCASE("--config-dir reads DIR/burrow.toml") {
      dir.write("burrow.toml", "[storage.s]\nintervals = 12\n");
      warren::config::Diagnostics diagnostics;
      const auto result = warren::config::load_config_dir(dir.path.string(), diagnostics);
      REQUIRE(result.ok());
      CHECK(result->storage.intervals == 12);
      CHECK(result->source_file == (dir.path / "burrow.toml").string());
    }
    SUBCASE("a missing file is an io error naming the file") {
      warren::config::Diagnostics diagnostics;
      const auto result = warren::config::load_config_dir(dir.path.string(), diagnostics);
      REQUIRE_FALSE(result.ok());
      CHECK(result.error().code == warren::ErrorCode::io);
      CHECK(result.error().message == (dir.path / "burrow.toml").string() + ": cannot read: No such file or directory");
      CHECK(diagnostics.errors.size() == 1);
    }
    SUBCASE("a directory is not a file") {
      const auto loaded = load_file(dir.path.string());
      REQUIRE_FALSE(loaded.ok());
      CHECK(any_contains(loaded.errors(), "is a directory"));
    }
  }
}
