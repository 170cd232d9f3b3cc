// Unknown-key warnings, the two spellings of allow/deny lists, and environment overrides.
#include <doctest/doctest.h>

#include <string>

#include "core/config/environment.hpp"
#include "tests/support/config_fixture.hpp"

namespace {

using warren::test::any_contains;
using warren::test::joined;
using warren::test::parse_toml;

constexpr const char* kMinimal = R"([cluster.local]
servers = ["127.0.0.1:9092"]

[consumer.local]
class-name = "kafka"
cluster = "local"
servers = ["127.0.0.1:9092"]
)";

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("unknown keys and sections are warnings with file and line") {
    const auto loaded = parse_toml(R"(stray = 1
[general]
pidfile = "warren.pid"

[cluster.local]
servers = ["127.0.0.1:9092"]
foo = "bar"

[storage.default]
intervals = 10
options = { deep = true }

[telemetry]
enabled = true
)");
    REQUIRE_MESSAGE(loaded.ok(), joined(loaded.errors()));
    const auto warnings = loaded.warnings();
    CHECK(warnings.size() == 4);
    CHECK(any_contains(warnings, "t/burrow.toml:1: unknown key \"stray\" outside any section"));
    CHECK(any_contains(warnings, "t/burrow.toml:7: unknown key \"foo\" in [cluster.local]"));
    CHECK(any_contains(warnings, "t/burrow.toml:11: unknown key \"options\" in [storage.default]"));
    CHECK(any_contains(warnings, "t/burrow.toml:13: unknown section [telemetry]"));
  }

  TEST_CASE("questionable values that Burrow tolerates are warnings") {
    SUBCASE("unknown log level falls back to info") {
      const auto loaded = parse_toml("[logging]\nlevel = \"verbose\"\n");
      REQUIRE(loaded.ok());
      CHECK(loaded.config->logging.level == "info");
      CHECK(any_contains(loaded.warnings(), "t/burrow.toml:2: logging.level: unknown level \"verbose\""));
    }
    SUBCASE("unknown SASL mechanism is PLAIN") {
      const auto loaded = parse_toml("[sasl.s]\nmechanism = \"GSSAPI\"\n");
      REQUIRE(loaded.ok());
      CHECK(any_contains(loaded.warnings(), "t/burrow.toml:2: sasl.s.mechanism: unknown mechanism \"GSSAPI\""));
    }
  }

  TEST_CASE("allowlist/denylist accept Burrow 1.2's whitelist/blacklist spelling") {
    SUBCASE("new spelling") {
      const auto loaded =
          parse_toml(std::string(kMinimal) + "group-allowlist = \"^app-\"\ngroup-denylist = \"-tmp$\"\n");
      REQUIRE_MESSAGE(loaded.ok(), joined(loaded.errors()));
      CHECK(loaded.config->consumers.at(0).group_allowlist == "^app-");
      CHECK(loaded.config->consumers.at(0).group_denylist == "-tmp$");
    }
    SUBCASE("old spelling") {
      const auto loaded =
          parse_toml(std::string(kMinimal) + "group-whitelist = \"^app-\"\ngroup-blacklist = \"-tmp$\"\n");
      REQUIRE_MESSAGE(loaded.ok(), joined(loaded.errors()));
      CHECK(loaded.warnings().empty());
      CHECK(loaded.config->consumers.at(0).group_allowlist == "^app-");
      CHECK(loaded.config->consumers.at(0).group_denylist == "-tmp$");
    }
    SUBCASE("storage and notifier too") {
      const auto loaded = parse_toml(R"([storage.default]
group-blacklist = "^burrow-"
[notifier.n]
class-name = "null"
group-whitelist = "^team-"
)");
      REQUIRE_MESSAGE(loaded.ok(), joined(loaded.errors()));
      CHECK(loaded.config->storage.group_denylist == "^burrow-");
      CHECK(loaded.config->notifiers.at(0).group_allowlist == "^team-");
    }
    SUBCASE("both spellings of one key is an error naming both lines") {
      const auto loaded = parse_toml(std::string(kMinimal) + "group-denylist = \"a\"\ngroup-blacklist = \"b\"\n");
      REQUIRE_FALSE(loaded.ok());
      CHECK(any_contains(loaded.errors(),
                         "t/burrow.toml:8: consumer.local.group-denylist: set twice: "
                         "\"group-denylist\" (line 8) and its old spelling \"group-blacklist\" "
                         "(line 9)"));
      CHECK(loaded.warnings().empty());
    }
    SUBCASE("allowlist with old denylist spelling is fine") {
      const auto loaded = parse_toml(std::string(kMinimal) + "group-allowlist = \"a\"\ngroup-blacklist = \"b\"\n");
      CHECK_MESSAGE(loaded.ok(), joined(loaded.errors()));
    }
  }

  TEST_CASE("environment variables override keys, as Burrow's viper setup") {
    CHECK(warren::config::env_var_name("burrow", "general", "pidfile") == "BURROW_GENERAL_PIDFILE");
    CHECK(warren::config::env_var_name("burrow", "cluster.my-kafka", "offset-refresh") ==
          "BURROW_CLUSTER_MY_KAFKA_OFFSET_REFRESH");
    CHECK(warren::config::env_var_name("", "storage.default", "intervals") == "STORAGE_DEFAULT_INTERVALS");

    SUBCASE("scalars of every kind, including sections absent from the file") {
      const auto loaded = parse_toml(kMinimal, {
                                                   {"BURROW_GENERAL_PIDFILE", "/run/warren.pid"},
                                                   {"BURROW_LOGGING_LEVEL", "debug"},
                                                   {"BURROW_STORAGE_DEFAULT_INTERVALS", "20"},
                                                   {"BURROW_EVALUATOR_DEFAULT_MINIMUM_COMPLETE", "0.5"},
                                                   {"BURROW_CLUSTER_LOCAL_OFFSET_REFRESH", "5"},
                                                   {"BURROW_CLUSTER_LOCAL_SERVERS", "a:1 b:2"},
                                                   {"BURROW_CONSUMER_LOCAL_START_LATEST", "true"},
                                                   {"BURROW_CONSUMER_LOCAL_GROUP_DENYLIST", "^tmp-"},
                                               });
      REQUIRE_MESSAGE(loaded.ok(), joined(loaded.errors()));
      const auto& config = *loaded.config;
      CHECK(config.general.pidfile == "/run/warren.pid");
      CHECK(config.logging.level == "debug");
      CHECK(config.storage.intervals == 20);
      CHECK(config.evaluator.minimum_complete == 0.5);
      CHECK(config.clusters.at(0).offset_refresh == 5);
      CHECK(config.clusters.at(0).servers == std::vector<std::string>{"a:1", "b:2"});
      CHECK(config.consumers.at(0).start_latest);
      CHECK(config.consumers.at(0).group_denylist == "^tmp-");
    }
    SUBCASE("the environment wins over the file") {
      const auto loaded = parse_toml("[storage.mine]\nintervals = 10\n", {{"BURROW_STORAGE_MINE_INTERVALS", "30"}});
      REQUIRE(loaded.ok());
      CHECK(loaded.config->storage.intervals == 30);
    }
    SUBCASE("the prefix comes from general.env-var-prefix, read from the file only") {
      const auto loaded =
          parse_toml("[general]\nenv-var-prefix = \"warren\"\n", {{"WARREN_GENERAL_PIDFILE", "w.pid"},
                                                                  {"BURROW_GENERAL_PIDFILE", "b.pid"},
                                                                  {"WARREN_GENERAL_ENV_VAR_PREFIX", "other"}});
      REQUIRE(loaded.ok());
      CHECK(loaded.config->general.pidfile == "w.pid");
      CHECK(loaded.config->general.env_var_prefix == "warren");
    }
    SUBCASE("a bad value names the variable and the key") {
      const auto loaded = parse_toml("", {{"BURROW_STORAGE_DEFAULT_INTERVALS", "ten"}});
      REQUIRE_FALSE(loaded.ok());
      CHECK(any_contains(loaded.errors(),
                         "environment variable BURROW_STORAGE_DEFAULT_INTERVALS: "
                         "storage.default.intervals: expected an integer, got \"ten\""));
    }
    SUBCASE("validation applies to overridden values") {
      const auto loaded = parse_toml(
          kMinimal, {{"BURROW_CLUSTER_LOCAL_TOPIC_REFRESH", "0"}, {"BURROW_CONSUMER_LOCAL_START_LATEST", "maybe"}});
      REQUIRE_FALSE(loaded.ok());
      CHECK(any_contains(loaded.errors(),
                         "environment variable BURROW_CLUSTER_LOCAL_TOPIC_REFRESH: "
                         "cluster.local.topic-refresh: must be at least 1"));
      CHECK(any_contains(loaded.errors(),
                         "environment variable BURROW_CONSUMER_LOCAL_START_LATEST: "
                         "consumer.local.start-latest: expected a boolean"));
    }
  }
}
