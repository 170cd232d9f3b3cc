// The report of `warren check`: every selected group's evaluation, rendered as a table for
// terminals or as JSON for scripts and tests, and the Nagios-style exit code of the worst group.
#pragma once

#include <string>
#include <vector>

#include "core/eval/group_status.hpp"

namespace warren::plugin {

struct ClusterReport {
  std::string cluster;
  bool reachable{false};                  // the cluster source has refreshed at least once
  bool caught_up{false};                  // every offsets-topic reader has read its backlog
  std::vector<eval::GroupStatus> groups;  // sorted by group name
};

// 0 every group OK, 1 some WARN, 2 some ERR, 3 nothing known (no group, or a cluster unreachable).
int exit_code(const std::vector<ClusterReport>& report);

std::string render_json(const std::vector<ClusterReport>& report);
std::string render_table(const std::vector<ClusterReport>& report);

}  // namespace warren::plugin
