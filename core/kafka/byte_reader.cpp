#include "core/kafka/byte_reader.hpp"

#include <type_traits>
#include <utility>

namespace warren::kafka {

std::string uuid_to_string(const Uuid& id) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve(22);
  std::size_t i = 0;
  for (; i + 3 <= id.size(); i += 3) {
    const std::uint32_t chunk = (std::uint32_t{id[i]} << 16) | (std::uint32_t{id[i + 1]} << 8) | id[i + 2];
    out += kAlphabet[(chunk >> 18) & 0x3F];
    out += kAlphabet[(chunk >> 12) & 0x3F];
    out += kAlphabet[(chunk >> 6) & 0x3F];
    out += kAlphabet[chunk & 0x3F];
  }
  // 16 bytes leave one byte: two characters, no padding.
  const std::uint32_t last = std::uint32_t{id[i]} << 16;
  out += kAlphabet[(last >> 18) & 0x3F];
  out += kAlphabet[(last >> 12) & 0x3F];
  return out;
}

Error with_context(Error error, std::string_view context) {
  error.message.insert(0, context);
  return error;
}

Error ByteReader::fail(std::string_view field, std::string_view problem) const {
  std::string message{field};
  message += ": ";
  message += problem;
  return make_error(ErrorCode::malformed, std::move(message));
}

Error ByteReader::short_read(std::string_view field, std::size_t needed) const {
  return fail(field, "needs " + std::to_string(needed) + " bytes, " + std::to_string(remaining()) + " remaining");
}

template <typename T>
Result<T> ByteReader::read_big_endian(std::string_view field) {
  static_assert(std::is_integral_v<T>);
  if (remaining() < sizeof(T)) return short_read(field, sizeof(T));
  using Unsigned = std::make_unsigned_t<T>;
  Unsigned value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    value = static_cast<Unsigned>((value << 8) | std::to_integer<std::uint8_t>(data_[pos_ + i]));
  }
  pos_ += sizeof(T);
  return static_cast<T>(value);  // two's complement conversion is defined since C++20
}

Result<std::int8_t> ByteReader::read_int8(std::string_view field) { return read_big_endian<std::int8_t>(field); }
Result<std::int16_t> ByteReader::read_int16(std::string_view field) { return read_big_endian<std::int16_t>(field); }
Result<std::uint16_t> ByteReader::read_uint16(std::string_view field) { return read_big_endian<std::uint16_t>(field); }
Result<std::int32_t> ByteReader::read_int32(std::string_view field) { return read_big_endian<std::int32_t>(field); }
Result<std::int64_t> ByteReader::read_int64(std::string_view field) { return read_big_endian<std::int64_t>(field); }

Result<std::uint32_t> ByteReader::read_uvarint(std::string_view field) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    if (pos_ + i >= data_.size()) return fail(field, "varint truncated after " + std::to_string(i) + " bytes");
    const auto byte = std::to_integer<std::uint8_t>(data_[pos_ + i]);
    if (i == 4) {
      if ((byte & 0x80) != 0) return fail(field, "varint longer than 5 bytes");
      if (byte > 0x0F) return fail(field, "varint overflows 32 bits");
    }
    value |= static_cast<std::uint32_t>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) {
      pos_ += i + 1;
      return value;
    }
  }
  return value;  // unreachable: the fifth byte either ends the varint or fails above
}

Result<std::string> ByteReader::take_text(std::size_t length, std::size_t rewind_to, std::string_view field) {
  if (length > remaining()) {
    const auto available = remaining();
    pos_ = rewind_to;
    return fail(field,
                "length " + std::to_string(length) + " exceeds " + std::to_string(available) + " remaining bytes");
  }
  std::string text(reinterpret_cast<const char*>(data_.data() + pos_), length);
  pos_ += length;
  return text;
}

Result<std::span<const std::byte>> ByteReader::take_span(std::size_t length, std::size_t rewind_to,
                                                         std::string_view field) {
  if (length > remaining()) {
    const auto available = remaining();
    pos_ = rewind_to;
    return fail(field,
                "length " + std::to_string(length) + " exceeds " + std::to_string(available) + " remaining bytes");
  }
  const auto view = data_.subspan(pos_, length);
  pos_ += length;
  return view;
}

Result<std::string_view> ByteReader::read_string_view(std::string_view field) {
  const auto start = pos_;
  auto length = read_int16(field);
  if (!length) return length.error();
  if (*length < 0) {
    pos_ = start;
    return fail(field, "negative length " + std::to_string(*length) + " for a non-nullable string");
  }
  auto bytes = take_span(static_cast<std::size_t>(*length), start, field);
  if (!bytes) return bytes.error();
  return std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size());
}

Result<std::string> ByteReader::read_string(std::string_view field) {
  auto view = read_string_view(field);
  if (!view) return view.error();
  return std::string(*view);
}

Result<std::optional<std::string>> ByteReader::read_nullable_string(std::string_view field) {
  const auto start = pos_;
  auto length = read_int16(field);
  if (!length) return length.error();
  if (*length == -1) return std::optional<std::string>{};
  if (*length < 0) {
    pos_ = start;
    return fail(field, "invalid length " + std::to_string(*length) + " for a nullable string");
  }
  auto text = take_text(static_cast<std::size_t>(*length), start, field);
  if (!text) return text.error();
  return std::optional<std::string>{std::move(text).value()};
}

