#include "core/notify/go_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/notify/go_time.hpp"

namespace warren::notify {

namespace {

// The shortest decimal digits that round-trip at the given width, and the decimal point
// position: value = 0.d1d2d3... × 10^dp.
struct Digits {
  std::string d;
  int dp{0};
};

Digits shortest_digits(double v, int bits) {
  char buf[64];
  std::to_chars_result r{};
  if (bits == 32) {
    r = std::to_chars(buf, buf + sizeof buf, static_cast<float>(v), std::chars_format::scientific);
  } else {
    r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  }
  const std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));
  Digits out;
  const auto e = s.find('e');
  for (char c : s.substr(0, e)) {
    if (c >= '0' && c <= '9') out.d.push_back(c);
  }
  const int exp = std::atoi(std::string(s.substr(e + 1)).c_str());
  while (out.d.size() > 1 && out.d.back() == '0') out.d.pop_back();
  out.dp = exp + 1;
  // Zero has no digits (strconv's decimal form of 0), so that it prints "0", not "0.0".
  if (out.d == "0") {
    out.d.clear();
    out.dp = 0;
  }
  return out;
}

std::string exponent_form(const Digits& dg, int prec, char e) {
  // prec digits after the point; shortest digits are padded with zeros when prec asks for more.
  std::string out;
  out.push_back(dg.d.empty() ? '0' : dg.d[0]);
  if (prec > 0) {
    out.push_back('.');
    for (int i = 1; i <= prec; ++i) {
      out.push_back(static_cast<std::size_t>(i) < dg.d.size() ? dg.d[static_cast<std::size_t>(i)] : '0');
    }
  }
  int exp = dg.d.empty() ? 0 : dg.dp - 1;
  out.push_back(e);
  out.push_back(exp < 0 ? '-' : '+');
  exp = std::abs(exp);
  if (exp < 10) out.push_back('0');
  out += std::to_string(exp);
  return out;
}

std::string fixed_form(const Digits& dg, int prec) {
  std::string out;
  if (dg.dp > 0) {
    for (int i = 0; i < dg.dp; ++i) {
      out.push_back(static_cast<std::size_t>(i) < dg.d.size() ? dg.d[static_cast<std::size_t>(i)] : '0');
    }
  } else {
    out.push_back('0');
  }
  if (prec > 0) {
    out.push_back('.');
    for (int i = 0; i < prec; ++i) {
      const int j = dg.dp + i;
      out.push_back(j >= 0 && static_cast<std::size_t>(j) < dg.d.size() ? dg.d[static_cast<std::size_t>(j)] : '0');
    }
  }
  return out;
}

std::string with_printf(const char* fmt, int prec, double v) {
  char buf[512];
  const int n = std::snprintf(buf, sizeof buf, fmt, prec, v);
  if (n < 0) return {};
  if (static_cast<std::size_t>(n) < sizeof buf) return std::string(buf, static_cast<std::size_t>(n));
  std::string big(static_cast<std::size_t>(n) + 1, '\0');
  std::snprintf(big.data(), big.size(), fmt, prec, v);
  big.resize(static_cast<std::size_t>(n));
  return big;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// A value's String method, when it has one that takes no arguments (fmt's Stringer).
const TemplateCallable* stringer(const TemplateValue& v) {
  if (v.kind() != TemplateValue::Kind::object) return nullptr;
  const auto& methods = v.as_object().methods;
  const auto it = methods.find("String");
  return it == methods.end() ? nullptr : &it->second;
}

// `deref_top`: text/template prints a top-level pointer's target ("{...}"); fmt's functions print
// "&{...}". Nested pointers print as "&{...}" too (Go prints their addresses, which mean nothing here).
std::string print_value(const TemplateValue& v, bool field_names, int depth, bool deref_top = false);

std::string print_object(const TemplateObject& o, bool field_names, int depth, bool deref_top) {
  std::string out;
  if (o.pointer && !(depth == 0 && deref_top)) out.push_back('&');
  out.push_back('{');
  bool first = true;
  for (const auto& f : o.fields) {
    if (!first) out.push_back(' ');
    first = false;
    if (field_names) out += f.name + ":";
    out += print_value(f.value, field_names, depth + 1);
  }
  out.push_back('}');
  return out;
}

std::string print_value(const TemplateValue& v, bool field_names, int depth, bool deref_top) {
  using K = TemplateValue::Kind;
  if (const auto* s = stringer(v)) {
    auto r = (*s)({});
    if (r.ok() && r->kind() == K::string) return r->as_string();
  }
  switch (v.kind()) {
    case K::no_value: return "<no value>";
    case K::null: return "<nil>";
    case K::boolean: return v.as_bool() ? "true" : "false";
    case K::integer: return std::to_string(v.as_int());
    case K::unsigned_integer: return std::to_string(v.as_uint());
    case K::floating: return go_format_float(v.as_double(), v.is_float32() ? 32 : 64, 'g', -1);
    case K::string: return v.as_string();
    case K::time: return go_time_string(v.as_time());
    case K::list: {
      std::string out = "[";
      bool first = true;
      for (const auto& item : v.as_list()) {
        if (!first) out.push_back(' ');
        first = false;
        out += print_value(item, field_names, depth + 1);
      }
      return out + "]";
    }
    case K::map: {
      std::string out = "map[";
      bool first = true;
      for (const auto& [key, item] : v.as_map().entries) {
        if (!first) out.push_back(' ');
        first = false;
        out += key + ":" + print_value(item, field_names, depth + 1);
      }
      return out + "]";
    }
    case K::object: {
      const auto& o = v.as_object();
      if (o.underlying) return print_value(*o.underlying, field_names, depth);
      return print_object(o, field_names, depth, deref_top);
    }
  }
  return {};
}

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
    if (const auto* s = stringer(arg)) {
      auto r = (*s)({});
      if (r.ok() && r->kind() == K::string) return format_string(r->as_string(), verb, spec);
    }
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
      if (verb == 'v' || verb == 's') return pad(print_value(v, spec.plus, 0), spec, false);
      return bad_verb(verb, arg, spec);
  }
}

}  // namespace

