// ByteReader: every primitive on hand-written bytes, its failure messages, and the rule that a
// failed read leaves the cursor where it was.
#include "core/kafka/byte_reader.hpp"

#include <doctest/doctest.h>

#include "core/mock/offsets_encoder.hpp"

namespace warren::kafka {
namespace {

using mock::Bytes;
using mock::bytes;

std::string error_of(const auto& result) { return result.ok() ? std::string{"<ok>"} : result.error().message; }

TEST_SUITE("kafka") {
  TEST_CASE("byte reader: big-endian integers") {
    const Bytes data =
        bytes({0xff, 0x80, 0x01, 0x12, 0x34, 0x56, 0x78, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe});
    ByteReader r(data);
    CHECK(*r.read_int8("a") == -1);
    CHECK(*r.read_int16("b") == static_cast<std::int16_t>(0x8001));
    CHECK(*r.read_int32("c") == 0x12345678);
    CHECK(*r.read_int64("d") == -2);
    CHECK(r.at_end());

    const Bytes u_bytes = bytes({0xff, 0xfe});
    ByteReader u(u_bytes);
    CHECK(*u.read_uint16("u") == 0xfffe);
  }

  TEST_CASE("byte reader: a short read names the field and does not advance") {
    const Bytes data = bytes({0x00, 0x01, 0x02});
    ByteReader r(data);
    auto value = r.read_int32("partition");
    REQUIRE_FALSE(value.ok());
    CHECK(value.error().code == ErrorCode::malformed);
    CHECK(value.error().message == "partition: needs 4 bytes, 3 remaining");
    CHECK(r.position() == 0);
    CHECK(*r.read_int16("ok") == 1);
  }

  TEST_CASE("byte reader: unsigned varints") {
    struct Vector {
      Bytes input;
      std::uint32_t value;
      std::size_t size;
    };
    const Vector vectors[] = {
        {bytes({0x00}), 0, 1},
        {bytes({0x7f}), 127, 1},
        {bytes({0x80, 0x01}), 128, 2},
        {bytes({0xc9, 0x01}), 201, 2},
        {bytes({0xff, 0xff, 0x03}), 65535, 3},
        {bytes({0xff, 0xff, 0xff, 0xff, 0x0f}), 0xffffffffu, 5},
        {bytes({0x80, 0x00}), 0, 2},  // non-minimal, accepted as Kafka accepts it
    };
    for (const auto& v : vectors) {
      ByteReader r(v.input);
      auto value = r.read_uvarint("n");
      REQUIRE(value.ok());
      CHECK(*value == v.value);
      CHECK(r.position() == v.size);
    }
  }

  TEST_CASE("byte reader: bad varints are rejected without advancing") {
    SUBCASE("longer than five bytes") {
      const Bytes r_bytes = bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x01});
      ByteReader r(r_bytes);
      CHECK(error_of(r.read_uvarint("len")) == "len: varint longer than 5 bytes");
      CHECK(r.position() == 0);
    }
    SUBCASE("fifth byte overflows 32 bits") {
      const Bytes r_bytes = bytes({0xff, 0xff, 0xff, 0xff, 0x7f});
      ByteReader r(r_bytes);
      CHECK(error_of(r.read_uvarint("len")) == "len: varint overflows 32 bits");
    }
    SUBCASE("truncated") {
      const Bytes r_bytes = bytes({0x80, 0x80});
      ByteReader r(r_bytes);
      CHECK(error_of(r.read_uvarint("len")) == "len: varint truncated after 2 bytes");
      CHECK(r.position() == 0);
    }
    SUBCASE("empty") {
      const Bytes r_bytes = Bytes{};
      ByteReader r(r_bytes);
      CHECK(error_of(r.read_uvarint("len")) == "len: varint truncated after 0 bytes");
    }
  }

  TEST_CASE("byte reader: classic strings") {
    SUBCASE("plain and empty") {
      const Bytes r_bytes = bytes({0x00, 0x02, 'h', 'i', 0x00, 0x00});
      ByteReader r(r_bytes);
      CHECK(*r.read_string("a") == "hi");
      CHECK(*r.read_string("b") == "");
      CHECK(r.at_end());
    }
    SUBCASE("negative length of a non-nullable string") {
      const Bytes r_bytes = bytes({0xff, 0xff});
      ByteReader r(r_bytes);
      CHECK(error_of(r.read_string("group")) == "group: negative length -1 for a non-nullable string");
      CHECK(r.position() == 0);
    }
    SUBCASE("nullable: -1 is null, -2 an error") {
      const Bytes r_bytes = bytes({0xff, 0xff, 0xff, 0xfe});
      ByteReader r(r_bytes);
      auto null = r.read_nullable_string("leader");
      REQUIRE(null.ok());
      CHECK_FALSE(null->has_value());
      CHECK(error_of(r.read_nullable_string("leader")) == "leader: invalid length -2 for a nullable string");
      CHECK(r.position() == 2);
    }
    SUBCASE("length beyond the data") {
      const Bytes r_bytes = bytes({0x00, 0x28, 'a', 'b'});
      ByteReader r(r_bytes);
      CHECK(error_of(r.read_string("metadata")) == "metadata: length 40 exceeds 2 remaining bytes");
      CHECK(r.position() == 0);
    }
  }

