#include "core/notify/email_message.hpp"

#include <fmt/core.h>

#include <array>
#include <chrono>

namespace warren::notify {
namespace {

constexpr std::string_view kSubject = "Subject: ";
constexpr std::string_view kContentType = "Content-Type: ";
constexpr std::string_view kMimeVersion = "MIME-version: ";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Burrow's getKeywordContent: what follows the first delimiter, up to a second one if any.
std::string keyword_content(std::string_view line, std::string_view delimiter) {
  std::string_view rest = line.substr(line.find(delimiter) + delimiter.size());
  return std::string(rest.substr(0, rest.find(delimiter)));
}

std::string without_semicolons(std::string s) {
  std::erase(s, ';');
  return s;
}

bool is_ascii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80 || c == '\r' || c == '\n') return false;
  }
  return true;
}

std::string base64(std::string_view in) {
  constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                   static_cast<unsigned char>(in[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kAlphabet[(n >> shift) & 0x3F]);
  }
  if (i < in.size()) {
    auto n = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8;
    out.push_back(kAlphabet[(n >> 18) & 0x3F]);
    out.push_back(kAlphabet[(n >> 12) & 0x3F]);
    out.push_back(i + 1 < in.size() ? kAlphabet[(n >> 6) & 0x3F] : '=');
    out.push_back('=');
  }
  return out;
}

// A header value as an RFC 2047 encoded word when it is not plain ASCII.
std::string header_text(std::string_view value) {
  return is_ascii(value) ? std::string(value) : "=?UTF-8?B?" + base64(value) + "?=";
}

}  // namespace

std::vector<std::string> split_recipients(std::string_view to) {
  std::vector<std::string> out;
  while (true) {
    const auto comma = to.find(',');
    const auto part = trim(to.substr(0, comma));
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    to.remove_prefix(comma + 1);
  }
  return out;
}

std::string quoted_printable(std::string_view text) {
  constexpr std::size_t kMaxLine = 76;
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    const bool last = end == std::string_view::npos;
    std::string_view line = text.substr(start, last ? std::string_view::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t width = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      const bool trailing_space = (c == ' ' || c == '\t') && i + 1 == line.size();
      std::string piece;
      if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !trailing_space)) {
        piece.push_back(static_cast<char>(c));
      } else {
        piece = {'=', kHex[c >> 4], kHex[c & 0xF]};
      }
      // Room for the piece and, unless it ends the line, a soft break '='.
      const std::size_t room = i + 1 == line.size() ? kMaxLine : kMaxLine - 1;
      if (width + piece.size() > room) {
        out += "=\r\n";
        width = 0;
      }
      out += piece;
      width += piece.size();
    }
    if (last) break;
    out += "\r\n";
    start = end + 1;
  }
  return out;
}

std::string rfc5322_date(TimePoint t) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  const auto day = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(seconds - day);
  constexpr std::array<std::string_view, 7> kWeekdays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::chrono::weekday weekday(day);
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kWeekdays[weekday.c_encoding()],
                     static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()), hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

Result<EmailMessage> build_email(std::string_view rendered, const std::string& from, const std::string& to,
                                 TimePoint date) {
  if (!rendered.starts_with(kSubject)) {
    return make_error(ErrorCode::invalid_argument,
                      "no subject line detected: the template's output must start with \"Subject: \"");
  }
  EmailMessage m;
  m.from = from;
  m.recipients = split_recipients(to);
  std::string content_type;
  std::size_t start = 0;
  while (start <= rendered.size()) {
    const auto end = rendered.find('\n', start);
    const std::string_view line = rendered.substr(start, end == std::string_view::npos ? end : end - start);
    if (line.starts_with(kSubject) && m.subject.empty()) {
      m.subject = keyword_content(line, kSubject);
    } else if (line.starts_with(kContentType)) {
      content_type = without_semicolons(keyword_content(line, kContentType));
    } else if (line.starts_with(kMimeVersion)) {
      m.mime_version = without_semicolons(keyword_content(line, kMimeVersion));
    } else {
      m.body.append(line).push_back('\n');
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (const auto media_type = trim(std::string_view(content_type).substr(0, content_type.find(' ')));
      !media_type.empty()) {
    m.content_type = std::string(media_type);
  }

  std::string to_header;
  for (const auto& r : m.recipients) to_header += (to_header.empty() ? "" : ", ") + r;
  m.data = fmt::format(
      "From: {}\r\nTo: {}\r\nSubject: {}\r\nDate: {}\r\nMIME-Version: {}\r\nContent-Type: {}; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n{}",
      from, to_header, header_text(trim(m.subject)), rfc5322_date(date),
      m.mime_version.empty() ? "1.0" : std::string(trim(m.mime_version)), m.content_type, quoted_printable(m.body));
  return m;
}

}  // namespace warren::notify
