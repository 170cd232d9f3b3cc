#include "core/config/host_port.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

namespace warren::config {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool valid_ipv4(std::string_view host) {
  const auto parts = split(host, '.');
  if (parts.size() != 4) return false;
  return std::all_of(parts.begin(), parts.end(), [](std::string_view p) {
    unsigned value = 0;
    if (!all_digits(p) || p.size() > 3) return false;
    std::from_chars(p.data(), p.data() + p.size(), value);
    return value <= 255;
  });
}

bool valid_ipv6(std::string_view host) {
  // Enough to catch typos; the resolver has the final word.
  if (host.find(':') == std::string_view::npos) return false;
  return std::all_of(host.begin(), host.end(),
                     [](unsigned char c) { return std::isxdigit(c) != 0 || c == ':' || c == '.'; });
}

// RFC 1123 labels: letters, digits and hyphens, not starting or ending with a hyphen. Underscores
// are tolerated because internal DNS names often carry them.
bool valid_hostname(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  const auto labels = split(host, '.');
  return std::all_of(labels.begin(), labels.end(), [](std::string_view label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    return std::all_of(label.begin(), label.end(),
                       [](unsigned char c) { return std::isalnum(c) != 0 || c == '-' || c == '_'; });
  });
}

}  // namespace

std::optional<std::string> host_port_error(std::string_view value, bool allow_blank_host) {
  std::string_view host;
  std::string_view port;
  bool bracketed = false;
  if (!value.empty() && value.front() == '[') {
    const std::size_t close = value.find(']');
    if (close == std::string_view::npos || close + 1 >= value.size() || value[close + 1] != ':') {
      return "expected [ipv6]:port";
    }
    host = value.substr(1, close - 1);
    port = value.substr(close + 2);
    bracketed = true;
  } else {
    const std::size_t colon = value.rfind(':');
    if (colon == std::string_view::npos) return "missing :port";
    host = value.substr(0, colon);
    port = value.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return "an IPv6 address must be written in brackets: [ipv6]:port";
  }
  unsigned port_number = 0;
  if (!all_digits(port) || port.size() > 5) return "the port is not a number";
  std::from_chars(port.data(), port.data() + port.size(), port_number);
  if (port_number > 65535) return "the port is out of range (0-65535)";
  if (host.empty()) {
    if (allow_blank_host && !bracketed) return std::nullopt;
    return "missing host";
  }
  if (bracketed) {
    return valid_ipv6(host) ? std::nullopt : std::optional<std::string>("invalid IPv6 address");
  }
  // As Burrow: a host made of numbers only must be an IPv4 address; anything else is a hostname.
  const auto parts = split(host, '.');
  if (std::all_of(parts.begin(), parts.end(), all_digits)) {
    return valid_ipv4(host) ? std::nullopt : std::optional<std::string>("invalid IPv4 address");
  }
  return valid_hostname(host) ? std::nullopt : std::optional<std::string>("invalid hostname");
}

std::optional<std::string> kafka_version_error(std::string_view value) {
  const auto parts = split(value, '.');
  if (parts.size() < 2 || parts.size() > 4 || !std::all_of(parts.begin(), parts.end(), all_digits)) {
    return "expected a version of the form N.N[.N[.N]], e.g. 2.8.0";
  }
  return std::nullopt;
}

}  // namespace warren::config
