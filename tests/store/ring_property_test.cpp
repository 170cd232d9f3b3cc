// Property tests: random commit streams (random orders, duplicates, backfill, bursts closer than
// min-distance) never break the window's invariants, and a reference model of Burrow's placement
// written as plain list operations agrees with the ring on every step.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "core/eval/group_status.hpp"
#include "core/store/commit_window.hpp"

using namespace warren;
using namespace warren::store;
using model::CommitSlot;

namespace {

// Burrow's rules (reference/burrow.md §3.4–3.6) on a std::vector, oldest first: slow and obvious.
struct ListModel {
  std::size_t capacity;
  std::int64_t min_distance_ms;
  std::vector<CommitSlot> v;

  void place(const IncomingCommit& in, std::int64_t broker) {
    CommitSlot s{in.offset, in.order, in.timestamp_ms, in.observed_at_ms, CommitSlot::kNoLag};
    auto merge_into = [&](std::size_t i) {
      if (v[i].order < s.order && s.timestamp_ms - v[i].timestamp_ms < min_distance_ms) {
        const auto ts = v[i].timestamp_ms;
        v[i] = s;
        v[i].timestamp_ms = ts;
        return true;
      }
      return false;
    };
    if (v.empty()) {
      s.lag_raw = std::max<std::int64_t>(0, broker - s.offset);
      v.push_back(s);
      return;
    }
    if (v.size() == capacity && v.front().order >= s.order) return;
    if (std::any_of(v.begin(), v.end(), [&](const CommitSlot& e) { return e.order == s.order; })) return;
    if (v.back().order < s.order) {
      s.lag_raw = std::max<std::int64_t>(0, broker - s.offset);
      if (merge_into(v.size() - 1)) return;
      v.push_back(s);
      if (v.size() > capacity) v.erase(v.begin());
      return;
    }
    // First position whose order is above the new one.
    auto pos = static_cast<std::size_t>(
        std::find_if(v.begin(), v.end(), [&](const CommitSlot& e) { return e.order > s.order; }) - v.begin());
    if (pos == 0) {  // before the oldest: into a free slot
      v.insert(v.begin(), s);
      return;
    }
    if (pos == 1 && v.size() == capacity) {
      v[0] = s;
      return;
    }
    if (merge_into(pos - 1)) return;
    v.insert(v.begin() + static_cast<std::ptrdiff_t>(pos), s);
    if (v.size() > capacity) v.erase(v.begin());
  }
};

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("property: random commit streams keep the ring sized, ordered and equal to the list model") {
    std::mt19937_64 rng(20261125);
    for (int run = 0; run < 400; ++run) {
      const auto capacity = static_cast<std::uint16_t>(1 + rng() % 12);
      const std::int64_t min_distance_ms = static_cast<std::int64_t>(rng() % 3) * 1000;
      CommitWindow w(capacity);
      ListModel model{capacity, min_distance_ms, {}};
      std::int64_t order = 1000;
      std::int64_t ts = 1'000'000;
      for (int step = 0; step < 200; ++step) {
        // Mostly forward, sometimes backfill or a replay of an old order.
        const auto kind = rng() % 10;
        std::int64_t o = kind < 7 ? (order += 1 + static_cast<std::int64_t>(rng() % 5))
                                  : order - static_cast<std::int64_t>(rng() % 60);
        ts += static_cast<std::int64_t>(rng() % 2500) - 200;
        const IncomingCommit in{
            .offset = static_cast<std::int64_t>(rng() % 100000), .order = o, .timestamp_ms = ts, .observed_at_ms = ts};
        const std::int64_t broker = static_cast<std::int64_t>(rng() % 100000);
        w.place(in, broker, min_distance_ms);
        model.place(in, broker);

        REQUIRE(w.size() <= capacity);
        std::vector<CommitSlot> got;
        w.copy_to(got);
        for (std::size_t i = 1; i < got.size(); ++i) REQUIRE(got[i - 1].order < got[i].order);
        REQUIRE(got == model.v);
      }
    }
  }

  TEST_CASE("property: evaluation never fails on any window") {
    std::mt19937_64 rng(7);
    for (int run = 0; run < 2000; ++run) {
      store::PartitionSnapshot p;
      p.has_window = rng() % 5 != 0;
      p.window_size = static_cast<std::uint16_t>(rng() % 8);
      const auto n = p.window_size == 0 ? 0 : rng() % (p.window_size + 1);
      for (std::size_t i = 0; i < n; ++i) {
        p.commits.push_back(CommitSlot{static_cast<std::int64_t>(rng() % 50) - 5, static_cast<std::int64_t>(i),
                                       static_cast<std::int64_t>(rng() % 100000), 0,
                                       rng() % 4 == 0 ? CommitSlot::kNoLag : static_cast<std::int64_t>(rng() % 20)});
      }
      for (std::size_t i = 0; i < rng() % 5; ++i) p.broker_offsets.push_back(static_cast<std::int64_t>(rng() % 60));
      p.current_lag = static_cast<std::int64_t>(rng() % 20);
      const auto s = eval::evaluate_partition(
          "t", p, {.minimum_complete = 0.0, .allowed_lag = static_cast<std::int64_t>(rng() % 3)},
          from_unix_ms(static_cast<std::int64_t>(rng() % 200000)));
      CHECK(s.complete >= 0.0F);
      CHECK(s.complete <= 1.0F);
      CHECK((s.status >= model::Status::ok && s.status <= model::Status::rewind && s.status != model::Status::err));
      const bool has_commits = p.has_window && p.window_size > 0 && !p.commits.empty();
      CHECK(s.start.has_value() == has_commits);
      CHECK(s.end.has_value() == has_commits);
    }
  }
}
