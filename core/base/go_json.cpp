#include "core/base/go_json.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace warren::base {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// Length of a valid UTF-8 sequence starting at s[i], or 0 when it is not valid (Go's rules:
// no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_length(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto c0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) { return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80; };
  auto at = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F); };
  if (c0 >= 0xC2 && c0 <= 0xDF && cont(1)) {
    cp = ((c0 & 0x1Fu) << 6) | at(1);
    return 2;
  }
  if (c0 >= 0xE0 && c0 <= 0xEF && cont(1) && cont(2)) {
    cp = ((c0 & 0x0Fu) << 12) | (at(1) << 6) | at(2);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return 3;
  }
  if (c0 >= 0xF0 && c0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    cp = ((c0 & 0x07u) << 18) | (at(1) << 12) | (at(2) << 6) | at(3);
    if (cp < 0x10000 || cp > 0x10FFFF) return 0;
    return 4;
  }
  return 0;
}

}  // namespace

void append_go_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;  // Go 1.22+; Burrow HEAD is built with Go 1.25
        case '\f': out += "\\f"; break;
        case '<':
        case '>':
        case '&':
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
          break;
        default:
          if (c < 0x20) {
            out += "\\u00";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t n = utf8_length(s, i, cp);
    if (n == 0) {
      out += "\\ufffd";  // Go replaces each invalid byte
      ++i;
      continue;
    }
    if (cp == 0x2028 || cp == 0x2029) {
      out += cp == 0x2028 ? "\\u2028" : "\\u2029";
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  out.push_back('"');
}

std::string go_float32(float v) {
  if (std::isnan(v) || std::isinf(v)) return "null";  // Go refuses to encode these; never produced
  std::array<char, 64> buf{};
  const float a = std::fabs(v);
  // encoding/json: 'e' format for very small or very large magnitudes, else 'f'.
  if (a != 0.0F && (a < 1e-6F || a >= 1e21F)) {
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::scientific);
    std::string s(buf.data(), end);
    // Go cleans up e-07 to e-7 (only negative two-digit exponents with a leading zero).
    const std::size_t n = s.size();
    if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') s.erase(n - 2, 1);
    return s;
  }
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed);
  return std::string(buf.data(), end);
}

std::string go_float64_g(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == 0.0) return std::signbit(v) ? "-0" : "0";
  // Shortest digits first, then Go's 'g' rule for shortest output (precision -1): exponent form
  // when the decimal exponent is below -4 or at least 6.
  std::array<char, 64> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::scientific);
  std::string sci(buf.data(), end);
  const auto e = sci.find('e');
  const int exp = std::stoi(sci.substr(e + 1));
  if (exp < -4 || exp >= 6) {
    // Go: mantissa, 'e', sign, at least two exponent digits.
    std::string mant = sci.substr(0, e);
    const int aexp = exp < 0 ? -exp : exp;
    return mant + (exp < 0 ? "e-" : "e+") + (aexp < 10 ? "0" : "") + std::to_string(aexp);
  }
  auto [fend, fec] = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed);
  return std::string(buf.data(), fend);
}

void GoJson::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!need_comma_.empty()) {
    if (need_comma_.back()) out_.push_back(',');
    need_comma_.back() = true;
  }
}

GoJson& GoJson::begin_object() {
  before_value();
  out_.push_back('{');
  need_comma_.push_back(false);
  return *this;
}
GoJson& GoJson::end_object() {
  out_.push_back('}');
  need_comma_.pop_back();
  return *this;
}
GoJson& GoJson::begin_array() {
  before_value();
  out_.push_back('[');
  need_comma_.push_back(false);
  return *this;
}
GoJson& GoJson::end_array() {
  out_.push_back(']');
  need_comma_.pop_back();
  return *this;
}
GoJson& GoJson::key(std::string_view k) {
  before_value();
  append_go_string(out_, k);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}
GoJson& GoJson::string(std::string_view s) {
  before_value();
  append_go_string(out_, s);
  return *this;
}
GoJson& GoJson::int64(std::int64_t v) {
  before_value();
  out_ += std::to_string(v);
  return *this;
}
GoJson& GoJson::uint64(std::uint64_t v) {
  before_value();
  out_ += std::to_string(v);
  return *this;
}
GoJson& GoJson::boolean(bool v) {
  before_value();
  out_ += v ? "true" : "false";
  return *this;
}
GoJson& GoJson::float32(float v) {
  before_value();
  out_ += go_float32(v);
  return *this;
}
GoJson& GoJson::null() {
  before_value();
  out_ += "null";
  return *this;
}
GoJson& GoJson::raw(std::string_view json) {
  before_value();
  out_.append(json);
  return *this;
}

}  // namespace warren::base
