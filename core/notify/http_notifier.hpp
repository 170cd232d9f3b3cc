// HttpNotifier: [notifier.NAME] with class-name "http" (reference/burrow.md §6.2). For each
// notification it renders the URL (url-open or url-close, themselves templates) and the body
// (template-open or template-close) and sends method-open or method-close with
// `Content-Type: application/json`, then the configured `headers` (which may replace it), and
// basic auth when `username` is set. Proxies come from the environment (http_proxy, https_proxy,
// no_proxy), as in Burrow.
//
// A 2xx answer is success. Unlike Burrow, which logs and forgets, a failure is classified for the
// worker's retries: connection errors, timeouts, 408, 429 and 5xx are transient; other answers
// (a 4xx: the request itself is wrong) and template errors are permanent.
//
// One libcurl handle, used only from the notifier's worker thread, keeps the connection alive
// between notifications (unless disable-http-keepalive).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "core/config/config.hpp"
#include "core/notify/curl_session.hpp"
#include "core/notify/notification_templates.hpp"
#include "core/notify/notifier.hpp"

namespace warren::notify {

// Whether an HTTP status is a success, worth retrying, or final.
SendOutcome::Kind classify_http_status(long status) noexcept;

// The request headers in the order they are sent: Content-Type first, then `headers`, a header
// of the same name (case-insensitive) replacing the earlier one.
std::vector<std::string> request_headers(const std::map<std::string, std::string>& configured);

class HttpNotifier final : public Notifier {
 public:
  static Result<std::unique_ptr<HttpNotifier>> create(const config::NotifierConfig& config,
                                                      NotificationTemplates templates);

  // Use create(), which sets up the handle.
  HttpNotifier(const config::NotifierConfig& config, NotificationTemplates templates, GoTemplate url_open,
               std::optional<GoTemplate> url_close, CurlEasy handle, CurlList headers);

  SendOutcome send(const Notification& notification) override;
  void cancel() noexcept override { cancelled_ = true; }

 private:
  const config::NotifierConfig config_;
  NotificationTemplates templates_;
  GoTemplate url_open_;
  std::optional<GoTemplate> url_close_;
  CurlEasy handle_;
  CurlList headers_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace warren::notify
