// Client profiles map onto librdkafka properties as Burrow's keys mean them.
#include "core/kafka/client_config.hpp"

#include <doctest/doctest.h>

using namespace warren;
using namespace warren::kafka;

TEST_SUITE("kafka") {
  TEST_CASE("a plain profile: servers, client id, plaintext") {
    config::ClientProfile profile;
    auto p = profile_properties(profile, {"a:9092", "b:9092"});
    REQUIRE(p);
    CHECK(p->at("bootstrap.servers") == "a:9092,b:9092");
    CHECK(p->at("client.id") == "burrow-lagchecker");
    CHECK(p->at("security.protocol") == "plaintext");
    CHECK_FALSE(p->contains("sasl.mechanisms"));
  }

  TEST_CASE("TLS and SASL profiles") {
    config::ClientProfile profile;
    profile.tls = config::TlsProfile{.name = "t", .certfile = "c.pem", .keyfile = "k.pem", .cafile = "ca.pem"};
    SUBCASE("TLS only, with a CA: the client certificate is used") {
      auto p = profile_properties(profile, {"a:1"});
      CHECK(p->at("security.protocol") == "ssl");
      CHECK(p->at("ssl.ca.location") == "ca.pem");
      CHECK(p->at("ssl.certificate.location") == "c.pem");
      CHECK(p->at("ssl.key.location") == "k.pem");
      CHECK_FALSE(p->contains("enable.ssl.certificate.verification"));
    }
    SUBCASE("without a CA file the certificate is not loaded, as in Burrow") {
      profile.tls->cafile.clear();
      auto p = profile_properties(profile, {"a:1"});
      CHECK_FALSE(p->contains("ssl.certificate.location"));
    }
    SUBCASE("noverify") {
      profile.tls->noverify = true;
      auto p = profile_properties(profile, {"a:1"});
      CHECK(p->at("enable.ssl.certificate.verification") == "false");
    }
    SUBCASE("SASL over TLS, SCRAM") {
      profile.sasl = config::SaslProfile{.name = "s", .username = "u", .password = "pw", .mechanism = "SCRAM-SHA-512"};
      auto p = profile_properties(profile, {"a:1"});
      CHECK(p->at("security.protocol") == "sasl_ssl");
      CHECK(p->at("sasl.mechanisms") == "SCRAM-SHA-512");
      CHECK(p->at("sasl.username") == "u");
      CHECK(p->at("sasl.password") == "pw");
    }
    SUBCASE("SASL without a mechanism is PLAIN; without TLS it is sasl_plaintext") {
      profile.tls.reset();
      profile.sasl = config::SaslProfile{.name = "s", .username = "u"};
      auto p = profile_properties(profile, {"a:1"});
      CHECK(p->at("security.protocol") == "sasl_plaintext");
      CHECK(p->at("sasl.mechanisms") == "PLAIN");
    }
  }

  TEST_CASE("pass-through properties come last and librdkafka checks them") {
    config::ClientProfile profile;
    profile.librdkafka = {{"security.protocol", "sasl_ssl"}, {"sasl.mechanisms", "OAUTHBEARER"}};
    auto p = profile_properties(profile, {"a:1"});
    CHECK(p->at("security.protocol") == "sasl_ssl");
    CHECK(p->at("sasl.mechanisms") == "OAUTHBEARER");

    profile.librdkafka = {{"no.such.property", "1"}};
    auto conf = make_conf(profile, {"a:1"}, {});
    REQUIRE_FALSE(conf);
    CHECK(conf.error().message.find("no.such.property") != std::string::npos);
    CHECK(make_conf(config::ClientProfile{}, {"a:1"}, {{"fetch.wait.max.ms", "5"}}));
  }

  TEST_CASE("MSK IAM is refused with a pointer to the pass-through table") {
    config::ClientProfile profile;
    profile.iam = config::IamProfile{.name = "msk", .region = "eu-west-1"};
    auto p = profile_properties(profile, {"a:1"});
    REQUIRE_FALSE(p);
    CHECK(p.error().message.find("OAUTHBEARER") != std::string::npos);
  }

  TEST_CASE("warren's own requests go only to brokers reached in plaintext") {
    config::ClientProfile profile;
    CHECK(reaches_brokers_in_plaintext(profile));
    profile.librdkafka["security.protocol"] = "PLAINTEXT";
    CHECK(reaches_brokers_in_plaintext(profile));
    profile.librdkafka["security.protocol"] = "sasl_ssl";
    CHECK_FALSE(reaches_brokers_in_plaintext(profile));
    profile.librdkafka["security.protocol"] = "SSL";
    CHECK_FALSE(reaches_brokers_in_plaintext(profile));
    profile.librdkafka.clear();
    profile.tls = config::TlsProfile{.name = "t"};
    CHECK_FALSE(reaches_brokers_in_plaintext(profile));
    profile.tls.reset();
    profile.sasl = config::SaslProfile{.name = "s"};
    CHECK_FALSE(reaches_brokers_in_plaintext(profile));
  }
}
