// The email a notifier sends, built from a rendered template as Burrow HEAD does
// (reference/burrow.md §6.2): the template's output must start with `Subject: `; a line starting
// with `Content-Type: ` or `MIME-version: ` sets that header (semicolons removed); every other
// line, the blank one after the subject included, is the body. `to` is split on commas.
//
// The message is RFC 5322 text with CRLF line ends: From, To, Subject (RFC 2047-encoded when not
// ASCII), Date, MIME-Version, Content-Type with charset UTF-8, and a quoted-printable body, as
// gomail writes it. One departure: Burrow pastes the whole Content-Type line, parameters
// included, in front of its own "; charset=UTF-8", which gives a malformed header for a line such
// as `Content-Type: text/html; charset=UTF-8`; warren keeps only the media type.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.hpp"
#include "core/base/result.hpp"

namespace warren::notify {

struct EmailMessage {
  std::string from;
  std::vector<std::string> recipients;
  std::string subject;
  std::string content_type{"text/plain"};
  std::string mime_version;  // from the template; "1.0" when it has none
  std::string body;          // as rendered, "\n" line ends
  std::string data;          // the whole message as sent, CRLF line ends
};

// Splits a comma-separated `to` and trims spaces around each address; empty parts are skipped.
std::vector<std::string> split_recipients(std::string_view to);

Result<EmailMessage> build_email(std::string_view rendered, const std::string& from, const std::string& to,
                                 TimePoint date);

// RFC 2045 quoted-printable with CRLF line ends and soft breaks at 76 characters.
std::string quoted_printable(std::string_view text);
// An RFC 5322 date: "Sat, 28 Nov 2026 16:30:00 +0000".
std::string rfc5322_date(TimePoint t);

}  // namespace warren::notify
