#include "core/kafka/client_config.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/base/log.hpp"

namespace warren::kafka {

bool reaches_brokers_in_plaintext(const config::ClientProfile& profile) {
  if (profile.tls || profile.sasl) return false;
  const auto protocol = profile.librdkafka.find("security.protocol");
  if (protocol == profile.librdkafka.end()) return true;
  std::string value = protocol->second;
  std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
  return value == "plaintext";
}

Result<Properties> profile_properties(const config::ClientProfile& profile, const std::vector<std::string>& servers) {
  Properties p;
  std::string bootstrap;
  for (const auto& s : servers) bootstrap += (bootstrap.empty() ? "" : ",") + s;
  p["bootstrap.servers"] = bootstrap;
  p["client.id"] = profile.client_id;
  p["log.connection.close"] = "false";  // idle connections closed by brokers are routine
  if (profile.dial_timeout) p["socket.connection.setup.timeout.ms"] = std::to_string(*profile.dial_timeout * 1000);
  if (profile.read_timeout) p["socket.timeout.ms"] = std::to_string(*profile.read_timeout * 1000);

  const bool tls = profile.tls.has_value();
  const bool sasl = profile.sasl.has_value();
  if (profile.iam) {
    return make_error(ErrorCode::invalid_argument,
                      "client-profile." + profile.name +
                          ": iam (MSK IAM) is not built in; pass an OAUTHBEARER setup through the profile's "
                          "librdkafka table instead");
  }
  p["security.protocol"] = tls && sasl ? "sasl_ssl" : tls ? "ssl" : sasl ? "sasl_plaintext" : "plaintext";
  if (tls) {
    const auto& t = *profile.tls;
    if (!t.cafile.empty()) {
      p["ssl.ca.location"] = t.cafile;
      // As Burrow (through its Kafka client): the client certificate is used only with a CA file.
      if (!t.certfile.empty()) p["ssl.certificate.location"] = t.certfile;
      if (!t.keyfile.empty()) p["ssl.key.location"] = t.keyfile;
    }
    if (t.noverify) {
      p["enable.ssl.certificate.verification"] = "false";
      p["ssl.endpoint.identification.algorithm"] = "none";
    }
  }
  if (sasl) {
    const auto& s = *profile.sasl;
    p["sasl.mechanisms"] = s.mechanism.empty() ? "PLAIN" : s.mechanism;
    p["sasl.username"] = s.username;
    p["sasl.password"] = s.password;
  }
  for (const auto& [k, v] : profile.librdkafka) p[k] = v;
  return p;
}

namespace {

// librdkafka's own log lines, in warren's format. Its errors are mostly transient connection
// failures it retries by itself; warren reports an unreachable cluster once, at error level, so
// these are warnings here.
void on_librdkafka_log(const rd_kafka_t* rk, int level, const char* facility, const char* message) noexcept {
  const log::Level lvl = level <= 4 ? log::Level::warn : level == 5 ? log::Level::info : log::Level::debug;
  if (!log::enabled(lvl)) return;
  std::string module = "librdkafka ";
  module += rk != nullptr ? rd_kafka_name(rk) : "";
  log::write(lvl, module, std::string(facility) + ": " + message);
}

}  // namespace

Result<ConfHandle> make_conf(const config::ClientProfile& profile, const std::vector<std::string>& servers,
                             const Properties& own) {
  auto props = profile_properties(profile, servers);
  if (!props) return props.error();
  for (const auto& [k, v] : own) props.value()[k] = v;
  ConfHandle conf(rd_kafka_conf_new());
  rd_kafka_conf_set_log_cb(conf.get(), &on_librdkafka_log);
  std::array<char, 512> err{};
  for (const auto& [k, v] : props.value()) {
    if (rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), err.data(), err.size()) != RD_KAFKA_CONF_OK) {
      return make_error(ErrorCode::invalid_argument, "librdkafka property " + k + ": " + err.data());
    }
  }
  return conf;
}

}  // namespace warren::kafka
