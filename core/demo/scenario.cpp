#include "core/demo/scenario.hpp"

namespace warren::demo {

Scenario default_scenario() {
  using model::Status;
  Scenario s;
  s.topics = {{.name = "orders", .partitions = 3}, {.name = "clicks", .partitions = 2}};
  s.groups = {
      {.name = "demo-healthy",
       .behaviour = Behaviour::healthy,
       .client_id = "billing",
       .host = "/127.0.0.1",
       .expected_group = Status::ok,
       .expected_partition = Status::ok},
      {.name = "demo-slow",
       .behaviour = Behaviour::slow,
       .client_id = "analytics",
       .host = "/127.0.0.2",
       .expected_group = Status::warn,
       .expected_partition = Status::warn},
      {.name = "demo-stopped",
       .behaviour = Behaviour::stopped,
       .client_id = "mailer",
       .host = "/127.0.0.3",
       .expected_group = Status::err,
       .expected_partition = Status::stop},
      {.name = "demo-stalled",
       .behaviour = Behaviour::stalled,
       .client_id = "indexer",
       .host = "/127.0.0.4",
       .expected_group = Status::err,
       .expected_partition = Status::stall},
  };
  return s;
}

std::string_view to_string(Behaviour behaviour) noexcept {
  switch (behaviour) {
    case Behaviour::healthy: return "healthy";
    case Behaviour::slow: return "slow";
    case Behaviour::stopped: return "stopped";
    case Behaviour::stalled: return "stalled";
  }
  return "unknown";
}

}  // namespace warren::demo
