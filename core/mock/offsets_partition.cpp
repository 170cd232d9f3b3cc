#include "core/mock/offsets_partition.hpp"

#include <climits>

namespace warren::mock {

std::int32_t offsets_partition_for(std::string_view group, std::int32_t partitions) {
  // Java's int arithmetic wraps; unsigned arithmetic wraps the same way without undefined behaviour.
  std::uint32_t hash = 0;
  auto add_unit = [&](std::uint32_t unit) { hash = hash * 31U + unit; };
  for (std::size_t i = 0; i < group.size();) {
    const auto c = static_cast<unsigned char>(group[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) {
      cp = c & 0x07U, len = 4;
    } else if (c >= 0xE0) {
      cp = c & 0x0FU, len = 3;
    } else if (c >= 0xC0) {
      cp = c & 0x1FU, len = 2;
    }
    for (std::size_t k = 1; k < len && i + k < group.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(group[i + k]) & 0x3FU);
    }
    i += len;
    if (cp >= 0x10000) {  // outside the Basic Multilingual Plane: a surrogate pair in Java
      cp -= 0x10000;
      add_unit(0xD800U + (cp >> 10));
      add_unit(0xDC00U + (cp & 0x3FFU));
    } else {
      add_unit(cp);
    }
  }
  const auto signed_hash = static_cast<std::int32_t>(hash);
  const std::int64_t abs_hash =
      signed_hash == INT32_MIN ? 0 : (signed_hash < 0 ? -std::int64_t{signed_hash} : signed_hash);
  return static_cast<std::int32_t>(abs_hash % partitions);
}

}  // namespace warren::mock
