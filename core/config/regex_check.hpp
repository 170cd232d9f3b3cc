// Validation of the regular expressions a configuration may hold (group allowlists and
// denylists, execd include/exclude filters). Burrow compiles them with Go's regexp package; RE2
// has the same syntax, so a pattern accepted here is one Burrow accepts and vice versa.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace warren::config {

// Returns RE2's description of why `pattern` does not compile (e.g. "missing ): (abc"), or
// nullopt when it compiles. The empty pattern is valid (it means "no filter").
std::optional<std::string> regex_error(std::string_view pattern);

}  // namespace warren::config
