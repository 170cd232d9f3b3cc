#include "core/notify/template_value.hpp"

#include "core/notify/go_format.hpp"

namespace warren::notify {

TemplateTime TemplateTime::from(std::chrono::system_clock::time_point t) noexcept {
  if (t == std::chrono::system_clock::time_point{}) return zero();
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  std::int64_t s = ns / 1'000'000'000;
  std::int64_t rem = ns % 1'000'000'000;
  if (rem < 0) {
    rem += 1'000'000'000;
    --s;
  }
  return TemplateTime{.unix_seconds = s, .nanos = static_cast<std::int32_t>(rem)};
}

TemplateTime TemplateTime::from_unix_millis(std::int64_t ms) noexcept {
  std::int64_t s = ms / 1000;
  std::int64_t rem = ms % 1000;
  if (rem < 0) {
    rem += 1000;
    --s;
  }
  return TemplateTime{.unix_seconds = s, .nanos = static_cast<std::int32_t>(rem * 1'000'000)};
}

TemplateValue TemplateValue::no_value() {
  TemplateValue v;
  v.storage_ = NoValue{};
  return v;
}
TemplateValue TemplateValue::null() { return TemplateValue{}; }
TemplateValue TemplateValue::boolean(bool b) {
  TemplateValue v;
  v.storage_ = b;
  return v;
}
TemplateValue TemplateValue::integer(std::int64_t i) {
  TemplateValue v;
  v.storage_ = i;
  return v;
}
TemplateValue TemplateValue::unsigned_integer(std::uint64_t u) {
  TemplateValue v;
  v.storage_ = u;
  return v;
}
TemplateValue TemplateValue::float64(double d) {
  TemplateValue v;
  v.storage_ = d;
  return v;
}
TemplateValue TemplateValue::float32(float f) {
  TemplateValue v;
  v.storage_ = static_cast<double>(f);
  v.float32_ = true;
  return v;
}
TemplateValue TemplateValue::string(std::string s) {
  TemplateValue v;
  v.storage_ = std::move(s);
  return v;
}
TemplateValue TemplateValue::time(TemplateTime t) {
  TemplateValue v;
  v.storage_ = t;
  return v;
}
TemplateValue TemplateValue::list(TemplateList items) {
  TemplateValue v;
  v.storage_ = std::make_shared<const TemplateList>(std::move(items));
  return v;
}
TemplateValue TemplateValue::map(TemplateMap m) {
  TemplateValue v;
  v.storage_ = std::make_shared<const TemplateMap>(std::move(m));
  return v;
}
TemplateValue TemplateValue::object(TemplateObject o) {
  TemplateValue v;
  v.storage_ = std::make_shared<const TemplateObject>(std::move(o));
  return v;
}

TemplateValue::Kind TemplateValue::kind() const noexcept { return static_cast<Kind>(storage_.index()); }

bool TemplateValue::as_bool() const { return std::get<bool>(storage_); }
std::int64_t TemplateValue::as_int() const { return std::get<std::int64_t>(storage_); }
std::uint64_t TemplateValue::as_uint() const { return std::get<std::uint64_t>(storage_); }
double TemplateValue::as_double() const { return std::get<double>(storage_); }
const std::string& TemplateValue::as_string() const { return std::get<std::string>(storage_); }
const TemplateTime& TemplateValue::as_time() const { return std::get<TemplateTime>(storage_); }
const TemplateList& TemplateValue::as_list() const { return *std::get<std::shared_ptr<const TemplateList>>(storage_); }
const TemplateMap& TemplateValue::as_map() const { return *std::get<std::shared_ptr<const TemplateMap>>(storage_); }
const TemplateObject& TemplateValue::as_object() const {
  return *std::get<std::shared_ptr<const TemplateObject>>(storage_);
}

bool TemplateValue::truthy() const {
  switch (kind()) {
    case Kind::no_value:
    case Kind::null: return false;
    case Kind::boolean: return as_bool();
    case Kind::integer: return as_int() != 0;
    case Kind::unsigned_integer: return as_uint() != 0;
    case Kind::floating: return as_double() != 0.0;
    case Kind::string: return !as_string().empty();
    case Kind::time: return true;  // a struct
    case Kind::list: return !as_list().empty();
    case Kind::map: return !as_map().entries.empty();
    case Kind::object: {
      const auto& o = as_object();
      // A named scalar is true when its value is; a struct (or non-nil pointer) always is.
      return o.underlying ? o.underlying->truthy() : true;
    }
  }
  return false;
}

const TemplateValue* TemplateObject::field(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return &f.value;
  }
  return nullptr;
}

}  // namespace warren::notify
