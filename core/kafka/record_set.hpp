// RecordSetReader: the records of a fetched record set (the `records` bytes of one partition in a
// FetchResponse), read in place: keys and values are views into the response buffer, nothing is
// allocated per record.
//
// Only what the offsets topic is written as is read here: v2 record batches (magic 2), without
// compression. A compressed batch, an older message set or a batch cut short by the fetch size
// ends the walk at that batch's first offset; the caller reads on from there another way
// (librdkafka). Control batches (transaction markers) are skipped, as a consumer does; records
// below `from` in the first batch — a fetch returns the whole batch holding its offset — too.
//
// Batch layout (Kafka's DefaultRecordBatch): base offset i64, batch length i32 (bytes after this
// field), leader epoch i32, magic i8, crc u32, attributes i16 (bits 0-2 compression, bit 5
// control), last offset delta i32, base and max timestamps i64, producer id i64, producer epoch
// i16, base sequence i32, record count i32, records. A record: length, attributes i8, timestamp
// delta, offset delta, key length, key, value length, value, header count, headers; every length
// and delta a zig-zag varint, -1 lengths meaning null.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace warren::kafka {

struct RawRecord {
  std::int64_t offset{0};
  std::optional<std::span<const std::byte>> key;    // nullopt: null key
  std::optional<std::span<const std::byte>> value;  // nullopt: null value (a tombstone)
};

enum class RecordSetEnd {
  complete,    // every byte read
  partial,     // the last batch was cut short by the fetch size
  compressed,  // a compressed batch: read it another way
  old_format,  // a message set older than v2: read it another way
  malformed,   // a batch header that cannot be right; the rest of the set is not read
};

std::string to_string(RecordSetEnd end);

class RecordSetReader {
 public:
  RecordSetReader(std::span<const std::byte> data, std::int64_t from) noexcept : data_(data), next_offset_(from) {}

  // The next record at or after `from`, or nullopt once the set ends (see end()).
  std::optional<RawRecord> next();

  RecordSetEnd end() const noexcept { return end_; }
  // Where reading should go on: after the last batch read whole, or at the batch it stopped at.
  std::int64_t next_offset() const noexcept { return next_offset_; }
  // Walks the remaining batch headers only, without their records: how far a set reaches.
  void skip_to_end() {
    in_batch_ = false;
    while (open_batch()) in_batch_ = false;
  }
  // Records inside batches that could not be decoded (the rest of such a batch is skipped).
  std::uint64_t malformed_records() const noexcept { return malformed_records_; }
  // Whole batches walked, control batches included.
  std::uint64_t batches() const noexcept { return batches_; }

 private:
  bool open_batch();                       // positions on the next usable batch; false at the end of the set
  std::optional<RawRecord> read_record();  // the record at cursor_; nullopt when it does not decode

  std::span<const std::byte> data_;
  std::size_t pos_{0};        // start of the next batch in data_
  std::size_t cursor_{0};     // next record within the open batch
  std::size_t batch_end_{0};  // end of the open batch
  std::int64_t base_offset_{0};
  std::int64_t skip_below_{0};  // records of the open batch below this were asked not to be read
  std::int32_t records_left_{0};
  bool in_batch_{false};
  std::int64_t next_offset_;
  RecordSetEnd end_{RecordSetEnd::complete};
  std::uint64_t malformed_records_{0};
  std::uint64_t batches_{0};
};

}  // namespace warren::kafka
