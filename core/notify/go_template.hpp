// GoTemplate: the subset of Go's text/template that Burrow's notifier templates use, parsed once
// (at startup, so that a bad template names its file:line:col before anything is sent) and
// rendered for each notification.
//
// Supported: text and `{{ }}` actions with `{{-`/`-}}` trimming, comments, field chains on values
// and variables, method calls with arguments, `$x :=` / `$x =` variables and `$`, pipelines with
// `|`, `if`/`else if`/`else`, `range` over lists, maps (sorted keys) and ints (`$i, $v :=`,
// `else`, `break`, `continue`), `with`, parenthesised pipelines, string/raw-string/char/number/
// bool/nil literals, and the builtins len, index, printf, print, println, and, or, not, eq, ne,
// lt, le, gt, ge, html, js, urlquery. Not supported: define/template/block (Burrow's templates
// are single files).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/result.hpp"
#include "core/notify/template_value.hpp"

namespace warren::notify {

// Functions a template may call beyond the builtins (Go's template.FuncMap). A name that is
// neither a builtin nor in the set is a parse error, as in Go.
class FunctionSet {
 public:
  FunctionSet& add(std::string name, TemplateCallable function);
  const TemplateCallable* find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }

 private:
  std::map<std::string, TemplateCallable, std::less<>> functions_;
};

struct TemplateNode;  // the parse tree (go_template_parser)

class GoTemplate {
 public:
  // Errors read `file:line:col: message`.
  static Result<GoTemplate> parse(std::string_view text, std::string file_name, FunctionSet functions);

  // Errors read `file:line:col: executing "{{action}}": message` and nothing is returned (Go
  // writes partial output; Burrow then drops the message, so warren drops it too).
  Result<std::string> render(const TemplateValue& data) const;

  const std::string& file_name() const noexcept { return file_name_; }

 private:
  GoTemplate(std::string file_name, std::shared_ptr<const TemplateNode> root, FunctionSet functions);

  std::string file_name_;
  std::shared_ptr<const TemplateNode> root_;
  FunctionSet functions_;
};

}  // namespace warren::notify
