#include "core/kafka/fetch_protocol.hpp"

#include "core/kafka/byte_reader.hpp"
#include "core/kafka/byte_writer.hpp"

namespace warren::kafka {

namespace {

constexpr std::int16_t kFetchApiKey = 1;
constexpr std::int16_t kFetchVersion = 4;

}  // namespace

std::vector<std::byte> encode_fetch_request_v4(const FetchRequestV4& request) {
  ByteWriter w;
  w.int16(kFetchApiKey).int16(kFetchVersion).int32(request.correlation_id).string(request.client_id);
  w.int32(-1);  // replica id: a consumer
  w.int32(request.max_wait_ms).int32(request.min_bytes).int32(request.max_bytes);
  w.int8(request.read_committed ? 1 : 0);
  w.array_count(1).string(request.topic);  // one topic
  w.array_count(static_cast<std::int32_t>(request.partitions.size()));
  for (const auto& p : request.partitions) w.int32(p.partition).int64(p.offset).int32(p.max_bytes);
  return w.take_size_prefixed();
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
