#include "core/notify/go_printf.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "core/notify/go_format.hpp"

namespace warren::notify {

namespace {

// The value a named scalar stands for in numeric verbs.
const TemplateValue& scalar(const TemplateValue& v) {
  if (v.kind() == TemplateValue::Kind::object && v.as_object().underlying) return *v.as_object().underlying;
  return v;
}

struct Spec {
  bool minus{false}, plus{false}, sharp{false}, space{false}, zero{false};
  int width{-1};
  int prec{-1};
};

std::string pad(std::string s, const Spec& spec, bool numeric) {
  if (spec.width < 0) return s;
  // Width counts runes, as Go does.
  std::size_t runes = 0;
  for (char c : s) runes += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  if (runes >= static_cast<std::size_t>(spec.width)) return s;
  const std::size_t n = static_cast<std::size_t>(spec.width) - runes;
  if (spec.minus) return s + std::string(n, ' ');
  if (spec.zero && numeric) {
    std::size_t sign = (!s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ')) ? 1 : 0;
    return s.substr(0, sign) + std::string(n, '0') + s.substr(sign);
  }
  return std::string(n, ' ') + s;
}

std::string format_arg(const TemplateValue& arg, char verb, const Spec& spec);

// Go writes a wrong verb's operand with %v under the same flags, width and precision.
std::string bad_verb(char verb, const TemplateValue& v, const Spec& spec) {
  std::string out = "%!";
  out.push_back(verb);
  out += "(";
  if (v.kind() == TemplateValue::Kind::null) return out + "<nil>)";
  return out + go_type_name(v) + "=" + format_arg(v, 'v', spec) + ")";
}

std::string sign_prefix(bool negative, const Spec& spec) {
  if (negative) return "-";
  if (spec.plus) return "+";
  if (spec.space) return " ";
  return {};
}

std::string format_integer(bool negative, std::uint64_t magnitude, char verb, const Spec& spec) {
  std::string digits;
  int base = 10;
  switch (verb) {
    case 'x':
    case 'X': base = 16; break;
    case 'o': base = 8; break;
    case 'b': base = 2; break;
    default: break;
  }
  const char* alphabet = verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    digits.insert(digits.begin(), alphabet[magnitude % static_cast<std::uint64_t>(base)]);
    magnitude /= static_cast<std::uint64_t>(base);
  } while (magnitude != 0);
  if (spec.prec >= 0) {
    if (spec.prec == 0 && digits == "0") digits.clear();
    while (digits.size() < static_cast<std::size_t>(spec.prec)) digits.insert(digits.begin(), '0');
  }
  if (spec.sharp) {
    if (verb == 'x') digits = "0x" + digits;
    if (verb == 'X') digits = "0X" + digits;
    if (verb == 'o' && (digits.empty() || digits[0] != '0')) digits = "0" + digits;
  }
  Spec s = spec;
  if (spec.prec >= 0) s.zero = false;  // Go ignores 0 padding when a precision is given
  return pad(sign_prefix(negative, spec) + digits, s, true);
}

std::string format_float(double v, int bits, char verb, const Spec& spec) {
  std::string body;
  if (std::isinf(v)) {
    body = v > 0 ? (spec.plus ? "+Inf" : "Inf") : "-Inf";
    Spec s = spec;
    s.zero = false;
    return pad(body, s, false);
  }
  if (std::isnan(v)) {
    Spec s = spec;
    s.zero = false;
    return pad(spec.plus ? "+NaN" : "NaN", s, false);
  }
  char lower = static_cast<char>(verb == 'F' ? 'f' : (verb >= 'A' && verb <= 'Z' ? verb - 'A' + 'a' : verb));
  int prec = spec.prec;
  if (lower == 'v') {
    lower = 'g';
  } else if (prec < 0 && (lower == 'e' || lower == 'f')) {
    prec = 6;
  }
  body = go_format_float(v, bits, lower, prec);
  if (verb == 'E' || verb == 'G') {
    for (char& c : body) c = static_cast<char>(c == 'e' ? 'E' : c);
  }
  if (body[0] != '-' && (spec.plus || spec.space)) body.insert(body.begin(), spec.plus ? '+' : ' ');
  return pad(body, spec, true);
}

std::string format_string(const std::string& s, char verb, const Spec& spec) {
  std::string body = s;
  if (spec.prec >= 0) {
    // Precision truncates to that many runes.
    std::size_t runes = 0, i = 0;
    for (; i < body.size(); ++i) {
      if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80) {
        if (runes == static_cast<std::size_t>(spec.prec)) break;
        ++runes;
      }
    }
    body.resize(i);
  }
  if (verb == 'q') {
    body = spec.sharp && body.find('`') == std::string::npos ? "`" + body + "`" : go_quote(body);
  } else if (verb == 'x' || verb == 'X') {
    const char* alphabet = verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string hex;
    for (unsigned char c : body) {
      hex.push_back(alphabet[c >> 4]);
      hex.push_back(alphabet[c & 15]);
    }
    body = hex;
  }
  return pad(body, spec, false);
}

std::string format_arg(const TemplateValue& arg, char verb, const Spec& spec) {
  using K = TemplateValue::Kind;
  if (verb == 'T') return pad(arg.kind() == K::null ? "<nil>" : go_type_name(arg), spec, false);
  const bool text_verb = verb == 'v' || verb == 's' || verb == 'x' || verb == 'X' || verb == 'q';
  if (text_verb) {
    if (auto s = go_string_method(arg)) return format_string(*s, verb, spec);
  }
  const TemplateValue& v = scalar(arg);
  switch (v.kind()) {
    case K::boolean:
      if (verb == 'v' || verb == 't') return pad(v.as_bool() ? "true" : "false", spec, false);
      return bad_verb(verb, arg, spec);
    case K::integer:
    case K::unsigned_integer: {
      const bool neg = v.kind() == K::integer && v.as_int() < 0;
      const std::uint64_t mag = v.kind() == K::integer ? (neg ? 0 - static_cast<std::uint64_t>(v.as_int())
                                                              : static_cast<std::uint64_t>(v.as_int()))
                                                       : v.as_uint();
      switch (verb) {
        case 'v':
        case 'd': return format_integer(neg, mag, 'd', spec);
        case 'x':
        case 'X':
        case 'o':
        case 'b': return format_integer(neg, mag, verb, spec);
        case 'c': {
          std::string s;
          append_utf8(s, static_cast<std::uint32_t>(mag));
          return pad(s, spec, false);
        }
        case 'q': {
          std::string s;
          append_utf8(s, static_cast<std::uint32_t>(mag));
          return pad("'" + s + "'", spec, false);
        }
        case 'U': {
          char buf[32];
          std::snprintf(buf, sizeof buf, "U+%04llX", static_cast<unsigned long long>(mag));
          return pad(buf, spec, false);
        }
        default: return bad_verb(verb, arg, spec);
      }
    }
    case K::floating:
      switch (verb) {
        case 'v':
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G': return format_float(v.as_double(), v.is_float32() ? 32 : 64, verb, spec);
        default: return bad_verb(verb, arg, spec);
      }
    case K::string:
      if (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X')
        return format_string(v.as_string(), verb, spec);
      return bad_verb(verb, arg, spec);
    case K::list: {
      if (verb == 's' || verb == 'v' || verb == 'd' || verb == 'q' || verb == 'x' || verb == 'X' || verb == 'f') {
        std::string out = "[";
        bool first = true;
        Spec inner = spec;
        for (const auto& item : v.as_list()) {
          if (!first) out.push_back(' ');
          first = false;
          out += format_arg(item, verb, inner);
        }
        return out + "]";
      }
      return bad_verb(verb, arg, spec);
    }
    case K::null:
      if (verb == 'v') return pad("<nil>", spec, false);
      return "%!" + std::string(1, verb) + "(<nil>)";
    default:
      if (verb == 'v' || verb == 's') return pad(go_print_value(v, spec.plus, false), spec, false);
      return bad_verb(verb, arg, spec);
  }
}

}  // namespace

std::string go_sprintf(std::string_view format, std::span<const TemplateValue> args) {
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out.push_back(format[i]);
      continue;
    }
    ++i;
    Spec spec;
    for (; i < format.size(); ++i) {
      const char c = format[i];
      if (c == '-') {
        spec.minus = true;
      } else if (c == '+') {
        spec.plus = true;
      } else if (c == '#') {
        spec.sharp = true;
      } else if (c == ' ') {
        spec.space = true;
      } else if (c == '0') {
        spec.zero = !spec.minus;
      } else {
        break;
      }
    }
    auto read_number = [&](int& target) {
      if (i < format.size() && format[i] == '*') {
        ++i;
        if (next < args.size() && scalar(args[next]).kind() == TemplateValue::Kind::integer) {
          target = static_cast<int>(scalar(args[next]).as_int());
          if (target < 0 && &target == &spec.width) {
            spec.minus = true;
            target = -target;
          }
        } else {
          out += "%!(BADWIDTH)";
        }
        ++next;
        return;
      }
      int n = -1;
      while (i < format.size() && format[i] >= '0' && format[i] <= '9') {
        n = (n < 0 ? 0 : n * 10) + (format[i] - '0');
        ++i;
      }
      if (n >= 0) target = n;
    };
    read_number(spec.width);
    if (i < format.size() && format[i] == '.') {
      ++i;
      spec.prec = 0;
      read_number(spec.prec);
    }
    if (i >= format.size()) {
      out += "%!(NOVERB)";
      break;
    }
    const char verb = format[i];
    if (verb == '%') {
      out.push_back('%');
      continue;
    }
    if (next >= args.size()) {
      out += "%!";
      out.push_back(verb);
      out += "(MISSING)";
      continue;
    }
    out += format_arg(args[next++], verb, spec);
  }
  if (next < args.size()) {
    out += "%!(EXTRA ";
    for (std::size_t k = next; k < args.size(); ++k) {
      if (k > next) out += ", ";
      if (args[k].kind() == TemplateValue::Kind::null) {
        out += "<nil>";
      } else {
        out += go_type_name(args[k]) + "=" + go_print(args[k]);
      }
    }
    out += ")";
  }
  return out;
}

}  // namespace warren::notify
