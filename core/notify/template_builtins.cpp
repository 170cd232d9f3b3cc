#include "core/notify/template_builtins.hpp"

#include <cstdio>
#include <string>

#include "core/notify/go_format.hpp"
#include "core/notify/go_printf.hpp"

namespace warren::notify {

namespace {

using K = TemplateValue::Kind;

Error fail(std::string message) { return make_error(ErrorCode::invalid_argument, std::move(message)); }

// Go's basicKind classes for comparisons.
enum class Basic { invalid, boolean, integer, unsigned_integer, floating, string, other };

Basic basic_kind(const TemplateValue& v) {
  switch (v.kind()) {
    case K::boolean: return Basic::boolean;
    case K::integer: return Basic::integer;
    case K::unsigned_integer: return Basic::unsigned_integer;
    case K::floating: return Basic::floating;
    case K::string: return Basic::string;
    case K::no_value:
    case K::null: return Basic::invalid;
    default: return Basic::other;
  }
}

Result<TemplateValue> length(std::span<const TemplateValue> args) {
  if (args.size() != 1) return fail("wrong number of args for len: want 1 got " + std::to_string(args.size()));
  const auto& v = args[0];
  switch (v.kind()) {
    case K::string: return TemplateValue::integer(static_cast<std::int64_t>(v.as_string().size()));
    case K::list: return TemplateValue::integer(static_cast<std::int64_t>(v.as_list().size()));
    case K::map: return TemplateValue::integer(static_cast<std::int64_t>(v.as_map().entries.size()));
    case K::null:
    case K::no_value: return fail("len of nil pointer");
    default: return fail("len of type " + go_type_name(v));
  }
}

Result<std::int64_t> index_of(const TemplateValue& raw) {
  const auto& v = underlying_value(raw);
  if (v.kind() == K::integer) return v.as_int();
  if (v.kind() == K::unsigned_integer) return static_cast<std::int64_t>(v.as_uint());
  if (v.kind() == K::null || v.kind() == K::no_value) return fail("cannot index slice/array with nil");
  return fail("cannot index slice/array with type " + go_type_name(v));
}

Result<TemplateValue> index(std::span<const TemplateValue> args) {
  if (args.empty()) return fail("wrong number of args for index: want at least 1 got 0");
  TemplateValue item = args[0];
  for (std::size_t k = 1; k < args.size(); ++k) {
    switch (item.kind()) {
      case K::list: {
        auto i = index_of(args[k]);
        if (!i.ok()) return i.error();
        const auto& list = item.as_list();
        if (*i < 0 || static_cast<std::size_t>(*i) >= list.size()) {
          return fail("index out of range: " + std::to_string(*i));
        }
        item = list[static_cast<std::size_t>(*i)];
        break;
      }
      case K::string: {
        auto i = index_of(args[k]);
        if (!i.ok()) return i.error();
        const auto& s = item.as_string();
        if (*i < 0 || static_cast<std::size_t>(*i) >= s.size())
          return fail("index out of range: " + std::to_string(*i));
        item = TemplateValue::integer(static_cast<unsigned char>(s[static_cast<std::size_t>(*i)]));
        break;
      }
      case K::map: {
        const auto& key = args[k];
        if (key.kind() != K::string) {
          return fail("value has type " + go_type_name(key) + "; should be string");
        }
        const auto& m = item.as_map();
        const auto it = m.entries.find(key.as_string());
        item = it == m.entries.end() ? m.zero : it->second;
        break;
      }
      case K::null:
      case K::no_value: return fail("index of untyped nil");
      default: return fail("can't index item of type " + go_type_name(item));
    }
  }
  return item;
}

Result<bool> equal(const TemplateValue& a_raw, const TemplateValue& b_raw) {
  const auto& a = underlying_value(a_raw);
  const auto& b = underlying_value(b_raw);
  const Basic ka = basic_kind(a);
  const Basic kb = basic_kind(b);
  if (ka == Basic::invalid || kb == Basic::invalid) return ka == kb;
  if (ka != kb) {
    if (ka == Basic::integer && kb == Basic::unsigned_integer) {
      return a.as_int() >= 0 && static_cast<std::uint64_t>(a.as_int()) == b.as_uint();
    }
    if (ka == Basic::unsigned_integer && kb == Basic::integer) {
      return b.as_int() >= 0 && static_cast<std::uint64_t>(b.as_int()) == a.as_uint();
    }
    return fail("incompatible types for comparison");
  }
  switch (ka) {
    case Basic::boolean: return a.as_bool() == b.as_bool();
    case Basic::integer: return a.as_int() == b.as_int();
    case Basic::unsigned_integer: return a.as_uint() == b.as_uint();
    case Basic::floating: return a.as_double() == b.as_double();
    case Basic::string: return a.as_string() == b.as_string();
    default:
      if (a.kind() == K::time && b.kind() == K::time) return a.as_time() == b.as_time();
      return fail("non-comparable type " + go_type_name(a) + ": <nil>");
  }
}

Result<TemplateValue> eq(std::span<const TemplateValue> args) {
  if (args.size() < 2) return fail("missing argument for comparison");
  for (std::size_t k = 1; k < args.size(); ++k) {
    auto r = equal(args[0], args[k]);
    if (!r.ok()) return r.error();
    if (*r) return TemplateValue::boolean(true);
  }
  return TemplateValue::boolean(false);
}

Result<bool> less(const TemplateValue& a_raw, const TemplateValue& b_raw) {
  const auto& a = underlying_value(a_raw);
  const auto& b = underlying_value(b_raw);
  const Basic ka = basic_kind(a);
  const Basic kb = basic_kind(b);
  if (ka == Basic::boolean || ka == Basic::invalid || ka == Basic::other || kb == Basic::boolean ||
      kb == Basic::invalid || kb == Basic::other) {
    return fail("invalid type for comparison");
  }
  if (ka != kb) {
    if (ka == Basic::integer && kb == Basic::unsigned_integer) {
      return a.as_int() < 0 || static_cast<std::uint64_t>(a.as_int()) < b.as_uint();
    }
    if (ka == Basic::unsigned_integer && kb == Basic::integer) {
      return b.as_int() >= 0 && a.as_uint() < static_cast<std::uint64_t>(b.as_int());
    }
    return fail("incompatible types for comparison");
  }
  switch (ka) {
    case Basic::integer: return a.as_int() < b.as_int();
    case Basic::unsigned_integer: return a.as_uint() < b.as_uint();
    case Basic::floating: return a.as_double() < b.as_double();
    default: return a.as_string() < b.as_string();
  }
}

Result<TemplateValue> compare(std::string_view name, std::span<const TemplateValue> args) {
  if (args.size() != 2) {
    return fail("wrong number of args for " + std::string(name) + ": want 2 got " + std::to_string(args.size()));
  }
  if (name == "ne") {
    auto r = equal(args[0], args[1]);
    if (!r.ok()) return r.error();
    return TemplateValue::boolean(!*r);
  }
  auto lt = less(args[0], args[1]);
  if (!lt.ok()) return lt.error();
  if (name == "lt") return TemplateValue::boolean(*lt);
  if (name == "ge") return TemplateValue::boolean(!*lt);
  auto e = equal(args[0], args[1]);
  if (!e.ok()) return e.error();
  if (name == "le") return TemplateValue::boolean(*lt || *e);
  return TemplateValue::boolean(!*lt && !*e);  // gt
}

// html, js and urlquery print a single string argument as is, anything else as fmt.Sprint.
std::string text_of(std::span<const TemplateValue> args) {
  if (args.size() == 1 && args[0].kind() == K::string) return args[0].as_string();
  return go_sprint(args);
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\'': out += "&#39;"; break;
      case '"': out += "&#34;"; break;
      case '\0': out += "\uFFFD"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// Runes Go's unicode.IsPrint rejects among those templates meet: C1 controls, format characters,
// and separators other than the ASCII space.
bool printable_rune(std::uint32_t r) {
  if (r >= 0x80 && r <= 0xA0) return false;
  if (r == 0xAD || r == 0x1680 || r == 0x3000 || r == 0xFEFF) return false;
  if (r >= 0x2000 && r <= 0x200F) return false;
  if (r >= 0x2028 && r <= 0x202F) return false;
  if (r >= 0x205F && r <= 0x206F) return false;
  if (r >= 0xE000 && r <= 0xF8FF) return false;
  if (r >= 0xFFF9 && r <= 0xFFFB) return false;
  return true;
}

std::string js_escape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    char buf[16];
    if (u >= 0x80) {
      // Decode one UTF-8 sequence; invalid bytes are copied as they are.
      std::size_t n = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 1;
      if (n == 1 || i + n > s.size()) {
        out.push_back(c);
        continue;
      }
      std::uint32_t r = u & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
      for (std::size_t k = 1; k < n; ++k) r = (r << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      if (printable_rune(r)) {
        out.append(s, i, n);
      } else {
        std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(r));
        out += buf;
      }
      i += n - 1;
      continue;
    }
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '"': out += "\\\""; break;
      case '<': out += "\\u003C"; break;
      case '>': out += "\\u003E"; break;
      case '&': out += "\\u0026"; break;
      case '=': out += "\\u003D"; break;
      default:
        if (u < 0x20) {
          std::snprintf(buf, sizeof buf, "\\u%04X", u);
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

std::string query_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(c);
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", u);
      out += buf;
    }
  }
  return out;
}

}  // namespace

