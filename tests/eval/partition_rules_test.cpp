// Burrow's evaluator test vectors (reference/burrow.md §2.6, all 16 of caching_test.go at HEAD),
// each with every helper's expected value, plus the derived WARN case. Changing a vector needs a
// written reason.
#include "core/eval/partition_rules.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/commit_builders.hpp"

using namespace warren;
using namespace warren::eval;
using model::CommitSlot;
using model::Status;
using testing::nil;
using testing::slot;

namespace {

struct Vector {
  std::string name;
  std::vector<CommitSlot> offsets;
  std::vector<std::int64_t> broker;
  std::int64_t current_lag;
  std::int64_t now_s;
  std::int64_t allowed_lag;
  bool lag_always_not_zero;
  int rewind;
  bool stopped;
  bool stalled;
  bool lag_not_decreasing;
  bool recent_lag_zero;
  Status status;
};

std::vector<CommitSlot> five(std::vector<std::int64_t> offs, std::vector<std::optional<std::int64_t>> lags) {
  std::vector<CommitSlot> out;
  for (std::size_t i = 0; i < offs.size(); ++i) {
    out.push_back(slot(offs[i], static_cast<std::int64_t>(i + 1), static_cast<std::int64_t>(i + 1) * 100000, lags[i]));
  }
  return out;
}

std::vector<CommitSlot> real_world() {
  // Vectors 9 and 10: fifteen commits a second apart, every lag zero.
  const std::int64_t ts[] = {1512224618356, 1512224619362, 1512224620366, 1512224621367, 1512224622370,
                             1512224623373, 1512224624378, 1512224625379, 1512224626383, 1512224627383,
                             1512224628383, 1512224629388, 1512224630391, 1512224631394, 1512224632397};
  std::vector<CommitSlot> out;
  for (int i = 0; i < 15; ++i) out.push_back(slot(792748079 + i, i + 1, ts[i], 0));
  return out;
}

std::vector<Vector> vectors() {
  const auto rising = five({1000, 2000, 3000, 4000, 5000}, {0, 50, 100, 150, 200});
  const auto rising_lagged = five({1000, 2000, 3000, 4000, 5000}, {50, 100, 150, 200, 250});
  const auto rewound = five({1000, 2000, 3000, 2000, 4000}, {100, 150, 200, 1250, 300});
  std::vector<CommitSlot> interleaved;
  for (int i = 0; i < 10; ++i) {
    const std::int64_t k = 10 + 5 * i;
    interleaved.push_back(slot(k * 100, k, k * 10000, i % 2 == 0 ? std::optional<std::int64_t>{i / 2 * 50} : nil));
  }
  return {
      // 0: OK because some lag is zero.
      {"0 some lag is zero", rising, {5200}, 200, 600, 0, false, -1, false, false, true, false, Status::ok},
      // 1: not stopped: the gap (400 s) equals the span and the rule needs strictly greater.
      {"1 gap equals span", rising, {5200}, 200, 900, 0, false, -1, false, false, true, false, Status::ok},
      // 2: STOP despite an early zero lag (Burrow #290).
      {"2 stop despite zero lag", rising, {5200}, 200, 1000, 0, false, -1, true, false, true, false, Status::stop},
      // 3: STOP with lag always non-zero.
      {"3 stop", rising_lagged, {5250}, 250, 1000, 0, true, -1, true, false, true, false, Status::stop},
      // 4: stall condition but OK because of a zero lag.
      {"4 stall shape with zero lag",
       five({1000, 1000, 1000, 1000, 1000}, {0, 50, 100, 150, 200}),
       {1200},
       200,
       600,
       0,
       false,
       -1,
       false,
       true,
       true,
       false,
       Status::ok},
      // 5: STALL.
      {"5 stall",
       five({1000, 1000, 1000, 1000, 1000}, {100, 150, 200, 250, 300}),
       {1300},
       300,
       600,
       0,
       true,
       -1,
       false,
       true,
       true,
       false,
       Status::stall},
      // 6: STALL with constant lag.
      {"6 stall constant lag",
       five({1000, 1000, 1000, 1000, 1000}, {100, 100, 100, 100, 100}),
       {1100},
       100,
       600,
       0,
       true,
       -1,
       false,
       true,
       true,
       false,
       Status::stall},
      // 7: a rewind that recovered is OK at HEAD (REWIND in 1.2.1).
      {"7 recovered rewind", rewound, {4300}, 300, 600, 0, true, 3, false, false, false, false, Status::ok},
      // 8: current lag 0 → OK although the stop condition holds.
      {"8 zero current lag", rising_lagged, {5250}, 0, 1000, 0, true, -1, true, false, true, false, Status::ok},
      // 9: STOP because there is new data (#290).
      {"9 stop with new data",
       real_world(),
       {792749024, 792749000, 792748800, 792748600, 792748500},
       931,
       1512224650,
       0,
       false,
       -1,
       true,
       false,
       true,
       false,
       Status::stop},
      // 10: not STOP: a recent broker offset equals the committed offset (#303).
      {"10 recent lag zero",
       real_world(),
       {792748094, 792748093, 792748093, 792748093},
       1,
       1512224650,
       0,
       false,
       -1,
       true,
       false,
       true,
       true,
       Status::ok},
      // 11: vector 0 with null lags interleaved.
      {"11 null lags", interleaved, {5700}, 200, 600, 0, false, -1, false, false, true, false, Status::ok},
      // 12: OK because current lag (1) ≤ allowed-lag (1).
      {"12 allowed lag",
       {slot(1000, 1, 100000, 2), slot(2000, 2, 200000, 1), slot(2000, 2, 300000, 1)},
       {2001},
       1,
       550,
       1,
       false,
       -1,
       true,
       false,
       false,
       false,
       Status::ok},
      // 13: vector 5 with allowed-lag 99 → still STALL.
      {"13 stall above allowed lag",
       five({1000, 1000, 1000, 1000, 1000}, {100, 150, 200, 250, 300}),
       {1300},
       300,
       600,
       99,
       true,
       -1,
       false,
       true,
       true,
       false,
       Status::stall},
      // 14: vector 7 with allowed-lag 99 → OK.
      {"14 recovered rewind allowed lag",
       rewound,
       {4300},
       300,
       600,
       99,
       true,
       3,
       false,
       false,
       false,
       false,
       Status::ok},
      // 15: a rewind that did not recover → REWIND.
      {"15 rewind",
       five({1000, 2000, 3000, 2000, 2500}, {100, 150, 200, 1250, 300}),
       {4300},
       300,
       600,
       0,
       true,
       3,
       false,
       false,
       false,
       false,
       Status::rewind},
      // Derived, not in Burrow's tests: vector 3 at now=600 → not stopped, lag growing → WARN.
      {"derived warn", rising_lagged, {5250}, 250, 600, 0, true, -1, false, false, true, false, Status::warn},
  };
}

}  // namespace

