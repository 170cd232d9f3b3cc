// Status codes of partitions and groups, with Burrow's numbering (reference/burrow.md §1.5):
// the integers are what /metrics exports and what the evaluator compares.
#pragma once

#include <cstdint>
#include <string_view>

namespace warren::model {

enum class Status : std::int8_t {
  notfound = 0,  // group only
  ok = 1,
  warn = 2,
  err = 3,  // group only: STOP, STALL and REWIND partitions fold into ERR
  stop = 4,
  stall = 5,
  rewind = 6,
};

constexpr int code(Status s) noexcept { return static_cast<int>(s); }

// "NOTFOUND", "OK", ...; any other value is "UNKNOWN", as Burrow prints it.
std::string_view to_string(Status s) noexcept;

}  // namespace warren::model
