#include "plugin/demo_banner.hpp"

#include <fmt/core.h>

namespace warren::plugin {

namespace {

std::string seconds(std::chrono::milliseconds d) {
  return d.count() % 1000 == 0 ? fmt::format("{} s", d.count() / 1000) : fmt::format("{} ms", d.count());
}

std::string what_it_does(const demo::GroupSpec& g, const demo::Scenario& s) {
  switch (g.behaviour) {
    case demo::Behaviour::healthy: return fmt::format("keeps up, commits every {}", seconds(s.tick));
    case demo::Behaviour::slow:
      return fmt::format("reads {} of every {} records, commits every {}", s.slow_consume_per_tick, s.produce_per_tick,
                         seconds(s.tick * s.slow_commit_every));
    case demo::Behaviour::stopped:
      return fmt::format("leaves after {}, commits no more", seconds(s.tick * s.stop_after));
    case demo::Behaviour::stalled: return fmt::format("stuck on one offset after {}", seconds(s.tick * s.stall_after));
  }
  return "";
}

}  // namespace

std::string listener_url(const std::string& host, int port) {
  std::string shown = host;
  if (shown.empty() || shown == "0.0.0.0" || shown == "::") shown = "localhost";
  if (shown.find(':') != std::string::npos) shown = "[" + shown + "]";
  return fmt::format("http://{}:{}", shown, port);
}

std::string demo_banner(const demo::Scenario& scenario, const std::string& cluster, const std::string& bootstraps,
                        const std::string& url, std::chrono::milliseconds print_interval) {
  std::string topics;
  for (const auto& t : scenario.topics) {
    topics += fmt::format("{}{} ({} partitions)", topics.empty() ? "" : ", ", t.name, t.partitions);
  }
  std::string out = fmt::format(
      "warren demo: embedded Kafka cluster \"{}\" on {}\n"
      "  topics {}: {} records per partition every {}\n",
      cluster, bootstraps, topics, scenario.produce_per_tick, seconds(scenario.tick));
  for (const auto& g : scenario.groups) {
    std::string expected(model::to_string(g.expected_group));
    if (g.expected_partition != g.expected_group) {
      expected += fmt::format(" (partitions {})", model::to_string(g.expected_partition));
    }
    out += fmt::format("  {:<13} {:<46} -> {}\n", g.name, what_it_does(g, scenario), expected);
  }
  const std::string example = scenario.groups.empty() ? "GROUP" : scenario.groups[1 % scenario.groups.size()].name;
  out += fmt::format(
      "Statuses settle within a minute. Try:\n"
      "  curl -s {0}/v3/kafka/{1}/consumer\n"
      "  curl -s {0}/v3/kafka/{1}/consumer/{2}/status\n"
      "  curl -s {0}/v3/kafka/{1}/consumer/{2}/lag\n"
      "  curl -s {0}/metrics\n"
      "Line protocol (burrow_group, burrow_partition, burrow_topic, warren_cluster) follows on stdout every {3}.\n"
      "Ctrl-C stops.\n",
      url, cluster, example, seconds(print_interval));
  return out;
}

}  // namespace warren::plugin
