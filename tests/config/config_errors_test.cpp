// Every kind of configuration error names file, line and key, and all errors are reported at
// once. Each case asserts the exact "t/burrow.toml:LINE: key: " prefix of its message.
#include <doctest/doctest.h>

#include <string>

#include "tests/support/config_fixture.hpp"

namespace {

using warren::test::any_contains;
using warren::test::joined;
using warren::test::parse_toml;

// True when some line starts with `where` and contains `what` after it.
bool has_error(const std::vector<std::string>& errors, std::string_view where, std::string_view what) {
  for (const auto& line : errors) {
    if (line.rfind(where, 0) == 0 && line.find(what, where.size()) != std::string::npos) return true;
  }
  return false;
}

struct ErrorCase {
  const char* name;
  const char* toml;
  const char* where;  // "t/burrow.toml:LINE: key: "
  const char* what;   // a part of the message that follows
};

// Text starts right after R"( so that line 1 is the first line shown.
const ErrorCase kErrorCases[] = {
    // wrong types
    {"string where an integer is expected", R"([storage.default]
intervals = "10")",
     "t/burrow.toml:2: storage.default.intervals: ", "expected an integer, got a string (\"10\")"},
    {"integer where a list is expected", R"([cluster.local]
servers = 9092)",
     "t/burrow.toml:2: cluster.local.servers: ", "expected an array of strings, got an integer (9092)"},
    {"list with a non-string element", R"([cluster.local]
servers = ["a:1",
           2])",
     "t/burrow.toml:2: cluster.local.servers: ", "element 2 is an integer"},
    {"boolean where a string is expected", R"([general]
pidfile = true)",
     "t/burrow.toml:2: general.pidfile: ", "expected a string, got a boolean"},
    {"string where a boolean is expected", R"([execd]
emit-topic = "yes")",
     "t/burrow.toml:2: execd.emit-topic: ", "expected a boolean"},
    {"float where an integer is expected", R"([cluster.local]
servers = ["h:1"]
offset-refresh = 1.5)",
     "t/burrow.toml:3: cluster.local.offset-refresh: ", "expected an integer, got a float"},
    {"integer out of range", R"([storage.default]
intervals = 99999999999)",
     "t/burrow.toml:2: storage.default.intervals: ", "out of range"},
    {"negative unsigned", R"([evaluator.default]
allowed-lag = -1)",
     "t/burrow.toml:2: evaluator.default.allowed-lag: ", "must not be negative"},
    {"section that is not a table", R"(cluster = 1)", "t/burrow.toml:1: cluster: ", "expected [cluster.NAME] tables"},
    {"named section that is not a table", R"([cluster]
local = "x")",
     "t/burrow.toml:2: cluster.local: ", "expected a [cluster.local] table"},
    {"map with a non-string value", R"([notifier.n]
class-name = "null"
extras = { a = [1] })",
     "t/burrow.toml:3: notifier.n.extras.a: ", "expected a string, got an array"},

    // regular expressions
    {"bad consumer regex", R"([cluster.local]
servers = ["h:9092"]
[consumer.local]
class-name = "kafka"
cluster = "local"
servers = ["h:9092"]
group-denylist = "(abc")",
     "t/burrow.toml:7: consumer.local.group-denylist: ", "invalid regular expression: missing ): (abc"},
    {"bad storage regex, old spelling", R"([storage.s]
group-whitelist = "[z-a]")",
     "t/burrow.toml:2: storage.s.group-whitelist: ", "invalid regular expression: invalid character class range"},
    {"bad notifier regex", R"([notifier.n]
class-name = "null"
group-allowlist = "a**")",
     "t/burrow.toml:3: notifier.n.group-allowlist: ", "invalid regular expression"},
    {"bad execd regex", R"([execd]
topic-exclude = "(?<name")",
     "t/burrow.toml:2: execd.topic-exclude: ", "invalid regular expression"},

    // class names
    {"unknown cluster class-name", R"([cluster.local]
class-name = "zookeeper"
servers = ["h:1"])",
     "t/burrow.toml:2: cluster.local.class-name: ", "unknown class-name \"zookeeper\"; expected one of kafka"},
    {"unknown consumer class-name", R"([cluster.local]
servers = ["h:1"]
[consumer.local]
class-name = "kafka_xx"
cluster = "local"
servers = ["h:1"])",
     "t/burrow.toml:4: consumer.local.class-name: ", "expected one of kafka, kafka_zk, kafka_admin"},
    {"consumer without class-name", R"([cluster.local]
servers = ["h:1"]
[consumer.local]
cluster = "local"
servers = ["h:1"])",
     "t/burrow.toml:3: consumer.local.class-name: ", "is required"},
    {"unknown storage class-name", R"([storage.default]
class-name = "redis")",
     "t/burrow.toml:2: storage.default.class-name: ", "unknown class-name \"redis\""},
    {"unknown evaluator class-name", R"([evaluator.default]
class-name = "fast")",
     "t/burrow.toml:2: evaluator.default.class-name: ", "unknown class-name \"fast\""},
    {"removed notifier class slack", R"([notifier.chat]
class-name = "slack")",
     "t/burrow.toml:2: notifier.chat.class-name: ", "expected one of http, email, null"},

    // references
    {"consumer names no cluster", R"([cluster.local]
servers = ["h:1"]
[consumer.local]
class-name = "kafka"
cluster = "remote"
servers = ["h:1"])",
     "t/burrow.toml:5: consumer.local.cluster: ", "unknown cluster \"remote\": there is no [cluster.remote] section"},
    {"consumer without cluster", R"([consumer.local]
class-name = "kafka"
servers = ["h:1"])",
     "t/burrow.toml:1: consumer.local.cluster: ", "is required"},
    {"unknown client-profile", R"([cluster.local]
servers = ["h:1"]
client-profile = "fast")",
     "t/burrow.toml:3: cluster.local.client-profile: ", "unknown client profile \"fast\""},
    {"unknown tls profile", R"([client-profile.p]
tls = "corp")",
     "t/burrow.toml:2: client-profile.p.tls: ", "there is no [tls.corp] section"},
    {"unknown sasl profile", R"([client-profile.p]
sasl = "corp")",
     "t/burrow.toml:2: client-profile.p.sasl: ", "there is no [sasl.corp] section"},
    {"unknown iam profile", R"([client-profile.p]
iam = "corp")",
     "t/burrow.toml:2: client-profile.p.iam: ", "there is no [iam.corp] section"},
    {"iam without tls", R"([iam.msk]
region = "eu-west-1"
[client-profile.p]
iam = "msk")",
     "t/burrow.toml:4: client-profile.p.iam: ", "needs tls"},
    {"httpserver tls names no profile", R"([httpserver.default]
address = ":8000"
tls = "web")",
     "t/burrow.toml:3: httpserver.default.tls: ", "there is no [tls.web] section"},

    // servers and addresses
    {"cluster with empty servers", R"([cluster.local]
servers = [])",
     "t/burrow.toml:2: cluster.local.servers: ", "must list at least one"},
    {"cluster without servers", R"([cluster.local]
topic-refresh = 30)",
     "t/burrow.toml:1: cluster.local.servers: ", "is required"},
    {"kafka consumer with empty servers", R"([cluster.local]
servers = ["h:1"]
[consumer.local]
class-name = "kafka"
cluster = "local"
servers = [])",
     "t/burrow.toml:6: consumer.local.servers: ", "must list at least one"},
    {"server without port", R"([cluster.local]
servers = ["kafka01"])",
     "t/burrow.toml:2: cluster.local.servers: ", "\"kafka01\" is not a valid host:port: missing :port"},
    {"server with a named port", R"([cluster.local]
servers = ["kafka01:kafka"])",
     "t/burrow.toml:2: cluster.local.servers: ", "the port is not a number"},
    {"server with a bad hostname", R"([cluster.local]
servers = ["kafka 01:9092"])",
     "t/burrow.toml:2: cluster.local.servers: ", "invalid hostname"},
    {"unbracketed IPv6", R"([cluster.local]
servers = ["::1:9092"])",
     "t/burrow.toml:2: cluster.local.servers: ", "in brackets"},
    {"httpserver address without port", R"([httpserver.default]
address = "8000")",
     "t/burrow.toml:2: httpserver.default.address: ", "missing :port"},
    {"httpserver without address", R"([httpserver.default]
timeout = 30)",
     "t/burrow.toml:1: httpserver.default.address: ", "is required"},

    // single-instance sections
    {"two storage sections", R"([storage.a]

[storage.b])",
     "t/burrow.toml:3: storage.b: ", "only one [storage.*] section is allowed; [storage.a] is at line 1"},
    {"two evaluator sections", R"([evaluator.a]
[evaluator.b])",
     "t/burrow.toml:2: evaluator.b: ", "only one [evaluator.*] section is allowed"},

    // values out of range
    {"intervals below 1", R"([storage.default]
intervals = 0)",
     "t/burrow.toml:2: storage.default.intervals: ", "must be at least 1, got 0"},
    {"intervals above 65535", R"([storage.default]
intervals = 70000)",
     "t/burrow.toml:2: storage.default.intervals: ", "must be at most 65535, got 70000"},
    {"offset-refresh below 1", R"([cluster.local]
servers = ["h:1"]
offset-refresh = 0)",
     "t/burrow.toml:3: cluster.local.offset-refresh: ", "must be at least 1"},
    {"negative topic-refresh", R"([cluster.local]
servers = ["h:1"]
topic-refresh = -5)",
     "t/burrow.toml:3: cluster.local.topic-refresh: ", "must be at least 1, got -5"},
    {"notifier interval below 1", R"([notifier.n]
class-name = "null"
interval = 0)",
     "t/burrow.toml:3: notifier.n.interval: ", "must be at least 1"},
    {"minimum-complete above 1", R"([evaluator.default]
minimum-complete = 1.5)",
     "t/burrow.toml:2: evaluator.default.minimum-complete: ", "between 0.0 and 1.0"},

    // kafka-version
    {"kafka-version word", R"([client-profile.p]
kafka-version = "latest")",
     "t/burrow.toml:2: client-profile.p.kafka-version: ", "expected a version of the form N.N[.N[.N]]"},
    {"kafka-version single number", R"([client-profile.p]
kafka-version = "2")",
     "t/burrow.toml:2: client-profile.p.kafka-version: ", "N.N[.N[.N]]"},
    {"kafka-version five parts", R"([client-profile.p]
kafka-version = "2.8.0.1.2")",
     "t/burrow.toml:2: client-profile.p.kafka-version: ", "N.N[.N[.N]]"},

    // notifier requirements
    {"http notifier without url-open", R"([notifier.hook]
class-name = "http"
template-open = "open.tmpl")",
     "t/burrow.toml:1: notifier.hook.url-open: ", "is required for class-name http"},
    {"email notifier with unknown auth-type", R"([notifier.mail]
class-name = "email"
auth-type = "login")",
     "t/burrow.toml:3: notifier.mail.auth-type: ", "unknown auth-type \"login\""},
};

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("each error names file, line and key") {
    for (const auto& c : kErrorCases) {
      SUBCASE(c.name) {
        const auto loaded = parse_toml(c.toml);
        INFO("config:\n" << std::string(c.toml) << "\nerrors:\n" << joined(loaded.errors()));
        CHECK_FALSE(loaded.ok());
        CHECK(has_error(loaded.errors(), c.where, c.what));
      }
    }
  }

  TEST_CASE("TOML syntax errors carry toml11's line and message") {
    SUBCASE("unterminated string") {
      const auto loaded = parse_toml("[general]\npidfile = \"x\n");
      REQUIRE_FALSE(loaded.ok());
      REQUIRE(loaded.errors().size() == 1);
      CHECK(loaded.errors()[0].rfind("t/burrow.toml:2: toml::", 0) == 0);
      CHECK(loaded.errors()[0].find('\n') == std::string::npos);
    }
    SUBCASE("key defined twice") {
      const auto loaded = parse_toml("[general]\npidfile = \"a\"\npidfile = \"b\"\n");
      REQUIRE_FALSE(loaded.ok());
      CHECK(any_contains(loaded.errors(), "t/burrow.toml:3: "));
      CHECK(any_contains(loaded.errors(), "already exists"));
    }
    SUBCASE("broken table header") {
      const auto loaded = parse_toml("[cluster.local]\nservers = [\"h:1\"]\n[consumer\n");
      REQUIRE_FALSE(loaded.ok());
      CHECK(any_contains(loaded.errors(), "t/burrow.toml:3: "));
    }
  }

  TEST_CASE("all errors are reported at once, in file order") {
    warren::config::Diagnostics diagnostics;
    const auto result = warren::config::parse_config(R"([general]
pidfile = 1

[cluster.local]
servers = ["kafka01"]
offset-refresh = 0

[consumer.local]
class-name = "kafka"
cluster = "nowhere"
servers = ["h:1"]
group-denylist = "(")",
                                                     "t/burrow.toml", warren::config::no_environment(), diagnostics);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == warren::ErrorCode::invalid_argument);
    const std::vector<std::string> expected_prefixes = {
        "t/burrow.toml:2: general.pidfile: ",
        "t/burrow.toml:5: cluster.local.servers: ",
        "t/burrow.toml:6: cluster.local.offset-refresh: ",
        "t/burrow.toml:10: consumer.local.cluster: ",
        "t/burrow.toml:12: consumer.local.group-denylist: ",
    };
    REQUIRE(diagnostics.errors.size() == expected_prefixes.size());
    for (std::size_t i = 0; i < expected_prefixes.size(); ++i) {
      CHECK(diagnostics.errors[i].to_string().rfind(expected_prefixes[i], 0) == 0);
    }
    // The Error carries them too, one per line.
    std::size_t lines = 1;
    for (char c : result.error().message) lines += c == '\n' ? 1 : 0;
    CHECK(lines == expected_prefixes.size());
  }

  TEST_CASE("kafka-version accepts dotted numeric versions") {
    for (const char* version : {"0.8", "0.8.2.2", "0.10.0", "0.10.2", "2.8.0", "3.7", "4.1.0"}) {
      const auto loaded = parse_toml(std::string("[client-profile.p]\nkafka-version = \"") + version + "\"\n");
      CAPTURE(version);
      REQUIRE_MESSAGE(loaded.ok(), joined(loaded.errors()));
      CHECK(loaded.config->client_profiles.at("p").kafka_version == version);
    }
  }

  TEST_CASE("valid host:port forms are accepted") {
    const auto loaded = parse_toml(R"([cluster.local]
servers = ["kafka01:9092", "kafka-1.example.com:9093", "10.0.0.1:9094", "[::1]:9095", "[fe80::1]:9096", "my_host:1"]
[httpserver.any]
address = ":0"
[httpserver.v6]
address = "[::]:8000"
)");
    CHECK_MESSAGE(loaded.ok(), joined(loaded.errors()));
  }
}
