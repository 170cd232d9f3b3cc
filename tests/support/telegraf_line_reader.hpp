// A reader of InfluxDB line protocol that follows Telegraf's influx parser (v1.39.3,
// plugins/parsers/influx machine.go.rl and escape.go; reference/telegraf.md §5), so that unit
// tests can check what the plugin writes against the rules Telegraf enforces, not against the
// writer's own idea of them. It rejects what Telegraf rejects and unescapes as Telegraf does:
//   measurement  a backslash pairs with any non-control character; only \, and \  unescape
//   tag key/val  a backslash pairs with any non-control character but a backslash (two
//                backslashes are one literal one, and the second may start a pair); \, \  \= \"
//                unescape, other backslashes stay, and only in names holding a space, comma
//                or '=' (escape.go runs its unescaper only then)
//   field key    as the measurement, with \, \  \= \" unescaped
//   string       only \" and \\ are allowed escapes; raw newlines allowed
//   integer      -?(0|[1-9][0-9]*)i within int64; unsigned (…)u; floats; booleans t/T/true/…
//   timestamp    -?[0-9]{1,19}
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace warren::test {

struct LineField {
  enum class Kind { integer, unsigned_integer, floating, boolean, string };
  Kind kind{Kind::floating};
  std::string value;  // the unescaped string, or the number's text without its suffix
};

struct LinePoint {
  std::string error;  // empty when Telegraf's parser accepts the line
  std::string measurement;
  std::vector<std::pair<std::string, std::string>> tags;
  std::vector<std::pair<std::string, LineField>> fields;
  std::optional<std::int64_t> timestamp;

  const std::string* tag(std::string_view key) const {
    for (const auto& [k, v] : tags) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  const LineField* field(std::string_view key) const {
    for (const auto& [k, v] : fields) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

namespace line_reader_detail {

inline bool is_control(char c) { return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }
inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

// Scans name characters up to an unescaped one of `stops`; tag names may not pair a backslash
// with a backslash. Returns false on a character the grammar does not allow.
inline bool scan_name(std::string_view s, std::size_t& i, std::string_view stops, bool tag_rules,
                      std::string_view& raw) {
  const std::size_t start = i;
  while (i < s.size()) {
    const char c = s[i];
    if (is_control(c)) return false;
    if (c == '\\') {
      if (i + 1 >= s.size() || is_control(s[i + 1])) return false;
      if (!(tag_rules && s[i + 1] == '\\')) {
        i += 2;
        continue;
      }
      ++i;  // a literal backslash; the next one is read again
      continue;
    }
    if (stops.find(c) != std::string_view::npos) break;
    ++i;
  }
  raw = s.substr(start, i - start);
  return true;
}

// Telegraf runs its unescaper only over names holding one of `trigger` (" ,=" for tags and field
// keys, " ," for measurements): in any other name \" stays two characters.
inline std::string unescape(std::string_view raw, std::string_view pairs, std::string_view trigger) {
  if (raw.find_first_of(trigger) == std::string_view::npos) return std::string(raw);
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size() && pairs.find(raw[i + 1]) != std::string_view::npos) {
      out += raw[++i];
    } else {
      out += raw[i];
    }
  }
  return out;
}

inline bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// -?(0|[1-9][0-9]*) without the sign when `allow_sign` is false.
inline bool is_integer_text(std::string_view s, bool allow_sign) {
  if (allow_sign && !s.empty() && s.front() == '-') s.remove_prefix(1);
  return all_digits(s) && (s.size() == 1 || s.front() != '0');
}

inline bool is_float_text(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  const std::size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  const bool int_digits = i > int_start;
  bool frac_digits = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t frac_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    frac_digits = i > frac_start;
  }
  if (!int_digits && !frac_digits) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    return all_digits(s.substr(i));
  }
  return i == s.size();
}

inline std::optional<LineField> field_value(std::string_view s, std::size_t& i, std::string& error) {
  LineField f;
  if (i < s.size() && s[i] == '"') {
    f.kind = LineField::Kind::string;
    for (++i; i < s.size(); ++i) {
      if (s[i] == '"') {
        ++i;
        return f;
      }
      if (s[i] == '\\') {
        if (i + 1 >= s.size() || (s[i + 1] != '"' && s[i + 1] != '\\')) {
          error = "expected field: lone backslash in a string";
          return std::nullopt;
        }
        ++i;
      }
      f.value += s[i];
    }
    error = "expected field: unterminated string";
    return std::nullopt;
  }
  std::size_t end = i;
  while (end < s.size() && s[end] != ',' && !is_blank(s[end])) ++end;
  const std::string_view text = s.substr(i, end - i);
  i = end;
  const std::string_view body = text.empty() ? text : text.substr(0, text.size() - 1);
  if (!text.empty() && text.back() == 'i' && is_integer_text(body, true)) {
    std::int64_t v = 0;
    const auto r = std::from_chars(body.data(), body.data() + body.size(), v);
    if (r.ec != std::errc{}) {
      error = "value out of range";
      return std::nullopt;
    }
    f.kind = LineField::Kind::integer;
    f.value = std::string(body);
    return f;
  }
  if (!text.empty() && text.back() == 'u' && is_integer_text(body, false)) {
    std::uint64_t v = 0;
    const auto r = std::from_chars(body.data(), body.data() + body.size(), v);
    if (r.ec != std::errc{}) {
      error = "value out of range";
      return std::nullopt;
    }
    f.kind = LineField::Kind::unsigned_integer;
    f.value = std::string(body);
    return f;
  }
  if (is_float_text(text)) {
    f.kind = LineField::Kind::floating;
    f.value = std::string(text);
    return f;
  }
  for (const std::string_view b : {"t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE"}) {
    if (text == b) {
      f.kind = LineField::Kind::boolean;
      f.value = std::string(text);
      return f;
    }
  }
  error = "expected field: '" + std::string(text) + "'";
  return std::nullopt;
}

}  // namespace line_reader_detail

