// Readers for the output sections: [httpserver.*] (the Burrow REST API) and [notifier.*]
// (HTTP webhooks and email on group status changes).
#include <fmt/core.h>

#include <algorithm>
#include <cctype>

#include "core/config/host_port.hpp"
#include "core/config/section_readers.hpp"

namespace warren::config {
namespace {

HttpServerConfig read_httpserver(ReadContext& context, const NamedTable& section, const Config& config) {
  HttpServerConfig server;
  server.name = section.name;
  SectionReader reader(context, "httpserver." + section.name, section.table);
  if (reader.read("address", server.address)) {
    // A listen address: a blank host (":8000") means every interface.
    if (auto why = host_port_error(server.address, true)) {
      reader.error("address", fmt::format("\"{}\" is not a valid host:port: {}", server.address, *why));
    }
  } else if (!reader.present("address")) {
    reader.error("address", "is required, e.g. \":8000\" or \"127.0.0.1:8000\"");
  }
  reader.read("timeout", server.timeout);
  reader.require_at_least("timeout", server.timeout, 0);
  if (reader.read("tls", server.tls) && !server.tls.empty()) {
    const auto it = config.tls_profiles.find(server.tls);
    if (it == config.tls_profiles.end()) {
      reader.error("tls", fmt::format("unknown profile \"{}\": there is no [tls.{}] section", server.tls, server.tls));
    } else if (it->second.certfile.empty() || it->second.keyfile.empty()) {
      reader.error("tls", fmt::format("[tls.{}] needs certfile and keyfile to serve HTTPS", server.tls));
    } else {
      server.tls_profile = it->second;
    }
  }
  reader.warn_unknown_keys();
  return server;
}

// A required string: absent or "" is an error, unless the key already has one (a wrong type).
void require_non_empty(SectionReader& reader, std::string_view key, const std::string& value, std::string_view why) {
  if (value.empty() && !reader.has_error(key)) reader.error(key, fmt::format("is required {}", why));
}

NotifierConfig read_notifier(ReadContext& context, const NamedTable& section) {
  NotifierConfig notifier;
  notifier.name = section.name;
  SectionReader reader(context, "notifier." + section.name, section.table);
  reader.read_one_of("class-name", notifier.class_name, {"http", "email", "null"}, true);

  // Keys common to every class.
  reader.read("interval", notifier.interval);
  // Burrow: an unset send-interval is the (possibly overridden) interval.
  if (!reader.read("send-interval", notifier.send_interval)) notifier.send_interval = notifier.interval;
  reader.read("threshold", notifier.threshold);
  reader.read("send-close", notifier.send_close);
  reader.read("send-once", notifier.send_once);
  reader.read_regex("group-allowlist", "group-whitelist", notifier.group_allowlist);
  reader.read_regex("group-denylist", "group-blacklist", notifier.group_denylist);
  reader.read("extras", notifier.extras);
  reader.read("template-open", notifier.template_open);
  reader.read("template-close", notifier.template_close);
  // http
  reader.read("url-open", notifier.url_open);
  reader.read("url-close", notifier.url_close);
  reader.read("method-open", notifier.method_open);
  reader.read("method-close", notifier.method_close);
  reader.read("timeout", notifier.timeout);
  reader.read("keepalive", notifier.keepalive);
  reader.read("username", notifier.username);
  reader.read("password", notifier.password);
  reader.read("headers", notifier.headers);
  reader.read("extra-ca", notifier.extra_ca);
  reader.read("noverify", notifier.noverify);
  reader.read("disable-http-keepalive", notifier.disable_http_keepalive);
  // email
  reader.read("server", notifier.server);
  reader.read("port", notifier.port);
  reader.read("from", notifier.from);
  reader.read("to", notifier.to);
  // Burrow lower-cases auth-type before matching it, so "PLAIN" works too.
  if (reader.read("auth-type", notifier.auth_type)) {
    std::transform(notifier.auth_type.begin(), notifier.auth_type.end(), notifier.auth_type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (notifier.auth_type != "" && notifier.auth_type != "plain" && notifier.auth_type != "crammd5") {
      reader.error("auth-type",
                   fmt::format("unknown auth-type \"{}\"; expected one of \"\", plain, crammd5", notifier.auth_type));
    }
  }

  reader.require_at_least("interval", notifier.interval, 1);
  reader.require_at_least("send-interval", notifier.send_interval, 0);
  reader.require_at_least("timeout", notifier.timeout, 1);
  reader.require_at_least("keepalive", notifier.keepalive, 0);

  // What Burrow's notifier modules refuse at start-up, checked here so it is reported with the
  // rest.
  const bool sends = notifier.class_name == "http" || notifier.class_name == "email";
  if (sends) {
    require_non_empty(reader, "template-open", notifier.template_open, "(the template of open notifications)");
    if (notifier.send_close) {
      require_non_empty(reader, "template-close", notifier.template_close, "when send-close is true");
    }
  }
  if (notifier.class_name == "http") {
    require_non_empty(reader, "url-open", notifier.url_open, "for class-name http");
    if (notifier.send_close) require_non_empty(reader, "url-close", notifier.url_close, "when send-close is true");
  }
  if (notifier.class_name == "email") {
    require_non_empty(reader, "server", notifier.server, "for class-name email");
    require_non_empty(reader, "from", notifier.from, "for class-name email");
    require_non_empty(reader, "to", notifier.to, "for class-name email");
    if (!reader.present("port")) {
      reader.error("port", "is required for class-name email");
    } else if (!notifier.server.empty() && !reader.has_error("port")) {
      const std::string address = fmt::format("{}:{}", notifier.server, notifier.port);
      if (auto why = host_port_error(address)) {
        reader.error("server", fmt::format("\"{}\" is not a valid host:port: {}", address, *why));
      }
    }
  }
  reader.warn_unknown_keys();
  return notifier;
}

}  // namespace

void read_httpservers(ReadContext& context, const SectionTables& tables, Config& config) {
  for (const auto& section : tables.httpservers) {
    config.httpservers.push_back(read_httpserver(context, section, config));
  }
}

void read_notifiers(ReadContext& context, const SectionTables& tables, Config& config) {
  for (const auto& section : tables.notifiers) config.notifiers.push_back(read_notifier(context, section));
}

}  // namespace warren::config
