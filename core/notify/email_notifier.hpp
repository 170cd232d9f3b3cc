// EmailNotifier: [notifier.NAME] with class-name "email" (reference/burrow.md §6.2). Renders
// template-open or template-close into a message (email_message.hpp) and sends it over SMTP to
// server:port from `from` to every address of `to`: implicit TLS on port 465, otherwise STARTTLS
// whenever the server offers it (as gomail's dialer does); AUTH PLAIN or CRAM-MD5 with
// username/password when auth-type says so; TLS roots are the system's plus extra-ca, and
// noverify skips the checks.
//
// Failures are classified for the worker's retries: connection errors, timeouts and SMTP 4xx
// replies are transient; SMTP 5xx replies, refused logins and template errors are permanent.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "core/base/clock.hpp"
#include "core/config/config.hpp"
#include "core/notify/curl_session.hpp"
#include "core/notify/notification_templates.hpp"
#include "core/notify/notifier.hpp"

namespace warren::notify {

// The SMTP URL for server:port: smtps:// on port 465, smtp:// otherwise.
std::string smtp_url(const std::string& server, int port);

class EmailNotifier final : public Notifier {
 public:
  static Result<std::unique_ptr<EmailNotifier>> create(const config::NotifierConfig& config,
                                                       NotificationTemplates templates, const Clock& clock);

  // Use create(), which checks extra-ca.
  EmailNotifier(const config::NotifierConfig& config, NotificationTemplates templates, std::string ca_bundle,
                const Clock& clock);

  SendOutcome send(const Notification& notification) override;
  void cancel() noexcept override { cancelled_ = true; }

 private:
  const config::NotifierConfig config_;
  NotificationTemplates templates_;
  const std::string ca_bundle_;
  const Clock& clock_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace warren::notify
