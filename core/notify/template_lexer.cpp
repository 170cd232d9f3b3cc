#include "core/notify/template_lexer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "core/notify/go_format.hpp"

namespace warren::notify {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  explicit Lexer(const TemplateSource& source) : source_(source), text_(source.text()) {}

  Error error_at(std::size_t offset, const std::string& message) const { return source_.error_at(offset, message); }

  Result<std::vector<Token>> run() {
    std::vector<Token> out;
    std::size_t i = 0;
    bool trim_next_text = false;
    while (i <= text_.size()) {
      const std::size_t open = text_.find("{{", i);
      const std::size_t text_end = open == std::string_view::npos ? text_.size() : open;
      std::string_view chunk = text_.substr(i, text_end - i);
      std::size_t chunk_offset = i;
      bool left_trim = false;
      if (open != std::string_view::npos && open + 3 < text_.size() + 1 && text_.substr(open + 2, 1) == "-" &&
          open + 3 < text_.size() && is_space(text_[open + 3])) {
        left_trim = true;
      }
      if (trim_next_text) {
        while (!chunk.empty() && is_space(chunk.front())) {
          chunk.remove_prefix(1);
          ++chunk_offset;
        }
      }
      if (left_trim) {
        while (!chunk.empty() && is_space(chunk.back())) chunk.remove_suffix(1);
      }
      if (!chunk.empty()) out.push_back(Token{.kind = Tok::text, .value = std::string(chunk), .offset = chunk_offset});
      if (open == std::string_view::npos) break;
      i = open + 2 + (left_trim ? 2 : 0);
      auto action = lex_action(open, i, out);
      if (!action.ok()) return action.error();
      trim_next_text = *action;
    }
    out.push_back(Token{.kind = Tok::eof, .offset = text_.size()});
    return out;
  }

 private:
  // Lexes one action from `i` (just after `{{` and any trim marker); returns whether it ends
  // with a right trim marker.
  Result<bool> lex_action(std::size_t open, std::size_t& i, std::vector<Token>& out) {
    // A comment fills the whole action.
    if (text_.substr(i, 2) == "/*") {
      const std::size_t close = text_.find("*/", i + 2);
      if (close == std::string_view::npos) return error_at(open, "unclosed comment");
      std::size_t j = close + 2;
      bool trim = false;
      if (text_.substr(j, 4) == " -}}") {
        trim = true;
        j += 4;
      } else if (text_.substr(j, 2) == "}}") {
        j += 2;
      } else {
        return error_at(close, "comment ends before closing delimiter");
      }
      i = j;
      return trim;
    }
    out.push_back(Token{.kind = Tok::left, .offset = open});
    bool space = false;
    while (true) {
      if (i >= text_.size()) return error_at(open, "unclosed action");
      const char c = text_[i];
      if (is_space(c) && text_.substr(i + 1, 3) == "-}}") {
        out.push_back(Token{.kind = Tok::right, .offset = i + 1, .space_before = true});
        i += 4;
        return true;
      }
      if (text_.substr(i, 2) == "}}") {
        out.push_back(Token{.kind = Tok::right, .offset = i, .space_before = space});
        i += 2;
        return false;
      }
      if (is_space(c)) {
        space = true;
        ++i;
        continue;
      }
      Token t{.offset = i, .space_before = space};
      space = false;
      if (c == '"') {
        auto r = lex_quoted(i);
        if (!r.ok()) return r.error();
        t.kind = Tok::string;
        t.value = std::move(r.value());
      } else if (c == '`') {
        const std::size_t close = text_.find('`', i + 1);
        if (close == std::string_view::npos) return error_at(i, "unterminated raw quoted string");
        t.kind = Tok::string;
        t.value = std::string(text_.substr(i + 1, close - i - 1));
        i = close + 1;
      } else if (c == '\'') {
        auto r = lex_char(i);
        if (!r.ok()) return r.error();
        t.kind = Tok::char_constant;
        t.value = std::to_string(*r);
      } else if (is_digit(c) || ((c == '-' || c == '+') && i + 1 < text_.size() && is_digit(text_[i + 1])) ||
                 (c == '.' && i + 1 < text_.size() && is_digit(text_[i + 1]))) {
        std::size_t j = i + 1;
        while (j < text_.size() &&
               (is_alnum(text_[j]) || text_[j] == '.' ||
                ((text_[j] == '+' || text_[j] == '-') &&
                 (text_[j - 1] == 'e' || text_[j - 1] == 'E' || text_[j - 1] == 'p' || text_[j - 1] == 'P')))) {
          ++j;
        }
        t.kind = Tok::number;
        t.value = std::string(text_.substr(i, j - i));
        i = j;
      } else if (c == '.') {
        std::size_t j = i + 1;
        while (j < text_.size() && is_alnum(text_[j])) ++j;
        if (!at_terminator(j)) return error_at(j, std::string("bad character '") + text_[j] + "'");
        t.kind = j == i + 1 ? Tok::dot : Tok::field;
        t.value = std::string(text_.substr(i + 1, j - i - 1));
        i = j;
      } else if (c == '$') {
        std::size_t j = i + 1;
        while (j < text_.size() && is_alnum(text_[j])) ++j;
        if (!at_terminator(j)) return error_at(j, std::string("bad character '") + text_[j] + "'");
        t.kind = Tok::variable;
        t.value = std::string(text_.substr(i, j - i));
        i = j;
      } else if (is_alnum(c)) {
        std::size_t j = i;
        while (j < text_.size() && is_alnum(text_[j])) ++j;
        if (!at_terminator(j)) return error_at(j, std::string("bad character '") + text_[j] + "'");
        t.kind = Tok::identifier;
        t.value = std::string(text_.substr(i, j - i));
        i = j;
      } else if (c == '(') {
        t.kind = Tok::lparen;
        ++i;
      } else if (c == ')') {
        t.kind = Tok::rparen;
        ++i;
      } else if (c == '|') {
        t.kind = Tok::pipe;
        ++i;
      } else if (c == ',') {
        t.kind = Tok::comma;
        ++i;
      } else if (text_.substr(i, 2) == ":=") {
        t.kind = Tok::declare;
        i += 2;
      } else if (c == '=') {
        t.kind = Tok::assign;
        ++i;
      } else {
        return error_at(i, std::string("unrecognized character in action: '") + c + "'");
      }
      out.push_back(std::move(t));
    }
  }

