#include "core/notify/template_parser.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>

#include "core/notify/go_template.hpp"
#include "core/notify/template_lexer.hpp"

namespace warren::notify {

namespace {

constexpr std::array<std::string_view, 17> kBuiltins = {"and",   "or",      "not",  "len", "index",   "printf",
                                                        "print", "println", "eq",   "ne",  "lt",      "le",
                                                        "gt",    "ge",      "html", "js",  "urlquery"};

class Parser {
 public:
  Parser(const TemplateSource& source, std::vector<Token> tokens, const FunctionSet& functions)
      : source_(source), tokens_(std::move(tokens)), text_(source.text()), functions_(functions) {
    vars_.push_back("$");
  }

  Result<TemplateNode> parse() {
    TemplateNode root;
    root.kind = TemplateNode::Kind::list;
    std::string terminator;
    std::size_t at = 0;
    auto r = parse_list(root.children, terminator, at);
    if (!r.ok()) return r.error();
    if (!terminator.empty()) return source_.error_at(at, "unexpected {{" + terminator + "}}");
    return root;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  const Token& next() { return tokens_[pos_++]; }

  Error error(const Token& t, const std::string& message) const { return source_.error_at(t.offset, message); }

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
            TemplateNode{.kind = TemplateNode::Kind::text, .text = t.value, .pos = source_.position(t.offset)});
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
              .pos = source_.position(open)});
          continue;
        }
        if (k.value == "define" || k.value == "template" || k.value == "block") {
          return error(k, "{{" + k.value + "}} is not supported");
        }
      }
      TemplateNode action{.kind = TemplateNode::Kind::action, .pos = source_.position(open)};
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
    node.pos = source_.position(open);
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
    if (terminator.empty()) return source_.error_at(open, "unexpected EOF: {{" + keyword + "}} has no {{end}}");
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
        return source_.error_at(terminator.empty() ? open : at,
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
    pipe.pos = source_.position(peek().offset);
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
        return source_.error_at(command_offset(head),
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
    command.pos = source_.position(peek().offset);
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
    op.pos = source_.position(t.offset);
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

  const TemplateSource& source_;
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
  const TemplateSource source(text, file_name);
  auto tokens = lex_template(source);
  if (!tokens.ok()) return tokens.error();
  Parser parser(source, std::move(tokens.value()), functions);
  return parser.parse();
}

}  // namespace warren::notify
