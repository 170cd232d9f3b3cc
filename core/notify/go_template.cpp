#include "core/notify/go_template.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "core/notify/go_format.hpp"
#include "core/notify/go_time.hpp"
#include "core/notify/template_builtins.hpp"
#include "core/notify/template_parser.hpp"

namespace warren::notify {

FunctionSet& FunctionSet::add(std::string name, TemplateCallable function) {
  functions_[std::move(name)] = std::move(function);
  return *this;
}

const TemplateCallable* FunctionSet::find(std::string_view name) const {
  const auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &it->second;
}

namespace {

using K = TemplateValue::Kind;

// How a walk ended: normally, or at a {{break}} / {{continue}} of the innermost range.
enum class Flow { normal, break_loop, continue_loop };

Error plain(std::string message) { return make_error(ErrorCode::invalid_argument, std::move(message)); }

// time.Time's methods that templates call.
std::optional<Result<TemplateValue>> time_method(const TemplateTime& t, const std::string& name,
                                                 std::span<const TemplateValue> args) {
  auto want = [&](std::size_t n) -> std::optional<Error> {
    if (args.size() == n) return std::nullopt;
    return plain("wrong number of args for " + name + ": want " + std::to_string(n) + " got " +
                 std::to_string(args.size()));
  };
  auto civil_field = [&](std::string_view layout) -> Result<TemplateValue> {
    if (auto e = want(0)) return *e;
    return TemplateValue::integer(std::stoll(go_time_format(t, layout)));
  };
  if (name == "Format") {
    if (auto e = want(1)) return Result<TemplateValue>(*e);
    if (args[0].kind() != K::string) {
      return Result<TemplateValue>(plain("wrong type for value; expected string; got " + go_type_name(args[0])));
    }
    return Result<TemplateValue>(TemplateValue::string(go_time_format(t, args[0].as_string())));
  }
  if (name == "String") {
    if (auto e = want(0)) return Result<TemplateValue>(*e);
    return Result<TemplateValue>(TemplateValue::string(go_time_string(t)));
  }
  if (name == "Unix") return Result<TemplateValue>(TemplateValue::integer(t.unix_seconds));
  if (name == "UnixMilli")
    return Result<TemplateValue>(TemplateValue::integer(t.unix_seconds * 1000 + t.nanos / 1'000'000));
  if (name == "UnixNano") {
    return Result<TemplateValue>(TemplateValue::integer(t.unix_seconds * 1'000'000'000 + t.nanos));
  }
  if (name == "IsZero") return Result<TemplateValue>(TemplateValue::boolean(t.is_zero()));
  if (name == "UTC" || name == "Local") return Result<TemplateValue>(TemplateValue::time(t));
  if (name == "Year") return civil_field("2006");
  if (name == "Day") return civil_field("2");
  if (name == "Hour") return civil_field("15");
  if (name == "Minute") return civil_field("4");
  if (name == "Second") return civil_field("5");
  if (name == "YearDay") return civil_field("002");
  if (name == "Nanosecond") return Result<TemplateValue>(TemplateValue::integer(t.nanos));
  if (name == "Month" || name == "Weekday") {
    // time.Month and time.Weekday: ints that print their English names.
    if (auto e = want(0)) return Result<TemplateValue>(*e);
    const bool month = name == "Month";
    const std::string text = go_time_format(t, month ? "January" : "Monday");
    TemplateObject o;
    o.type_name = month ? "time.Month" : "time.Weekday";
    o.underlying = TemplateValue::integer(std::stoll(go_time_format(t, month ? "1" : "2")));
    if (!month) {
      static constexpr std::array<std::string_view, 7> kDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                                "Thursday", "Friday", "Saturday"};
      o.underlying = TemplateValue::integer(std::find(kDays.begin(), kDays.end(), text) - kDays.begin());
    }
    o.json_value = o.underlying;
    o.methods["String"] = [text](std::span<const TemplateValue>) -> Result<TemplateValue> {
      return TemplateValue::string(text);
    };
    return Result<TemplateValue>(TemplateValue::object(std::move(o)));
  }
  return std::nullopt;
}

class Executor {
 public:
  Executor(const std::string& file, const FunctionSet& functions, const TemplateValue& data)
      : file_(file), functions_(functions) {
    vars_.emplace_back("$", data);
  }

  Result<Flow> walk_list(const std::vector<TemplateNode>& nodes, const TemplateValue& dot) {
    for (const auto& node : nodes) {
      auto r = walk(node, dot);
      if (!r.ok() || *r != Flow::normal) return r;
    }
    return Flow::normal;
  }

  std::string take() { return std::move(out_); }

 private:
  Result<Flow> walk(const TemplateNode& node, const TemplateValue& dot) {
    switch (node.kind) {
      case TemplateNode::Kind::list: return walk_list(node.children, dot);
      case TemplateNode::Kind::text: out_ += node.text; return Flow::normal;
      case TemplateNode::Kind::break_node: return Flow::break_loop;
      case TemplateNode::Kind::continue_node: return Flow::continue_loop;
      case TemplateNode::Kind::action: {
        action_ = &node;
        auto v = eval_pipeline(node.pipe, dot, true);
        if (!v.ok()) return v.error();
        if (node.pipe.declarations.empty()) out_ += go_print(*v);
        return Flow::normal;
      }
      case TemplateNode::Kind::if_node:
      case TemplateNode::Kind::with_node: {
        const std::size_t mark = vars_.size();
        action_ = &node;
        auto v = eval_pipeline(node.pipe, dot, true);
        if (!v.ok()) return v.error();
        Result<Flow> r = Flow::normal;
        if (template_truth(*v)) {
          r = walk_list(node.children, node.kind == TemplateNode::Kind::with_node ? *v : dot);
        } else {
          r = walk_list(node.otherwise, dot);
        }
        vars_.resize(mark);
        return r;
      }
      case TemplateNode::Kind::range_node: return walk_range(node, dot);
    }
    return Flow::normal;
  }

  Result<Flow> walk_range(const TemplateNode& node, const TemplateValue& dot) {
    const std::size_t mark = vars_.size();
    action_ = &node;
    auto v = eval_pipeline(node.pipe, dot, false);
    if (!v.ok()) return v.error();
    std::vector<std::pair<TemplateValue, TemplateValue>> items;
    switch (v->kind()) {
      case K::list: {
        std::int64_t i = 0;
        for (const auto& item : v->as_list()) items.emplace_back(TemplateValue::integer(i++), item);
        break;
      }
      case K::map:
        for (const auto& [key, item] : v->as_map().entries) items.emplace_back(TemplateValue::string(key), item);
        break;
      case K::integer:
        for (std::int64_t i = 0; i < v->as_int(); ++i)
          items.emplace_back(TemplateValue::integer(i), TemplateValue::integer(i));
        break;
      case K::null:
      case K::no_value: break;  // as Go: a nil or missing value ranges over nothing
      default: return node_error(node, "range can't iterate over " + go_print(*v));
    }
    const auto& decl = node.pipe.declarations;
    if (items.empty()) {
      // A {{break}} here belongs to an enclosing range.
      auto r = walk_list(node.otherwise, dot);
      vars_.resize(mark);
      return r;
    }
    Result<Flow> r = Flow::normal;
    for (const auto& [key, item] : items) {
      const std::size_t iteration = vars_.size();
      if (decl.size() == 1) set_var(decl[0], item, node.pipe.assignment);
      if (decl.size() == 2) {
        set_var(decl[0], key, node.pipe.assignment);
        set_var(decl[1], item, node.pipe.assignment);
      }
      r = walk_list(node.children, item);
      vars_.resize(iteration);
      if (!r.ok() || *r == Flow::break_loop) break;
    }
    vars_.resize(mark);
    if (r.ok()) return Flow::normal;  // the loop consumed its break or continue
    return r;
  }

  void set_var(const std::string& name, const TemplateValue& value, bool assignment) {
    if (assignment) {
      for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
        if (it->first == name) {
          it->second = value;
          return;
        }
      }
    }
    vars_.emplace_back(name, value);
  }

  const TemplateValue* var(const std::string& name) const {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->first == name) return &it->second;
    }
    return nullptr;
  }

