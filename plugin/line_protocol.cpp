#include "plugin/line_protocol.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace warren::plugin {

namespace {

std::string_view strip_trailing_backslashes(std::string_view s) {
  while (!s.empty() && s.back() == '\\') s.remove_suffix(1);
  return s;
}

// Control characters the parser rejects raw (its grammar excludes \t \n \v \f \r from names);
// written, as Telegraf's serializer writes \t \n \f \r, as a backslash and a letter, which read
// back as those two characters.
bool append_control(std::string& out, char c) {
  switch (c) {
    case '\t': out += "\\t"; return true;
    case '\n': out += "\\n"; return true;
    case '\v': out += "\\v"; return true;
    case '\f': out += "\\f"; return true;
    case '\r': out += "\\r"; return true;
    default: return false;
  }
}

// A name Telegraf reads back through its unescaper turns every \" into " — but the unescaper
// runs only on names holding a space, comma or '=' (escape.go, unescape). So in those names a
// quote after a backslash gets one more backslash (\\\" reads back as \"); in the others
// nothing is unescaped and \" stays as it is.
std::string escape_name(std::string_view s, bool is_key) {
  s = strip_trailing_backslashes(s);
  const bool unescaped = s.find_first_of(is_key ? " ,=" : " ,") != std::string_view::npos;
  std::string out;
  out.reserve(s.size());
  char previous = 0;
  for (const char c : s) {
    if (append_control(out, c)) {
      previous = c;
      continue;
    }
    if (c == ',' || c == ' ' || (is_key && c == '=') || (is_key && unescaped && c == '"' && previous == '\\')) {
      out += '\\';
    }
    out += c;
    previous = c;
  }
  return out;
}

}  // namespace

std::string escape_measurement(std::string_view name) { return escape_name(name, false); }
std::string escape_key(std::string_view key) { return escape_name(key, true); }

std::string escape_string(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

LineBuilder& LineBuilder::begin(std::string_view measurement) {
  line_start_ = out_.size();
  has_fields_ = false;
  out_ += escape_measurement(measurement);
  return *this;
}

LineBuilder& LineBuilder::tag(std::string_view key, std::string_view value) {
  std::string k = escape_key(key);
  std::string v = escape_key(value);
  if (k.empty() || v.empty()) return *this;
  out_ += ',';
  out_ += k;
  out_ += '=';
  out_ += v;
  return *this;
}

void LineBuilder::field_key(std::string_view key) {
  out_ += has_fields_ ? ',' : ' ';
  has_fields_ = true;
  out_ += escape_key(key);
  out_ += '=';
}

LineBuilder& LineBuilder::field_int(std::string_view key, std::int64_t value) {
  field_key(key);
  std::array<char, 24> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  out_.append(buf.data(), r.ptr);
  out_ += 'i';
  return *this;
}

LineBuilder& LineBuilder::field_float(std::string_view key, double value) {
  if (!std::isfinite(value)) return *this;
  field_key(key);
  std::array<char, 32> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  out_.append(buf.data(), r.ptr);
  return *this;
}

LineBuilder& LineBuilder::field_float(std::string_view key, float value) {
  if (!std::isfinite(value)) return *this;
  field_key(key);
  std::array<char, 32> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  out_.append(buf.data(), r.ptr);
  return *this;
}

LineBuilder& LineBuilder::field_string(std::string_view key, std::string_view value) {
  field_key(key);
  out_ += '"';
  out_ += escape_string(value);
  out_ += '"';
  return *this;
}

LineBuilder& LineBuilder::end(std::int64_t timestamp_ns) {
  if (!has_fields_) {
    out_.resize(line_start_);
    return *this;
  }
  out_ += ' ';
  std::array<char, 24> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), timestamp_ns);
  out_.append(buf.data(), r.ptr);
  out_ += '\n';
  line_start_ = out_.size();
  return *this;
}

}  // namespace warren::plugin
