// One writer per cluster and many readers: readers always see whole, ordered windows, and every
// commit the writer hands over is stored (nothing is dropped for being busy).
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/store/store.hpp"

using namespace warren;
using namespace warren::store;

TEST_SUITE("store") {
  TEST_CASE("concurrent writers and readers: nothing dropped, snapshots consistent") {
    ManualClock clock{from_unix_ms(1'700'000'000'000)};
    auto st = std::move(Store::create({"c"}, {.intervals = 10}, clock)).value();
    ClusterStore* c = st->cluster("c");
    constexpr int kPartitions = 8;
    constexpr int kCommits = 5000;
    for (int p = 0; p < kPartitions; ++p) c->set_broker_offset("t", p, kPartitions, 1'000'000, 0);

    std::atomic<bool> done{false};
    std::atomic<long> bad{0};
    std::atomic<long> reads{0};
    std::vector<std::jthread> readers;
    for (int r = 0; r < 4; ++r) {
      readers.emplace_back([&] {
        while (!done.load()) {
          for (const auto& g : c->groups()) {
            auto snap = c->group(g);
            if (!snap) continue;
            for (const auto& t : snap->topics) {
              for (const auto& p : t.partitions) {
                if (p.commits.size() > 10) ++bad;
                for (std::size_t i = 1; i < p.commits.size(); ++i) {
                  if (p.commits[i - 1].order >= p.commits[i].order) ++bad;
                }
              }
            }
            ++reads;
          }
        }
      });
    }
    std::vector<std::jthread> writers;
    for (int w = 0; w < 2; ++w) {
      writers.emplace_back([&, w] {
        for (int i = 0; i < kCommits; ++i) {
          c->add_commit({.group = "g" + std::to_string(w * 10 + i % 10),
                         .topic = "t",
                         .partition = i % kPartitions,
                         .offset = i,
                         .order = i,
                         .timestamp_ms = 1'700'000'000'000 + i});
          if (i % 500 == 0) c->set_broker_offset("t", i % kPartitions, kPartitions, 1'000'000 + i, i);
        }
      });
    }
    writers.clear();  // joins
    done = true;
    readers.clear();
    CHECK(bad.load() == 0);
    CHECK(c->counters().commits_stored.load() == 2 * kCommits);
    CHECK(c->groups().size() == 20);
    CHECK(reads.load() > 0);
  }
}
