#include "core/kafka/record_set.hpp"

#include <algorithm>

namespace warren::kafka {

namespace {

constexpr std::size_t kLogOverhead = 12;      // base offset + batch length
constexpr std::size_t kBatchHeaderSize = 61;  // through the record count
constexpr std::size_t kMagicAt = 16;
constexpr std::size_t kAttributesAt = 21;
constexpr std::size_t kLastOffsetDeltaAt = 23;
constexpr std::size_t kRecordCountAt = 57;
constexpr int kCompressionMask = 0x07;
constexpr int kControlBit = 0x20;

template <typename T>
T big_endian(std::span<const std::byte> data, std::size_t at) {
  std::make_unsigned_t<T> v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i)
    v = static_cast<decltype(v)>((v << 8) | std::to_integer<unsigned>(data[at + i]));
  return static_cast<T>(v);
}

// A zig-zag varint of at most `max_bytes` bytes (5 for varint, 10 for varlong), within [pos, end).
bool read_varint(std::span<const std::byte> data, std::size_t& pos, std::size_t end, int max_bytes, std::int64_t& out) {
  std::uint64_t raw = 0;
  for (int i = 0; i < max_bytes; ++i) {
    if (pos >= end) return false;
    const auto b = std::to_integer<std::uint64_t>(data[pos++]);
    raw |= (b & 0x7F) << (7 * i);
    if ((b & 0x80) == 0) {
      out = static_cast<std::int64_t>(raw >> 1) ^ -static_cast<std::int64_t>(raw & 1);
      return true;
    }
  }
  return false;
}

// A varint-length byte field: -1 is null.
bool read_field(std::span<const std::byte> data, std::size_t& pos, std::size_t end,
                std::optional<std::span<const std::byte>>& out) {
  std::int64_t len = 0;
  if (!read_varint(data, pos, end, 5, len) || len < -1) return false;
  if (len == -1) {
    out.reset();
    return true;
  }
  if (static_cast<std::uint64_t>(len) > end - pos) return false;
  out = data.subspan(pos, static_cast<std::size_t>(len));
  pos += static_cast<std::size_t>(len);
  return true;
}

}  // namespace

std::string to_string(RecordSetEnd end) {
  switch (end) {
    case RecordSetEnd::complete: return "complete";
    case RecordSetEnd::partial: return "partial batch";
    case RecordSetEnd::compressed: return "compressed batch";
    case RecordSetEnd::old_format: return "message format before v2";
    case RecordSetEnd::malformed: return "malformed batch";
  }
  return "unknown";
}

bool RecordSetReader::open_batch() {
  while (true) {
    const std::size_t left = data_.size() - pos_;
    if (left == 0) {
      end_ = RecordSetEnd::complete;
      return false;
    }
    if (left < kLogOverhead) {
      end_ = RecordSetEnd::partial;
      return false;
    }
    const auto base = big_endian<std::int64_t>(data_, pos_);
    const auto length = big_endian<std::int32_t>(data_, pos_ + 8);
    if (length < 0) {
      end_ = RecordSetEnd::malformed;
      return false;
    }
    const std::size_t size = kLogOverhead + static_cast<std::size_t>(length);
    if (left < size || left <= kMagicAt) {
      end_ = RecordSetEnd::partial;
      return false;
    }
    if (std::to_integer<int>(data_[pos_ + kMagicAt]) != 2) {
      end_ = RecordSetEnd::old_format;
      next_offset_ = std::max(next_offset_, base);
      return false;
    }
    if (size < kBatchHeaderSize) {
      end_ = RecordSetEnd::malformed;
      return false;
    }
    const auto attributes = big_endian<std::int16_t>(data_, pos_ + kAttributesAt);
    const auto last_delta = big_endian<std::int32_t>(data_, pos_ + kLastOffsetDeltaAt);
    const auto count = big_endian<std::int32_t>(data_, pos_ + kRecordCountAt);
    if (last_delta < 0 || count < 0) {
      end_ = RecordSetEnd::malformed;
      return false;
    }
    const std::int64_t last_offset = base + last_delta;
    if ((attributes & kCompressionMask) != 0) {
      // Reading on from the batch's first offset not yet read keeps every record exactly once.
      end_ = RecordSetEnd::compressed;
      next_offset_ = std::max(next_offset_, base);
      return false;
    }
    const std::size_t start = pos_;
    pos_ += size;
    ++batches_;
    if (last_offset < next_offset_) continue;  // wholly before where reading starts
    const std::int64_t from = next_offset_;
    next_offset_ = last_offset + 1;
    if ((attributes & kControlBit) != 0 || count == 0) continue;
    cursor_ = start + kBatchHeaderSize;
    batch_end_ = start + size;
    base_offset_ = base;
    records_left_ = count;
    skip_below_ = from;
    in_batch_ = true;
    return true;
  }
}

std::optional<RawRecord> RecordSetReader::read_record() {
  std::int64_t length = 0;
  std::size_t pos = cursor_;
  if (!read_varint(data_, pos, batch_end_, 5, length) || length <= 0 ||
      static_cast<std::uint64_t>(length) > batch_end_ - pos) {
    return std::nullopt;
  }
  const std::size_t record_end = pos + static_cast<std::size_t>(length);
  ++pos;  // attributes: unused
  std::int64_t timestamp_delta = 0;
  std::int64_t offset_delta = 0;
  RawRecord record;
  if (!read_varint(data_, pos, record_end, 10, timestamp_delta) ||
      !read_varint(data_, pos, record_end, 5, offset_delta) || !read_field(data_, pos, record_end, record.key) ||
      !read_field(data_, pos, record_end, record.value)) {
    return std::nullopt;
  }
  cursor_ = record_end;
  record.offset = base_offset_ + offset_delta;
  return record;
}

std::optional<RawRecord> RecordSetReader::next() {
  while (true) {
    if (!in_batch_ && !open_batch()) return std::nullopt;
    while (records_left_ > 0) {
      auto record = read_record();
      if (!record) {
        // A record that cannot be decoded: the rest of its batch goes with it.
        malformed_records_ += static_cast<std::uint64_t>(records_left_);
        records_left_ = 0;
        break;
      }
      --records_left_;
      if (record->offset >= skip_below_) return record;
    }
    in_batch_ = false;
  }
}

}  // namespace warren::kafka
