// The tokens of a GoTemplate's text (Go's text/template/parse lexer, reduced): text between
// actions with `{{-`/`-}}` trimming applied, comments dropped, and the words of each action.
// Internal to the renderer (template_parser.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.hpp"
#include "core/notify/template_parser.hpp"
#include "core/notify/template_value.hpp"

namespace warren::notify {

enum class Tok {
  text,
  left,   // {{
  right,  // }}
  identifier,
  field,     // .Name
  dot,       // .
  variable,  // $ or $name
  string,    // quoted or raw; value decoded
  char_constant,
  number,
  lparen,
  rparen,
  pipe,
  declare,  // :=
  assign,   // =
  comma,
  eof,
};

struct Token {
  Tok kind{Tok::eof};
  std::string value;
  std::size_t offset{0};
  bool space_before{false};
};

// A template's text and file name: byte offsets to line:col, and errors that name them.
class TemplateSource {
 public:
  TemplateSource(std::string_view text, std::string file_name);
  std::string_view text() const noexcept { return text_; }
  SourcePos position(std::size_t offset) const;
  // `file:line:col: message`
  Error error_at(std::size_t offset, const std::string& message) const;

 private:
  std::string_view text_;
  std::string file_name_;
  std::vector<std::size_t> line_starts_;
};

Result<std::vector<Token>> lex_template(const TemplateSource& source);

// Go's number literals as template constants: ints (decimal, 0x, 0o, 0b, underscores) and floats.
Result<TemplateValue> number_constant(const std::string& text);

}  // namespace warren::notify
