// Internal to core/kafka: the value decoders behind decode_offsets_record(), one per record kind,
// and FieldReader, which reads a field in the classic or the flexible ("compact") encoding.
//
// In a flexible schema version (KIP-482) strings, bytes and arrays carry unsigned-varint lengths
// plus one, and every struct, including each element of an array of structs, ends with a
// tagged-field section. Value decoders below start after the int16 value version.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.hpp"
#include "core/kafka/byte_reader.hpp"
#include "core/kafka/offsets_record.hpp"

namespace warren::kafka::detail {

class FieldReader {
 public:
  FieldReader(ByteReader& reader, bool flexible) noexcept : reader_(reader), flexible_(flexible) {}

  ByteReader& raw() noexcept { return reader_; }

  Result<std::string> string(std::string_view field) {
    return flexible_ ? reader_.read_compact_string(field) : reader_.read_string(field);
  }
  Result<std::optional<std::string>> nullable_string(std::string_view field) {
    return flexible_ ? reader_.read_compact_nullable_string(field) : reader_.read_nullable_string(field);
  }
  Result<std::span<const std::byte>> bytes(std::string_view field) {
    return flexible_ ? reader_.read_compact_bytes(field) : reader_.read_bytes(field);
  }
  Result<std::size_t> array_count(std::string_view field, std::size_t min_element_size) {
    return flexible_ ? reader_.read_compact_array_count(field, min_element_size)
                     : reader_.read_array_count(field, min_element_size);
  }
  Result<std::vector<std::int32_t>> int32_array(std::string_view field) {
    return flexible_ ? reader_.read_compact_int32_array(field) : reader_.read_int32_array(field);
  }
  // The end of a struct: its tagged fields in flexible versions, nothing otherwise.
  Result<std::size_t> end_struct() { return flexible_ ? reader_.skip_tagged_fields("tagged fields") : std::size_t{0}; }
  // Smallest encoded size of an empty string, bytes or array, for array count checks.
  std::size_t min_length_prefix(std::size_t classic_size) const noexcept { return flexible_ ? 1 : classic_size; }

 private:
  ByteReader& reader_;
  bool flexible_;
};

// OffsetCommitValue.json, versions 0..4 (4 is flexible).
inline constexpr std::int16_t kOffsetCommitValueMaxVersion = 4;
Result<OffsetCommitValue> decode_offset_commit_value(ByteReader& reader, std::int16_t version);

// GroupMetadataValue.json, versions 0..4 (4 is flexible).
inline constexpr std::int16_t kGroupMetadataValueMaxVersion = 4;
Result<GroupMetadataValue> decode_group_metadata_value(ByteReader& reader, std::int16_t version);

// KIP-848 values: version 0 only, always flexible.
Result<ConsumerGroupMetadataValue> decode_consumer_group_metadata_value(ByteReader& reader);
Result<ConsumerGroupPartitionMetadataValue> decode_consumer_group_partition_metadata_value(ByteReader& reader);
Result<ConsumerGroupMemberMetadataValue> decode_consumer_group_member_metadata_value(ByteReader& reader);
Result<ConsumerGroupCurrentMemberAssignmentValue> decode_consumer_group_current_member_assignment_value(
    ByteReader& reader);

}  // namespace warren::kafka::detail
