// Kafka's partitionFor(groupId): abs(String.hashCode) % partitions, as Java computes it.
#include "core/mock/offsets_partition.hpp"

#include <doctest/doctest.h>

using warren::mock::offsets_partition_for;

TEST_SUITE("mock") {
  TEST_CASE("the partition Kafka's coordinator picks for a group") {
    // Expected values from Java's String.hashCode: "demo-healthy" → 2123405235,
    // "demo-stopped" → -556474397, "grp-ok" → -1237499964.
    CHECK(offsets_partition_for("demo-healthy", 50) == 35);
    CHECK(offsets_partition_for("demo-stopped", 50) == 47);
    CHECK(offsets_partition_for("demo-stopped", 4) == 1);
    CHECK(offsets_partition_for("grp-ok", 50) == 14);
    CHECK(offsets_partition_for("", 50) == 0);
    CHECK(offsets_partition_for("anything", 1) == 0);
  }

  TEST_CASE("a hash of Integer.MIN_VALUE maps to partition 0 (Kafka's Utils.abs)") {
    // "polygenelubricants".hashCode() == Integer.MIN_VALUE.
    CHECK(offsets_partition_for("polygenelubricants", 50) == 0);
    CHECK(offsets_partition_for("polygenelubricants", 7) == 0);
  }

  TEST_CASE("non-ASCII group names hash as UTF-16 code units") {
    CHECK(offsets_partition_for("gr\xc3\xb6up", 8) == 6);       // "gröup" (98758982): one BMP code unit
    CHECK(offsets_partition_for("g\xf0\x9f\x98\x80", 8) == 2);  // "g😀" (1871882): a surrogate pair
  }
}
