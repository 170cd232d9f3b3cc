// Readers for the named profiles that other sections refer to by name: [tls.*], [sasl.*],
// [iam.*] and [client-profile.*]. References are resolved here, once, so consumers of Config get
// the profile itself and never look a name up again.
#include <fmt/core.h>

#include "core/config/host_port.hpp"
#include "core/config/section_readers.hpp"

namespace warren::config {
namespace {

TlsProfile read_tls(ReadContext& context, const NamedTable& section) {
  TlsProfile tls;
  tls.name = section.name;
  SectionReader reader(context, "tls." + section.name, section.table);
  reader.read("certfile", tls.certfile);
  reader.read("keyfile", tls.keyfile);
  reader.read("cafile", tls.cafile);
  reader.read("noverify", tls.noverify);
  reader.warn_unknown_keys();
  return tls;
}

SaslProfile read_sasl(ReadContext& context, const NamedTable& section) {
  SaslProfile sasl;
  sasl.name = section.name;
  SectionReader reader(context, "sasl." + section.name, section.table);
  reader.read("username", sasl.username);
  reader.read("password", sasl.password);
  reader.read("handshake-first", sasl.handshake_first);
  if (reader.read("mechanism", sasl.mechanism) && !sasl.mechanism.empty() && sasl.mechanism != "PLAIN" &&
      sasl.mechanism != "SCRAM-SHA-256" && sasl.mechanism != "SCRAM-SHA-512") {
    // Burrow silently uses PLAIN for anything else; a typo here would send a password in clear.
    context.warning(reader.origin("mechanism"), reader.key_path("mechanism"),
                    fmt::format("unknown mechanism \"{}\"; using PLAIN (expected PLAIN, SCRAM-SHA-256 or "
                                "SCRAM-SHA-512)",
                                sasl.mechanism));
  }
  reader.warn_unknown_keys();
  return sasl;
}

IamProfile read_iam(ReadContext& context, const NamedTable& section) {
  IamProfile iam;
  iam.name = section.name;
  SectionReader reader(context, "iam." + section.name, section.table);
  reader.read("region", iam.region);
  reader.read("role-arn", iam.role_arn);
  reader.read("profile", iam.profile);
  if (iam.region.empty() && !reader.present("region")) reader.error("region", "is required");
  reader.warn_unknown_keys();
  return iam;
}

// Reads the name in `key` and returns the profile of that name from `profiles`, or nullopt when
// the key is absent or empty; an unknown name is an error.
template <typename Profile>
std::optional<Profile> resolve(SectionReader& reader, std::string_view key,
                               const std::map<std::string, Profile>& profiles) {
  std::string name;
  if (!reader.read(key, name) || name.empty()) return std::nullopt;
  const auto it = profiles.find(name);
  if (it == profiles.end()) {
    reader.error(key, fmt::format("unknown profile \"{}\": there is no [{}.{}] section", name, key, name));
    return std::nullopt;
  }
  return it->second;
}

ClientProfile read_client_profile(ReadContext& context, const NamedTable& section, const Config& config) {
  ClientProfile profile;
  profile.name = section.name;
  SectionReader reader(context, "client-profile." + section.name, section.table);
  reader.read("client-id", profile.client_id);
  std::string version;
  if (reader.read("kafka-version", version)) {
    // Accepted for compatibility only (librdkafka negotiates), but a malformed one is a typo.
    if (auto why = kafka_version_error(version))
      reader.error("kafka-version", *why);
    else
      profile.kafka_version = version;
  }
  profile.tls = resolve(reader, "tls", config.tls_profiles);
  profile.sasl = resolve(reader, "sasl", config.sasl_profiles);
  profile.iam = resolve(reader, "iam", config.iam_profiles);
  if (profile.iam && !profile.tls && !reader.present("tls")) {
    reader.error("iam", "needs tls: MSK IAM authentication only works over TLS");
  }
  int timeout = 0;
  if (reader.read("dial-timeout", timeout)) {
    reader.require_at_least("dial-timeout", timeout, 1);
    profile.dial_timeout = timeout;
  }
  if (reader.read("read-timeout", timeout)) {
    reader.require_at_least("read-timeout", timeout, 1);
    profile.read_timeout = timeout;
  }
  reader.read("librdkafka", profile.librdkafka);
  reader.warn_unknown_keys();
  return profile;
}

}  // namespace

void read_profiles(ReadContext& context, const SectionTables& tables, Config& config) {
  for (const auto& section : tables.tls) config.tls_profiles[section.name] = read_tls(context, section);
  for (const auto& section : tables.sasl) config.sasl_profiles[section.name] = read_sasl(context, section);
  for (const auto& section : tables.iam) config.iam_profiles[section.name] = read_iam(context, section);
  for (const auto& section : tables.client_profiles) {
    config.client_profiles[section.name] = read_client_profile(context, section, config);
  }
}

void read_client_profile_ref(SectionReader& reader, std::string_view key, const Config& config, ClientProfile& out) {
  std::string name;
  // Absent or "": Burrow's built-in defaults (config.hpp's ClientProfile initialisers).
  if (!reader.read(key, name) || name.empty()) return;
  const auto it = config.client_profiles.find(name);
  if (it == config.client_profiles.end()) {
    reader.error(key,
                 fmt::format("unknown client profile \"{}\": there is no [client-profile.{}] section", name, name));
    return;
  }
  out = it->second;
}

}  // namespace warren::config
