// The parse tree of a GoTemplate and the parser that builds it from template text (Go's
// text/template/parse, reduced to what Burrow's templates need). Errors name file:line:col.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.hpp"
#include "core/notify/template_value.hpp"

namespace warren::notify {

class FunctionSet;

struct SourcePos {
  int line{1};
  int col{1};
};

struct Pipeline;

// One argument or the head of a command.
struct Operand {
  enum class Kind {
    dot,         // .
    field,       // .A.B (fields of dot)
    variable,    // $x or $x.A.B
    identifier,  // a function name; with fields, they apply to its result (`fn.A`)
    constant,    // string, number, char, bool literal
    nil,         // nil
    pipeline,    // ( pipeline ), possibly followed by .A.B
  };
  Kind kind{Kind::dot};
  std::string name;                 // variable ("$x") or function name
  std::vector<std::string> fields;  // the chain after the base
  TemplateValue constant;
  std::shared_ptr<const Pipeline> pipe;
  SourcePos pos;
  std::string text;  // as written, for error messages ("<.Start.Format>")
};

struct Command {
  std::vector<Operand> operands;
  SourcePos pos;
};

struct Pipeline {
  std::vector<std::string> declarations;  // "$x" or "$i", "$v"
  bool assignment{false};                 // `$x = ...` rather than `$x := ...`
  std::vector<Command> commands;
  SourcePos pos;
};

struct TemplateNode {
  enum class Kind { list, text, action, if_node, range_node, with_node, break_node, continue_node };
  Kind kind{Kind::list};
  std::string text;                     // text nodes; for the others, the action as written ("{{.Start.Format ...}}")
  Pipeline pipe;                        // action, if, range, with
  std::vector<TemplateNode> children;   // list body
  std::vector<TemplateNode> otherwise;  // else branch of if/range/with
  SourcePos pos;
};

// Parses `text`; `functions` decides which identifiers are functions (builtins always are).
Result<TemplateNode> parse_template(std::string_view text, const std::string& file_name, const FunctionSet& functions);

// The builtin function names of text/template that this renderer implements.
bool is_builtin_function(std::string_view name);

}  // namespace warren::notify
