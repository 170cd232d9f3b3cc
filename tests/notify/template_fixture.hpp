// One notification's data for the renderer tests: group grp-bad in ERR with a STOP and a STALL
// partition (and an OK one that .Result.Partitions leaves out). The expected strings in the tests
// were produced by Go 1.26's text/template over Burrow's structs holding the same values
// (tests/notify/go_oracle).
#pragma once

#include <chrono>
#include <memory>

#include "core/eval/group_status.hpp"
#include "core/notify/template_data.hpp"

namespace warren::notify::testing {

inline eval::GroupStatus bad_group() {
  using model::CommitSlot;
  eval::PartitionStatus stop{
      .topic = "orders",
      .partition = 0,
      .member = std::make_shared<const model::Member>(model::Member{.owner = "/10.0.0.1", .client_id = "c1"}),
      .status = model::Status::stop,
      .start = CommitSlot{.offset = 100, .timestamp_ms = 1700000000000, .observed_at_ms = 1700000000100, .lag_raw = 5},
      .end = CommitSlot{.offset = 150, .timestamp_ms = 1700000060000, .observed_at_ms = 1700000060100, .lag_raw = 7},
      .current_lag = 42,
      .complete = 1.0F};
  eval::PartitionStatus stall{
      .topic = "payments<&>",
      .partition = 3,
      .member = nullptr,
      .status = model::Status::stall,
      .start = CommitSlot{.offset = 7, .timestamp_ms = 1700000001000, .observed_at_ms = 0, .lag_raw = 0},
      .end = CommitSlot{.offset = 7, .timestamp_ms = 1700000061000, .observed_at_ms = 0, .lag_raw = 3},
      .current_lag = 3,
      .complete = 2.0F / 3.0F};
  eval::PartitionStatus ok{.topic = "orders", .partition = 1, .status = model::Status::ok, .complete = 1.0F};
  return eval::GroupStatus{.cluster = "local",
                           .group = "grp-bad",
                           .status = model::Status::err,
                           .complete = 1.0F / 3.0F,
                           .partitions = {stop, ok, stall},
                           .partition_count = 4,
                           .maxlag = stop,
                           .totallag = 45};
}

// 2026-11-28 09:05:07.123456789 UTC
inline std::chrono::system_clock::time_point incident_start() {
  return std::chrono::system_clock::time_point{std::chrono::nanoseconds{1795856707123456789}};
}

inline TemplateValue bad_group_data(const eval::GroupStatus& status) {
  return notification_data(NotificationContext{.cluster = "local",
                                               .group = "grp-bad",
                                               .id = "4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab",
                                               .start = incident_start(),
                                               .extras = {{"api_key", "k<1>"}, {"app", "burrow"}, {"tier", "gold"}},
                                               .result = status});
}

}  // namespace warren::notify::testing
