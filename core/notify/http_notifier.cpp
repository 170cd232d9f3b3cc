#include "core/notify/http_notifier.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace warren::notify {
namespace {

constexpr std::size_t kKeptResponseBytes = 200;  // of an error response, for the log

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Keeps the start of the response body; the rest is read and discarded.
std::size_t keep_response(char* data, std::size_t size, std::size_t count, void* user) {
  auto* kept = static_cast<std::string*>(user);
  const std::size_t bytes = size * count;
  if (kept->size() < kKeptResponseBytes) kept->append(data, std::min(bytes, kKeptResponseBytes - kept->size()));
  return bytes;
}

}  // namespace

SendOutcome::Kind classify_http_status(long status) noexcept {
  if (status >= 200 && status <= 299) return SendOutcome::Kind::sent;
  if (status == 408 || status == 429 || status >= 500) return SendOutcome::Kind::retry;
  return SendOutcome::Kind::permanent;
}

std::vector<std::string> request_headers(const std::map<std::string, std::string>& configured) {
  std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/json"}};
  for (const auto& [name, value] : configured) {
    const auto same =
        std::find_if(headers.begin(), headers.end(), [&](const auto& h) { return lower(h.first) == lower(name); });
    if (same != headers.end()) {
      same->second = value;
    } else {
      headers.emplace_back(name, value);
    }
  }
  std::vector<std::string> lines;
  for (const auto& [name, value] : headers) {
    // "Name;" is libcurl's way to send a header with an empty value ("Name:" would remove it).
    lines.push_back(value.empty() ? name + ";" : name + ": " + value);
  }
  return lines;
}

Result<std::unique_ptr<HttpNotifier>> HttpNotifier::create(const config::NotifierConfig& config,
                                                           NotificationTemplates templates) {
  auto url_open = parse_url_template(config, "url-open", config.url_open);
  if (!url_open) return url_open.error();
  std::optional<GoTemplate> url_close;
  if (config.send_close) {
    auto parsed = parse_url_template(config, "url-close", config.url_close);
    if (!parsed) return parsed.error();
    url_close = std::move(parsed).value();
  }
  auto handle = new_curl_easy();
  if (!handle) return handle.error();
  auto ca_bundle = ca_bundle_with(config.extra_ca);
  if (!ca_bundle)
    return make_error(ErrorCode::io, fmt::format("[notifier.{}] {}", config.name, ca_bundle.error().message));

  CURL* h = handle.value().get();
  CurlList headers;
  for (const auto& line : request_headers(config.headers)) append(headers, line);
  append(headers, "Expect:");  // no 100-continue round trip for larger bodies
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(config.timeout) * 1000L);
  if (config.keepalive > 0) {
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPIDLE, static_cast<long>(config.keepalive));
    curl_easy_setopt(h, CURLOPT_TCP_KEEPINTVL, static_cast<long>(config.keepalive));
  }
  if (config.disable_http_keepalive) curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  if (!config.username.empty()) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(h, CURLOPT_USERNAME, config.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, config.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  apply_tls(h, ca_bundle.value(), config.noverify);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_response);

  return std::make_unique<HttpNotifier>(config, std::move(templates), std::move(url_open).value(), std::move(url_close),
                                        std::move(handle).value(), std::move(headers));
}

HttpNotifier::HttpNotifier(const config::NotifierConfig& config, NotificationTemplates templates, GoTemplate url_open,
                           std::optional<GoTemplate> url_close, CurlEasy handle, CurlList headers)
    : config_(config),
      templates_(std::move(templates)),
      url_open_(std::move(url_open)),
      url_close_(std::move(url_close)),
      handle_(std::move(handle)),
      headers_(std::move(headers)) {
  abort_when(handle_.get(), &cancelled_);
}

SendOutcome HttpNotifier::send(const Notification& notification) {
  const bool close = notification.kind == NotificationKind::close;
  if (close && !url_close_) return SendOutcome::failed("no url-close (send-close is false)");
  auto body = templates_.render_body(notification);
  if (!body) return SendOutcome::failed("failed to assemble message: " + body.error().message);
  auto url = templates_.render(close ? *url_close_ : url_open_, notification);
  if (!url) return SendOutcome::failed("failed to assemble url: " + url.error().message);
  const std::string& method = close ? config_.method_close : config_.method_open;

  CURL* h = handle_.get();
  std::string response;
  std::array<char, CURL_ERROR_SIZE> error{};
  curl_easy_setopt(h, CURLOPT_URL, url.value().c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.value().c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.value().size()));
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error.data());
  const CURLcode code = curl_easy_perform(h);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
  if (code != CURLE_OK) return curl_failure(code, error.data());

  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  const std::string detail = fmt::format("{} {} answered {}", method, url.value(), status);
  switch (classify_http_status(status)) {
    case SendOutcome::Kind::sent: return SendOutcome::ok(detail);
    case SendOutcome::Kind::retry: return SendOutcome::transient(detail + ": " + response);
    case SendOutcome::Kind::permanent: return SendOutcome::failed(detail + ": " + response);
  }
  return SendOutcome::failed(detail);
}

}  // namespace warren::notify
