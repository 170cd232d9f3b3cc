// Go's reference-time layouts: every element of time.Format at instants that exercise padding,
// 12-hour clocks, leap days, fractions and Go's zero time. Expected strings are Go 1.26's output.
#include "core/notify/go_time.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string>
#include <vector>

using namespace warren::notify;

namespace {

constexpr std::array<const char*, 16> kLayouts = {
    "Jan 02, 2006 15:04:05 UTC",
    "2006-01-02T15:04:05Z07:00",
    "2006-01-02T15:04:05.999999999Z07:00",
    "Mon, 02 Jan 2006 15:04:05 MST",
    "Mon, 02 Jan 2006 15:04:05 -0700",
    "3:04PM",
    "Mon Jan _2 15:04:05 2006",
    "Mon Jan _2 15:04:05 MST 2006",
    "02 Jan 06 15:04 MST",
    "Monday, 02-Jan-06 15:04:05 MST",
    "Jan _2 15:04:05.000",
    "2006-01-02 15:04:05",
    "Mon Monday _2 2 02 __2 002 1 01 Jan January 06 2006 3 03 15 4 04 5 05 PM pm MST",
    ".0 .00 .000 .000000 .000000000 .9 .99 .999 .999999 .999999999 ,000 ,999",
    "-07 -0700 -07:00 -070000 -07:00:00 Z07 Z0700 Z07:00 Z070000 Z07:00:00",
    "_2006 2006_ Janet Monty x.05y 05.0000 15h04m"};

struct Instant {
  std::int64_t unix_seconds;
  std::int32_t nanos;
  std::array<const char*, 16> formatted;
  const char* string;
};

const std::vector<Instant> kInstants = {
    {-62135596800,
     0,
     {"Jan 01, 0001 00:00:00 UTC", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "Mon, 01 Jan 0001 00:00:00 UTC",
      "Mon, 01 Jan 0001 00:00:00 +0000", "12:00AM", "Mon Jan  1 00:00:00 0001", "Mon Jan  1 00:00:00 UTC 0001",
      "01 Jan 01 00:00 UTC", "Monday, 01-Jan-01 00:00:00 UTC", "Jan  1 00:00:00.000", "0001-01-01 00:00:00",
      "Mon Monday  1 1 01   1 001 1 01 Jan January 01 0001 12 12 00 0 00 0 00 AM am UTC",
      ".0 .00 .000 .000000 .000000000      ,000 ", "+00 +0000 +00:00 +000000 +00:00:00 Z Z Z Z Z",
      "_0001 0001_ Janet Monty x.00y 00.0000 00h00m"},
     "0001-01-01 00:00:00 +0000 UTC"},
    {0,
     0,
     {"Jan 01, 1970 00:00:00 UTC", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "Thu, 01 Jan 1970 00:00:00 UTC",
      "Thu, 01 Jan 1970 00:00:00 +0000", "12:00AM", "Thu Jan  1 00:00:00 1970", "Thu Jan  1 00:00:00 UTC 1970",
      "01 Jan 70 00:00 UTC", "Thursday, 01-Jan-70 00:00:00 UTC", "Jan  1 00:00:00.000", "1970-01-01 00:00:00",
      "Thu Thursday  1 1 01   1 001 1 01 Jan January 70 1970 12 12 00 0 00 0 00 AM am UTC",
      ".0 .00 .000 .000000 .000000000      ,000 ", "+00 +0000 +00:00 +000000 +00:00:00 Z Z Z Z Z",
      "_1970 1970_ Janet Monty x.00y 00.0000 00h00m"},
     "1970-01-01 00:00:00 +0000 UTC"},
    {1136214245,
     0,
     {"Jan 02, 2006 15:04:05 UTC", "2006-01-02T15:04:05Z", "2006-01-02T15:04:05Z", "Mon, 02 Jan 2006 15:04:05 UTC",
      "Mon, 02 Jan 2006 15:04:05 +0000", "3:04PM", "Mon Jan  2 15:04:05 2006", "Mon Jan  2 15:04:05 UTC 2006",
      "02 Jan 06 15:04 UTC", "Monday, 02-Jan-06 15:04:05 UTC", "Jan  2 15:04:05.000", "2006-01-02 15:04:05",
      "Mon Monday  2 2 02   2 002 1 01 Jan January 06 2006 3 03 15 4 04 5 05 PM pm UTC",
      ".0 .00 .000 .000000 .000000000      ,000 ", "+00 +0000 +00:00 +000000 +00:00:00 Z Z Z Z Z",
      "_2006 2006_ Janet Monty x.05y 05.0000 15h04m"},
     "2006-01-02 15:04:05 +0000 UTC"},
    {1709164809,
     5000000,
     {"Feb 29, 2024 00:00:09 UTC", "2024-02-29T00:00:09Z", "2024-02-29T00:00:09.005Z", "Thu, 29 Feb 2024 00:00:09 UTC",
      "Thu, 29 Feb 2024 00:00:09 +0000", "12:00AM", "Thu Feb 29 00:00:09 2024", "Thu Feb 29 00:00:09 UTC 2024",
      "29 Feb 24 00:00 UTC", "Thursday, 29-Feb-24 00:00:09 UTC", "Feb 29 00:00:09.005", "2024-02-29 00:00:09",
      "Thu Thursday 29 29 29  60 060 2 02 Feb February 24 2024 12 12 00 0 00 9 09 AM am UTC",
      ".0 .00 .005 .005000 .005000000   .005 .005 .005 ,005 ,005", "+00 +0000 +00:00 +000000 +00:00:00 Z Z Z Z Z",
      "_2024 2024_ Janet Monty x.09y 09.0050 00h00m"},
     "2024-02-29 00:00:09.005 +0000 UTC"},
    {946643459,
     999999999,
     {"Dec 31, 1999 12:30:59 UTC", "1999-12-31T12:30:59Z", "1999-12-31T12:30:59.999999999Z",
      "Fri, 31 Dec 1999 12:30:59 UTC", "Fri, 31 Dec 1999 12:30:59 +0000", "12:30PM", "Fri Dec 31 12:30:59 1999",
      "Fri Dec 31 12:30:59 UTC 1999", "31 Dec 99 12:30 UTC", "Friday, 31-Dec-99 12:30:59 UTC", "Dec 31 12:30:59.999",
      "1999-12-31 12:30:59", "Fri Friday 31 31 31 365 365 12 12 Dec December 99 1999 12 12 12 30 30 59 59 PM pm UTC",
      ".9 .99 .999 .999999 .999999999 .9 .99 .999 .999999 .999999999 ,999 ,999",
      "+00 +0000 +00:00 +000000 +00:00:00 Z Z Z Z Z", "_1999 1999_ Janet Monty x.59y 59.9999 12h30m"},
     "1999-12-31 12:30:59.999999999 +0000 UTC"},
    {1783209541,
     120000000,
     {"Jul 04, 2026 23:59:01 UTC", "2026-07-04T23:59:01Z", "2026-07-04T23:59:01.12Z", "Sat, 04 Jul 2026 23:59:01 UTC",
      "Sat, 04 Jul 2026 23:59:01 +0000", "11:59PM", "Sat Jul  4 23:59:01 2026", "Sat Jul  4 23:59:01 UTC 2026",
      "04 Jul 26 23:59 UTC", "Saturday, 04-Jul-26 23:59:01 UTC", "Jul  4 23:59:01.120", "2026-07-04 23:59:01",
      "Sat Saturday  4 4 04 185 185 7 07 Jul July 26 2026 11 11 23 59 59 1 01 PM pm UTC",
      ".1 .12 .120 .120000 .120000000 .1 .12 .12 .12 .12 ,120 ,12", "+00 +0000 +00:00 +000000 +00:00:00 Z Z Z Z Z",
      "_2026 2026_ Janet Monty x.01y 01.1200 23h59m"},
     "2026-07-04 23:59:01.12 +0000 UTC"},
};

}  // namespace