Result<std::string> ByteReader::read_compact_string(std::string_view field) {
  const auto start = pos_;
  auto length_plus_one = read_uvarint(field);
  if (!length_plus_one) return length_plus_one.error();
  if (*length_plus_one == 0) {
    pos_ = start;
    return fail(field, "null for a non-nullable compact string");
  }
  return take_text(*length_plus_one - 1, start, field);
}

Result<std::optional<std::string>> ByteReader::read_compact_nullable_string(std::string_view field) {
  const auto start = pos_;
  auto length_plus_one = read_uvarint(field);
  if (!length_plus_one) return length_plus_one.error();
  if (*length_plus_one == 0) return std::optional<std::string>{};
  auto text = take_text(*length_plus_one - 1, start, field);
  if (!text) return text.error();
  return std::optional<std::string>{std::move(text).value()};
}

Result<std::span<const std::byte>> ByteReader::read_bytes(std::string_view field) {
  const auto start = pos_;
  auto length = read_int32(field);
  if (!length) return length.error();
  if (*length < 0) {
    pos_ = start;
    return fail(field, "negative length " + std::to_string(*length) + " for non-nullable bytes");
  }
  return take_span(static_cast<std::size_t>(*length), start, field);
}

Result<std::optional<std::span<const std::byte>>> ByteReader::read_nullable_bytes(std::string_view field) {
  using Out = std::optional<std::span<const std::byte>>;
  const auto start = pos_;
  auto length = read_int32(field);
  if (!length) return length.error();
  if (*length == -1) return Out{};
  if (*length < 0) {
    pos_ = start;
    return fail(field, "invalid length " + std::to_string(*length) + " for nullable bytes");
  }
  auto view = take_span(static_cast<std::size_t>(*length), start, field);
  if (!view) return view.error();
  return Out{*view};
}

Result<std::span<const std::byte>> ByteReader::read_compact_bytes(std::string_view field) {
  const auto start = pos_;
  auto length_plus_one = read_uvarint(field);
  if (!length_plus_one) return length_plus_one.error();
  if (*length_plus_one == 0) {
    pos_ = start;
    return fail(field, "null for non-nullable compact bytes");
  }
  return take_span(*length_plus_one - 1, start, field);
}

Result<std::span<const std::byte>> ByteReader::read_raw(std::size_t size, std::string_view field) {
  if (size > remaining()) return short_read(field, size);
  return take_span(size, pos_, field);
}

Result<Uuid> ByteReader::read_uuid(std::string_view field) {
  if (remaining() < 16) return short_read(field, 16);
  Uuid id{};
  for (std::size_t i = 0; i < id.size(); ++i) id[i] = std::to_integer<std::uint8_t>(data_[pos_ + i]);
  pos_ += id.size();
  return id;
}

Result<std::size_t> ByteReader::read_array_count(std::string_view field, std::size_t min_element_size) {
  const auto start = pos_;
  auto count = read_int32(field);
  if (!count) return count.error();
  if (*count < 0) {
    pos_ = start;
    return fail(field, "invalid count " + std::to_string(*count) + " for a non-nullable array");
  }
  const auto n = static_cast<std::size_t>(*count);
  if (min_element_size != 0 && n > remaining() / min_element_size) {
    const auto available = remaining();
    pos_ = start;
    return fail(field,
                "count " + std::to_string(n) + " cannot fit in " + std::to_string(available) + " remaining bytes");
  }
  return n;
}

Result<std::size_t> ByteReader::read_compact_array_count(std::string_view field, std::size_t min_element_size) {
  const auto start = pos_;
  auto count_plus_one = read_uvarint(field);
  if (!count_plus_one) return count_plus_one.error();
  if (*count_plus_one == 0) {
    pos_ = start;
    return fail(field, "null for a non-nullable compact array");
  }
  const std::size_t n = *count_plus_one - 1;
  if (min_element_size != 0 && n > remaining() / min_element_size) {
    const auto available = remaining();
    pos_ = start;
    return fail(field,
                "count " + std::to_string(n) + " cannot fit in " + std::to_string(available) + " remaining bytes");
  }
  return n;
}

Result<std::vector<std::int32_t>> ByteReader::read_int32_array(std::string_view field) {
  // The count check guarantees every element is present, so the element reads cannot fail.
  auto count = read_array_count(field, sizeof(std::int32_t));
  if (!count) return count.error();
  std::vector<std::int32_t> values;
  values.reserve(*count);
  for (std::size_t i = 0; i < *count; ++i) values.push_back(*read_int32(field));
  return values;
}

Result<std::vector<std::int32_t>> ByteReader::read_compact_int32_array(std::string_view field) {
  auto count = read_compact_array_count(field, sizeof(std::int32_t));
  if (!count) return count.error();
  std::vector<std::int32_t> values;
  values.reserve(*count);
  for (std::size_t i = 0; i < *count; ++i) values.push_back(*read_int32(field));
  return values;
}

Result<std::size_t> ByteReader::skip_tagged_fields(std::string_view field) {
  const auto start = pos_;
  auto count = read_uvarint(field);
  if (!count) return count.error();
  for (std::uint32_t i = 0; i < *count; ++i) {
    auto tag = read_uvarint(field);
    auto size = tag ? read_uvarint(field) : tag;
    if (!size) {
      pos_ = start;
      return size.error();
    }
    if (*size > remaining()) {
      const auto available = remaining();
      pos_ = start;
      return fail(field, "tag " + std::to_string(*tag) + " size " + std::to_string(*size) + " exceeds " +
                             std::to_string(available) + " remaining bytes");
    }
    pos_ += *size;
  }
  return static_cast<std::size_t>(*count);
}

}  // namespace warren::kafka
