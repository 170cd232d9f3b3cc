// ByteReader: a bounds-checked cursor over Kafka's binary encodings (big-endian integers, unsigned
// varints, classic and compact strings/bytes/arrays, UUIDs, tagged fields).
//
// Contract: no read throws, reads past the end, or moves the cursor when it fails. Every failure
// is an Error{ErrorCode::malformed} whose message starts with the field name the caller passed,
// e.g. "metadata: length 40 exceeds 12 remaining bytes", so a decoder can report which field of
// which record was broken without any bookkeeping of its own.
//
// Encodings follow the Kafka protocol guide ("Protocol Primitive Types"):
// - STRING: int16 length then bytes; -1 is null (only legal for nullable fields).
// - COMPACT_STRING: unsigned varint (length + 1) then bytes; 0 is null.
// - BYTES: int32 length; COMPACT_BYTES: unsigned varint (length + 1).
// - ARRAY: int32 count (-1 null); COMPACT_ARRAY: unsigned varint (count + 1), 0 null.
// - TAGGED_FIELDS: unsigned varint count, then per field tag (uvarint), size (uvarint), data.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.hpp"

namespace warren::kafka {

// A Kafka UUID (topic id) as its 16 raw bytes, most significant first.
using Uuid = std::array<std::uint8_t, 16>;

// Kafka's text form of a UUID: URL-safe base64 without padding (22 characters), as the broker logs
// and the admin tools print topic ids.
std::string uuid_to_string(const Uuid& id);

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::byte> data) noexcept : data_(data) {}

  std::size_t position() const noexcept { return pos_; }
  std::size_t remaining() const noexcept { return data_.size() - pos_; }
  bool at_end() const noexcept { return pos_ == data_.size(); }

  Result<std::int8_t> read_int8(std::string_view field);
  Result<std::int16_t> read_int16(std::string_view field);
  Result<std::uint16_t> read_uint16(std::string_view field);
  Result<std::int32_t> read_int32(std::string_view field);
  Result<std::int64_t> read_int64(std::string_view field);

  // At most 5 bytes; a fifth byte that would carry bits beyond 32 is rejected. Non-minimal
  // encodings (e.g. 0x80 0x00) are accepted, as Kafka's own reader accepts them.
  Result<std::uint32_t> read_uvarint(std::string_view field);

  Result<std::string> read_string(std::string_view field);
  // The same text as a view into the reader's input, valid as long as that input is.
  Result<std::string_view> read_string_view(std::string_view field);
  Result<std::optional<std::string>> read_nullable_string(std::string_view field);
  Result<std::string> read_compact_string(std::string_view field);
  Result<std::optional<std::string>> read_compact_nullable_string(std::string_view field);

  // Byte fields are returned as views into the reader's input, valid as long as that input is.
  Result<std::span<const std::byte>> read_bytes(std::string_view field);
  Result<std::optional<std::span<const std::byte>>> read_nullable_bytes(std::string_view field);
  Result<std::span<const std::byte>> read_compact_bytes(std::string_view field);
  Result<std::span<const std::byte>> read_raw(std::size_t size, std::string_view field);

  Result<Uuid> read_uuid(std::string_view field);

  // Element counts of non-nullable arrays. `min_element_size` is the fewest bytes one element can
  // take; a count that cannot fit in the remaining bytes is rejected up front, so a hostile count
  // never makes a caller reserve gigabytes.
  Result<std::size_t> read_array_count(std::string_view field, std::size_t min_element_size);
  Result<std::size_t> read_compact_array_count(std::string_view field, std::size_t min_element_size);

  Result<std::vector<std::int32_t>> read_int32_array(std::string_view field);
  Result<std::vector<std::int32_t>> read_compact_int32_array(std::string_view field);

  // Skips a tagged-field section and returns how many fields it held.
  Result<std::size_t> skip_tagged_fields(std::string_view field);

 private:
  Error fail(std::string_view field, std::string_view problem) const;
  Error short_read(std::string_view field, std::size_t needed) const;
  template <typename T>
  Result<T> read_big_endian(std::string_view field);
  // Reads `length` bytes as text; the cursor is restored to `rewind_to` on failure.
  Result<std::string> take_text(std::size_t length, std::size_t rewind_to, std::string_view field);
  Result<std::span<const std::byte>> take_span(std::size_t length, std::size_t rewind_to, std::string_view field);

  std::span<const std::byte> data_;
  std::size_t pos_{0};
};

// Prefixes an error's message with a context such as "offset commit value v3: " or "member 2: ".
Error with_context(Error error, std::string_view context);

}  // namespace warren::kafka
