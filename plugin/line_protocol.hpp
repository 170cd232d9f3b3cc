// LineBuilder: one point of InfluxDB line protocol at a time, written so that Telegraf's influx
// parser accepts it and reads back the names given (reference/telegraf.md §5): commas, spaces
// and '=' escaped in tag keys, tag values and field keys (and, in names the parser unescapes, a
// quote after a backslash); commas and spaces in the measurement; tab, newline, vertical tab,
// form feed and carriage return written as \t, \n, \v, \f, \r (as Telegraf's own serializer
// does, since the parser rejects them raw); a trailing backslash in a name is dropped, because
// the parser cannot read it; tags with an empty key or value are omitted; strings quoted with '"'
// and '\' escaped; integers with the `i` suffix; floats in their shortest round-trip form, NaN
// and infinities skipped; never booleans; timestamps in nanoseconds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace warren::plugin {

class LineBuilder {
 public:
  // Starts a point; the caller gives tags in key order.
  LineBuilder& begin(std::string_view measurement);
  LineBuilder& tag(std::string_view key, std::string_view value);
  LineBuilder& field_int(std::string_view key, std::int64_t value);
  LineBuilder& field_float(std::string_view key, double value);
  LineBuilder& field_float(std::string_view key, float value);  // shortest float32 form
  LineBuilder& field_string(std::string_view key, std::string_view value);
  // Ends the point with its timestamp and '\n'. A point without fields is dropped (the parser
  // would reject it).
  LineBuilder& end(std::int64_t timestamp_ns);

  const std::string& str() const noexcept { return out_; }
  std::string take() noexcept { return std::move(out_); }

 private:
  void field_key(std::string_view key);

  std::string out_;
  std::size_t line_start_{0};
  bool has_fields_{false};
};

// The escaped forms, exposed for tests.
std::string escape_measurement(std::string_view name);
std::string escape_key(std::string_view key);  // tag keys, tag values and field keys
std::string escape_string(std::string_view value);

}  // namespace warren::plugin
