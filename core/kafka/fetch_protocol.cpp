#include "core/kafka/fetch_protocol.hpp"

#include "core/kafka/byte_reader.hpp"

namespace warren::kafka {

namespace {

constexpr std::int16_t kFetchApiKey = 1;
constexpr std::int16_t kFetchVersion = 4;

template <typename T>
void put_big_endian(std::vector<std::byte>& out, T value) {
  const auto bits = static_cast<std::make_unsigned_t<T>>(value);
  for (int shift = static_cast<int>(sizeof(T) * 8) - 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<std::byte>((bits >> shift) & 0xFF));
  }
}

void put_string(std::vector<std::byte>& out, const std::string& s) {
  put_big_endian(out, static_cast<std::int16_t>(s.size()));
  for (char c : s) out.push_back(static_cast<std::byte>(c));
}

}  // namespace

std::vector<std::byte> encode_fetch_request_v4(const FetchRequestV4& request) {
  std::vector<std::byte> out(4);  // size, filled in last
  put_big_endian(out, kFetchApiKey);
  put_big_endian(out, kFetchVersion);
  put_big_endian(out, request.correlation_id);
  put_string(out, request.client_id);
  put_big_endian(out, std::int32_t{-1});  // replica id: a consumer
  put_big_endian(out, request.max_wait_ms);
  put_big_endian(out, request.min_bytes);
  put_big_endian(out, request.max_bytes);
  put_big_endian(out, static_cast<std::int8_t>(request.read_committed ? 1 : 0));
  put_big_endian(out, std::int32_t{1});  // one topic
  put_string(out, request.topic);
  put_big_endian(out, static_cast<std::int32_t>(request.partitions.size()));
  for (const auto& p : request.partitions) {
    put_big_endian(out, p.partition);
    put_big_endian(out, p.offset);
    put_big_endian(out, p.max_bytes);
  }
  const auto size = static_cast<std::uint32_t>(out.size() - 4);
  for (int i = 0; i < 4; ++i) out[static_cast<std::size_t>(i)] = static_cast<std::byte>((size >> (24 - 8 * i)) & 0xFF);
  return out;
}

Result<std::vector<FetchedPartition>> decode_fetch_response_v4(std::span<const std::byte> response,
                                                               std::int32_t correlation_id, const std::string& topic) {
  ByteReader r(response);
  auto fail = [](const Error& e) { return with_context(e, "fetch response v4: "); };
  auto corr = r.read_int32("correlation_id");
  if (!corr) return fail(corr.error());
  if (*corr != correlation_id) {
    return make_error(ErrorCode::malformed, "fetch response v4: correlation id " + std::to_string(*corr) + ", want " +
                                                std::to_string(correlation_id));
  }
  if (auto v = r.read_int32("throttle_time_ms"); !v) return fail(v.error());
  auto topics = r.read_array_count("responses", 6);
  if (!topics) return fail(topics.error());
  std::vector<FetchedPartition> out;
  for (std::size_t t = 0; t < *topics; ++t) {
    auto name = r.read_string("topic");
    if (!name) return fail(name.error());
    auto partitions = r.read_array_count("partitions", 34);
    if (!partitions) return fail(partitions.error());
    for (std::size_t p = 0; p < *partitions; ++p) {
      FetchedPartition part;
      auto index = r.read_int32("partition_index");
      if (!index) return fail(index.error());
      auto error_code = r.read_int16("error_code");
      if (!error_code) return fail(error_code.error());
      auto hwm = r.read_int64("high_watermark");
      if (!hwm) return fail(hwm.error());
      if (auto v = r.read_int64("last_stable_offset"); !v) return fail(v.error());
      auto aborted = r.read_int32("aborted_transactions");
      if (!aborted) return fail(aborted.error());
      for (std::int32_t a = 0; a < *aborted; ++a) {  // -1 (null) reads as none
        if (auto v = r.read_raw(16, "aborted transaction"); !v) return fail(v.error());
      }
      auto records = r.read_nullable_bytes("records");
      if (!records) return fail(records.error());
      if (*name != topic) continue;
      part.partition = *index;
      part.error_code = *error_code;
      part.high_watermark = *hwm;
      if (*records) part.records = **records;
      out.push_back(part);
    }
  }
  return out;
}

}  // namespace warren::kafka
