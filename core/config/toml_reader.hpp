// Typed, located reads of TOML keys for the configuration loader (internal to core/config).
//
// ReadContext holds what every section shares: the file name, the environment and the
// diagnostics being collected. SectionReader reads the keys of one section ("cluster.local"):
// each read checks the environment override first, then the file; a value of the wrong type is
// recorded as an error naming file, line and key and leaves the default in place, so reading
// carries on and every problem is reported at once. Keys that no read asked for are reported as
// unknown (a warning) by warn_unknown_keys().
#pragma once

#include <toml.hpp>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/config/diagnostic.hpp"
#include "core/config/environment.hpp"

namespace warren::config {

using TomlValue = toml::value;

// The 1-based line a value starts on.
std::uint32_t line_of(const TomlValue& value);
// A table's entries ordered as they appear in the file (toml11 keeps them in a hash map).
std::vector<std::pair<std::string, const TomlValue*>> entries_in_file_order(const TomlValue& table);
// "a string (\"10\")", "an integer", "an array", ... for type-error messages.
std::string describe_value(const TomlValue& value);
// "line 12" or "environment variable BURROW_X", for messages that point at a second place.
std::string describe_origin(const Origin& origin);

class ReadContext {
 public:
  ReadContext(std::string file, EnvLookup env, Diagnostics& diagnostics);

  const std::string& file() const noexcept { return file_; }
  Origin at_line(std::uint32_t line) const { return Origin{file_, line}; }

  // Overrides are only looked up once the prefix is known (general.env-var-prefix is itself
  // read from the file only, as in Burrow).
  void enable_environment(std::string prefix);

  struct EnvValue {
    std::string name;
    std::string value;
  };
  std::optional<EnvValue> env_value(std::string_view section_path, std::string_view key) const;

  void error(Origin origin, std::string key, std::string message);
  void warning(Origin origin, std::string key, std::string message);
  void note(Origin origin, std::string key, std::string message);

 private:
  std::string file_;
  EnvLookup env_;
  std::optional<std::string> env_prefix_;
  Diagnostics& diagnostics_;
};

class SectionReader {
 public:
  // `table` may be null: the section is absent and only defaults and the environment apply.
  SectionReader(ReadContext& context, std::string path, const TomlValue* table);

  const std::string& path() const noexcept { return path_; }
  std::string key_path(std::string_view key) const;

  // Each read leaves `out` unchanged when the key is absent or invalid; returns true when a
  // valid value was stored.
  bool read(std::string_view key, std::string& out);
  bool read(std::string_view key, bool& out);
  bool read(std::string_view key, int& out);
  bool read(std::string_view key, std::int64_t& out);
  bool read(std::string_view key, std::uint64_t& out);
  bool read(std::string_view key, double& out);  // integers are accepted too
  // An array of strings; a single string is split on whitespace (viper's string-slice rule).
  bool read(std::string_view key, std::vector<std::string>& out);
  // A table of strings (extras, headers); numbers and booleans are turned into text.
  bool read(std::string_view key, std::map<std::string, std::string>& out);

  // A regular expression, validated with RE2.
  bool read_regex(std::string_view key, std::string& out);
  // A regex key with an old spelling (group-allowlist / group-whitelist): either is accepted,
  // both at once is an error naming both places.
  bool read_regex(std::string_view key, std::string_view old_key, std::string& out);
  // A string that must be one of `allowed` (class-name, auth-type); `required` makes absence an
  // error.
  bool read_one_of(std::string_view key, std::string& out, std::initializer_list<std::string_view> allowed,
                   bool required);
  // A list of host:port; `required` makes an absent or empty list an error.
  bool read_servers(std::string_view key, std::vector<std::string>& out, bool required);

  // Records an error if `value` (read from `key`) is below `minimum`.
  void require_at_least(std::string_view key, std::int64_t value, std::int64_t minimum);

  // True when the key is set in the file or the environment.
  bool present(std::string_view key) const;
  // Where the key's value came from; the section header when the key is absent.
  Origin origin(std::string_view key) const;
  Origin section_origin() const;
  void error(std::string_view key, std::string message);
  // True when an error has been recorded for the key (so later checks need not repeat it).
  bool has_error(std::string_view key) const { return failed_.count(key) > 0; }

  // Warns about every key of the section that no read asked for. Call after all reads.
  void warn_unknown_keys();

 private:
  template <typename T, typename FromToml, typename FromText>
  bool read_with(std::string_view key, T& out, FromToml from_toml, FromText from_text);
  const TomlValue* find(std::string_view key) const;

  ReadContext& context_;
  std::string path_;
  const TomlValue* table_;
  std::set<std::string, std::less<>> known_;
  std::map<std::string, Origin, std::less<>> env_origins_;
  std::set<std::string, std::less<>> failed_;
};

}  // namespace warren::config
