// Helpers for tests of decode_offsets_record(): decode from byte vectors and unwrap the variant.
#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <span>
#include <string>
#include <variant>

#include "core/kafka/offsets_record.hpp"
#include "core/mock/offsets_encoder.hpp"

namespace warren::testing {
using namespace warren::mock;  // the encoder and the mock cluster

inline Result<kafka::OffsetsRecord> decode(const Bytes& key, const std::optional<Bytes>& value) {
  std::optional<std::span<const std::byte>> value_span;
  if (value) value_span = std::span<const std::byte>(*value);
  return kafka::decode_offsets_record(key, value_span);
}

// The decoded record as T; fails the test when decoding failed or produced another kind.
template <typename T>
T decoded_as(const Bytes& key, const std::optional<Bytes>& value) {
  auto result = decode(key, value);
  if (!result.ok()) FAIL("decode failed: " << result.error().message);
  const T* record = std::get_if<T>(&*result);
  if (record == nullptr) FAIL("decoded as " << kafka::kind_name(*result));
  return *record;
}

// The error message, or "<ok>" when decoding succeeded.
inline std::string decode_error(const Bytes& key, const std::optional<Bytes>& value) {
  auto result = decode(key, value);
  return result.ok() ? std::string{"<ok>"} : result.error().message;
}

inline ErrorCode decode_error_code(const Bytes& key, const std::optional<Bytes>& value) {
  auto result = decode(key, value);
  REQUIRE_FALSE(result.ok());
  return result.error().code;
}

}  // namespace warren::testing
