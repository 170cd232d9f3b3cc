#include "core/config/environment.hpp"

#include <cctype>
#include <cstdlib>

namespace warren::config {

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    // getenv is only read here, during single-threaded start-up.
    const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe)
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

EnvLookup no_environment() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

std::string env_var_name(std::string_view prefix, std::string_view section_path, std::string_view key) {
  std::string name;
  if (!prefix.empty()) name.append(prefix).append("_");
  name.append(section_path).append("_").append(key);
  for (char& c : name) {
    if (c == '.' || c == '-')
      c = '_';
    else
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

}  // namespace warren::config
