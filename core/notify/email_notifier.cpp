#include "core/notify/email_notifier.hpp"

#include <fmt/core.h>

#include <array>
#include <cstring>

#include "core/notify/email_message.hpp"

namespace warren::notify {
namespace {

// gomail's dialer gives up after 10 s; the whole exchange gets a little more.
constexpr long kConnectTimeoutMs = 10'000;
constexpr long kTransferTimeoutMs = 30'000;

struct Upload {
  std::string_view data;
  std::size_t sent{0};
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data.size() - upload->sent);
  std::memcpy(buffer, upload->data.data() + upload->sent, n);
  upload->sent += n;
  return n;
}

}  // namespace

std::string smtp_url(const std::string& server, int port) {
  const bool ipv6 = server.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + server + "]" : server;
  return fmt::format("{}://{}:{}", port == 465 ? "smtps" : "smtp", host, port);
}

Result<std::unique_ptr<EmailNotifier>> EmailNotifier::create(const config::NotifierConfig& config,
                                                             NotificationTemplates templates, const Clock& clock) {
  auto ca_bundle = ca_bundle_with(config.extra_ca);
  if (!ca_bundle)
    return make_error(ErrorCode::io, fmt::format("[notifier.{}] {}", config.name, ca_bundle.error().message));
  return std::make_unique<EmailNotifier>(config, std::move(templates), std::move(ca_bundle).value(), clock);
}

EmailNotifier::EmailNotifier(const config::NotifierConfig& config, NotificationTemplates templates,
                             std::string ca_bundle, const Clock& clock)
    : config_(config), templates_(std::move(templates)), ca_bundle_(std::move(ca_bundle)), clock_(clock) {}

SendOutcome EmailNotifier::send(const Notification& notification) {
  auto rendered = templates_.render_body(notification);
  if (!rendered) return SendOutcome::failed("failed to assemble: " + rendered.error().message);
  auto message = build_email(rendered.value(), config_.from, config_.to, clock_.now());
  if (!message) return SendOutcome::failed("failed to send: " + message.error().message);
  if (message.value().recipients.empty()) return SendOutcome::failed("no recipient in `to`");

  auto handle = new_curl_easy();
  if (!handle) return SendOutcome::transient(handle.error().message);
  CURL* h = handle.value().get();
  const std::string url = smtp_url(config_.server, config_.port);
  CurlList recipients;
  for (const auto& r : message.value().recipients) append(recipients, r);
  Upload upload{.data = message.value().data};
  std::array<char, CURL_ERROR_SIZE> error{};

  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, kTransferTimeoutMs);
  if (config_.port != 465) curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  apply_tls(h, ca_bundle_, config_.noverify);
  if (!config_.auth_type.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, config_.password.c_str());
    curl_easy_setopt(h, CURLOPT_LOGIN_OPTIONS, config_.auth_type == "crammd5" ? "AUTH=CRAM-MD5" : "AUTH=PLAIN");
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, config_.from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(upload.data.size()));
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error.data());
  abort_when(h, &cancelled_);

  const CURLcode code = curl_easy_perform(h);
  if (code == CURLE_OK) return SendOutcome::ok(fmt::format("to {} via {}", config_.to, url));
  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  const SendOutcome outcome = curl_failure(code, error.data());
  const std::string detail = reply > 0 ? fmt::format("{} (SMTP {})", outcome.detail, reply) : outcome.detail;
  if (code == CURLE_LOGIN_DENIED || (reply >= 500 && reply <= 599)) return SendOutcome::failed(detail);
  if (reply >= 400 && reply <= 499) return SendOutcome::transient(detail);
  return {outcome.kind, detail};
}

}  // namespace warren::notify