  Result<TemplateValue> eval_pipeline(const Pipeline& pipe, const TemplateValue& dot, bool declare) {
    std::optional<TemplateValue> value;
    for (const auto& command : pipe.commands) {
      auto v = eval_command(command, dot, value);
      if (!v.ok()) return v;
      value = std::move(v.value());
    }
    if (declare) {
      for (const auto& name : pipe.declarations) set_var(name, *value, pipe.assignment);
    }
    return *value;
  }

  Result<TemplateValue> eval_command(const Command& command, const TemplateValue& dot,
                                     const std::optional<TemplateValue>& final) {
    const Operand& head = command.operands.front();
    const std::span<const Operand> args(command.operands.data() + 1, command.operands.size() - 1);
    const bool has_args = !args.empty() || final.has_value();
    switch (head.kind) {
      case Operand::Kind::field: return eval_chain(head, dot, head.fields, args, dot, final);
      case Operand::Kind::variable: {
        const TemplateValue* v = var(head.name);
        if (v == nullptr) return op_error(head, "undefined variable: " + head.name);
        if (head.fields.empty()) {
          if (has_args) return op_error(head, "can't give argument to non-function " + head.name);
          return *v;
        }
        return eval_chain(head, *v, head.fields, args, dot, final);
      }
      case Operand::Kind::pipeline: {
        const std::size_t mark = vars_.size();
        auto v = eval_pipeline(*head.pipe, dot, true);
        vars_.resize(mark);
        if (!v.ok()) return v;
        if (head.fields.empty()) {
          if (has_args) return op_error(head, "can't give argument to non-function " + head.text);
          return v;
        }
        return eval_chain(head, *v, head.fields, args, dot, final);
      }
      case Operand::Kind::identifier: {
        if (head.fields.empty()) return call_function(head, args, dot, final);
        // `fn.A args`: fn is called without arguments; the arguments go to the last field.
        auto v = call_function(head, {}, dot, std::nullopt);
        if (!v.ok()) return v;
        return eval_chain(head, *v, head.fields, args, dot, final);
      }
      case Operand::Kind::dot:
        if (has_args) return op_error(head, "can't give argument to non-function .");
        return dot;
      case Operand::Kind::constant:
        if (has_args) return op_error(head, "can't give argument to non-function " + head.text);
        return head.constant;
      case Operand::Kind::nil: return op_error(head, "nil is not a command");
    }
    return dot;
  }

