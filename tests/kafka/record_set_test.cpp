// RecordSetReader: record batches v2 built byte by byte here (Kafka's DefaultRecordBatch layout),
// read back record by record: offsets, keys and values byte-exact, where each walk ends and from
// which offset reading goes on.
#include "core/kafka/record_set.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace warren::kafka;

namespace {

using Bytes = std::vector<std::byte>;

template <typename T>
void put(Bytes& out, T value) {
  const auto bits = static_cast<std::make_unsigned_t<T>>(value);
  for (int shift = static_cast<int>(sizeof(T) * 8) - 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<std::byte>((bits >> shift) & 0xFF));
  }
}

// Zig-zag, then base-128 groups, low group first.
void put_varint(Bytes& out, std::int64_t value) {
  auto raw = (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
  while (raw >= 0x80) {
    out.push_back(static_cast<std::byte>((raw & 0x7F) | 0x80));
    raw >>= 7;
  }
  out.push_back(static_cast<std::byte>(raw));
}

void put_text(Bytes& out, const std::string& text) {
  for (char c : text) out.push_back(static_cast<std::byte>(c));
}

void append(Bytes& out, const Bytes& more) { out.insert(out.end(), more.begin(), more.end()); }

void put_field(Bytes& out, const std::optional<std::string>& field) {
  if (!field) {
    put_varint(out, -1);
    return;
  }
  put_varint(out, static_cast<std::int64_t>(field->size()));
  put_text(out, *field);
}

struct TestRecord {
  std::int32_t offset_delta{0};
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::vector<std::pair<std::string, std::string>> headers;
};

Bytes encode_record(const TestRecord& r) {
  Bytes body;
  put<std::int8_t>(body, 0);                // attributes
  put_varint(body, 1000 * r.offset_delta);  // timestamp delta
  put_varint(body, r.offset_delta);
  put_field(body, r.key);
  put_field(body, r.value);
  put_varint(body, static_cast<std::int64_t>(r.headers.size()));
  for (const auto& [name, value] : r.headers) {
    put_field(body, name);
    put_field(body, value);
  }
  Bytes out;
  put_varint(out, static_cast<std::int64_t>(body.size()));
  append(out, body);
  return out;
}

struct TestBatch {
  std::int64_t base_offset{0};
  std::int16_t attributes{0};
  std::vector<TestRecord> records;
  std::optional<std::int32_t> last_offset_delta;  // default: the last record's delta
  std::optional<std::int32_t> record_count;       // default: records.size()
  std::optional<Bytes> raw_records;               // instead of `records`, as they are
};

Bytes encode_batch(const TestBatch& b) {
  Bytes records;
  if (b.raw_records) {
    records = *b.raw_records;
  } else {
    for (const auto& r : b.records) append(records, encode_record(r));
  }
  const std::int32_t last_delta = b.last_offset_delta.value_or(b.records.empty() ? 0 : b.records.back().offset_delta);
  Bytes after_length;
  put<std::int32_t>(after_length, 5);                  // partition leader epoch
  put<std::int8_t>(after_length, 2);                   // magic
  put<std::uint32_t>(after_length, 0xDEADBEEF);        // crc: not checked by the reader
  put<std::int16_t>(after_length, b.attributes);       //
  put<std::int32_t>(after_length, last_delta);         //
  put<std::int64_t>(after_length, 1'700'000'000'000);  // base timestamp
  put<std::int64_t>(after_length, 1'700'000'000'000 + 1000 * last_delta);
  put<std::int64_t>(after_length, -1);  // producer id
  put<std::int16_t>(after_length, -1);  // producer epoch
  put<std::int32_t>(after_length, -1);  // base sequence
  put<std::int32_t>(after_length, b.record_count.value_or(static_cast<std::int32_t>(b.records.size())));
  append(after_length, records);
  Bytes out;
  put<std::int64_t>(out, b.base_offset);
  put<std::int32_t>(out, static_cast<std::int32_t>(after_length.size()));
  append(out, after_length);
  return out;
}

Bytes encode_batches(const std::vector<TestBatch>& batches) {
  Bytes out;
  for (const auto& b : batches) append(out, encode_batch(b));
  return out;
}

// A magic 1 message set entry (offset, size, crc, magic, attributes, timestamp, key, value).
Bytes encode_message_v1(std::int64_t offset, const std::string& value) {
  Bytes message;
  put<std::uint32_t>(message, 0);  // crc
  put<std::int8_t>(message, 1);    // magic
  put<std::int8_t>(message, 0);    // attributes
  put<std::int64_t>(message, 1'700'000'000'000);
  put<std::int32_t>(message, -1);  // null key
  put<std::int32_t>(message, static_cast<std::int32_t>(value.size()));
  put_text(message, value);
  Bytes out;
  put<std::int64_t>(out, offset);
  put<std::int32_t>(out, static_cast<std::int32_t>(message.size()));
  append(out, message);
  return out;
}

std::string text(std::span<const std::byte> view) {
  std::string s;
  for (std::byte b : view) s.push_back(static_cast<char>(b));
  return s;
}

std::vector<RawRecord> read_all(RecordSetReader& reader) {
  std::vector<RawRecord> out;
  while (auto r = reader.next()) out.push_back(*r);
  return out;
}

std::vector<std::int64_t> offsets_of(const std::vector<RawRecord>& records) {
  std::vector<std::int64_t> out;
  for (const auto& r : records) out.push_back(r.offset);
  return out;
}

bool inside(std::span<const std::byte> view, const Bytes& data) {
  return view.data() >= data.data() && view.data() + view.size() <= data.data() + data.size();
}

TestRecord rec(std::int32_t delta, std::string key, std::string value) {
  return TestRecord{delta, std::move(key), std::move(value), {}};
}

TestBatch batch(std::int64_t base, int count, const std::string& prefix = "r") {
  TestBatch b{.base_offset = base};
  for (int i = 0; i < count; ++i) {
    const auto offset = std::to_string(base + i);
    b.records.push_back(rec(i, prefix + "-key-" + offset, prefix + "-value-" + offset));
  }
  return b;
}

}  // namespace

