#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/kafka/byte_reader.hpp"

namespace warren::kafka {

// Appends Kafka's primitive types to a buffer, big-endian, in the encodings ByteReader reads (see
// there): the requests warren sends itself, and the records the mock cluster and tests write.
class ByteWriter {
 public:
  ByteWriter& int8(std::int8_t value);
  ByteWriter& int16(std::int16_t value);
  ByteWriter& int32(std::int32_t value);
  ByteWriter& int64(std::int64_t value);
  ByteWriter& uvarint(std::uint32_t value);
  ByteWriter& string(std::string_view value);  // int16 length
  ByteWriter& nullable_string(const std::optional<std::string>& value);
  ByteWriter& compact_string(std::string_view value);  // uvarint length + 1
  ByteWriter& compact_nullable_string(const std::optional<std::string>& value);
  ByteWriter& bytes(std::span<const std::byte> value);  // int32 length
  ByteWriter& compact_bytes(std::span<const std::byte> value);
  ByteWriter& uuid(const Uuid& value);
  ByteWriter& array_count(std::int32_t count);
  ByteWriter& compact_array_count(std::size_t count);
  // A tagged-field section: (tag, data) pairs, in the order given.
  ByteWriter& tagged_fields(const std::vector<std::pair<std::uint32_t, std::vector<std::byte>>>& fields = {});
  ByteWriter& raw(std::span<const std::byte> value);

  const std::vector<std::byte>& data() const { return data_; }
  std::vector<std::byte> take() { return std::move(data_); }
  // A request as sent: an int32 size, then what was written.
  std::vector<std::byte> take_size_prefixed();

 private:
  std::vector<std::byte> data_;
};

}  // namespace warren::kafka
