#include "core/notify/notification_templates.hpp"

#include <fmt/core.h>

#include <fstream>
#include <sstream>

#include "core/notify/template_data.hpp"

namespace warren::notify {
namespace {

std::string where(const config::NotifierConfig& notifier, std::string_view key) {
  return fmt::format("[notifier.{}] {}", notifier.name, key);
}

}  // namespace

std::filesystem::path resolve_template_path(const std::string& configured, const std::filesystem::path& config_dir) {
  const std::filesystem::path path(configured);
  std::error_code ec;
  if (path.is_absolute() || std::filesystem::exists(path, ec) || config_dir.empty()) return path;
  const auto beside_config = config_dir / path;
  return std::filesystem::exists(beside_config, ec) ? beside_config : path;
}

Result<GoTemplate> load_body_template(const config::NotifierConfig& notifier, std::string_view key,
                                      const std::string& configured, const std::filesystem::path& config_dir) {
  const auto path = resolve_template_path(configured, config_dir);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::io, fmt::format("{}: cannot read template file {}", where(notifier, key), configured));
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = GoTemplate::parse(text.str(), path.string(), burrow_functions());
  if (!parsed)
    return make_error(ErrorCode::malformed, fmt::format("{}: {}", where(notifier, key), parsed.error().message));
  return std::move(parsed).value();
}

Result<GoTemplate> parse_url_template(const config::NotifierConfig& notifier, std::string_view key,
                                      const std::string& text) {
  auto parsed = GoTemplate::parse(text, where(notifier, key), url_functions());
  if (!parsed) return make_error(ErrorCode::malformed, parsed.error().message);
  return std::move(parsed).value();
}

Result<NotificationTemplates> NotificationTemplates::load(const config::NotifierConfig& notifier,
                                                          const std::filesystem::path& config_dir) {
  auto open = load_body_template(notifier, "template-open", notifier.template_open, config_dir);
  if (!open) return open.error();
  std::optional<GoTemplate> close;
  if (notifier.send_close) {
    auto parsed = load_body_template(notifier, "template-close", notifier.template_close, config_dir);
    if (!parsed) return parsed.error();
    close = std::move(parsed).value();
  }
  return NotificationTemplates(std::move(open).value(), std::move(close), notifier.extras);
}

NotificationTemplates::NotificationTemplates(GoTemplate open, std::optional<GoTemplate> close,
                                             std::map<std::string, std::string> extras)
    : open_(std::move(open)), close_(std::move(close)), extras_(std::move(extras)) {}

Result<std::string> NotificationTemplates::render_body(const Notification& notification) const {
  if (notification.kind == NotificationKind::close) {
    if (!close_) return make_error(ErrorCode::invalid_argument, "no template-close (send-close is false)");
    return render(*close_, notification);
  }
  return render(open_, notification);
}

Result<std::string> NotificationTemplates::render(const GoTemplate& tmpl, const Notification& notification) const {
  if (!notification.result) return make_error(ErrorCode::invalid_argument, "notification without a group status");
  // Go's zero time when there is no incident (threshold 1 on an OK group).
  const std::chrono::system_clock::time_point start =
      notification.incident.is_open() ? std::chrono::system_clock::time_point(notification.incident.start)
                                      : std::chrono::system_clock::time_point{};
  const NotificationContext context{.cluster = notification.cluster,
                                    .group = notification.group,
                                    .id = notification.incident.id,
                                    .start = start,
                                    .extras = extras_,
                                    .result = *notification.result};
  return tmpl.render(notification_data(context));
}

}  // namespace warren::notify
