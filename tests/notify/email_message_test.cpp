// The email built from a rendered template (Burrow HEAD's createMessage), and its encodings.
#include "core/notify/email_message.hpp"

#include <doctest/doctest.h>

#include "core/notify/email_notifier.hpp"
#include "core/notify/http_notifier.hpp"

using namespace warren;
using namespace warren::notify;

TEST_SUITE("notify") {
  TEST_CASE("email: subject, body and headers from a template's output") {
    const std::string rendered =
        "Subject: [Burrow] Kafka Consumer Lag Alert\n"
        "\n"
        "Cluster:  local\n"
        "Content-Type: text/html; charset=UTF-8\n"
        "MIME-version: 1.0;\n"
        "Group:    orders\n";
    const auto m = build_email(rendered, "burrow@example.com", "ops@example.com, dba@example.com,,", from_unix_ms(0));
    REQUIRE(m);
    CHECK(m->subject == "[Burrow] Kafka Consumer Lag Alert");
    CHECK(m->content_type == "text/html");
    CHECK(m->mime_version == "1.0");
    CHECK(m->recipients == std::vector<std::string>{"ops@example.com", "dba@example.com"});
    // Every line but the header lines, each followed by "\n" (the last, empty one too).
    CHECK(m->body == "\nCluster:  local\nGroup:    orders\n\n");
    CHECK(m->data ==
          "From: burrow@example.com\r\n"
          "To: ops@example.com, dba@example.com\r\n"
          "Subject: [Burrow] Kafka Consumer Lag Alert\r\n"
          "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"
          "MIME-Version: 1.0\r\n"
          "Content-Type: text/html; charset=UTF-8\r\n"
          "Content-Transfer-Encoding: quoted-printable\r\n"
          "\r\n"
          "\r\nCluster:  local\r\nGroup:    orders\r\n\r\n");
  }

  TEST_CASE("email: a template that does not start with the subject is refused") {
    CHECK_FALSE(build_email("\nSubject: late\n", "a@b", "c@d", from_unix_ms(0)));
    CHECK_FALSE(build_email("subject: lower case\n", "a@b", "c@d", from_unix_ms(0)));
    const auto plain = build_email("Subject: x\nbody", "a@b", "c@d", from_unix_ms(0));
    REQUIRE(plain);
    CHECK(plain->content_type == "text/plain");
    CHECK(plain->data.find("MIME-Version: 1.0\r\n") != std::string::npos);
  }

  TEST_CASE("email: a second Subject: on the line ends the subject, as Burrow's split does") {
    const auto m = build_email("Subject: one Subject: two\n", "a@b", "c@d", from_unix_ms(0));
    REQUIRE(m);
    CHECK(m->subject == "one ");
  }

  TEST_CASE("email: non-ASCII subjects are RFC 2047 encoded") {
    const auto m = build_email("Subject: Verzögerung\n", "a@b", "c@d", from_unix_ms(0));
    REQUIRE(m);
    CHECK(m->data.find("Subject: =?UTF-8?B?VmVyesO2Z2VydW5n?=\r\n") != std::string::npos);
  }

  TEST_CASE("quoted-printable: escapes, trailing spaces, soft breaks at 76") {
    CHECK(quoted_printable("a=b\n") == "a=3Db\r\n");
    CHECK(quoted_printable("tail \nok") == "tail=20\r\nok");
    CHECK(quoted_printable("grün") == "gr=C3=BCn");
    const std::string long_line(100, 'x');
    const std::string encoded = quoted_printable(long_line);
    CHECK(encoded == std::string(75, 'x') + "=\r\n" + std::string(25, 'x'));
  }

  TEST_CASE("dates as RFC 5322 writes them") {
    CHECK(rfc5322_date(from_unix_ms(1'700'000'000'000)) == "Tue, 14 Nov 2023 22:13:20 +0000");
  }

  TEST_CASE("smtp URLs: implicit TLS on 465 only") {
    CHECK(smtp_url("mail.example.com", 25) == "smtp://mail.example.com:25");
    CHECK(smtp_url("mail.example.com", 465) == "smtps://mail.example.com:465");
    CHECK(smtp_url("::1", 2525) == "smtp://[::1]:2525");
  }

  TEST_CASE("http: which answers are success, retried, or final") {
    CHECK(classify_http_status(200) == SendOutcome::Kind::sent);
    CHECK(classify_http_status(204) == SendOutcome::Kind::sent);
    CHECK(classify_http_status(301) == SendOutcome::Kind::permanent);
    CHECK(classify_http_status(400) == SendOutcome::Kind::permanent);
    CHECK(classify_http_status(404) == SendOutcome::Kind::permanent);
    CHECK(classify_http_status(408) == SendOutcome::Kind::retry);
    CHECK(classify_http_status(429) == SendOutcome::Kind::retry);
    CHECK(classify_http_status(500) == SendOutcome::Kind::retry);
    CHECK(classify_http_status(503) == SendOutcome::Kind::retry);
  }

  TEST_CASE("http: Content-Type first, configured headers replace it case-insensitively") {
    CHECK(request_headers({}) == std::vector<std::string>{"Content-Type: application/json"});
    CHECK(request_headers({{"content-type", "text/plain"}, {"X-Token", "abc"}, {"X-Empty", ""}}) ==
          std::vector<std::string>{"Content-Type: text/plain", "X-Empty;", "X-Token: abc"});
  }
}
