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

std::string go_print(const TemplateValue& v) { return print_value(v, false, 0, true); }

std::string go_print_value(const TemplateValue& v, bool field_names, bool deref_top) {
  return print_value(v, field_names, 0, deref_top);
}

std::optional<std::string> go_string_method(const TemplateValue& v) {
  const auto* s = stringer(v);
  if (s == nullptr) return std::nullopt;
  auto r = (*s)({});
  if (!r.ok() || r->kind() != TemplateValue::Kind::string) return std::nullopt;
  return r->as_string();
}

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