// Reads one line (without its '\n'); LinePoint::error says why Telegraf would reject it.
inline LinePoint read_line(std::string_view line) {
  using namespace line_reader_detail;
  LinePoint p;
  std::string_view s = line;
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  if (s.empty() || s.front() == '#') {
    p.error = "blank line or comment";
    return p;
  }
  std::size_t i = 0;
  std::string_view raw;
  if (!scan_name(s, i, " ,", false, raw) || raw.empty()) {
    p.error = "expected measurement name";
    return p;
  }
  p.measurement = unescape(raw, ", ", " ,");
  while (i < s.size() && s[i] == ',') {
    ++i;
    std::string_view key;
    std::string_view value;
    if (!scan_name(s, i, " ,=", true, key) || key.empty() || i >= s.size() || s[i] != '=') {
      p.error = "expected tag";
      return p;
    }
    ++i;
    if (!scan_name(s, i, " ,=", true, value) || value.empty() || (i < s.size() && s[i] == '=')) {
      p.error = "expected tag";
      return p;
    }
    p.tags.emplace_back(unescape(key, ", =\"", " ,="), unescape(value, ", =\"", " ,="));
  }
  if (i >= s.size() || !is_blank(s[i])) {
    p.error = "expected tag";
    return p;
  }
  while (i < s.size() && is_blank(s[i])) ++i;
  while (true) {
    std::string_view key;
    if (!scan_name(s, i, " ,=", false, key) || key.empty() || i >= s.size() || s[i] != '=') {
      p.error = "expected field";
      return p;
    }
    ++i;
    auto value = field_value(s, i, p.error);
    if (!value) return p;
    p.fields.emplace_back(unescape(key, ", =\"", " ,="), std::move(*value));
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    break;
  }
  if (i < s.size()) {
    if (!is_blank(s[i])) {
      p.error = "expected field";
      return p;
    }
    while (i < s.size() && is_blank(s[i])) ++i;
    std::string_view ts = s.substr(i);
    const std::string_view digits = !ts.empty() && ts.front() == '-' ? ts.substr(1) : ts;
    if (!all_digits(digits) || digits.size() > 19) {
      p.error = "expected timestamp";
      return p;
    }
    std::int64_t v = 0;
    const auto r = std::from_chars(ts.data(), ts.data() + ts.size(), v);
    if (r.ec != std::errc{}) {
      p.error = "expected timestamp";
      return p;
    }
    p.timestamp = v;
  }
  return p;
}

// Every '\n'-terminated line of `text`; a final line without '\n' is an error point.
inline std::vector<LinePoint> read_lines(std::string_view text) {
  std::vector<LinePoint> out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    if (nl == std::string_view::npos) {
      LinePoint p;
      p.error = "no final newline";
      out.push_back(std::move(p));
      break;
    }
    out.push_back(read_line(text.substr(0, nl)));
    text.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace warren::test