  TEST_CASE("byte reader: compact strings use an unsigned varint length") {
    Bytes data = bytes({0xc9, 0x01});  // 201 = length 200 + 1
    data.insert(data.end(), 200, std::byte{'x'});
    data.push_back(std::byte{0x00});  // null
    data.push_back(std::byte{0x01});  // empty
    ByteReader r(data);
    CHECK(r.read_compact_string("metadata")->size() == 200);
    CHECK_FALSE(r.read_compact_nullable_string("rack")->has_value());
    CHECK(*r.read_compact_string("empty") == "");
    CHECK(r.at_end());

    const Bytes null_text_bytes = bytes({0x00});
    ByteReader null_text(null_text_bytes);
    CHECK(error_of(null_text.read_compact_string("client_id")) == "client_id: null for a non-nullable compact string");
    CHECK(null_text.position() == 0);

    const Bytes long_text_bytes = bytes({0x05, 'a'});
    ByteReader long_text(long_text_bytes);
    CHECK(error_of(long_text.read_compact_string("topic")) == "topic: length 4 exceeds 1 remaining bytes");
    CHECK(long_text.position() == 0);
  }

  TEST_CASE("byte reader: bytes and compact bytes") {
    const Bytes r_bytes = bytes({0x00, 0x00, 0x00, 0x02, 0xaa, 0xbb, 0x03, 0xcc, 0xdd, 0xff, 0xff, 0xff, 0xff});
    ByteReader r(r_bytes);
    CHECK(r.read_bytes("subscription")->size() == 2);
    CHECK(r.read_compact_bytes("assignment")->size() == 2);
    CHECK_FALSE(r.read_nullable_bytes("user_data")->has_value());
    CHECK(r.at_end());

    const Bytes negative_bytes = bytes({0xff, 0xff, 0xff, 0xfe});
    ByteReader negative(negative_bytes);
    CHECK(error_of(negative.read_bytes("assignment")) == "assignment: negative length -2 for non-nullable bytes");
    CHECK(error_of(negative.read_nullable_bytes("user_data")) == "user_data: invalid length -2 for nullable bytes");
    CHECK(negative.position() == 0);
  }

  TEST_CASE("byte reader: array counts are checked against the remaining bytes") {
    const Bytes huge_bytes = bytes({0x7f, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01});
    ByteReader huge(huge_bytes);
    CHECK(error_of(huge.read_array_count("members", 18)) ==
          "members: count 2147483647 cannot fit in 4 remaining bytes");
    CHECK(huge.position() == 0);

    const Bytes null_array_bytes = bytes({0xff, 0xff, 0xff, 0xff});
    ByteReader null_array(null_array_bytes);
    CHECK(error_of(null_array.read_array_count("topics", 1)) == "topics: invalid count -1 for a non-nullable array");

    const Bytes compact_bytes = bytes({0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02});
    ByteReader compact(compact_bytes);
    auto values = compact.read_compact_int32_array("partitions");
    REQUIRE(values.ok());
    CHECK(*values == std::vector<std::int32_t>{1, 2});

    const Bytes compact_null_bytes = bytes({0x00});
    ByteReader compact_null(compact_null_bytes);
    CHECK(error_of(compact_null.read_compact_array_count("partitions", 4)) ==
          "partitions: null for a non-nullable compact array");
  }

  TEST_CASE("byte reader: tagged fields are skipped") {
    const Bytes r_bytes = bytes({0x02, 0x00, 0x01, 0xaa, 0x05, 0x02, 0xbb, 0xcc, 0x42});
    ByteReader r(r_bytes);
    auto count = r.skip_tagged_fields("tagged fields");
    REQUIRE(count.ok());
    CHECK(*count == 2);
    CHECK(*r.read_int8("after") == 0x42);

    const Bytes cut_bytes = bytes({0x01, 0x00, 0x04, 0xaa});
    ByteReader cut(cut_bytes);
    CHECK(error_of(cut.skip_tagged_fields("tagged fields")) == "tagged fields: tag 0 size 4 exceeds 1 remaining bytes");
    CHECK(cut.position() == 0);
  }

  TEST_CASE("byte reader: uuids and their text form") {
    Bytes data;
    for (int i = 0; i < 16; ++i) data.push_back(static_cast<std::byte>(i));
    ByteReader r(data);
    auto id = r.read_uuid("topic_id");
    REQUIRE(id.ok());
    CHECK((*id)[15] == 15);
    // base64url of 00 01 02 ... 0f without padding.
    CHECK(uuid_to_string(*id) == "AAECAwQFBgcICQoLDA0ODw");
    const Bytes short_id_bytes = bytes({0x01});
    ByteReader short_id(short_id_bytes);
    CHECK(error_of(short_id.read_uuid("topic_id")) == "topic_id: needs 16 bytes, 1 remaining");
  }
}

}  // namespace
}  // namespace warren::kafka
