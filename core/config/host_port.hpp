// Validation of "host:port" strings (broker lists, the HTTP listen address, the SMTP server),
// following Burrow's ValidateHostPort: hostname:port, ipv4:port or [ipv6]:port with a numeric
// port; a blank host is allowed only for listen addresses (":8000").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace warren::config {

// Returns why `value` is not a valid host:port, or nullopt when it is.
std::optional<std::string> host_port_error(std::string_view value, bool allow_blank_host = false);

// Returns why `value` is not a Kafka version string of the form N.N[.N[.N]] (0.8, 0.10.2, 2.8.0,
// 4.1.0), or nullopt when it is. warren only records it: librdkafka negotiates protocol versions.
std::optional<std::string> kafka_version_error(std::string_view value);

}  // namespace warren::config
