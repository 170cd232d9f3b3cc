// Go's fmt and strconv formatting of template values: what `{{.X}}` prints (fmt's %v), print,
// println, and strconv.Quote (printf is in go_printf.hpp). Floats print as Go prints them:
// shortest round-trip digits for the value's own width (a float32 such as Burrow's Complete
// prints 0.33333334, not 0.3333333432674408), %e exponents with at least two digits.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/notify/template_value.hpp"

namespace warren::notify {

// strconv.FormatFloat(v, verb, prec, bits) for verb 'e', 'f' or 'g'; prec -1 = shortest.
std::string go_format_float(double v, int bits, char verb, int prec);
// strconv.Quote (printable UTF-8 is kept as is).
std::string go_quote(std::string_view s);

// fmt.Sprint: operands are separated by a space when neither side is a string.
std::string go_sprint(std::span<const TemplateValue> args);
// fmt.Sprintln: operands always separated by a space, then a newline.
std::string go_sprintln(std::span<const TemplateValue> args);
// fmt's %v of a value (%+v with field names). `deref_top`: text/template prints a top-level
// pointer's target ("{...}") where fmt's functions print "&{...}".
std::string go_print_value(const TemplateValue& v, bool field_names, bool deref_top);
// The result of a value's zero-argument String method (fmt's Stringer), if it has one.
std::optional<std::string> go_string_method(const TemplateValue& v);
// The UTF-8 encoding of a rune (U+FFFD for surrogates and values above U+10FFFF).
void append_utf8(std::string& out, std::uint32_t rune);

// Go's type name of a value for fmt's error forms ("string", "int", "float32", "map[string]string").
std::string go_type_name(const TemplateValue& v);

}  // namespace warren::notify
