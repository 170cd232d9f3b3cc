// Test helpers for core/config: parse TOML text under a fixed file name with an injected
// environment, and look for diagnostics by substring.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/config_loader.hpp"

namespace warren::test {

// Every message names this file, so tests can assert "t/burrow.toml:LINE: key".
inline constexpr const char* kConfigName = "t/burrow.toml";

struct LoadedConfig {
  std::optional<config::Config> config;
  config::Diagnostics diagnostics;

  bool ok() const { return config.has_value(); }
  std::vector<std::string> errors() const { return lines(diagnostics.errors); }
  std::vector<std::string> warnings() const { return lines(diagnostics.warnings); }
  std::vector<std::string> notes() const { return lines(diagnostics.notes); }

  static std::vector<std::string> lines(const std::vector<config::Diagnostic>& list) {
    std::vector<std::string> out;
    for (const auto& d : list) out.push_back(d.to_string());
    return out;
  }
};

inline config::EnvLookup fake_environment(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

inline LoadedConfig parse_toml(std::string_view text, std::map<std::string, std::string> env = {}) {
  LoadedConfig loaded;
  auto result = config::parse_config(text, kConfigName, fake_environment(std::move(env)), loaded.diagnostics);
  if (result) loaded.config = std::move(result).value();
  return loaded;
}

inline LoadedConfig load_file(const std::string& path) {
  LoadedConfig loaded;
  auto result = config::load_config_file(path, loaded.diagnostics, config::no_environment());
  if (result) loaded.config = std::move(result).value();
  return loaded;
}

// True when some line contains `needle`.
inline bool any_contains(const std::vector<std::string>& lines, std::string_view needle) {
  for (const auto& line : lines) {
    if (line.find(needle) != std::string::npos) return true;
  }
  return false;
}

// All lines joined, for doctest's failure messages.
inline std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

}  // namespace warren::test
