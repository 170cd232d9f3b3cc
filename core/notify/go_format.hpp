// Go's fmt and strconv formatting of template values: what `{{.X}}` prints (fmt's %v), print,
// println and printf with the common verbs, and strconv.Quote. Floats print as Go prints them:
// shortest round-trip digits for the value's own width (a float32 such as Burrow's Complete
// prints 0.33333334, not 0.3333333432674408), %e exponents with at least two digits.
#pragma once

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
// fmt.Sprintf with flags (-+# 0), width, precision and the verbs v s d f F e E g G t q x X c o b
// U %; wrong, missing and extra operands are written as Go writes them (%!d(string=x),
// %!s(MISSING), %!(EXTRA int=1)).
std::string go_sprintf(std::string_view format, std::span<const TemplateValue> args);

// Go's type name of a value for fmt's error forms ("string", "int", "float32", "map[string]string").
std::string go_type_name(const TemplateValue& v);

}  // namespace warren::notify
