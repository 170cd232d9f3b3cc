// The demo's scenario: the topics a producer writes to, and the consumer groups that play the cases
// operators meet (DESIGN.md §1) — one that keeps up, one too slow, one that stopped, one stuck on an
// offset — with the status each must reach under Burrow's rules. A plain value: the simulation
// plays it against the embedded cluster, and unit tests play it against the store and evaluator
// in virtual time.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/status.hpp"

namespace warren::demo {

enum class Behaviour : std::uint8_t {
  healthy,  // commits the high-water mark every tick: lag returns to zero
  slow,     // consumes fewer records per tick than are written, commits every few ticks
  stopped,  // healthy for a while, then leaves the group and never commits again
  stalled,  // healthy for a while, then commits the same offset every tick
};

struct TopicSpec {
  std::string name;
  std::int32_t partitions{1};
};

struct GroupSpec {
  std::string name;
  Behaviour behaviour{Behaviour::healthy};
  std::string client_id;  // shown as the partitions' client_id
  std::string host;       // shown as the partitions' owner, as Kafka writes it ("/127.0.0.1")
  model::Status expected_group{model::Status::ok};
  model::Status expected_partition{model::Status::ok};
};

struct Scenario {
  std::vector<TopicSpec> topics;
  std::vector<GroupSpec> groups;  // every group consumes every partition of every topic
  std::chrono::milliseconds tick{1000};
  std::int64_t prefill{100};          // records per partition written before the first tick
  std::int64_t produce_per_tick{10};  // records per partition written at every tick
  std::int64_t slow_consume_per_tick{3};
  std::int64_t slow_commit_every{4};  // ticks; lag must grow by more between commits than the
                                      // high-water marks warren sees can lag behind
  std::int64_t stop_after{15};        // ticks the stopped group commits before it leaves
  std::int64_t stall_after{5};        // ticks the stalled group progresses before it sticks
  std::int32_t offsets_partitions{4};
};

// The scenario `warren demo` plays: topics `orders` and `clicks`, groups demo-healthy (OK),
// demo-slow (WARN), demo-stopped (ERR, partitions STOP) and demo-stalled (ERR, partitions STALL).
Scenario default_scenario();

std::string_view to_string(Behaviour behaviour) noexcept;

}  // namespace warren::demo