  // Go's atTerminator: what may follow an identifier, field or variable name.
  bool at_terminator(std::size_t i) const {
    if (i >= text_.size()) return true;
    const char c = text_[i];
    return is_space(c) || c == '.' || c == ',' || c == '|' || c == ':' || c == ')' || c == '(' ||
           text_.substr(i, 2) == "}}";
  }

  Result<std::string> lex_quoted(std::size_t& i) {
    const std::size_t start = i;
    std::string value;
    ++i;
    while (true) {
      if (i >= text_.size() || text_[i] == '\n') return error_at(start, "unterminated quoted string");
      const char c = text_[i];
      if (c == '"') {
        ++i;
        return value;
      }
      if (c != '\\') {
        value.push_back(c);
        ++i;
        continue;
      }
      if (i + 1 >= text_.size()) return error_at(start, "unterminated quoted string");
      auto r = unescape(i, value, '"');
      if (!r.ok()) return r.error();
    }
  }

  Result<std::int64_t> lex_char(std::size_t& i) {
    const std::size_t start = i;
    std::string value;
    ++i;
    if (i < text_.size() && text_[i] == '\\') {
      auto r = unescape(i, value, '\'');
      if (!r.ok()) return r.error();
    } else {
      while (i < text_.size() && text_[i] != '\'' && text_[i] != '\n') value.push_back(text_[i++]);
    }
    if (i >= text_.size() || text_[i] != '\'') return error_at(start, "unterminated character constant");
    ++i;
    // Decode one UTF-8 rune.
    if (value.empty()) return error_at(start, "empty character constant");
    const auto b0 = static_cast<unsigned char>(value[0]);
    std::int64_t cp = b0;
    std::size_t n = 1;
    if (b0 >= 0xF0) {
      cp = b0 & 0x07;
      n = 4;
    } else if (b0 >= 0xE0) {
      cp = b0 & 0x0F;
      n = 3;
    } else if (b0 >= 0xC0) {
      cp = b0 & 0x1F;
      n = 2;
    }
    if (value.size() != n) return error_at(start, "malformed character constant: '" + value + "'");
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(value[k]) & 0x3F);
    return cp;
  }

  // Go's escapes in interpreted strings and characters.
  Result<bool> unescape(std::size_t& i, std::string& value, char quote) {
    const std::size_t start = i;
    const char e = text_[i + 1];
    i += 2;
    switch (e) {
      case 'a': value.push_back('\a'); return true;
      case 'b': value.push_back('\b'); return true;
      case 'f': value.push_back('\f'); return true;
      case 'n': value.push_back('\n'); return true;
      case 'r': value.push_back('\r'); return true;
      case 't': value.push_back('\t'); return true;
      case 'v': value.push_back('\v'); return true;
      case '\\': value.push_back('\\'); return true;
      default: break;
    }
    if (e == quote) {
      value.push_back(quote);
      return true;
    }
    int digits = 0;
    int base = 16;
    if (e == 'x') {
      digits = 2;
    } else if (e == 'u') {
      digits = 4;
    } else if (e == 'U') {
      digits = 8;
    } else if (e >= '0' && e <= '7') {
      digits = 3;
      base = 8;
      --i;
    } else {
      return error_at(start, "unknown escape sequence");
    }
    if (i + static_cast<std::size_t>(digits) > text_.size()) return error_at(start, "unterminated quoted string");
    std::uint32_t cp = 0;
    const auto r = std::from_chars(text_.data() + i, text_.data() + i + digits, cp, base);
    if (r.ec != std::errc{} || r.ptr != text_.data() + i + digits) return error_at(start, "invalid escape sequence");
    i += static_cast<std::size_t>(digits);
    if (e == 'x' || base == 8) {
      value.push_back(static_cast<char>(cp));
    } else {
      append_utf8(value, cp);
    }
    return true;
  }

  const TemplateSource& source_;
  std::string_view text_;
};

}  // namespace

