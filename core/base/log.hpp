// A small logger: one line per message on stderr, with a level prefix and a module context.
// The prefixes are Telegraf's (E!, W!, I!, D!) so that the execd plugin's stderr reads naturally
// in Telegraf's log; the daemon uses the same format. The level is process-wide and atomic
// (it can be changed at run time through the admin API).
#pragma once

#include <fmt/core.h>

#include <atomic>
#include <string>
#include <string_view>

namespace warren::log {

enum class Level : int { debug = 0, info = 1, warn = 2, error = 3 };

// Parses Burrow/zap level names (debug, info, warn/warning, error, and the fatal family, which
// maps to error). Returns false for anything else.
bool parse_level(std::string_view name, Level& out) noexcept;
std::string_view level_name(Level level) noexcept;

void set_level(Level level) noexcept;
Level level() noexcept;
bool enabled(Level level) noexcept;

// Writes one complete line atomically with respect to other log lines.
void write(Level level, std::string_view module, std::string_view message) noexcept;

class Logger {
 public:
  explicit Logger(std::string module) : module_(std::move(module)) {}

  template <typename... Args>
  void debug(fmt::format_string<Args...> f, Args&&... args) const {
    emit(Level::debug, f, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void info(fmt::format_string<Args...> f, Args&&... args) const {
    emit(Level::info, f, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void warn(fmt::format_string<Args...> f, Args&&... args) const {
    emit(Level::warn, f, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void error(fmt::format_string<Args...> f, Args&&... args) const {
    emit(Level::error, f, std::forward<Args>(args)...);
  }
  const std::string& module() const noexcept { return module_; }

 private:
  template <typename... Args>
  void emit(Level lvl, fmt::format_string<Args...> f, Args&&... args) const {
    if (!enabled(lvl)) return;
    write(lvl, module_, fmt::format(f, std::forward<Args>(args)...));
  }
  std::string module_;
};

}  // namespace warren::log
