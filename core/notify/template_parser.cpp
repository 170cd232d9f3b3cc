#include "core/notify/template_parser.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>

#include "core/notify/go_template.hpp"

namespace warren::notify {

namespace {

constexpr std::array<std::string_view, 17> kBuiltins = {"and",   "or",      "not",  "len", "index",   "printf",
                                                        "print", "println", "eq",   "ne",  "lt",      "le",
                                                        "gt",    "ge",      "html", "js",  "urlquery"};

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

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& file) : text_(text), file_(file) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  SourcePos position(std::size_t offset) const {
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<std::size_t>(it - line_starts_.begin());
    return SourcePos{.line = static_cast<int>(line), .col = static_cast<int>(offset - line_starts_[line - 1] + 1)};
  }

  Error error_at(std::size_t offset, const std::string& message) const {
    const SourcePos p = position(offset);
    return make_error(ErrorCode::invalid_argument,
                      file_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.col) + ": " + message);
  }

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
      append_rune(value, cp);
    }
    return true;
  }

  static void append_rune(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  std::string_view text_;
  const std::string& file_;
  std::vector<std::size_t> line_starts_;
};

// Go's number literals as template constants: ints (decimal, 0x, 0o, 0b, underscores), floats,
// and char constants (ints).
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

class Parser {
 public:
  Parser(const Lexer& lexer, std::vector<Token> tokens, std::string_view text, const FunctionSet& functions)
      : lexer_(lexer), tokens_(std::move(tokens)), text_(text), functions_(functions) {
    vars_.push_back("$");
  }

