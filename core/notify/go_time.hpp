// Go's time.Time formatting for template values (always UTC): Time.Format with Go's
// reference-time layouts ("Jan 02, 2006 15:04:05 UTC", "2006-01-02T15:04:05Z07:00", "Mon", "_2",
// ".000", ".999", "PM", "MST", "-07:00", ...), Time.String and the RFC 3339 form encoding/json
// writes.
#pragma once

#include <string>
#include <string_view>

#include "core/notify/template_value.hpp"

namespace warren::notify {

// time.Time.Format(layout) in UTC.
std::string go_time_format(const TemplateTime& t, std::string_view layout);
// time.Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST" (without a monotonic reading).
std::string go_time_string(const TemplateTime& t);
// time.Time.MarshalJSON without the quotes: RFC 3339 with nanoseconds, trailing zeros trimmed.
std::string go_time_rfc3339_nano(const TemplateTime& t);

inline constexpr std::string_view kRfc3339 = "2006-01-02T15:04:05Z07:00";

}  // namespace warren::notify
