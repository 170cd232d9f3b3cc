#include "core/notify/curl_session.hpp"

#include <fmt/core.h>

#include <fstream>
#include <sstream>

namespace warren::notify {

void append(CurlList& list, const std::string& item) {
  curl_slist* grown = curl_slist_append(list.get(), item.c_str());
  if (grown == nullptr) return;  // out of memory: the header is missing, the request still goes
  static_cast<void>(list.release());
  list.reset(grown);
}

CurlGlobal::CurlGlobal() : ok_(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK) {}

CurlGlobal::~CurlGlobal() {
  if (ok_) curl_global_cleanup();
}

Result<CurlEasy> new_curl_easy() {
  CurlEasy handle(curl_easy_init());
  if (!handle) return make_error(ErrorCode::io, "libcurl: curl_easy_init failed");
  return handle;
}

namespace {

std::string read_file(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream out;
  if (ok) out << in.rdbuf();
  return out.str();
}

}  // namespace

Result<std::string> ca_bundle_with(const std::string& extra_ca) {
  if (extra_ca.empty()) return std::string{};
  bool ok = false;
  std::string extra = read_file(extra_ca, ok);
  if (!ok) return make_error(ErrorCode::io, fmt::format("extra-ca: cannot read {}", extra_ca));
  // libcurl takes one bundle, so the system roots (libcurl's default file) go first.
  std::string bundle;
  if (auto handle = new_curl_easy()) {
    const char* system_roots = nullptr;
    if (curl_easy_getinfo(handle.value().get(), CURLINFO_CAINFO, &system_roots) == CURLE_OK &&
        system_roots != nullptr) {
      bool read = false;
      bundle = read_file(system_roots, read);
      if (!bundle.empty() && bundle.back() != '\n') bundle.push_back('\n');
    }
  }
  return bundle + extra;
}

void apply_tls(CURL* handle, const std::string& ca_bundle, bool noverify) {
  if (!ca_bundle.empty()) {
    curl_blob blob{.data = const_cast<char*>(ca_bundle.data()), .len = ca_bundle.size(), .flags = CURL_BLOB_COPY};
    curl_easy_setopt(handle, CURLOPT_CAINFO_BLOB, &blob);
  }
  if (noverify) {
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
  }
}

namespace {

int abort_if_cancelled(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(user)->load() ? 1 : 0;
}

}  // namespace

void abort_when(CURL* handle, const std::atomic<bool>* cancelled) {
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, abort_if_cancelled);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(cancelled));
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

SendOutcome curl_failure(CURLcode code, const char* error_buffer) {
  const std::string message =
      (error_buffer != nullptr && *error_buffer != '\0') ? std::string(error_buffer) : curl_easy_strerror(code);
  switch (code) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_AGAIN:
    case CURLE_WEIRD_SERVER_REPLY: return SendOutcome::transient(message);
    default: return SendOutcome::failed(message);
  }
}

}  // namespace warren::notify