  Result<TemplateNode> parse() {
    TemplateNode root;
    root.kind = TemplateNode::Kind::list;
    std::string terminator;
    std::size_t at = 0;
    auto r = parse_list(root.children, terminator, at);
    if (!r.ok()) return r.error();
    if (!terminator.empty()) return lexer_.error_at(at, "unexpected {{" + terminator + "}}");
    return root;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  const Token& next() { return tokens_[pos_++]; }

  Error error(const Token& t, const std::string& message) const { return lexer_.error_at(t.offset, message); }

  // Parses nodes until EOF or a control keyword ({{end}} / {{else}}), which it consumes up to the
  // keyword and reports in `terminator` (empty at EOF).
  Result<bool> parse_list(std::vector<TemplateNode>& nodes, std::string& terminator, std::size_t& at) {
    while (true) {
      const Token& t = next();
      if (t.kind == Tok::eof) {
        terminator.clear();
        at = t.offset;
        return true;
      }
      if (t.kind == Tok::text) {
        nodes.push_back(
            TemplateNode{.kind = TemplateNode::Kind::text, .text = t.value, .pos = lexer_.position(t.offset)});
        continue;
      }
      // t is a left delimiter.
      const std::size_t open = t.offset;
      const Token& k = peek();
      if (k.kind == Tok::identifier) {
        if (k.value == "end" || k.value == "else") {
          ++pos_;
          terminator = k.value;
          at = open;
          return true;
        }
        if (k.value == "if" || k.value == "range" || k.value == "with") {
          ++pos_;
          auto node = parse_control(k.value, open);
          if (!node.ok()) return node.error();
          nodes.push_back(std::move(node.value()));
          continue;
        }
        if (k.value == "break" || k.value == "continue") {
          ++pos_;
          if (range_depth_ == 0) return error(k, "{{" + k.value + "}} outside {{range}}");
          if (next().kind != Tok::right) return error(tokens_[pos_ - 1], "unexpected token in {{" + k.value + "}}");
          nodes.push_back(TemplateNode{
              .kind = k.value == "break" ? TemplateNode::Kind::break_node : TemplateNode::Kind::continue_node,
              .text = action_text(open),
              .pos = lexer_.position(open)});
          continue;
        }
        if (k.value == "define" || k.value == "template" || k.value == "block") {
          return error(k, "{{" + k.value + "}} is not supported");
        }
      }
      TemplateNode action{.kind = TemplateNode::Kind::action, .pos = lexer_.position(open)};
      auto pipe = parse_pipeline("command", Tok::right, false);
      if (!pipe.ok()) return pipe.error();
      action.pipe = std::move(pipe.value());
      action.text = action_text(open);
      nodes.push_back(std::move(action));
    }
  }

  // The action as written, from its `{{` to its `}}`.
  std::string action_text(std::size_t open) const {
    const std::size_t close = tokens_[pos_ - 1].offset;
    return std::string(text_.substr(open, close + 2 - open));
  }

  Result<TemplateNode> parse_control(const std::string& keyword, std::size_t open) {
    TemplateNode node;
    node.kind = keyword == "if"      ? TemplateNode::Kind::if_node
                : keyword == "range" ? TemplateNode::Kind::range_node
                                     : TemplateNode::Kind::with_node;
    node.pos = lexer_.position(open);
    const std::size_t vars_mark = vars_.size();
    auto pipe = parse_pipeline(keyword, Tok::right, keyword == "range");
    if (!pipe.ok()) return pipe.error();
    node.pipe = std::move(pipe.value());
    node.text = action_text(open);
    std::string terminator;
    std::size_t at = 0;
    // {{break}} and {{continue}} belong to the range body, not to its {{else}}.
    const bool in_range = node.kind == TemplateNode::Kind::range_node;
    if (in_range) ++range_depth_;
    auto body = parse_list(node.children, terminator, at);
    if (in_range) --range_depth_;
    if (!body.ok()) return body.error();
    if (terminator.empty()) return lexer_.error_at(open, "unexpected EOF: {{" + keyword + "}} has no {{end}}");
    if (terminator == "else") {
      // `{{else if ...}}` / `{{else with ...}}` chain into a nested control that shares the {{end}}.
      const Token& k = peek();
      if (k.kind == Tok::identifier && k.value == keyword && keyword != "range") {
        ++pos_;
        auto nested = parse_control(keyword, at);
        if (!nested.ok()) return nested.error();
        node.otherwise.push_back(std::move(nested.value()));
        vars_.resize(vars_mark);
        return node;
      }
      if (next().kind != Tok::right) return error(tokens_[pos_ - 1], "unexpected token in {{else}}");
      auto otherwise = parse_list(node.otherwise, terminator, at);
      if (!otherwise.ok()) return otherwise.error();
      if (terminator != "end") {
        return lexer_.error_at(terminator.empty() ? open : at,
                               terminator.empty() ? "unexpected EOF: {{" + keyword + "}} has no {{end}}"
                                                  : "expected {{end}}; found {{else}}");
      }
    }
    if (next().kind != Tok::right) return error(tokens_[pos_ - 1], "unexpected token in {{end}}");
    vars_.resize(vars_mark);
    return node;
  }

  Result<Pipeline> parse_pipeline(const std::string& context, Tok end, bool allow_two_vars) {
    Pipeline pipe;
    pipe.pos = lexer_.position(peek().offset);
    // Declarations: $x := / $x = / $i, $v :=
    if (peek().kind == Tok::variable) {
      const std::size_t save = pos_;
      std::vector<std::string> names{next().value};
      if (allow_two_vars && peek().kind == Tok::comma) {
        ++pos_;
        if (peek().kind != Tok::variable) return error(peek(), "expected variable after comma in " + context);
        names.push_back(next().value);
      }
      if (peek().kind == Tok::declare || peek().kind == Tok::assign) {
        const bool assign = next().kind == Tok::assign;
        if (assign) {
          for (const auto& n : names) {
            if (std::find(vars_.begin(), vars_.end(), n) == vars_.end()) {
              return error(tokens_[save], "undefined variable \"" + n + "\"");
            }
          }
        }
        pipe.declarations = names;
        pipe.assignment = assign;
      } else {
        if (names.size() > 1) return error(peek(), "too many declarations in " + context);
        pos_ = save;
      }
    }
    while (true) {
      const Token& t = peek();
      if (t.kind == end) {
        ++pos_;
        break;
      }
      if (t.kind == Tok::eof) return error(t, "unclosed action");
      if (t.kind == Tok::pipe) {
        if (pipe.commands.empty()) return error(t, "missing command before '|'");
        // Go accepts a trailing `|` but not an empty command between two.
        if (tokens_[pos_ - 1].kind == Tok::pipe) return error(t, "empty command");
        ++pos_;
        continue;
      }
      if (!pipe.commands.empty() && tokens_[pos_ - 1].kind != Tok::pipe) {
        return error(t, "unexpected token in " + context);
      }
      auto command = parse_command(end);
      if (!command.ok()) return command.error();
      pipe.commands.push_back(std::move(command.value()));
    }
    if (pipe.commands.empty()) return error(tokens_[pos_ - 1], "missing value for " + context);
    for (std::size_t c = 1; c < pipe.commands.size(); ++c) {
      const auto& head = pipe.commands[c].operands.front();
      if (head.kind == Operand::Kind::constant || head.kind == Operand::Kind::nil) {
        return lexer_.error_at(command_offset(head),
                               "non executable command in pipeline stage " + std::to_string(c + 1));
      }
    }
    for (const auto& n : pipe.declarations) {
      if (!pipe.assignment) vars_.push_back(n);
    }
    return pipe;
  }

  std::size_t command_offset(const Operand& op) const {
    // Positions are kept as line/col; map back only for messages.
    std::size_t offset = 0;
    int line = 1;
    while (line < op.pos.line && offset < text_.size()) {
      if (text_[offset++] == '\n') ++line;
    }
    return offset + static_cast<std::size_t>(op.pos.col - 1);
  }

  Result<Command> parse_command(Tok end) {
    Command command;
    command.pos = lexer_.position(peek().offset);
    while (true) {
      const Token& t = peek();
      if (t.kind == end || t.kind == Tok::pipe) break;
      if (t.kind == Tok::eof) return error(t, "unclosed action");
      if (t.kind == Tok::right) return error(t, "unclosed left paren");
      if (!command.operands.empty() && !t.space_before) {
        return error(t, "missing space between arguments");
      }
      auto operand = parse_operand();
      if (!operand.ok()) return operand.error();
      command.operands.push_back(std::move(operand.value()));
    }
    if (command.operands.empty()) return error(peek(), "empty command");
    return command;
  }

  Result<Operand> parse_operand() {
    const Token& t = next();
    Operand op;
    op.pos = lexer_.position(t.offset);
    const std::size_t start = t.offset;
    switch (t.kind) {
      case Tok::dot: op.kind = Operand::Kind::dot; break;
      case Tok::field:
        op.kind = Operand::Kind::field;
        op.fields.push_back(t.value);
        break;
      case Tok::variable:
        if (std::find(vars_.begin(), vars_.end(), t.value) == vars_.end()) {
          return error(t, "undefined variable \"" + t.value + "\"");
        }
        op.kind = Operand::Kind::variable;
        op.name = t.value;
        break;
      case Tok::string:
        op.kind = Operand::Kind::constant;
        op.constant = TemplateValue::string(t.value);
        break;
      case Tok::char_constant:
        op.kind = Operand::Kind::constant;
        op.constant = TemplateValue::integer(std::strtoll(t.value.c_str(), nullptr, 10));
        break;
      case Tok::number: {
        auto n = number_constant(t.value);
        if (!n.ok()) return error(t, n.error().message);
        op.kind = Operand::Kind::constant;
        op.constant = std::move(n.value());
        break;
      }
      case Tok::identifier:
        if (t.value == "true" || t.value == "false") {
          op.kind = Operand::Kind::constant;
          op.constant = TemplateValue::boolean(t.value == "true");
        } else if (t.value == "nil") {
          op.kind = Operand::Kind::nil;
        } else if (is_builtin_function(t.value) || functions_.contains(t.value)) {
          op.kind = Operand::Kind::identifier;
          op.name = t.value;
        } else if (t.value == "if" || t.value == "range" || t.value == "with" || t.value == "else" ||
                   t.value == "end" || t.value == "define" || t.value == "template" || t.value == "block") {
          return error(t, "unexpected <" + t.value + "> in operand");
        } else {
          return error(t, "function \"" + t.value + "\" not defined");
        }
        break;
      case Tok::lparen: {
        auto inner = parse_pipeline("parenthesized pipeline", Tok::rparen, false);
        if (!inner.ok()) return inner.error();
        op.kind = Operand::Kind::pipeline;
        op.pipe = std::make_shared<const Pipeline>(std::move(inner.value()));
        break;
      }
      default: return error(t, "unexpected " + describe(t) + " in operand");
    }
    // Fields directly after a variable, field or parenthesised pipeline continue its chain.
    while (peek().kind == Tok::field && !peek().space_before) {
      if (op.kind == Operand::Kind::constant || op.kind == Operand::Kind::nil || op.kind == Operand::Kind::dot) {
        return error(peek(), "unexpected . after term \"" + describe(t) + "\"");
      }
      op.fields.push_back(next().value);
    }
    op.text = std::string(text_.substr(start, tokens_[pos_ - 1].offset - start + last_length()));
    return op;
  }

  // Length in the source of the token just consumed.
  std::size_t last_length() const {
    const Token& t = tokens_[pos_ - 1];
    switch (t.kind) {
      case Tok::rparen:
      case Tok::dot: return 1;
      case Tok::field: return t.value.size() + 1;
      case Tok::variable:
      case Tok::identifier:
      case Tok::number: return t.value.size();
      default: {
        // Strings and chars: find the closing quote in the source.
        const char q = text_[t.offset];
        const std::size_t close = text_.find(q, t.offset + 1);
        return close == std::string_view::npos ? 1 : close - t.offset + 1;
      }
    }
  }

  static std::string describe(const Token& t) {
    switch (t.kind) {
      case Tok::right: return "\"}}\"";
      case Tok::rparen: return "\")\"";
      case Tok::declare: return "\":=\"";
      case Tok::assign: return "\"=\"";
      case Tok::comma: return "\",\"";
      case Tok::pipe: return "\"|\"";
      default: return "\"" + t.value + "\"";
    }
  }

  const Lexer& lexer_;
  std::vector<Token> tokens_;
  std::string_view text_;
  const FunctionSet& functions_;
  std::size_t pos_{0};
  std::vector<std::string> vars_;
  int range_depth_{0};
};

}  // namespace

bool is_builtin_function(std::string_view name) {
  return std::find(kBuiltins.begin(), kBuiltins.end(), name) != kBuiltins.end();
}

Result<TemplateNode> parse_template(std::string_view text, const std::string& file_name, const FunctionSet& functions) {
  Lexer lexer(text, file_name);
  auto tokens = lexer.run();
  if (!tokens.ok()) return tokens.error();
  Parser parser(lexer, std::move(tokens.value()), text, functions);
  return parser.parse();
}

}  // namespace warren::notify
