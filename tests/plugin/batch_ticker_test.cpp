// BatchTicker: a batch per interval, whole, and a prompt stop.
#include "plugin/batch_ticker.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <string>

#include "tests/support/eventually.hpp"

using namespace std::chrono_literals;
using warren::plugin::BatchTicker;
using warren::testing::eventually;

TEST_SUITE("plugin") {
  TEST_CASE("a batch every interval, each written whole, none before the first interval") {
    std::ostringstream out;
    std::atomic<int> rendered{0};
    BatchTicker ticker(out, 50ms, [&] { return "batch " + std::to_string(++rendered) + "\nline two\n"; });
    ticker.start();
    REQUIRE(eventually([&] { return ticker.batches() >= 3; }, 5s));
    ticker.stop();
    const auto n = ticker.batches();
    std::string expected;
    for (int i = 1; i <= n; ++i) expected += "batch " + std::to_string(i) + "\nline two\n";
    CHECK(out.str() == expected);
  }

  TEST_CASE("stop() returns at once, long before the next interval") {
    std::ostringstream out;
    BatchTicker ticker(out, 1h, [] { return std::string("never\n"); });
    ticker.start();
    const auto started = std::chrono::steady_clock::now();
    ticker.stop();
    CHECK(std::chrono::steady_clock::now() - started < 2s);
    CHECK(ticker.batches() == 0);
    CHECK(out.str().empty());
  }
}
