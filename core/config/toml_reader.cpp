#include "core/config/toml_reader.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <sstream>

#include "core/config/host_port.hpp"
#include "core/config/regex_check.hpp"

namespace warren::config {
namespace {

// Converters return an empty string on success and the reason otherwise; they leave `out`
// untouched on failure so the default stays in place.

std::string expected(std::string_view what, const TomlValue& v) {
  return fmt::format("expected {}, got {}", what, describe_value(v));
}

std::string expected_text(std::string_view what, const std::string& text) {
  return fmt::format("expected {}, got \"{}\"", what, text);
}

template <typename Int>
std::string integer_from_toml(const TomlValue& v, Int& out) {
  if (!v.is_integer()) return expected("an integer", v);
  const std::int64_t value = v.as_integer();
  if constexpr (std::is_unsigned_v<Int>) {
    if (value < 0) return fmt::format("must not be negative, got {}", value);
  } else {
    if (value < std::numeric_limits<Int>::min() || value > std::numeric_limits<Int>::max()) {
      return fmt::format("{} is out of range", value);
    }
  }
  out = static_cast<Int>(value);
  return {};
}

template <typename Int>
std::string integer_from_text(const std::string& text, Int& out) {
  Int value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return expected_text("an integer", text);
  out = value;
  return {};
}

std::vector<std::string> split_whitespace(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

}  // namespace

std::uint32_t line_of(const TomlValue& value) { return value.location().line(); }

std::vector<std::pair<std::string, const TomlValue*>> entries_in_file_order(const TomlValue& table) {
  std::vector<std::pair<std::string, const TomlValue*>> entries;
  if (!table.is_table()) return entries;
  for (const auto& [key, value] : table.as_table()) entries.emplace_back(key, &value);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const auto la = a.second->location();
    const auto lb = b.second->location();
    if (la.line() != lb.line()) return la.line() < lb.line();
    if (la.column() != lb.column()) return la.column() < lb.column();
    return a.first < b.first;
  });
  return entries;
}

std::string describe_value(const TomlValue& value) {
  switch (value.type()) {
    case toml::value_t::string: {
      std::string text = value.as_string().str;
      if (text.size() > 40) text = text.substr(0, 37) + "...";
      return fmt::format("a string (\"{}\")", text);
    }
    case toml::value_t::integer: return fmt::format("an integer ({})", value.as_integer());
    case toml::value_t::floating: return "a float";
    case toml::value_t::boolean: return "a boolean";
    case toml::value_t::array: return "an array";
    case toml::value_t::table: return "a table";
    case toml::value_t::offset_datetime:
    case toml::value_t::local_datetime:
    case toml::value_t::local_date:
    case toml::value_t::local_time: return "a date/time";
    case toml::value_t::empty: return "nothing";
  }
  return "an unknown value";
}

std::string describe_origin(const Origin& origin) {
  if (origin.line == 0) return origin.file;
  return fmt::format("line {}", origin.line);
}

// ---- ReadContext ----

ReadContext::ReadContext(std::string file, EnvLookup env, Diagnostics& diagnostics)
    : file_(std::move(file)), env_(std::move(env)), diagnostics_(diagnostics) {}

void ReadContext::enable_environment(std::string prefix) { env_prefix_ = std::move(prefix); }

std::optional<ReadContext::EnvValue> ReadContext::env_value(std::string_view section_path, std::string_view key) const {
  if (!env_prefix_ || !env_) return std::nullopt;
  std::string name = env_var_name(*env_prefix_, section_path, key);
  auto value = env_(name);
  if (!value) return std::nullopt;
  return EnvValue{std::move(name), std::move(*value)};
}

void ReadContext::error(Origin origin, std::string key, std::string message) {
  diagnostics_.errors.push_back(Diagnostic{std::move(origin), std::move(key), std::move(message)});
}
void ReadContext::warning(Origin origin, std::string key, std::string message) {
  diagnostics_.warnings.push_back(Diagnostic{std::move(origin), std::move(key), std::move(message)});
}
void ReadContext::note(Origin origin, std::string key, std::string message) {
  diagnostics_.notes.push_back(Diagnostic{std::move(origin), std::move(key), std::move(message)});
}

// ---- SectionReader ----

SectionReader::SectionReader(ReadContext& context, std::string path, const TomlValue* table)
    : context_(context), path_(std::move(path)), table_(table) {}

