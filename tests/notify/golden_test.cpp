// Golden outputs: what Debian's Burrow 1.2.1 sent through its notifiers (captured by
// tests/notify/golden/capture.sh) against what warren renders from the group status Burrow
// reported for the same scenario. Only incident ids and start times are normalised, and the
// ConsumerOffset field `observedAt`, which warren's JSON has (Burrow HEAD) and 1.2.1's has not.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "core/notify/template_data.hpp"

using namespace warren;
using namespace warren::notify;

namespace {

// The committed captures, or a fresh capture's directory (tests/e2e/notify_golden_test.sh).
std::string golden_dir() {
  const char* dir = std::getenv("WARREN_NOTIFY_GOLDEN_DIR");
  return dir != nullptr && *dir != '\0' ? std::string(dir) + "/"
                                        : std::string(WARREN_SOURCE_DIR) + "/tests/notify/golden/";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), path << " missing");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

model::Status status_from(const std::string& s) {
  for (int c = 0; c <= 6; ++c) {
    const auto st = static_cast<model::Status>(c);
    if (model::to_string(st) == s) return st;
  }
  FAIL("unknown status " << s);
  return model::Status::notfound;
}

std::optional<model::CommitSlot> offset_from(const rapidjson::Value& v) {
  if (v.IsNull()) return std::nullopt;
  return model::CommitSlot{.offset = v["offset"].GetInt64(),
                           .timestamp_ms = v["timestamp"].GetInt64(),
                           .observed_at_ms = 0,
                           .lag_raw = v["lag"].GetInt64()};
}

eval::PartitionStatus partition_from(const rapidjson::Value& v) {
  return eval::PartitionStatus{.topic = v["topic"].GetString(),
                               .partition = v["partition"].GetInt(),
                               .member = std::make_shared<const model::Member>(model::Member{
                                   .owner = v["owner"].GetString(), .client_id = v["client_id"].GetString()}),
                               .status = status_from(v["status"].GetString()),
                               .start = offset_from(v["start"]),
                               .end = offset_from(v["end"]),
                               .current_lag = v["current_lag"].GetInt64(),
                               .complete = static_cast<float>(v["complete"].GetDouble())};
}

// Burrow's /status answer as warren's evaluation result (its partitions are the non-OK ones).
eval::GroupStatus status_from_json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  REQUIRE_FALSE(d.HasParseError());
  const auto& s = d["status"];
  eval::GroupStatus g{.cluster = s["cluster"].GetString(),
                      .group = s["group"].GetString(),
                      .status = status_from(s["status"].GetString()),
                      .complete = static_cast<float>(s["complete"].GetDouble()),
                      .partition_count = s["partition_count"].GetInt(),
                      .totallag = s["totallag"].GetInt64()};
  for (const auto& p : s["partitions"].GetArray()) g.partitions.push_back(partition_from(p));
  if (!s["maxlag"].IsNull()) g.maxlag = partition_from(s["maxlag"]);
  return g;
}

std::string normalise(std::string s) {
  static const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  static const std::regex rfc3339(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");
  static const std::regex burrow_start(R"([A-Z][a-z]{2} \d{2}, \d{4} \d{2}:\d{2}:\d{2} UTC)");
  static const std::regex observed_at(R"("observedAt":\d+,)");
  s = std::regex_replace(s, uuid, "<id>");
  s = std::regex_replace(s, rfc3339, "<start>");
  s = std::regex_replace(s, burrow_start, "<start>");
  s = std::regex_replace(s, observed_at, "");
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out.push_back(s[i]);
  }
  return out;
}

std::string render_warren(const std::string& template_name, const eval::GroupStatus& status) {
  // The shipped template itself (with `.Id`), as Debian's burrow package installs it.
  const std::string path = "/etc/burrow/" + template_name + ".tmpl";
  auto t = GoTemplate::parse(read_file(path), template_name + ".tmpl", burrow_functions());
  REQUIRE_MESSAGE(t.ok(), t.error().message);
  const auto data = notification_data(
      NotificationContext{.cluster = status.cluster,
                          .group = status.group,
                          .id = "0f0e0d0c-0b0a-4908-8706-050403020100",
                          .start = std::chrono::system_clock::time_point{std::chrono::seconds{1'800'000'000}},
                          .extras = {{"api_key", "key<1>&"}, {"app", "burrow-app"}, {"tier", "gold"}},
                          .result = status});
  auto r = t->render(data);
  REQUIRE_MESSAGE(r.ok(), r.error().message);
  return r.value();
}

// Burrow lists a group's topics in random order on every evaluation (Go map iteration), so the
// status read back may order them differently from the evaluation a body was rendered from: put
// the partitions in the order in which `key(partition)` appears in that body.
template <typename Key>
eval::GroupStatus ordered_as_in(eval::GroupStatus status, const std::string& body, Key key) {
  auto position = [&](const eval::PartitionStatus& p) { return body.find(key(p)); };
  std::stable_sort(status.partitions.begin(), status.partitions.end(),
                   [&](const auto& a, const auto& b) { return position(a) < position(b); });
  return status;
}

void check_group(const std::string& group) {
  CAPTURE(group);
  const auto status = status_from_json(read_file(golden_dir() + group + "/status.json"));
  REQUIRE(status.group == group);
  REQUIRE_FALSE(status.partitions.empty());
  for (const std::string name :
       {"default-http-post", "default-http-delete", "default-slack-post", "default-slack-delete"}) {
    CAPTURE(name);
    const std::string burrow = read_file(golden_dir() + group + "/" + name + ".body");
    const auto ordered = ordered_as_in(status, burrow, [](const eval::PartitionStatus& p) {
      return "\"topic\":\"" + p.topic + "\",\"partition\":" + std::to_string(p.partition) + ",";
    });
    CHECK(normalise(render_warren(name, ordered)) == normalise(burrow));
  }
  // Burrow 1.2.1 sends "From: …\nTo: …\n" and then the template's output, unchanged.
  const std::string mail = read_file(golden_dir() + group + "/default-email.eml");
  const std::string headers = "From: burrow@example.org\nTo: " + group + "@example.org\n";
  const auto ordered = ordered_as_in(status, mail, [](const eval::PartitionStatus& p) {
    return " " + p.topic + ":" + std::to_string(p.partition) + " (";
  });
  CHECK(normalise(mail) == headers + normalise(render_warren("default-email", ordered)));
}

}  // namespace

TEST_SUITE("notify") {
  TEST_CASE("golden: warren renders what Burrow 1.2.1 sent for an ERR group (STOP, STALL, REWIND)") {
    check_group("grp-err");
  }
  TEST_CASE("golden: warren renders what Burrow 1.2.1 sent for a WARN group") { check_group("grp-warn"); }
}
