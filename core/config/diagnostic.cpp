#include "core/config/diagnostic.hpp"

#include <algorithm>

namespace warren::config {

std::string Diagnostic::to_string() const {
  std::string out = origin.file;
  if (origin.line > 0) out += ":" + std::to_string(origin.line);
  if (!key.empty()) out += ": " + key;
  out += ": " + message;
  return out;
}

void Diagnostics::sort_by_line() {
  // Stable, so problems on the same line keep the order they were found in.
  auto by_line = [](const Diagnostic& a, const Diagnostic& b) { return a.origin.line < b.origin.line; };
  std::stable_sort(errors.begin(), errors.end(), by_line);
  std::stable_sort(warnings.begin(), warnings.end(), by_line);
  std::stable_sort(notes.begin(), notes.end(), by_line);
}

}  // namespace warren::config
