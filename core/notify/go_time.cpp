#include "core/notify/go_time.hpp"

#include <array>
#include <chrono>

namespace warren::notify {

namespace {

constexpr std::array<const char*, 12> kLongMonths = {"January",   "February", "March",    "April",
                                                     "May",       "June",     "July",     "August",
                                                     "September", "October",  "November", "December"};
constexpr std::array<const char*, 7> kLongDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};

struct Civil {
  int year, month, day, hour, minute, second, weekday, yearday;
  std::int32_t nanos;
};

Civil civil(const TemplateTime& t) {
  std::int64_t days = t.unix_seconds / 86400;
  std::int64_t secs = t.unix_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  const std::chrono::sys_days d{std::chrono::days{days}};
  const std::chrono::year_month_day ymd{d};
  const std::chrono::weekday wd{d};
  const std::chrono::sys_days jan1{ymd.year() / std::chrono::January / 1};
  return Civil{.year = static_cast<int>(ymd.year()),
               .month = static_cast<int>(static_cast<unsigned>(ymd.month())),
               .day = static_cast<int>(static_cast<unsigned>(ymd.day())),
               .hour = static_cast<int>(secs / 3600),
               .minute = static_cast<int>(secs / 60 % 60),
               .second = static_cast<int>(secs % 60),
               .weekday = static_cast<int>(wd.c_encoding()),
               .yearday = static_cast<int>((d - jan1).count()) + 1,
               .nanos = t.nanos};
}

void append_padded(std::string& out, int v, int width, char fill = '0') {
  std::string s = std::to_string(v < 0 ? -v : v);
  if (v < 0) out.push_back('-');
  for (int i = static_cast<int>(s.size()); i < width; ++i) out.push_back(fill);
  out += s;
}

bool starts(std::string_view s, std::size_t i, std::string_view prefix) { return s.substr(i, prefix.size()) == prefix; }

bool is_digit_at(std::string_view s, std::size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

// A lower-case letter after "Jan"/"Mon" makes it part of a word ("Janet"), not a layout element.
bool starts_lower(std::string_view s, std::size_t i) { return i < s.size() && s[i] >= 'a' && s[i] <= 'z'; }

void append_fraction(std::string& out, std::int32_t nanos, int digits, bool trim, char separator) {
  std::string frac = std::to_string(nanos);
  frac.insert(0, 9 - frac.size(), '0');
  frac.resize(static_cast<std::size_t>(digits));
  if (trim) {
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (frac.empty()) return;
  }
  out.push_back(separator);
  out += frac;
}

// Zone elements for UTC: the Z forms write "Z", the numeric forms a zero offset.
void append_utc_offset(std::string& out, std::string_view element) {
  if (element[0] == 'Z') {
    out.push_back('Z');
    return;
  }
  if (element == "-07") {
    out += "+00";
  } else if (element == "-0700") {
    out += "+0000";
  } else if (element == "-07:00") {
    out += "+00:00";
  } else if (element == "-070000") {
    out += "+000000";
  } else {
    out += "+00:00:00";
  }
}

}  // namespace

std::string go_time_format(const TemplateTime& t, std::string_view layout) {
  const Civil c = civil(t);
  std::string out;
  std::size_t i = 0;
  while (i < layout.size()) {
    const char ch = layout[i];
    switch (ch) {
      case 'J':
        if (starts(layout, i, "January")) {
          out += kLongMonths[static_cast<std::size_t>(c.month - 1)];
          i += 7;
          continue;
        }
        if (starts(layout, i, "Jan") && !starts_lower(layout, i + 3)) {
          out += std::string_view(kLongMonths[static_cast<std::size_t>(c.month - 1)]).substr(0, 3);
          i += 3;
          continue;
        }
        break;
      case 'M':
        if (starts(layout, i, "Monday")) {
          out += kLongDays[static_cast<std::size_t>(c.weekday)];
          i += 6;
          continue;
        }
        if (starts(layout, i, "Mon") && !starts_lower(layout, i + 3)) {
          out += std::string_view(kLongDays[static_cast<std::size_t>(c.weekday)]).substr(0, 3);
          i += 3;
          continue;
        }
        if (starts(layout, i, "MST")) {
          out += "UTC";
          i += 3;
          continue;
        }
        break;
      case '0':
        if (i + 1 < layout.size() && layout[i + 1] >= '1' && layout[i + 1] <= '6') {
          switch (layout[i + 1]) {
            case '1': append_padded(out, c.month, 2); break;
            case '2': append_padded(out, c.day, 2); break;
            case '3': append_padded(out, c.hour % 12 == 0 ? 12 : c.hour % 12, 2); break;
            case '4': append_padded(out, c.minute, 2); break;
            case '5': append_padded(out, c.second, 2); break;
            default: append_padded(out, c.year % 100, 2); break;
          }
          i += 2;
          continue;
        }
        if (starts(layout, i, "002")) {
          append_padded(out, c.yearday, 3);
          i += 3;
          continue;
        }
        break;
      case '1':
        if (starts(layout, i, "15")) {
          append_padded(out, c.hour, 2);
          i += 2;
          continue;
        }
        out += std::to_string(c.month);
        ++i;
        continue;
      case '2':
        if (starts(layout, i, "2006")) {
          append_padded(out, c.year, 4);
          i += 4;
          continue;
        }
        out += std::to_string(c.day);
        ++i;
        continue;
      case '_':
        if (starts(layout, i, "_2")) {
          // "_2006" is a literal underscore before a year.
          if (starts(layout, i, "_2006")) {
            out.push_back('_');
            ++i;
            continue;
          }
          append_padded(out, c.day, 2, ' ');
          i += 2;
          continue;
        }
        if (starts(layout, i, "__2")) {
          append_padded(out, c.yearday, 3, ' ');
          i += 3;
          continue;
        }
        break;
      case '3':
        out += std::to_string(c.hour % 12 == 0 ? 12 : c.hour % 12);
        ++i;
        continue;
      case '4':
        out += std::to_string(c.minute);
        ++i;
        continue;
      case '5':
        out += std::to_string(c.second);
        ++i;
        continue;
      case 'P':
        if (starts(layout, i, "PM")) {
          out += c.hour >= 12 ? "PM" : "AM";
          i += 2;
          continue;
        }
        break;
      case 'p':
        if (starts(layout, i, "pm")) {
          out += c.hour >= 12 ? "pm" : "am";
          i += 2;
          continue;
        }
        break;
      case '-':
      case 'Z': {
        const char z = ch;
        bool matched = false;
        for (std::string_view form : {"-07:00:00", "-070000", "-07:00", "-0700", "-07"}) {
          std::string element(form);
          element[0] = z;
          if (starts(layout, i, element)) {
            append_utc_offset(out, element);
            i += element.size();
            matched = true;
            break;
          }
        }
        if (matched) continue;
        break;
      }
      case '.':
      case ',':
        if (i + 1 < layout.size() && (layout[i + 1] == '0' || layout[i + 1] == '9')) {
          const char digit = layout[i + 1];
          std::size_t j = i + 1;
          while (j < layout.size() && layout[j] == digit) ++j;
          if (!is_digit_at(layout, j)) {
            const int n = static_cast<int>(std::min<std::size_t>(j - i - 1, 9));
            append_fraction(out, c.nanos, n, digit == '9', ch);
            i = j;
            continue;
          }
        }
        break;
      default: break;
    }
    out.push_back(ch);
    ++i;
  }
  return out;
}

std::string go_time_string(const TemplateTime& t) {
  return go_time_format(t, "2006-01-02 15:04:05.999999999 -0700 MST");
}

std::string go_time_rfc3339_nano(const TemplateTime& t) {
  return go_time_format(t, "2006-01-02T15:04:05.999999999Z07:00");
}

}  // namespace warren::notify
