// The text `warren demo` prints on stderr at start.
#include "plugin/demo_banner.hpp"

#include <doctest/doctest.h>

#include <string>

#include "core/demo/scenario.hpp"

using namespace std::chrono_literals;
using namespace warren::plugin;

TEST_SUITE("plugin") {
  TEST_CASE("listener URLs: every interface shows as localhost, IPv6 in brackets") {
    CHECK(listener_url("0.0.0.0", 8000) == "http://localhost:8000");
    CHECK(listener_url("", 8000) == "http://localhost:8000");
    CHECK(listener_url("::", 8000) == "http://localhost:8000");
    CHECK(listener_url("127.0.0.1", 18000) == "http://127.0.0.1:18000");
    CHECK(listener_url("::1", 8000) == "http://[::1]:8000");
  }

  TEST_CASE("the banner names each group with its intended status and URLs to try") {
    const std::string b =
        demo_banner(warren::demo::default_scenario(), "demo", "127.0.0.1:4242", "http://localhost:8000", 5s);
    CHECK(b.find("127.0.0.1:4242") != std::string::npos);
    CHECK(b.find("orders (3 partitions)") != std::string::npos);
    CHECK(b.find("demo-healthy") != std::string::npos);
    CHECK(b.find("-> WARN\n") != std::string::npos);
    CHECK(b.find("-> ERR (partitions STOP)\n") != std::string::npos);
    CHECK(b.find("-> ERR (partitions STALL)\n") != std::string::npos);
    CHECK(b.find("curl -s http://localhost:8000/v3/kafka/demo/consumer\n") != std::string::npos);
    CHECK(b.find("curl -s http://localhost:8000/v3/kafka/demo/consumer/demo-slow/status\n") != std::string::npos);
    CHECK(b.find("curl -s http://localhost:8000/metrics\n") != std::string::npos);
    CHECK(b.find("every 5 s") != std::string::npos);
    CHECK(b.back() == '\n');
  }
}
