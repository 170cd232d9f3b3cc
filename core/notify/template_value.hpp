// TemplateValue: the values a Go text/template sees when warren renders Burrow's notifier
// templates. It models what Go's reflection gives text/template: nil, bool, signed and unsigned
// integers, float64 and float32 (they print differently), strings, time.Time (always UTC here),
// slices, maps with string keys (Go ranges and prints them in sorted key order), and objects that
// stand for Go structs or named types: exported fields in declaration order (with their JSON names
// for jsonencoder), methods such as `.Status.String`, and an optional underlying scalar so that a
// named integer type such as Burrow's StatusConstant compares as an int (`eq .Result.Status 2`)
// and prints through its String method.
//
// Values are immutable and cheap to copy: lists, maps and objects are shared.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/base/result.hpp"

namespace warren::notify {

class TemplateValue;

// A point in time as Go's time.Time in UTC. Seconds are counted from the Unix epoch and can reach
// Go's zero time (January 1, year 1), which std::chrono's nanosecond clock cannot.
struct TemplateTime {
  std::int64_t unix_seconds{kZeroUnixSeconds};
  std::int32_t nanos{0};  // 0..999'999'999

  // time.Time{}.Unix(): 0001-01-01 00:00:00 UTC.
  static constexpr std::int64_t kZeroUnixSeconds = -62135596800;

  static TemplateTime zero() noexcept { return TemplateTime{}; }
  static TemplateTime from(std::chrono::system_clock::time_point t) noexcept;
  static TemplateTime from_unix_millis(std::int64_t ms) noexcept;
  bool is_zero() const noexcept { return unix_seconds == kZeroUnixSeconds && nanos == 0; }
  bool operator==(const TemplateTime&) const = default;
};

// A method or template function: receives the evaluated arguments.
using TemplateCallable = std::function<Result<TemplateValue>(std::span<const TemplateValue> args)>;

using TemplateList = std::vector<TemplateValue>;

struct TemplateMap;
struct TemplateObject;

class TemplateValue {
 public:
  enum class Kind {
    no_value,  // what Go's text/template gets for a missing map key: prints "<no value>"
    null,      // a nil pointer or interface: prints "<nil>"
    boolean,
    integer,           // int, int32, int64
    unsigned_integer,  // uint64 (Burrow's lags)
    floating,          // float64, or float32 when is_float32()
    string,
    time,
    list,
    map,
    object,
  };

  TemplateValue() = default;  // null
  static TemplateValue no_value();
  static TemplateValue null();
  static TemplateValue boolean(bool v);
  static TemplateValue integer(std::int64_t v);
  static TemplateValue unsigned_integer(std::uint64_t v);
  static TemplateValue float64(double v);
  static TemplateValue float32(float v);
  static TemplateValue string(std::string v);
  static TemplateValue time(TemplateTime t);
  static TemplateValue list(TemplateList items);
  static TemplateValue map(TemplateMap m);
  static TemplateValue object(TemplateObject o);

  Kind kind() const noexcept;
  bool is_float32() const noexcept { return float32_; }

  bool as_bool() const;  // precondition: kind() == boolean
  std::int64_t as_int() const;
  std::uint64_t as_uint() const;
  double as_double() const;
  const std::string& as_string() const;
  const TemplateTime& as_time() const;
  const TemplateList& as_list() const;
  const TemplateMap& as_map() const;
  const TemplateObject& as_object() const;

  // Go's template truth: false, 0, nil, empty string/list/map are false; structs are true.
  bool truthy() const;

 private:
  struct NoValue {};
  struct Null {};
  // Alternatives in Kind's order.
  using Storage = std::variant<NoValue, Null, bool, std::int64_t, std::uint64_t, double, std::string, TemplateTime,
                               std::shared_ptr<const TemplateList>, std::shared_ptr<const TemplateMap>,
                               std::shared_ptr<const TemplateObject>>;
  Storage storage_{Null{}};
  bool float32_{false};
};

// map[string]T. `zero` is what `index` returns for a missing key (Go's zero value of T: "" for
// Burrow's Extras, map[string]string).
struct TemplateMap {
  std::map<std::string, TemplateValue> entries;
  TemplateValue zero;
};

struct TemplateField {
  std::string name;       // Go field name, as templates write it (`.Result.TotalLag`)
  std::string json_name;  // the struct's json tag; empty = not serialised by jsonencoder
  TemplateValue value;
};

// A Go struct (or pointer to one) or a named scalar type with methods.
struct TemplateObject {
  std::string type_name;  // Go's type name, for error messages ("protocol.ConsumerGroupStatus")
  std::vector<TemplateField> fields;
  std::map<std::string, TemplateCallable> methods;
  // A named scalar type (Burrow's StatusConstant is an int): compared and passed to functions as
  // this value. Printing calls the zero-argument String method when there is one, as fmt does.
  std::optional<TemplateValue> underlying;
  // jsonencoder's output for the value when it differs from the fields (a type with MarshalText).
  std::optional<TemplateValue> json_value;
  bool pointer{false};  // a *T: fmt prints "&{...}"

  const TemplateValue* field(std::string_view name) const;
};

// Go's fmt %v of a value, as text/template prints an action's result.
std::string go_print(const TemplateValue& v);

}  // namespace warren::notify