  Result<TemplateValue> eval_arg(const Operand& op, const TemplateValue& dot) {
    switch (op.kind) {
      case Operand::Kind::nil: return TemplateValue::null();
      case Operand::Kind::identifier:
        if (op.fields.empty()) return call_function(op, {}, dot, std::nullopt);
        [[fallthrough]];
      default: {
        Command single;
        single.operands.push_back(op);
        return eval_command(single, dot, std::nullopt);
      }
    }
  }

  Result<std::vector<TemplateValue>> eval_args(std::span<const Operand> args, const TemplateValue& dot,
                                               const std::optional<TemplateValue>& final) {
    std::vector<TemplateValue> values;
    values.reserve(args.size() + 1);
    for (const auto& a : args) {
      auto v = eval_arg(a, dot);
      if (!v.ok()) return v.error();
      values.push_back(std::move(v.value()));
    }
    if (final) values.push_back(*final);
    return values;
  }

  // Fields and methods along `fields`, starting at `receiver`; arguments go to the last one.
  Result<TemplateValue> eval_chain(const Operand& op, TemplateValue receiver, const std::vector<std::string>& fields,
                                   std::span<const Operand> args, const TemplateValue& dot,
                                   const std::optional<TemplateValue>& final) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const bool last = i + 1 == fields.size();
      auto v = eval_field(op, receiver, fields[i], last ? args : std::span<const Operand>{}, dot,
                          last ? final : std::nullopt);
      if (!v.ok()) return v;
      receiver = std::move(v.value());
    }
    return receiver;
  }

  Result<TemplateValue> eval_field(const Operand& op, const TemplateValue& receiver, const std::string& name,
                                   std::span<const Operand> args, const TemplateValue& dot,
                                   const std::optional<TemplateValue>& final) {
    const bool has_args = !args.empty() || final.has_value();
    switch (receiver.kind()) {
      case K::object: {
        const auto& o = receiver.as_object();
        if (const auto it = o.methods.find(name); it != o.methods.end()) {
          auto values = eval_args(args, dot, final);
          if (!values.ok()) return values.error();
          auto r = it->second(*values);
          if (!r.ok()) return op_error(op, "error calling " + name + ": " + r.error().message);
          return r;
        }
        if (const auto* f = o.field(name)) {
          if (has_args) return op_error(op, name + " has arguments but cannot be invoked as function");
          return *f;
        }
        return op_error(op, "can't evaluate field " + name + " in type " + o.type_name);
      }
      case K::time: {
        auto values = eval_args(args, dot, final);
        if (!values.ok()) return values.error();
        if (auto r = time_method(receiver.as_time(), name, *values)) {
          if (!r->ok()) return op_error(op, "error calling " + name + ": " + r->error().message);
          return std::move(*r);
        }
        return op_error(op, "can't evaluate field " + name + " in type time.Time");
      }
      case K::map: {
        if (has_args) return op_error(op, name + " is not a method but has arguments");
        const auto& m = receiver.as_map();
        const auto it = m.entries.find(name);
        return it == m.entries.end() ? TemplateValue::no_value() : it->second;
      }
      case K::null: return op_error(op, "nil pointer evaluating " + op.text);
      case K::no_value: return TemplateValue::no_value();  // Go: fields of a missing key are missing too
      default: return op_error(op, "can't evaluate field " + name + " in type " + go_type_name(receiver));
    }
  }

  Result<TemplateValue> call_function(const Operand& op, std::span<const Operand> args, const TemplateValue& dot,
                                      const std::optional<TemplateValue>& final) {
    if (op.name == "and" || op.name == "or") {
      // Go 1.18+: arguments are evaluated only until the result is known.
      if (args.empty() && !final)
        return op_error(op, "wrong number of args for " + op.name + ": want at least 1 got 0");
      const bool want = op.name == "or";
      TemplateValue v;
      for (std::size_t i = 0; i <= args.size(); ++i) {
        if (i == args.size()) {
          if (!final) break;
          v = *final;
        } else {
          auto r = eval_arg(args[i], dot);
          if (!r.ok()) return r;
          v = std::move(r.value());
        }
        if (template_truth(v) == want) return v;
      }
      return v;
    }
    auto values = eval_args(args, dot, final);
    if (!values.ok()) return values.error();
    Result<TemplateValue> r = TemplateValue{};
    if (const auto* f = functions_.find(op.name)) {
      r = (*f)(*values);
    } else {
      r = call_builtin(op.name, *values);
    }
    if (!r.ok()) return op_error(op, "error calling " + op.name + ": " + r.error().message);
    return r;
  }

  Error op_error(const Operand& op, const std::string& message) const {
    return make_error(ErrorCode::invalid_argument,
                      file_ + ":" + std::to_string(op.pos.line) + ":" + std::to_string(op.pos.col) + ": executing \"" +
                          (action_ ? action_->text : std::string()) + "\" at <" + op.text + ">: " + message);
  }

  Error node_error(const TemplateNode& node, const std::string& message) const {
    return make_error(ErrorCode::invalid_argument, file_ + ":" + std::to_string(node.pos.line) + ":" +
                                                       std::to_string(node.pos.col) + ": executing \"" + node.text +
                                                       "\": " + message);
  }

  const std::string& file_;
  const FunctionSet& functions_;
  std::vector<std::pair<std::string, TemplateValue>> vars_;
  const TemplateNode* action_{nullptr};
  std::string out_;
};

}  // namespace

GoTemplate::GoTemplate(std::string file_name, std::shared_ptr<const TemplateNode> root, FunctionSet functions)
    : file_name_(std::move(file_name)), root_(std::move(root)), functions_(std::move(functions)) {}

Result<GoTemplate> GoTemplate::parse(std::string_view text, std::string file_name, FunctionSet functions) {
  auto root = parse_template(text, file_name, functions);
  if (!root.ok()) return root.error();
  return GoTemplate(std::move(file_name), std::make_shared<const TemplateNode>(std::move(root.value())),
                    std::move(functions));
}

Result<std::string> GoTemplate::render(const TemplateValue& data) const {
  Executor executor(file_name_, functions_, data);
  auto r = executor.walk_list(root_->children, data);
  if (!r.ok()) return r.error();
  return executor.take();
}

}  // namespace warren::notify