std::string go_format_float(double v, int bits, char verb, int prec) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  const bool neg = std::signbit(v);
  const double a = std::fabs(v);
  std::string body;
  if (prec < 0) {
    const Digits dg = shortest_digits(a, bits);
    const int nd = static_cast<int>(dg.d.size());
    switch (verb) {
      case 'e': body = exponent_form(dg, nd - 1, 'e'); break;
      case 'f': body = fixed_form(dg, std::max(nd - dg.dp, 0)); break;
      default: {
        const int exp = dg.d.empty() ? 0 : dg.dp - 1;
        // Shortest %g switches to %e from exponent 6 on, as strconv does.
        if (exp < -4 || exp >= 6) {
          body = exponent_form(dg, nd - 1, 'e');
        } else {
          body = fixed_form(dg, std::max(nd - dg.dp, 0));
        }
      }
    }
  } else {
    switch (verb) {
      case 'e': body = with_printf("%.*e", prec, a); break;
      case 'f': body = with_printf("%.*f", prec, a); break;
      default: {
        // Go's %.Ng keeps the digits it rounds to without C's trailing-zero trimming differences
        // mattering for the precisions templates use; C's %g agrees on exponent choice.
        body = with_printf("%.*g", prec == 0 ? 1 : prec, a);
      }
    }
  }
  return neg ? "-" + body : body;
}

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '\a': out += "\\a"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\v': out += "\\v"; continue;
      case '\\': out += "\\\\"; continue;
      case '"': out += "\\\""; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "\"";
}

std::string go_print(const TemplateValue& v) { return print_value(v, false, 0, true); }

namespace {
std::string fmt_print(const TemplateValue& v) { return print_value(v, false, 0, false); }
}  // namespace

std::string go_sprint(std::span<const TemplateValue> args) {
  std::string out;
  bool prev_string = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool is_string = args[i].kind() == TemplateValue::Kind::string;
    if (i > 0 && !is_string && !prev_string) out.push_back(' ');
    out += fmt_print(args[i]);
    prev_string = is_string;
  }
  return out;
}

std::string go_sprintln(std::span<const TemplateValue> args) {
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out.push_back(' ');
    out += fmt_print(args[i]);
  }
  return out + "\n";
}

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

std::string go_type_name(const TemplateValue& v) {
  using K = TemplateValue::Kind;
  switch (v.kind()) {
    case K::no_value: return "<invalid reflect.Value>";
    case K::null: return "<nil>";
    case K::boolean: return "bool";
    case K::integer: return "int";
    case K::unsigned_integer: return "uint64";
    case K::floating: return v.is_float32() ? "float32" : "float64";
    case K::string: return "string";
    case K::time: return "time.Time";
    case K::list: return "[]interface {}";
    case K::map: return "map[string]interface {}";
    case K::object: return v.as_object().type_name;
  }
  return "?";
}

}  // namespace warren::notify
