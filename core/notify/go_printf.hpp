// fmt.Sprintf for template values (the printf builtin): flags (-+# 0), width, precision and the
// verbs v s d f F e E g G t q x X c o b U T %. Wrong, missing and extra operands are written as Go
// writes them (%!d(string=x), %!s(MISSING), %!(EXTRA int=1)).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/notify/template_value.hpp"

namespace warren::notify {

std::string go_sprintf(std::string_view format, std::span<const TemplateValue> args);

}  // namespace warren::notify
