// Loading the configuration: a Burrow burrow.toml (unchanged) or warren's own config file, read
// with toml11 into the immutable structs of config.hpp.
//
// Every problem is collected, not just the first: errors (wrong types, bad regular expressions,
// unknown class names, dangling references, missing required keys, out-of-range values, TOML
// syntax) reject the configuration; warnings (unknown keys and sections) and notes do not. Each
// names file, line and key, e.g.
//   conf/burrow.toml:23: consumer.local.group-denylist: invalid regular expression: missing ): (abc
//   conf/burrow.toml:7: unknown key "foo" in [cluster.local]
//
// Environment variables override keys as in Burrow (see environment.hpp). Nothing here logs or
// exits; the caller prints the diagnostics.
#pragma once

#include <string>
#include <string_view>

#include "core/base/result.hpp"
#include "core/config/config.hpp"
#include "core/config/diagnostic.hpp"
#include "core/config/environment.hpp"

namespace warren::config {

// Parses configuration text; `file_name` is what messages call the file. Pure: the environment
// comes in through `env`. On failure the Error's message holds every error, one per line, and
// `diagnostics.errors` holds them one by one. Warnings and notes are added either way.
Result<Config> parse_config(std::string_view text, const std::string& file_name, const EnvLookup& env,
                            Diagnostics& diagnostics);

// Reads the file at `path` and parses it. A missing or unreadable file is an error (ErrorCode::io).
Result<Config> load_config_file(const std::string& path, Diagnostics& diagnostics,
                                const EnvLookup& env = process_environment());

// Burrow's --config-dir: the file is DIR/burrow.toml.
std::string config_file_in_dir(const std::string& dir);
Result<Config> load_config_dir(const std::string& dir, Diagnostics& diagnostics,
                               const EnvLookup& env = process_environment());

}  // namespace warren::config
