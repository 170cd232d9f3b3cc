// libcurl for the notifiers: owners for its handles, the process-wide init, and what the HTTP and
// email notifiers share (TLS settings, error classification). libcurl was added because it
// already does what the notifiers need — HTTP with connection reuse, timeouts, proxies from the
// environment, extra CAs and basic auth; SMTP with STARTTLS and PLAIN/CRAM-MD5 authentication —
// all of which would otherwise be hand-written (DESIGN.md §4).
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <memory>
#include <string>

#include "core/base/result.hpp"
#include "core/notify/notifier.hpp"

namespace warren::notify {

struct CurlEasyDeleter {
  void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlListDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using CurlList = std::unique_ptr<curl_slist, CurlListDeleter>;

// Appends `item` (copied by libcurl) to `list`.
void append(CurlList& list, const std::string& item);

// curl_global_init for as long as an instance lives; instances may nest. Create one before any
// thread uses libcurl (the notifier set holds one).
class CurlGlobal {
 public:
  CurlGlobal();
  ~CurlGlobal();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
  bool ok() const noexcept { return ok_; }

 private:
  bool ok_{false};
};

// A new easy handle, or an error.
Result<CurlEasy> new_curl_easy();

// TLS as Burrow's notifiers set it up: `extra_ca` (a PEM file) is added to the system roots;
// `noverify` skips certificate and host-name checks. Returns the CA bundle to hand to libcurl
// (empty: libcurl's default), or an error when extra-ca cannot be read.
Result<std::string> ca_bundle_with(const std::string& extra_ca);
void apply_tls(CURL* handle, const std::string& ca_bundle, bool noverify);

// Makes transfers on `handle` abort (CURLE_ABORTED_BY_CALLBACK) once `*cancelled` is true.
void abort_when(CURL* handle, const std::atomic<bool>* cancelled);

// A failed transfer: transient (worth retrying) or permanent, with libcurl's message.
SendOutcome curl_failure(CURLcode code, const char* error_buffer);

}  // namespace warren::notify