TEST_SUITE("kafka") {
  TEST_CASE("record set: one batch, every record byte-exact and in place") {
    TestBatch b{.base_offset = 40};
    b.records = {rec(0, "k0", "value zero"), rec(1, "key-one", "v1"), rec(2, "", "x"),
                 rec(3, "k3", std::string(300, 'z'))};  // a value over 127 bytes: a two-byte length
    const Bytes data = encode_batch(b);
    RecordSetReader reader(data, 40);
    const auto records = read_all(reader);
    REQUIRE(records.size() == 4);
    CHECK(offsets_of(records) == std::vector<std::int64_t>{40, 41, 42, 43});
    for (std::size_t i = 0; i < records.size(); ++i) {
      CAPTURE(i);
      REQUIRE(records[i].key.has_value());
      REQUIRE(records[i].value.has_value());
      CHECK(text(*records[i].key) == *b.records[i].key);
      CHECK(text(*records[i].value) == *b.records[i].value);
      CHECK(inside(*records[i].key, data));
      CHECK(inside(*records[i].value, data));
    }
    CHECK(reader.end() == RecordSetEnd::complete);
    CHECK(reader.next_offset() == 44);
    CHECK(reader.batches() == 1);
    CHECK(reader.malformed_records() == 0);
    CHECK_FALSE(reader.next().has_value());  // stays ended
    CHECK(to_string(reader.end()) == "complete");
  }

  TEST_CASE("record set: batches back to back, reading from the middle of the first") {
    const Bytes data = encode_batches({batch(10, 4, "a"), batch(14, 3, "b"), batch(17, 2, "c")});
    RecordSetReader reader(data, 12);
    const auto records = read_all(reader);
    CHECK(offsets_of(records) == std::vector<std::int64_t>{12, 13, 14, 15, 16, 17, 18});
    REQUIRE(records.size() == 7);
    CHECK(text(*records[0].key) == "a-key-12");
    CHECK(text(*records[0].value) == "a-value-12");
    CHECK(text(*records[2].key) == "b-key-14");
    CHECK(text(*records[6].value) == "c-value-18");
    CHECK(reader.end() == RecordSetEnd::complete);
    CHECK(reader.next_offset() == 19);
    CHECK(reader.batches() == 3);
  }

  TEST_CASE("record set: a batch wholly below `from` is skipped") {
    const Bytes data = encode_batches({batch(0, 5, "a"), batch(5, 3, "b")});
    SUBCASE("from the first offset of the second batch") {
      RecordSetReader reader(data, 5);
      const auto records = read_all(reader);
      CHECK(offsets_of(records) == std::vector<std::int64_t>{5, 6, 7});
      REQUIRE_FALSE(records.empty());
      CHECK(text(*records[0].key) == "b-key-5");
      CHECK(reader.next_offset() == 8);
      CHECK(reader.end() == RecordSetEnd::complete);
    }
    SUBCASE("from past every batch") {
      RecordSetReader reader(data, 20);
      CHECK(read_all(reader).empty());
      CHECK(reader.next_offset() == 20);
      CHECK(reader.end() == RecordSetEnd::complete);
    }
  }

  TEST_CASE("record set: null key and value are nullopt, an empty value is an empty span") {
    TestBatch b{.base_offset = 0};
    b.records = {TestRecord{0, std::nullopt, std::string("v"), {}},
                 TestRecord{1, std::string("tomb"), std::nullopt, {}},
                 TestRecord{2, std::string("k"), std::string(), {}}, TestRecord{3, std::nullopt, std::nullopt, {}}};
    const Bytes data = encode_batch(b);
    RecordSetReader reader(data, 0);
    const auto records = read_all(reader);
    REQUIRE(records.size() == 4);
    CHECK_FALSE(records[0].key.has_value());
    REQUIRE(records[0].value.has_value());
    CHECK(text(*records[0].value) == "v");
    REQUIRE(records[1].key.has_value());
    CHECK(text(*records[1].key) == "tomb");
    CHECK_FALSE(records[1].value.has_value());
    REQUIRE(records[2].value.has_value());
    CHECK(records[2].value->empty());
    CHECK(text(*records[2].key) == "k");
    CHECK_FALSE(records[3].key.has_value());
    CHECK_FALSE(records[3].value.has_value());
    CHECK(reader.end() == RecordSetEnd::complete);
    CHECK(reader.next_offset() == 4);
  }

  TEST_CASE("record set: record headers are skipped, the next record is still right") {
    TestBatch b{.base_offset = 7};
    b.records = {TestRecord{0, std::string("k0"), std::string("v0"), {{"trace", "abc"}, {"empty", ""}}},
                 TestRecord{1, std::string("k1"), std::string("v1"), {}},
                 TestRecord{2, std::string("k2"), std::string("v2"), {{"h", std::string(200, 'h')}}},
                 TestRecord{3, std::string("k3"), std::string("v3"), {}}};
    const Bytes data = encode_batch(b);
    RecordSetReader reader(data, 0);
    const auto records = read_all(reader);
    CHECK(offsets_of(records) == std::vector<std::int64_t>{7, 8, 9, 10});
    REQUIRE(records.size() == 4);
    for (std::size_t i = 0; i < 4; ++i) {
      CAPTURE(i);
      CHECK(text(*records[i].key) == "k" + std::to_string(i));
      CHECK(text(*records[i].value) == "v" + std::to_string(i));
    }
    CHECK(reader.end() == RecordSetEnd::complete);
    CHECK(reader.malformed_records() == 0);
  }

  TEST_CASE("record set: a control batch is skipped, next_offset moves past it") {
    TestBatch control{.base_offset = 3, .attributes = 0x20 | 0x10};  // control, transactional
    Bytes marker_key;
    put<std::int16_t>(marker_key, 0);  // version
    put<std::int16_t>(marker_key, 1);  // commit
    control.records = {TestRecord{0, text(marker_key), std::string("\0\0\0\0\0\0", 6), {}}};
    SUBCASE("between two plain batches") {
      const Bytes data = encode_batches({batch(0, 3), control, batch(4, 2)});
      RecordSetReader reader(data, 0);
      CHECK(offsets_of(read_all(reader)) == std::vector<std::int64_t>{0, 1, 2, 4, 5});
      CHECK(reader.end() == RecordSetEnd::complete);
      CHECK(reader.next_offset() == 6);
      CHECK(reader.batches() == 3);
    }
    SUBCASE("last in the set") {
      const Bytes data = encode_batches({batch(0, 3), control});
      RecordSetReader reader(data, 0);
      CHECK(offsets_of(read_all(reader)) == std::vector<std::int64_t>{0, 1, 2});
      CHECK(reader.end() == RecordSetEnd::complete);
      CHECK(reader.next_offset() == 4);
    }
  }

  TEST_CASE("record set: a compressed batch ends the walk at its base offset") {
    TestBatch gzip = batch(5, 3, "z");
    gzip.attributes = 1;
    const Bytes data = encode_batches({batch(0, 5), gzip, batch(8, 2)});
    SUBCASE("reading every record") {
      RecordSetReader reader(data, 0);
      const auto records = read_all(reader);
      CHECK(offsets_of(records) == std::vector<std::int64_t>{0, 1, 2, 3, 4});
      CHECK(reader.end() == RecordSetEnd::compressed);
      CHECK(reader.next_offset() == 5);
      CHECK(to_string(reader.end()) == "compressed batch");
    }
    SUBCASE("from inside the compressed batch: reading goes on from `from`, not before it") {
      RecordSetReader reader(data, 6);
      CHECK(read_all(reader).empty());
      CHECK(reader.end() == RecordSetEnd::compressed);
      CHECK(reader.next_offset() == 6);
    }
    SUBCASE("zstd and lz4 are compressed too") {
      for (std::int16_t codec : {2, 3, 4}) {
        CAPTURE(codec);
        TestBatch c = batch(5, 3);
        c.attributes = codec;
        const Bytes set = encode_batches({batch(0, 5), c});
        RecordSetReader reader(set, 0);
        CHECK(read_all(reader).size() == 5);
        CHECK(reader.end() == RecordSetEnd::compressed);
        CHECK(reader.next_offset() == 5);
      }
    }
  }

  TEST_CASE("record set: a magic 1 message set is old_format") {
    Bytes data = encode_message_v1(30, "old");
    append(data, encode_message_v1(31, "older"));
    RecordSetReader reader(data, 30);
    CHECK_FALSE(reader.next().has_value());
    CHECK(reader.end() == RecordSetEnd::old_format);
    CHECK(reader.next_offset() == 30);

    Bytes mixed = encode_batch(batch(20, 10));
    append(mixed, encode_message_v1(30, "old"));
    RecordSetReader after_v2(mixed, 25);
    CHECK(offsets_of(read_all(after_v2)) == std::vector<std::int64_t>{25, 26, 27, 28, 29});
    CHECK(after_v2.end() == RecordSetEnd::old_format);
    CHECK(after_v2.next_offset() == 30);
  }

  TEST_CASE("record set: a set cut short ends partial at the cut batch's first offset") {
    const Bytes whole = encode_batches({batch(100, 3), batch(103, 4), batch(107, 5)});
    const std::size_t first_two = encode_batches({batch(100, 3), batch(103, 4)}).size();
    SUBCASE("last batch cut in the middle of its records") {
      const Bytes data(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(whole.size() - 9));
      RecordSetReader reader(data, 100);
      CHECK(offsets_of(read_all(reader)) == std::vector<std::int64_t>{100, 101, 102, 103, 104, 105, 106});
      CHECK(reader.end() == RecordSetEnd::partial);
      CHECK(reader.next_offset() == 107);
    }
    SUBCASE("last batch cut inside its header") {
      const Bytes data(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(first_two + 20));
      RecordSetReader reader(data, 100);
      CHECK(read_all(reader).size() == 7);
      CHECK(reader.end() == RecordSetEnd::partial);
      CHECK(reader.next_offset() == 107);
    }
    SUBCASE("fewer than 12 bytes left") {
      for (std::size_t extra = 1; extra < 12; ++extra) {
        CAPTURE(extra);
        const Bytes data(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(first_two + extra));
        RecordSetReader reader(data, 100);
        CHECK(read_all(reader).size() == 7);
        CHECK(reader.end() == RecordSetEnd::partial);
        CHECK(reader.next_offset() == 107);
      }
    }
    SUBCASE("every cut inside the last batch") {
      for (std::size_t size = first_two + 1; size < whole.size(); ++size) {
        CAPTURE(size);
        const Bytes data(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(size));
        RecordSetReader reader(data, 100);
        CHECK(read_all(reader).size() == 7);
        CHECK(reader.end() == RecordSetEnd::partial);
        CHECK(reader.next_offset() == 107);
      }
    }
  }

  TEST_CASE("record set: a record running past its batch drops the rest of that batch only") {
    // Record 1 of 4 claims 200 bytes where a handful are left in the batch.
    Bytes raw = encode_record(rec(0, "k0", "v0"));
    put_varint(raw, 200);
    append(raw, encode_record(rec(2, "k2", "v2")));
    append(raw, encode_record(rec(3, "k3", "v3")));
    TestBatch bad{.base_offset = 0, .last_offset_delta = 3, .record_count = 4, .raw_records = raw};
    const Bytes data = encode_batches({bad, batch(4, 2, "next")});
    RecordSetReader reader(data, 0);
    const auto records = read_all(reader);
    CHECK(offsets_of(records) == std::vector<std::int64_t>{0, 4, 5});
    REQUIRE(records.size() == 3);
    CHECK(text(*records[1].key) == "next-key-4");
    CHECK(reader.malformed_records() == 3);  // records 1, 2 and 3
    CHECK(reader.end() == RecordSetEnd::complete);
    CHECK(reader.next_offset() == 6);
  }

  TEST_CASE("record set: a bad last record of a batch is counted as malformed") {
    Bytes raw = encode_record(rec(0, "k0", "v0"));
    put_varint(raw, 200);  // record 1 of 2 runs past the batch
    append(raw, Bytes(4, std::byte{0}));
    TestBatch bad{.base_offset = 0, .last_offset_delta = 1, .record_count = 2, .raw_records = raw};
    const Bytes data = encode_batches({bad, batch(2, 1)});
    RecordSetReader reader(data, 0);
    CHECK(offsets_of(read_all(reader)) == std::vector<std::int64_t>{0, 2});
    CHECK(reader.malformed_records() == 1);
    CHECK(reader.next_offset() == 3);
  }

  TEST_CASE("record set: a negative batch length is malformed") {
    Bytes data = encode_batch(batch(0, 2));
    put<std::int64_t>(data, 2);
    put<std::int32_t>(data, -5);
    append(data, Bytes(64, std::byte{0}));
    RecordSetReader reader(data, 0);
    CHECK(offsets_of(read_all(reader)) == std::vector<std::int64_t>{0, 1});
    CHECK(reader.end() == RecordSetEnd::malformed);
    CHECK(reader.next_offset() == 2);
    CHECK(to_string(reader.end()) == "malformed batch");
  }

  TEST_CASE("record set: skip_to_end reaches as far as reading every record") {
    TestBatch control{.base_offset = 6, .attributes = 0x20};
    control.records = {rec(0, "ctl", "ctl")};
    TestBatch gzip = batch(12, 2);
    gzip.attributes = 1;
    const Bytes cut = encode_batches({batch(0, 3), batch(3, 3)});
    struct Case {
      const char* name;
      Bytes data;
      std::int64_t from;
    };
    const std::vector<Case> cases = {
        {"complete", encode_batches({batch(0, 3), batch(3, 3), control, batch(7, 5)}), 0},
        {"from the middle", encode_batches({batch(0, 3), batch(3, 3), control, batch(7, 5)}), 4},
        {"compressed", encode_batches({batch(0, 6), batch(6, 6), gzip}), 2},
        {"partial", Bytes(cut.begin(), cut.end() - 5), 0},
        {"old format", encode_message_v1(0, "x"), 0},
        {"empty", Bytes{}, 9},
    };
    for (const auto& c : cases) {
      CAPTURE(c.name);
      RecordSetReader read(c.data, c.from);
      read_all(read);
      RecordSetReader skip(c.data, c.from);
      skip.skip_to_end();
      CHECK(skip.next_offset() == read.next_offset());
      CHECK(skip.end() == read.end());
      CHECK(skip.batches() == read.batches());
      CHECK_FALSE(skip.next().has_value());
      // Skipping after the first record of an open batch reaches as far too.
      RecordSetReader half(c.data, c.from);
      (void)half.next();
      half.skip_to_end();
      CHECK(half.next_offset() == read.next_offset());
      CHECK(half.end() == read.end());
    }
  }

  TEST_CASE("record set: offset gaps of a compacted batch come back as base + delta") {
    TestBatch b{.base_offset = 100};
    b.records = {rec(0, "a", "1"), rec(3, "b", "2"), rec(7, "c", "3")};
    const Bytes data = encode_batches({b, batch(108, 1)});
    SUBCASE("from the base") {
      RecordSetReader reader(data, 100);
      const auto records = read_all(reader);
      CHECK(offsets_of(records) == std::vector<std::int64_t>{100, 103, 107, 108});
      REQUIRE(records.size() == 4);
      CHECK(text(*records[1].key) == "b");
      CHECK(text(*records[2].value) == "3");
      CHECK(reader.next_offset() == 109);
    }
    SUBCASE("from inside a gap") {
      RecordSetReader reader(data, 101);
      CHECK(offsets_of(read_all(reader)) == std::vector<std::int64_t>{103, 107, 108});
    }
    SUBCASE("a batch whose last records were compacted away ends at its last offset delta") {
      TestBatch tail{.base_offset = 0, .last_offset_delta = 9};
      tail.records = {rec(0, "a", "1"), rec(4, "b", "2")};
      const Bytes set = encode_batch(tail);
      RecordSetReader reader(set, 0);
      CHECK(offsets_of(read_all(reader)) == std::vector<std::int64_t>{0, 4});
      CHECK(reader.next_offset() == 10);
    }
  }
}
