// libFuzzer target for decode_offsets_record(). The first input byte chooses where the rest is
// split into key and value (255 means "no value", a tombstone); the decoder must never crash,
// read out of bounds or throw, whatever the bytes. Built by tests/fuzz/run_fuzz.sh with
// -fsanitize=fuzzer,address,undefined.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <variant>

#include "core/kafka/offsets_record.hpp"

namespace {

// Touches every decoded string and vector so the sanitizers see any bad buffer.
std::size_t consume(const warren::kafka::OffsetsRecord& record) {
  using namespace warren::kafka;
  std::size_t total = kind_name(record).size();
  if (const auto* commit = std::get_if<OffsetCommit>(&record)) {
    total += commit->group.size() + commit->topic.size();
    if (commit->value) total += commit->value->metadata.size();
  } else if (const auto* group = std::get_if<GroupMetadata>(&record)) {
    if (group->value) {
      for (const auto& member : group->value->members) {
        total += member.member_id.size() + member.client_host.size() + member.assignment_error.size();
        if (member.assignment) {
          for (const auto& topic : *member.assignment) total += topic.topic.size() + topic.partitions.size();
        }
      }
    }
  } else if (const auto* assignment = std::get_if<ConsumerGroupCurrentMemberAssignment>(&record)) {
    if (assignment->value) {
      for (const auto& topic : assignment->value->assigned_partitions) total += topic.partitions.size();
    }
  } else if (const auto* member = std::get_if<ConsumerGroupMemberMetadata>(&record)) {
    if (member->value) {
      for (const auto& topic : member->value->subscribed_topic_names) total += topic.size();
    }
  } else if (const auto* partitions = std::get_if<ConsumerGroupPartitionMetadata>(&record)) {
    if (partitions->value) {
      for (const auto& topic : partitions->value->topics)
        total += topic.topic.size() + uuid_to_string(topic.topic_id).size();
    }
  }
  return total;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto* bytes = reinterpret_cast<const std::byte*>(data + 1);
  const std::size_t rest = size - 1;
  const std::size_t split = data[0] == 255 ? rest : (data[0] < rest ? data[0] : rest);
  const std::span<const std::byte> key(bytes, split);
  std::optional<std::span<const std::byte>> value;
  if (data[0] != 255) value = std::span<const std::byte>(bytes + split, rest - split);

  auto result = warren::kafka::decode_offsets_record(key, value);
  volatile std::size_t sink = result.ok() ? consume(*result) : result.error().message.size();
  (void)sink;
  return 0;
}
