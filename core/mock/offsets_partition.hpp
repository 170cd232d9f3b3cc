// Which __consumer_offsets partition holds a group's records: the partition Kafka's group
// coordinator picks (GroupMetadataManager.partitionFor), so that every record of one group lands in
// one partition, in order, as on a real broker. The demo and the mock-cluster tool place records
// with it.
#pragma once

#include <cstdint>
#include <string_view>

namespace warren::mock {

// abs(groupId.hashCode()) % partitions, with Java's String.hashCode over UTF-16 code units (the
// group is UTF-8 here) and Kafka's Utils.abs, which maps Integer.MIN_VALUE to 0. `partitions` > 0.
std::int32_t offsets_partition_for(std::string_view group, std::int32_t partitions);

}  // namespace warren::mock
