// MetadataRequest v12 / MetadataResponse v12: the request's exact bytes, and topic ids read from
// a response laid out as Kafka's MetadataResponse.json describes it.
#include "core/kafka/topic_ids.hpp"

#include <doctest/doctest.h>

#include "core/mock/offsets_encoder.hpp"

using namespace warren;
using namespace warren::kafka;
using warren::mock::ByteWriter;

namespace {

Uuid id(std::uint8_t n) {
  Uuid u{};
  u[0] = 0x10;
  u[15] = n;
  return u;
}

void topic(ByteWriter& w, std::int16_t error, const std::optional<std::string>& name, const Uuid& topic_id,
           int partitions) {
  w.int16(error).compact_nullable_string(name).uuid(topic_id).int8(0).compact_array_count(
      static_cast<std::size_t>(partitions));
  for (int p = 0; p < partitions; ++p) {
    w.int16(0).int32(p).int32(1).int32(0);
    w.compact_array_count(1).int32(1);  // replicas
    w.compact_array_count(1).int32(1);  // isr
    w.compact_array_count(0);           // offline
    w.tagged_fields();
  }
  w.int32(-2147483648).tagged_fields();
}

ByteWriter response(std::int32_t correlation) {
  ByteWriter w;
  w.int32(correlation).tagged_fields();  // header v1
  w.int32(0);                            // throttle
  w.compact_array_count(1)
      .int32(1)
      .compact_string("127.0.0.1")
      .int32(9092)
      .compact_nullable_string(std::nullopt)
      .tagged_fields();
  w.compact_nullable_string(std::string("cluster-x")).int32(1);
  w.compact_array_count(3);
  topic(w, 0, std::string("orders"), id(1), 3);
  topic(w, 0, std::string("audit"), id(2), 1);
  topic(w, 3, std::string("gone"), id(3), 0);  // UNKNOWN_TOPIC_OR_PARTITION: not a usable id
  w.tagged_fields();
  return w;
}

}  // namespace

TEST_SUITE("kafka") {
  TEST_CASE("the MetadataRequest v12 asks for every topic") {
    const auto bytes = encode_metadata_request_v12(7, "warren");
    const std::vector<std::uint8_t> want{0, 0, 0,   21,                     // size
                                         0, 3, 0,   12,  0,   0,   0,   7,  // api key 3, version 12, correlation 7
                                         0, 6, 'w', 'a', 'r', 'r', 'e', 'n',
                                         0,              // header tagged fields
                                         0, 0, 0,   0};  // topics null, two false flags, tags
    REQUIRE(bytes.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) CHECK(static_cast<std::uint8_t>(bytes[i]) == want[i]);
  }

  TEST_CASE("topic ids come out of a MetadataResponse v12, errored topics are left out") {
    auto w = response(42);
    auto ids = decode_metadata_response_v12(w.data(), 42);
    REQUIRE(ids);
    CHECK(ids->size() == 2);
    CHECK(ids->at(id(1)) == "orders");
    CHECK(ids->at(id(2)) == "audit");
  }

  TEST_CASE("a wrong correlation id or a truncated response is an error, never a crash") {
    auto w = response(42);
    CHECK_FALSE(decode_metadata_response_v12(w.data(), 41));
    const auto full = w.data();
    for (std::size_t cut = 0; cut < full.size(); ++cut) {
      CAPTURE(cut);
      CHECK_FALSE(decode_metadata_response_v12(std::span(full.data(), cut), 42));
    }
  }

  TEST_CASE("the directory counts versions only when it learns something") {
    TopicDirectory d;
    CHECK(d.version() == 0);
    d.update({{id(1), "orders"}});
    CHECK(d.version() == 1);
    d.update({{id(1), "orders"}});
    CHECK(d.version() == 1);
    CHECK(d.name(id(1)) == std::optional<std::string>("orders"));
    CHECK_FALSE(d.name(id(9)));
  }
}
