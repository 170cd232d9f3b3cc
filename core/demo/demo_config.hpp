// The configuration `warren demo` runs the real engine with, built in memory: one cluster and one
// offsets-topic consumer ("demo") on the embedded cluster's bootstrap servers, refresh intervals
// short enough for statuses to settle within a minute, and one HTTP listener.
#pragma once

#include <string>

#include "core/config/config.hpp"

namespace warren::demo {

inline constexpr const char* kClusterName = "demo";

// `http_address` is host:port (blank host: every interface), as in [httpserver.NAME] address.
config::Config demo_config(const std::string& bootstraps, const std::string& http_address);

}  // namespace warren::demo