TEST_SUITE("notify") {
  TEST_CASE("Time.Format with Go's layouts, Time.String") {
    for (const auto& instant : kInstants) {
      const TemplateTime t{.unix_seconds = instant.unix_seconds, .nanos = instant.nanos};
      CAPTURE(instant.unix_seconds);
      for (std::size_t i = 0; i < kLayouts.size(); ++i) {
        CAPTURE(kLayouts[i]);
        CHECK(go_time_format(t, kLayouts[i]) == instant.formatted[i]);
      }
      CHECK(go_time_string(t) == instant.string);
    }
  }

  TEST_CASE("zero time and conversions from std::chrono") {
    CHECK(TemplateTime::from(std::chrono::system_clock::time_point{}).is_zero());
    CHECK(go_time_rfc3339_nano(TemplateTime::zero()) == "0001-01-01T00:00:00Z");
    const auto t = TemplateTime::from(std::chrono::system_clock::time_point{std::chrono::milliseconds{-1}});
    CHECK(t.unix_seconds == -1);
    CHECK(t.nanos == 999'000'000);
    CHECK(go_time_format(TemplateTime::from_unix_millis(1700000000123), "2006-01-02 15:04:05.000") ==
          "2023-11-14 22:13:20.123");
    CHECK(go_time_format(TemplateTime::from_unix_millis(-1), kRfc3339) == "1969-12-31T23:59:59Z");
  }
}
