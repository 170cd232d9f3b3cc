#include "core/kafka/byte_writer.hpp"

namespace warren::kafka {

namespace {

std::span<const std::byte> text_bytes(std::string_view text) {
  return {reinterpret_cast<const std::byte*>(text.data()), text.size()};
}

}  // namespace

ByteWriter& ByteWriter::int8(std::int8_t value) {
  data_.push_back(static_cast<std::byte>(value));
  return *this;
}

ByteWriter& ByteWriter::int16(std::int16_t value) {
  const auto u = static_cast<std::uint16_t>(value);
  data_.push_back(static_cast<std::byte>(u >> 8));
  data_.push_back(static_cast<std::byte>(u));
  return *this;
}

ByteWriter& ByteWriter::int32(std::int32_t value) {
  const auto u = static_cast<std::uint32_t>(value);
  for (int shift = 24; shift >= 0; shift -= 8) data_.push_back(static_cast<std::byte>(u >> shift));
  return *this;
}

ByteWriter& ByteWriter::int64(std::int64_t value) {
  const auto u = static_cast<std::uint64_t>(value);
  for (int shift = 56; shift >= 0; shift -= 8) data_.push_back(static_cast<std::byte>(u >> shift));
  return *this;
}

ByteWriter& ByteWriter::uvarint(std::uint32_t value) {
  while (value >= 0x80) {
    data_.push_back(static_cast<std::byte>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  data_.push_back(static_cast<std::byte>(value));
  return *this;
}

ByteWriter& ByteWriter::string(std::string_view value) {
  int16(static_cast<std::int16_t>(value.size()));
  return raw(text_bytes(value));
}

ByteWriter& ByteWriter::nullable_string(const std::optional<std::string>& value) {
  if (!value) return int16(-1);
  return string(*value);
}

ByteWriter& ByteWriter::compact_string(std::string_view value) {
  uvarint(static_cast<std::uint32_t>(value.size() + 1));
  return raw(text_bytes(value));
}

ByteWriter& ByteWriter::compact_nullable_string(const std::optional<std::string>& value) {
  if (!value) return uvarint(0);
  return compact_string(*value);
}

ByteWriter& ByteWriter::bytes(std::span<const std::byte> value) {
  int32(static_cast<std::int32_t>(value.size()));
  return raw(value);
}

ByteWriter& ByteWriter::compact_bytes(std::span<const std::byte> value) {
  uvarint(static_cast<std::uint32_t>(value.size() + 1));
  return raw(value);
}

ByteWriter& ByteWriter::uuid(const Uuid& value) {
  for (auto b : value) data_.push_back(static_cast<std::byte>(b));
  return *this;
}

ByteWriter& ByteWriter::array_count(std::int32_t count) { return int32(count); }

ByteWriter& ByteWriter::compact_array_count(std::size_t count) {
  return uvarint(static_cast<std::uint32_t>(count + 1));
}

ByteWriter& ByteWriter::tagged_fields(const std::vector<std::pair<std::uint32_t, std::vector<std::byte>>>& fields) {
  uvarint(static_cast<std::uint32_t>(fields.size()));
  for (const auto& [tag, field] : fields) {
    uvarint(tag);
    uvarint(static_cast<std::uint32_t>(field.size()));
    raw(field);
  }
  return *this;
}

ByteWriter& ByteWriter::raw(std::span<const std::byte> value) {
  data_.insert(data_.end(), value.begin(), value.end());
  return *this;
}

std::vector<std::byte> ByteWriter::take_size_prefixed() {
  std::vector<std::byte> out = ByteWriter{}.int32(static_cast<std::int32_t>(data_.size())).take();
  out.insert(out.end(), data_.begin(), data_.end());
  data_.clear();
  return out;
}

}  // namespace warren::kafka