std::string SectionReader::key_path(std::string_view key) const { return fmt::format("{}.{}", path_, key); }

const TomlValue* SectionReader::find(std::string_view key) const {
  if (table_ == nullptr || !table_->is_table()) return nullptr;
  const auto& table = table_->as_table();
  const auto it = table.find(std::string(key));
  return it == table.end() ? nullptr : &it->second;
}

bool SectionReader::present(std::string_view key) const {
  return env_origins_.count(key) > 0 || context_.env_value(path_, key).has_value() || find(key) != nullptr;
}

Origin SectionReader::origin(std::string_view key) const {
  if (const auto it = env_origins_.find(key); it != env_origins_.end()) return it->second;
  if (const TomlValue* value = find(key)) return context_.at_line(line_of(*value));
  return section_origin();
}

Origin SectionReader::section_origin() const { return context_.at_line(table_ == nullptr ? 0 : line_of(*table_)); }

void SectionReader::error(std::string_view key, std::string message) {
  failed_.emplace(key);
  context_.error(origin(key), key_path(key), std::move(message));
}

template <typename T, typename FromToml, typename FromText>
bool SectionReader::read_with(std::string_view key, T& out, FromToml from_toml, FromText from_text) {
  known_.emplace(key);
  if (auto env = context_.env_value(path_, key)) {
    env_origins_.insert_or_assign(std::string(key), Origin{"environment variable " + env->name, 0});
    if (std::string why = from_text(env->value, out); !why.empty()) {
      error(key, std::move(why));
      return false;
    }
    return true;
  }
  const TomlValue* value = find(key);
  if (value == nullptr) return false;
  if (std::string why = from_toml(*value, out); !why.empty()) {
    error(key, std::move(why));
    return false;
  }
  return true;
}

bool SectionReader::read(std::string_view key, std::string& out) {
  return read_with(
      key, out,
      [](const TomlValue& v, std::string& o) -> std::string {
        if (!v.is_string()) return expected("a string", v);
        o = v.as_string().str;
        return {};
      },
      [](const std::string& text, std::string& o) -> std::string {
        o = text;
        return {};
      });
}

bool SectionReader::read(std::string_view key, bool& out) {
  return read_with(
      key, out,
      [](const TomlValue& v, bool& o) -> std::string {
        if (!v.is_boolean()) return expected("a boolean", v);
        o = v.as_boolean();
        return {};
      },
      [](const std::string& text, bool& o) -> std::string {
        // The spellings Go's strconv.ParseBool accepts, which is what viper uses.
        if (text == "1" || text == "t" || text == "T" || text == "true" || text == "TRUE" || text == "True") {
          o = true;
        } else if (text == "0" || text == "f" || text == "F" || text == "false" || text == "FALSE" || text == "False") {
          o = false;
        } else {
          return expected_text("a boolean", text);
        }
        return {};
      });
}

bool SectionReader::read(std::string_view key, int& out) {
  return read_with(key, out, integer_from_toml<int>, integer_from_text<int>);
}

bool SectionReader::read(std::string_view key, std::int64_t& out) {
  return read_with(key, out, integer_from_toml<std::int64_t>, integer_from_text<std::int64_t>);
}

bool SectionReader::read(std::string_view key, std::uint64_t& out) {
  return read_with(key, out, integer_from_toml<std::uint64_t>, integer_from_text<std::uint64_t>);
}

bool SectionReader::read(std::string_view key, double& out) {
  return read_with(
      key, out,
      [](const TomlValue& v, double& o) -> std::string {
        if (v.is_floating())
          o = v.as_floating();
        else if (v.is_integer())
          o = static_cast<double>(v.as_integer());
        else
          return expected("a number", v);
        return {};
      },
      [](const std::string& text, double& o) -> std::string {
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc{} || end != text.data() + text.size()) return expected_text("a number", text);
        o = value;
        return {};
      });
}

