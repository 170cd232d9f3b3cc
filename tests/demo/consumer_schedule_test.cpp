// The demo's simulated consumers: what each behaviour commits at each tick.
#include "core/demo/consumer_schedule.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

using namespace warren::demo;

namespace {

// One topic of two partitions; `tick` ticks of 10 records on a backlog of 100.
HighWatermarks marks_at(std::int64_t tick) { return {{"orders", {100 + 10 * tick, 100 + 10 * tick}}}; }

Scenario scenario() {
  Scenario s;
  s.topics = {{.name = "orders", .partitions = 2}};
  s.prefill = 100;
  s.produce_per_tick = 10;
  s.slow_consume_per_tick = 3;
  s.slow_commit_every = 4;
  s.stop_after = 3;
  s.stall_after = 2;
  return s;
}

std::vector<std::int64_t> offsets(const TickActions& a) {
  std::vector<std::int64_t> out;
  for (const auto& c : a.commits) out.push_back(c.offset);
  return out;
}

}  // namespace

TEST_SUITE("demo") {
  TEST_CASE("healthy: commits every partition's high-water mark at every tick") {
    ConsumerSchedule s(Behaviour::healthy, scenario());
    for (std::int64_t tick = 1; tick <= 5; ++tick) {
      const auto a = s.on_tick(tick, marks_at(tick));
      CHECK(a.commits == std::vector<PartitionCommit>{{.topic = "orders", .partition = 0, .offset = 100 + 10 * tick},
                                                      {.topic = "orders", .partition = 1, .offset = 100 + 10 * tick}});
      CHECK_FALSE(a.leaves);
    }
    CHECK(s.has_member());
  }

  TEST_CASE("slow: starts at the beginning, reads 3 records a tick, commits every 4th tick") {
    ConsumerSchedule s(Behaviour::slow, scenario());
    std::vector<std::vector<std::int64_t>> commits;
    for (std::int64_t tick = 1; tick <= 12; ++tick) {
      const auto a = s.on_tick(tick, marks_at(tick));
      if (tick % 4 != 0) {
        CHECK(a.commits.empty());
      } else {
        commits.push_back(offsets(a));
      }
    }
    // Tick 1 reads nothing yet; ticks 2..4 read 9, 2..8 read 21, 2..12 read 33.
    CHECK(commits == std::vector<std::vector<std::int64_t>>{{9, 9}, {21, 21}, {33, 33}});
  }

  TEST_CASE("slow: lag at each commit grows by more than a tick's worth of writes") {
    // What keeps the partitions WARN: the lag warren computes uses a high-water mark up to a tick
    // or two old, so consecutive commit lags must grow by more than that staleness.
    const Scenario sc = scenario();
    ConsumerSchedule s(Behaviour::slow, sc);
    std::int64_t previous_lag = -1;
    for (std::int64_t tick = 1; tick <= 40; ++tick) {
      const auto marks = marks_at(tick);
      const auto a = s.on_tick(tick, marks);
      if (a.commits.empty()) continue;
      const std::int64_t lag = marks.at("orders")[0] - a.commits[0].offset;
      if (previous_lag >= 0) CHECK(lag - previous_lag > 2 * sc.produce_per_tick);
      previous_lag = lag;
    }
  }

  TEST_CASE("slow: never commits past the high-water mark") {
    Scenario sc = scenario();
    sc.slow_consume_per_tick = 1000;
    ConsumerSchedule s(Behaviour::slow, sc);
    for (std::int64_t tick = 1; tick <= 8; ++tick) {
      const auto a = s.on_tick(tick, marks_at(tick));
      for (const auto& c : a.commits) CHECK(c.offset == 100 + 10 * tick);
    }
  }

  TEST_CASE("stopped: keeps up for stop_after ticks, then leaves once and never commits again") {
    ConsumerSchedule s(Behaviour::stopped, scenario());
    for (std::int64_t tick = 1; tick <= 3; ++tick) CHECK(offsets(s.on_tick(tick, marks_at(tick))).size() == 2);
    const auto left = s.on_tick(4, marks_at(4));
    CHECK(left.leaves);
    CHECK(left.commits.empty());
    CHECK_FALSE(s.has_member());
    for (std::int64_t tick = 5; tick <= 10; ++tick) {
      const auto a = s.on_tick(tick, marks_at(tick));
      CHECK(a.commits.empty());
      CHECK_FALSE(a.leaves);
    }
  }

  TEST_CASE("stalled: keeps up for stall_after ticks, then commits the same offsets at every tick") {
    ConsumerSchedule s(Behaviour::stalled, scenario());
    CHECK(offsets(s.on_tick(1, marks_at(1))) == std::vector<std::int64_t>{110, 110});
    CHECK(offsets(s.on_tick(2, marks_at(2))) == std::vector<std::int64_t>{120, 120});
    for (std::int64_t tick = 3; tick <= 10; ++tick) {
      CHECK(offsets(s.on_tick(tick, marks_at(tick))) == std::vector<std::int64_t>{120, 120});
    }
    CHECK(s.has_member());
  }

  TEST_CASE("partitions appear as the high-water marks name them, topics in name order") {
    ConsumerSchedule s(Behaviour::healthy, scenario());
    const auto a = s.on_tick(1, {{"orders", {5}}, {"clicks", {7, 8}}});
    CHECK(a.commits == std::vector<PartitionCommit>{{.topic = "clicks", .partition = 0, .offset = 7},
                                                    {.topic = "clicks", .partition = 1, .offset = 8},
                                                    {.topic = "orders", .partition = 0, .offset = 5}});
  }

  TEST_CASE("the default scenario: four groups, each with the status it must reach") {
    const Scenario s = default_scenario();
    REQUIRE(s.groups.size() == 4);
    CHECK(s.groups[0].name == "demo-healthy");
    CHECK(s.groups[1].name == "demo-slow");
    CHECK(s.groups[2].name == "demo-stopped");
    CHECK(s.groups[3].name == "demo-stalled");
    CHECK(s.slow_consume_per_tick < s.produce_per_tick);
    CHECK(s.prefill > 0);  // the slow and stalled groups start with lag
  }
}
