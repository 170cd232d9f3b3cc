// Reads the parts of librdkafka's statistics JSON that warren reports: how many brokers are up,
// and how many requests of a kind the client has sent (to prove high-water marks are batched).
#pragma once

#include <cstdint>
#include <string_view>

namespace warren::kafka {

struct ClientStatistics {
  std::int32_t brokers_known{0};  // real brokers (bootstrap entries are not counted)
  std::int32_t brokers_up{0};
  std::uint64_t list_offsets_requests{0};
};

// False when the JSON does not parse.
bool parse_client_statistics(std::string_view json, ClientStatistics& out);

}  // namespace warren::kafka
