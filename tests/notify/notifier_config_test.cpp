// [notifier.NAME] as warren reads it for the notifiers: Burrow's defaults and spellings.
#include <doctest/doctest.h>

#include "tests/support/config_fixture.hpp"

using warren::test::parse_toml;

TEST_SUITE("notify") {
  TEST_CASE("notifier config: Burrow's defaults, send-interval follows interval, auth-type in any case") {
    const auto loaded = parse_toml(R"([notifier.mail]
class-name = "email"
interval = 30
server = "127.0.0.1"
port = 25
from = "a@example.com"
to = "b@example.com"
auth-type = "PLAIN"
template-open = "open.tmpl"
)");
    REQUIRE(loaded.ok());
    const auto& n = loaded.config->notifiers.at(0);
    CHECK(n.interval == 30);
    CHECK(n.send_interval == 30);
    CHECK(n.threshold == 2);
    CHECK_FALSE(n.send_close);
    CHECK_FALSE(n.send_once);
    CHECK(n.auth_type == "plain");
    CHECK(n.method_open == "POST");
    CHECK(n.timeout == 5);
    CHECK(n.keepalive == 300);
  }

  TEST_CASE("notifier config: an unknown auth-type is an error naming file, line and key") {
    const auto loaded = parse_toml(R"([notifier.mail]
class-name = "email"
server = "127.0.0.1"
port = 25
from = "a@example.com"
to = "b@example.com"
auth-type = "login"
template-open = "open.tmpl"
)");
    CHECK_FALSE(loaded.ok());
    CHECK(warren::test::any_contains(loaded.errors(), "t/burrow.toml:7: notifier.mail.auth-type"));
  }
}
