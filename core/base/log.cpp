#include "core/base/log.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace warren::log {
namespace {

// The one piece of process-wide state: the current level (atomic, so reads need no lock).
std::atomic<int>& level_store() noexcept {
  static std::atomic<int> current{static_cast<int>(Level::info)};
  return current;
}

std::string_view prefix(Level level) noexcept {
  switch (level) {
    case Level::debug: return "D! ";
    case Level::info: return "I! ";
    case Level::warn: return "W! ";
    case Level::error: return "E! ";
  }
  return "E! ";
}

}  // namespace

bool parse_level(std::string_view name, Level& out) noexcept {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "debug" || lower == "trace")
    out = Level::debug;
  else if (lower == "info")
    out = Level::info;
  else if (lower == "warn" || lower == "warning")
    out = Level::warn;
  else if (lower == "error" || lower == "dpanic" || lower == "panic" || lower == "fatal")
    out = Level::error;
  else
    return false;
  return true;
}

std::string_view level_name(Level level) noexcept {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

void set_level(Level level) noexcept { level_store().store(static_cast<int>(level), std::memory_order_relaxed); }
Level level() noexcept { return static_cast<Level>(level_store().load(std::memory_order_relaxed)); }
bool enabled(Level lvl) noexcept { return static_cast<int>(lvl) >= level_store().load(std::memory_order_relaxed); }

void write(Level lvl, std::string_view module, std::string_view message) noexcept {
  try {
    std::string line;
    line.reserve(message.size() + module.size() + 8);
    line.append(prefix(lvl));
    if (!module.empty()) {
      line.append("[").append(module).append("] ");
    }
    // One line per message: embedded newlines would split a record in Telegraf's log.
    for (char c : message) line.push_back(c == '\n' ? ' ' : c);
    line.push_back('\n');
    // A single write(2) keeps concurrent lines whole.
    std::size_t done = 0;
    while (done < line.size()) {
      ssize_t n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
  } catch (...) {
    // Logging must never take the process down.
  }
}

}  // namespace warren::log
