// Burrow's JSON objects written with GoJson, field for field in Burrow HEAD's order
// (reference/burrow.md §1.3): ConsumerOffset, PartitionStatus, ConsumerGroupStatus,
// ConsumerPartition, and the response envelope.
#pragma once

#include <string>
#include <string_view>

#include "core/eval/group_status.hpp"
#include "core/store/snapshot.hpp"
#include "server/go_json.hpp"

namespace warren::server {

void write_consumer_offset(GoJson& j, const model::CommitSlot& c);
void write_partition_status(GoJson& j, const eval::PartitionStatus& p);
// `only_not_ok`: /status shows only partitions whose status is worse than OK.
void write_group_status(GoJson& j, const eval::GroupStatus& g, bool only_not_ok);
void write_consumer_partition(GoJson& j, const store::PartitionSnapshot& p);

// `{"error":E,"message":M,` — the caller writes the payload key(s), then close_envelope().
void open_envelope(GoJson& j, bool error, std::string_view message);
// `"request":{"url":U,"host":H}}`
void close_envelope(GoJson& j, std::string_view url, std::string_view host);

}  // namespace warren::server