bool SectionReader::read(std::string_view key, std::vector<std::string>& out) {
  return read_with(
      key, out,
      [](const TomlValue& v, std::vector<std::string>& o) -> std::string {
        if (v.is_string()) {
          o = split_whitespace(v.as_string().str);
          return {};
        }
        if (!v.is_array()) return expected("an array of strings", v);
        std::vector<std::string> items;
        for (const auto& item : v.as_array()) {
          if (!item.is_string()) {
            return fmt::format("expected an array of strings, element {} is {}", items.size() + 1,
                               describe_value(item));
          }
          items.push_back(item.as_string().str);
        }
        o = std::move(items);
        return {};
      },
      [](const std::string& text, std::vector<std::string>& o) -> std::string {
        o = split_whitespace(text);
        return {};
      });
}

bool SectionReader::read(std::string_view key, std::map<std::string, std::string>& out) {
  // Maps are read from the file only: an environment variable cannot express one.
  known_.emplace(key);
  const TomlValue* value = find(key);
  if (value == nullptr) return false;
  if (!value->is_table()) {
    error(key, expected("a table of strings", *value));
    return false;
  }
  std::map<std::string, std::string> result;
  for (const auto& [name, item] : entries_in_file_order(*value)) {
    if (item->is_string())
      result[name] = item->as_string().str;
    else if (item->is_integer())
      result[name] = std::to_string(item->as_integer());
    else if (item->is_boolean())
      result[name] = item->as_boolean() ? "true" : "false";
    else if (item->is_floating())
      result[name] = fmt::format("{}", item->as_floating());
    else {
      context_.error(context_.at_line(line_of(*item)), fmt::format("{}.{}", key_path(key), name),
                     expected("a string", *item));
      return false;
    }
  }
  out = std::move(result);
  return true;
}

bool SectionReader::read_regex(std::string_view key, std::string& out) {
  std::string pattern;
  if (!read(key, pattern)) return false;
  if (auto why = regex_error(pattern)) {
    error(key, "invalid regular expression: " + *why);
    return false;
  }
  out = std::move(pattern);
  return true;
}

bool SectionReader::read_regex(std::string_view key, std::string_view old_key, std::string& out) {
  // Burrow 1.2 spelled these group-whitelist/group-blacklist; Burrow HEAD refuses the old
  // spelling, warren accepts either so that both generations of config files load.
  if (present(key) && present(old_key)) {
    known_.emplace(key);
    known_.emplace(old_key);
    error(key, fmt::format("set twice: \"{}\" ({}) and its old spelling \"{}\" ({}); keep only one", key,
                           describe_origin(origin(key)), old_key, describe_origin(origin(old_key))));
    return false;
  }
  const bool from_new = read_regex(key, out);
  const bool from_old = read_regex(old_key, out);
  return from_new || from_old;
}

bool SectionReader::read_one_of(std::string_view key, std::string& out, std::initializer_list<std::string_view> allowed,
                                bool required) {
  std::string value;
  if (!read(key, value)) {
    if (required && !present(key)) error(key, "is required");
    return false;
  }
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    std::string choices;
    for (std::string_view choice : allowed) {
      if (!choices.empty()) choices += ", ";
      choices += choice.empty() ? std::string("\"\"") : std::string(choice);
    }
    error(key, fmt::format("unknown {} \"{}\"; expected one of {}", key, value, choices));
    return false;
  }
  out = std::move(value);
  return true;
}

bool SectionReader::read_servers(std::string_view key, std::vector<std::string>& out, bool required) {
  std::vector<std::string> servers;
  const bool set = read(key, servers);
  if (!set) {
    if (required && !present(key)) error(key, "is required: a list of \"host:port\"");
    return false;
  }
  if (servers.empty()) {
    if (required) error(key, "must list at least one \"host:port\"");
    out.clear();
    return !required;
  }
  bool valid = true;
  for (const auto& server : servers) {
    if (auto why = host_port_error(server)) {
      error(key, fmt::format("\"{}\" is not a valid host:port: {}", server, *why));
      valid = false;
    }
  }
  if (valid) out = std::move(servers);
  return valid;
}

void SectionReader::require_at_least(std::string_view key, std::int64_t value, std::int64_t minimum) {
  if (value < minimum) error(key, fmt::format("must be at least {}, got {}", minimum, value));
}

void SectionReader::warn_unknown_keys() {
  if (table_ == nullptr) return;
  for (const auto& [key, value] : entries_in_file_order(*table_)) {
    if (known_.count(key) > 0) continue;
    context_.warning(context_.at_line(line_of(*value)), "", fmt::format("unknown key \"{}\" in [{}]", key, path_));
  }
}

}  // namespace warren::config
