// NotificationTemplates: a notifier's template files (template-open, template-close) and, for the
// http class, its URL templates (url-open, url-close), read and parsed once at startup so that a
// template error names its file, line and column before anything is sent, and rendered for each
// notification with Burrow's data (.Cluster .Group .ID .Start .Extras .Result).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "core/base/result.hpp"
#include "core/config/config.hpp"
#include "core/notify/go_template.hpp"
#include "core/notify/notifier.hpp"

namespace warren::notify {

// Where a template file named in the configuration is: as written when that exists (Burrow opens
// it relative to the working directory), else relative to the configuration file's directory.
std::filesystem::path resolve_template_path(const std::string& configured, const std::filesystem::path& config_dir);

// Reads and parses a body template with Burrow's helper functions. Errors name the notifier, the
// key and `file:line:col`.
Result<GoTemplate> load_body_template(const config::NotifierConfig& notifier, std::string_view key,
                                      const std::string& configured, const std::filesystem::path& config_dir);

// Parses a URL template (no helper functions, as in Burrow).
Result<GoTemplate> parse_url_template(const config::NotifierConfig& notifier, std::string_view key,
                                      const std::string& text);

class NotificationTemplates {
 public:
  // template-open always; template-close only when send-close is set (Burrow parses it only then).
  static Result<NotificationTemplates> load(const config::NotifierConfig& notifier,
                                            const std::filesystem::path& config_dir);
  NotificationTemplates(GoTemplate open, std::optional<GoTemplate> close, std::map<std::string, std::string> extras);

  // The open or close template for `notification`, rendered.
  Result<std::string> render_body(const Notification& notification) const;
  // Any template (a URL) rendered with the same data.
  Result<std::string> render(const GoTemplate& tmpl, const Notification& notification) const;

 private:
  GoTemplate open_;
  std::optional<GoTemplate> close_;
  std::map<std::string, std::string> extras_;
};

}  // namespace warren::notify
