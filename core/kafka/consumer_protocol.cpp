#include "core/kafka/consumer_protocol.hpp"

#include <string>
#include <utility>

#include "core/kafka/byte_reader.hpp"

namespace warren::kafka {

Result<std::vector<TopicPartitions>> decode_consumer_protocol_assignment(std::span<const std::byte> bytes) {
  if (bytes.empty()) return std::vector<TopicPartitions>{};
  ByteReader reader(bytes);
  auto version = reader.read_int16("version");
  if (!version) return version.error();
  // Kafka's ConsumerProtocol rejects negative versions (Burrow: "consumer_protocol_version").
  if (*version < 0) {
    return make_error(ErrorCode::malformed, "version: negative consumer protocol version " + std::to_string(*version));
  }
  // Smallest topic entry: an empty topic name (2 bytes) and an empty partition array (4 bytes).
  auto count = reader.read_array_count("topics", 6);
  if (!count) return count.error();
  std::vector<TopicPartitions> topics;
  topics.reserve(*count);
  for (std::size_t i = 0; i < *count; ++i) {
    auto topic = reader.read_string("topic");
    if (!topic) return with_context(topic.error(), "topic " + std::to_string(i) + ": ");
    auto partitions = reader.read_int32_array("partitions");
    if (!partitions) return with_context(partitions.error(), "topic " + std::to_string(i) + ": ");
    topics.push_back(TopicPartitions{.topic = std::move(topic).value(), .partitions = std::move(partitions).value()});
  }
  return topics;
}

}  // namespace warren::kafka