TemplateSource::TemplateSource(std::string_view text, std::string file_name)
    : text_(text), file_name_(std::move(file_name)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

SourcePos TemplateSource::position(std::size_t offset) const {
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::size_t>(it - line_starts_.begin());
  return SourcePos{.line = static_cast<int>(line), .col = static_cast<int>(offset - line_starts_[line - 1] + 1)};
}

Error TemplateSource::error_at(std::size_t offset, const std::string& message) const {
  const SourcePos p = position(offset);
  return make_error(ErrorCode::invalid_argument,
                    file_name_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.col) + ": " + message);
}

Result<std::vector<Token>> lex_template(const TemplateSource& source) { return Lexer(source).run(); }

Result<TemplateValue> number_constant(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (c != '_') digits.push_back(c);
  }
  const bool negative = !digits.empty() && digits[0] == '-';
  std::string_view body(digits);
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) body.remove_prefix(1);
  int base = 10;
  if (body.size() > 1 && body[0] == '0') {
    const char p = body[1];
    if (p == 'x' || p == 'X') base = 16;
    if (p == 'o' || p == 'O') base = 8;
    if (p == 'b' || p == 'B') base = 2;
    if (base != 10) body.remove_prefix(2);
  }
  const bool looks_float = base == 10 && body.find_first_of(".eE") != std::string_view::npos;
  if (!looks_float) {
    if (base == 10 && body.size() > 1 && body[0] == '0') base = 8;  // Go's legacy octal
    std::uint64_t u = 0;
    const auto r = std::from_chars(body.data(), body.data() + body.size(), u, base);
    if (r.ec == std::errc::result_out_of_range) return make_error(ErrorCode::out_of_range, "overflow");
    if (r.ec != std::errc{} || r.ptr != body.data() + body.size() || body.empty()) {
      return make_error(ErrorCode::malformed, "bad number syntax: \"" + text + "\"");
    }
    if (negative) {
      if (u > static_cast<std::uint64_t>(INT64_MAX) + 1) return make_error(ErrorCode::out_of_range, "overflow");
      return TemplateValue::integer(static_cast<std::int64_t>(0 - u));
    }
    if (u > static_cast<std::uint64_t>(INT64_MAX)) return make_error(ErrorCode::out_of_range, "overflow");
    return TemplateValue::integer(static_cast<std::int64_t>(u));
  }
  double d = 0;
  const auto r = std::from_chars(body.data(), body.data() + body.size(), d);
  if (r.ec != std::errc{} || r.ptr != body.data() + body.size()) {
    return make_error(ErrorCode::malformed, "bad number syntax: \"" + text + "\"");
  }
  return TemplateValue::float64(negative ? -d : d);
}

}  // namespace warren::notify
