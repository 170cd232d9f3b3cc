// One batch of line protocol for the execd plugin (DESIGN.md §8): the measurements, tags and
// fields of Telegraf's inputs.burrow (reference/telegraf.md §2.2) — burrow_group,
// burrow_partition, burrow_topic — plus warren_cluster with the sources' health. Every line of a
// batch carries the same timestamp.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/base/clock.hpp"
#include "core/base/result.hpp"
#include "core/config/config.hpp"
#include "core/engine/engine.hpp"
#include "core/kafka/source_set.hpp"
#include "core/model/status.hpp"
#include "core/store/group_filter.hpp"

namespace warren::plugin {

struct BatchFilter {
  store::GroupFilter clusters;
  store::GroupFilter groups;
  store::GroupFilter topics;  // burrow_partition and burrow_topic rows; not the group aggregates
  bool emit_group{true};
  bool emit_partition{true};
  bool emit_topic{true};
  bool emit_cluster{true};
  bool emit_ok_partitions{true};
  // Consumer (offsets reader) name → its cluster, for warren_cluster's counters.
  std::map<std::string, std::string> consumer_clusters;

  // Fails with the RE2 message when an include/exclude expression does not compile.
  static Result<BatchFilter> create(const config::ExecdConfig& execd);
  void set_consumers(const std::vector<config::ConsumerConfig>& consumers);
};

// Telegraf's status_code numbers (OK=1, NOT_FOUND=2, WARN=3, ERR=4, STOP=5, STALL=6), plus REWIND=7.
int telegraf_status_code(model::Status status) noexcept;

// `sources` may be null (no cluster health: warren_cluster counters are 0).
std::string render_batch(engine::Engine& engine, const kafka::SourceSet* sources, const BatchFilter& filter,
                         TimePoint now);

}  // namespace warren::plugin
