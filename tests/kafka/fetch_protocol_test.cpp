// FetchRequest v4 / FetchResponse v4: the request's bytes field by field, and partitions read out
// of a response laid out as Kafka's FetchResponse.json describes it, records viewed in place.
#include "core/kafka/fetch_protocol.hpp"

#include <doctest/doctest.h>

#include "core/kafka/byte_reader.hpp"
#include "core/mock/offsets_encoder.hpp"

using namespace warren;
using namespace warren::kafka;
using warren::mock::Bytes;
using warren::mock::ByteWriter;

namespace {

const std::string kTopic = "__consumer_offsets";

Bytes text_bytes(const std::string& s) {
  Bytes out;
  for (char c : s) out.push_back(static_cast<std::byte>(c));
  return out;
}

// Where each partition's records start in the response, to check the views point there.
struct BuiltResponse {
  Bytes data;
  std::size_t records_at_p0{0};
  std::size_t records_at_p2{0};
};

BuiltResponse build_response(std::int32_t correlation) {
  const Bytes other_records = text_bytes("other topic's records");
  const Bytes records0 = text_bytes("records of partition zero");
  const Bytes records2 = text_bytes("p2");
  BuiltResponse out;
  ByteWriter w;
  w.int32(correlation).int32(25);  // header v0, throttle time
  w.array_count(2);
  // Another topic first: its partitions are read past, not returned.
  w.string("other").array_count(1);
  w.int32(0).int16(0).int64(9).int64(9).int32(1).int64(77).int64(3).bytes(other_records);
  w.string(kTopic).array_count(3);
  // Partition 0: no aborted transactions, records.
  w.int32(0).int16(0).int64(1000).int64(990).int32(0);
  out.records_at_p0 = w.data().size() + 4;
  w.bytes(records0);
  // Partition 5: null aborted transactions, null records.
  w.int32(5).int16(0).int64(12).int64(12).int32(-1).int32(-1);
  // Partition 2: an error, one aborted transaction (producer id, first offset).
  w.int32(2).int16(1).int64(-1).int64(-1).int32(1).int64(4242).int64(17);
  out.records_at_p2 = w.data().size() + 4;
  w.bytes(records2);
  out.data = w.take();
  return out;
}

std::string as_text(std::span<const std::byte> view) {
  std::string s;
  for (std::byte b : view) s.push_back(static_cast<char>(b));
  return s;
}

}  // namespace

TEST_SUITE("kafka") {
  TEST_CASE("fetch request v4: every field in order") {
    for (bool committed : {false, true}) {
      CAPTURE(committed);
      FetchRequestV4 request;
      request.correlation_id = 0x01020304;
      request.client_id = "warren";
      request.max_wait_ms = 500;
      request.min_bytes = 1;
      request.max_bytes = 52428800;
      request.read_committed = committed;
      request.topic = kTopic;
      request.partitions = {{0, 42, 1048576}, {7, 0x123456789A, 65536}};
      const Bytes bytes = encode_fetch_request_v4(request);

      ByteReader r(bytes);
      CHECK(*r.read_int32("size") == static_cast<std::int32_t>(bytes.size() - 4));
      CHECK(*r.read_int16("api key") == 1);
      CHECK(*r.read_int16("api version") == 4);
      CHECK(*r.read_int32("correlation id") == 0x01020304);
      CHECK(*r.read_string("client id") == "warren");
      CHECK(*r.read_int32("replica id") == -1);
      CHECK(*r.read_int32("max wait") == 500);
      CHECK(*r.read_int32("min bytes") == 1);
      CHECK(*r.read_int32("max bytes") == 52428800);
      CHECK(*r.read_int8("isolation level") == (committed ? 1 : 0));
      CHECK(*r.read_int32("topics") == 1);
      CHECK(*r.read_string("topic") == kTopic);
      CHECK(*r.read_int32("partitions") == 2);
      CHECK(*r.read_int32("partition") == 0);
      CHECK(*r.read_int64("fetch offset") == 42);
      CHECK(*r.read_int32("partition max bytes") == 1048576);
      CHECK(*r.read_int32("partition") == 7);
      CHECK(*r.read_int64("fetch offset") == 0x123456789A);
      CHECK(*r.read_int32("partition max bytes") == 65536);
      CHECK(r.at_end());
    }
    // The first bytes exactly: size, api key 1, version 4.
    FetchRequestV4 empty;
    empty.topic = "t";
    const Bytes bytes = encode_fetch_request_v4(empty);
    REQUIRE(bytes.size() == 4 + 2 + 2 + 4 + 2 + 4 * 4 + 1 + 4 + 3 + 4);
    CHECK(bytes == mock::bytes({0, 0, 0, 38, 0, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0,
                                0, 0, 0, 0,  1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,    1,    't',  0,    0, 0, 0}));
  }

  TEST_CASE("fetch response v4: partitions of the topic, records viewed in place") {
    const BuiltResponse built = build_response(77);
    auto decoded = decode_fetch_response_v4(built.data, 77, kTopic);
    REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
    const auto& parts = *decoded;
    REQUIRE(parts.size() == 3);

    CHECK(parts[0].partition == 0);
    CHECK(parts[0].error_code == 0);
    CHECK(parts[0].high_watermark == 1000);
    CHECK(as_text(parts[0].records) == "records of partition zero");
    CHECK(parts[0].records.data() == built.data.data() + built.records_at_p0);

    CHECK(parts[1].partition == 5);
    CHECK(parts[1].error_code == 0);
    CHECK(parts[1].high_watermark == 12);
    CHECK(parts[1].records.empty());

    CHECK(parts[2].partition == 2);
    CHECK(parts[2].error_code == 1);
    CHECK(parts[2].high_watermark == -1);
    CHECK(as_text(parts[2].records) == "p2");
    CHECK(parts[2].records.data() == built.data.data() + built.records_at_p2);

    auto other = decode_fetch_response_v4(built.data, 77, "other");
    REQUIRE(other.ok());
    REQUIRE(other->size() == 1);
    CHECK(as_text((*other)[0].records) == "other topic's records");

    auto none = decode_fetch_response_v4(built.data, 77, "absent");
    REQUIRE(none.ok());
    CHECK(none->empty());
  }

  TEST_CASE("fetch response v4: a wrong correlation id or a cut response is an error, never a crash") {
    const BuiltResponse built = build_response(1234);
    auto wrong = decode_fetch_response_v4(built.data, 5678, kTopic);
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == ErrorCode::malformed);
    CHECK(wrong.error().message.find("1234") != std::string::npos);
    CHECK(wrong.error().message.find("5678") != std::string::npos);

    for (std::size_t size = 0; size < built.data.size(); ++size) {
      CAPTURE(size);
      const std::span<const std::byte> prefix(built.data.data(), size);
      auto cut = decode_fetch_response_v4(prefix, 1234, kTopic);
      CHECK_FALSE(cut.ok());
      if (!cut.ok()) CHECK(cut.error().message.find("fetch response v4") != std::string::npos);
    }
    CHECK(decode_fetch_response_v4(built.data, 1234, kTopic).ok());
  }
}
