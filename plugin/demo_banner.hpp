// The short text `warren demo` writes on stderr once everything runs: what the embedded cluster
// holds, what each consumer group does and which status it should reach, and URLs to try.
#pragma once

#include <chrono>
#include <string>

#include "core/demo/scenario.hpp"

namespace warren::plugin {

// "http://HOST:PORT" for a listener bound to `host`: every interface (0.0.0.0, ::, blank) is shown
// as localhost, an IPv6 address in brackets.
std::string listener_url(const std::string& host, int port);

std::string demo_banner(const demo::Scenario& scenario, const std::string& cluster, const std::string& bootstraps,
                        const std::string& url, std::chrono::milliseconds print_interval);

}  // namespace warren::plugin
