#include "core/kafka/client_statistics.hpp"

#include <rapidjson/document.h>

#include <string>

namespace warren::kafka {

bool parse_client_statistics(std::string_view json, ClientStatistics& out) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return false;
  out = ClientStatistics{};
  auto brokers = doc.FindMember("brokers");
  if (brokers == doc.MemberEnd() || !brokers->value.IsObject()) return true;
  for (const auto& b : brokers->value.GetObject()) {
    const auto& broker = b.value;
    if (!broker.IsObject()) continue;
    auto nodeid = broker.FindMember("nodeid");
    if (nodeid == broker.MemberEnd() || !nodeid->value.IsInt() || nodeid->value.GetInt() < 0) continue;
    ++out.brokers_known;
    auto state = broker.FindMember("state");
    if (state != broker.MemberEnd() && state->value.IsString() && std::string(state->value.GetString()) == "UP") {
      ++out.brokers_up;
    }
    auto req = broker.FindMember("req");
    if (req != broker.MemberEnd() && req->value.IsObject()) {
      auto lo = req->value.FindMember("ListOffsets");
      if (lo != req->value.MemberEnd() && lo->value.IsNumber()) out.list_offsets_requests += lo->value.GetUint64();
    }
  }
  return true;
}

}  // namespace warren::kafka
