// Diagnostic: one problem (or note) found while loading the configuration, with the place it
// came from, so that every message names file, line and key. Diagnostics collects them all, so a
// user fixes every mistake in one pass instead of one per start.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace warren::config {

// Where a value came from: a line of the configuration file, or an environment variable
// (then `file` reads "environment variable NAME" and `line` is 0).
struct Origin {
  std::string file;
  std::uint32_t line{0};  // 1-based; 0 when not tied to a line
  bool operator==(const Origin&) const = default;
};

struct Diagnostic {
  Origin origin;
  std::string key;  // dotted key, e.g. "consumer.local.group-denylist"; empty when the message names it
  std::string message;

  // "file:line: key: message", leaving out the parts that are empty (line 0, key "").
  std::string to_string() const;
};

struct Diagnostics {
  std::vector<Diagnostic> errors;    // any error: the configuration is rejected
  std::vector<Diagnostic> warnings;  // accepted, but probably not what the user meant
  std::vector<Diagnostic> notes;     // informational (e.g. "[zookeeper] is ignored")

  bool has_errors() const noexcept { return !errors.empty(); }
  // Orders each list by file position, so messages read top to bottom like the file.
  void sort_by_line();
};

}  // namespace warren::config
