// GoJson: a streaming JSON writer that produces the bytes Go's encoding/json produces, so that
// warren's answers match Burrow's byte for byte: `<`, `>`, `&`, U+2028 and U+2029 escaped as
// \u003c…, control characters as Go writes them, invalid UTF-8 replaced by U+FFFD, float32
// values in their shortest round-trip form ('f' notation between 1e-6 and 1e21, as Go does).
// Keys are written in the order the caller gives them (Go writes struct fields in declaration
// order and sorts map keys; callers sort where Burrow's value is a map).
// It lives in core because both the REST API and the notifier templates' jsonencoder use it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace warren::base {

class GoJson {
 public:
  GoJson& begin_object();
  GoJson& end_object();
  GoJson& begin_array();
  GoJson& end_array();
  GoJson& key(std::string_view k);
  GoJson& string(std::string_view s);
  GoJson& int64(std::int64_t v);
  GoJson& uint64(std::uint64_t v);
  GoJson& boolean(bool v);
  GoJson& float32(float v);
  GoJson& null();
  // A raw, already encoded value (used for Go's `{}` and for tests).
  GoJson& raw(std::string_view json);

  const std::string& str() const noexcept { return out_; }
  std::string take() noexcept { return std::move(out_); }

 private:
  void before_value();
  std::string out_;
  // One entry per open container: whether a comma is needed before the next element.
  std::vector<bool> need_comma_;
  bool after_key_{false};
};

// Go's encoding/json string escaping, quotes included.
void append_go_string(std::string& out, std::string_view s);
// Go's encoding/json formatting of a float32 (strconv 'f' or 'e', shortest, bits 32).
std::string go_float32(float v);
// Go's strconv.FormatFloat(v, 'g', -1, 64), as Prometheus' text format writes sample values.
std::string go_float64_g(double v);

}  // namespace warren::base