const TemplateValue& underlying_value(const TemplateValue& v) {
  if (v.kind() == K::object && v.as_object().underlying) return *v.as_object().underlying;
  return v;
}

bool template_truth(const TemplateValue& v) { return v.truthy(); }

Result<TemplateValue> call_builtin(std::string_view name, std::span<const TemplateValue> args) {
  if (name == "len") return length(args);
  if (name == "index") return index(args);
  if (name == "not") {
    if (args.size() != 1) return fail("wrong number of args for not: want 1 got " + std::to_string(args.size()));
    return TemplateValue::boolean(!template_truth(args[0]));
  }
  if (name == "eq") return eq(args);
  if (name == "ne" || name == "lt" || name == "le" || name == "gt" || name == "ge") return compare(name, args);
  if (name == "print") return TemplateValue::string(go_sprint(args));
  if (name == "println") return TemplateValue::string(go_sprintln(args));
  if (name == "printf") {
    if (args.empty()) return fail("wrong number of args for printf: want at least 1 got 0");
    if (args[0].kind() != K::string) {
      return fail("wrong type for value; expected string; got " + go_type_name(args[0]));
    }
    return TemplateValue::string(go_sprintf(args[0].as_string(), args.subspan(1)));
  }
  if (name == "html") return TemplateValue::string(html_escape(text_of(args)));
  if (name == "js") return TemplateValue::string(js_escape(text_of(args)));
  if (name == "urlquery") return TemplateValue::string(query_escape(text_of(args)));
  return fail("function \"" + std::string(name) + "\" not defined");
}

}  // namespace warren::notify
