// The builtin functions of Go's text/template that need no access to the template state: len,
// index, not, eq, ne, lt, le, gt, ge, print, println, printf, html, js, urlquery. (`and` and `or`
// evaluate their arguments lazily and live in the executor.) Messages are Go's.
#pragma once

#include <span>
#include <string_view>

#include "core/base/result.hpp"
#include "core/notify/template_value.hpp"

namespace warren::notify {

// Calls builtin `name` (a name for which is_builtin_function() holds, other than and/or).
Result<TemplateValue> call_builtin(std::string_view name, std::span<const TemplateValue> args);

// text/template's truth of a value (`if`, `with`, `not`, `and`, `or`).
bool template_truth(const TemplateValue& v);

// The value a named scalar type stands for (Burrow's StatusConstant → its int), else `v`.
const TemplateValue& underlying_value(const TemplateValue& v);

}  // namespace warren::notify
