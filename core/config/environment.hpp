// Environment-variable overrides, as Burrow's viper setup does them: every key can be overridden
// by <PREFIX>_<SECTION>_<NAME>_<KEY>, upper-case, with "." and "-" replaced by "_"; the prefix is
// general.env-var-prefix (default "burrow"), e.g. BURROW_GENERAL_PIDFILE or
// BURROW_CLUSTER_LOCAL_OFFSET_REFRESH. The lookup is a function so tests can inject a fake
// environment instead of changing the process's.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace warren::config {

// Returns the variable's value, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Reads the process environment (getenv).
EnvLookup process_environment();
// An empty environment: no overrides.
EnvLookup no_environment();

// The variable that overrides `key` of the section at `section_path` ("cluster.local").
// An empty prefix means no prefix, as viper does.
std::string env_var_name(std::string_view prefix, std::string_view section_path, std::string_view key);

}  // namespace warren::config
