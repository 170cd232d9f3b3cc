#include "core/config/regex_check.hpp"

#include <re2/re2.h>

namespace warren::config {

std::optional<std::string> regex_error(std::string_view pattern) {
  RE2::Options options;
  // RE2 would otherwise print its own copy of the error on stderr; the loader reports it instead.
  options.set_log_errors(false);
  const RE2 re(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (re.ok()) return std::nullopt;
  return re.error();
}

}  // namespace warren::config