TEST_SUITE("eval") {
  TEST_CASE("Burrow evaluator vectors: every helper and the partition status") {
    for (const auto& v : vectors()) {
      SUBCASE(v.name.c_str()) {
        CHECK(lag_always_not_zero(v.offsets, v.allowed_lag) == v.lag_always_not_zero);
        CHECK(first_rewind_index(v.offsets) == v.rewind);
        CHECK(stopped(v.offsets, v.now_s) == v.stopped);
        CHECK(stalled(v.offsets) == v.stalled);
        CHECK(lag_not_decreasing(v.offsets) == v.lag_not_decreasing);
        CHECK(recent_lag_zero(v.offsets, v.broker) == v.recent_lag_zero);
        CHECK(partition_status(v.offsets, v.broker, v.current_lag, v.now_s, v.allowed_lag) == v.status);
      }
    }
  }

  TEST_CASE("rewind recovery looks at every later entry") {
    const auto rewound = five({1000, 2000, 3000, 2000, 4000}, {100, 150, 200, 1250, 300});
    CHECK(rewind_recovered(rewound, 3));
    const auto not_recovered = five({1000, 2000, 3000, 2000, 2500}, {100, 150, 200, 1250, 300});
    CHECK_FALSE(rewind_recovered(not_recovered, 3));
    CHECK_FALSE(rewind_recovered(not_recovered, -1));
  }

  TEST_CASE("a single commit with lag is STOP once any time has passed") {
    const std::vector<CommitSlot> one{slot(100, 1, 100000, 5)};
    CHECK(stopped(one, 101));
    CHECK_FALSE(stopped(one, 100));
    CHECK(stalled(one));
    CHECK(partition_status(one, std::vector<std::int64_t>{105}, 5, 101, 0) == Status::stop);
  }
}
