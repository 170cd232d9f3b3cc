// warren_bench_store: the store and the evaluator without Kafka or HTTP. It loads G groups × P
// partitions × S commits (every window full) into a Store, reports what that costs (insertion rate,
// resident memory), then measures with Google Benchmark one full evaluation pass — every group
// evaluated once through the Evaluator with its cache off, as a cold /lag or an execd batch does.
//
//   warren_bench_store [--groups=G] [--partitions=P] [--slots=S] [--topics=T] [benchmark flags]
//
// Defaults: 10,000 groups × 100 partitions × 10 slots (1,000,000 tracked group-partitions), groups
// spread over 100 topics of P partitions (group g consumes topic g % T). The memory figures are
// printed as `rss_before_mb`, `rss_loaded_mb`, `peak_rss_mb` lines and attached as counters.
#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "core/base/clock.hpp"
#include "core/eval/evaluator.hpp"
#include "core/store/store.hpp"

namespace {

struct Shape {
  int groups{10'000};
  int partitions{100};
  int slots{10};
  int topics{100};
};

// A /proc/self/status field in MiB (VmRSS, VmHWM).
double status_mib(const std::string& field) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::stod(line.substr(field.size() + 1)) / 1024.0;
  }
  return 0.0;
}

std::string numbered(const char* prefix, int n) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%s%05d", prefix, n);
  return text.data();
}

bool parse_flag(const std::string& arg, const std::string& name, int& value) {
  const std::string prefix = "--" + name + "=";
  if (arg.rfind(prefix, 0) != 0) return false;
  value = std::stoi(arg.substr(prefix.size()));
  return value > 0;
}

// Fills every window: commit k of each partition is offset 10k, one minute after commit k − 1, and
// the broker's high-water mark ends at the last commit (the group is caught up: OK).
void load(warren::store::ClusterStore& cluster, const Shape& shape, warren::TimePoint now) {
  const std::int64_t now_ms = warren::to_unix_ms(now);
  const std::int64_t end = std::int64_t{shape.slots} * 10;
  for (int t = 0; t < shape.topics; ++t) {
    const std::string topic = numbered("bench-t", t);
    for (int p = 0; p < shape.partitions; ++p) cluster.set_broker_offset(topic, p, shape.partitions, end, now_ms);
  }
  std::vector<std::string> groups;
  std::vector<std::string> topics;
  for (int g = 0; g < shape.groups; ++g) {
    groups.push_back(numbered("bench-g", g));
    topics.push_back(numbered("bench-t", g % shape.topics));
  }
  warren::store::CommitRecord record;
  std::int64_t order = 0;
  for (int k = 1; k <= shape.slots; ++k) {
    record.offset = std::int64_t{k} * 10;
    record.timestamp_ms = now_ms - std::int64_t{shape.slots - k} * 60'000;
    for (int g = 0; g < shape.groups; ++g) {
      record.group = groups[static_cast<std::size_t>(g)];
      record.topic = topics[static_cast<std::size_t>(g)];
      for (int p = 0; p < shape.partitions; ++p) {
        record.partition = p;
        record.order = ++order;
        if (cluster.add_commit(record) != warren::store::CommitOutcome::stored) {
          throw std::runtime_error("commit not stored: " + record.group);
        }
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  Shape shape;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (!parse_flag(arg, "groups", shape.groups) && !parse_flag(arg, "partitions", shape.partitions) &&
        !parse_flag(arg, "slots", shape.slots) && !parse_flag(arg, "topics", shape.topics)) {
      std::cerr << "warren_bench_store: unknown argument " << arg << "\n";
      return 2;
    }
  }
  if (shape.slots > 65535) {
    std::cerr << "warren_bench_store: --slots is at most 65535\n";
    return 2;
  }

  const warren::ManualClock clock(warren::from_unix_ms(1'800'000'000'000));
  warren::store::StoreOptions options;
  options.intervals = static_cast<std::uint16_t>(shape.slots);
  auto created = warren::store::Store::create({"bench"}, options, clock);
  if (!created) {
    std::cerr << "warren_bench_store: " << created.error().message << "\n";
    return 2;
  }
  const std::unique_ptr<warren::store::Store> store = std::move(created).value();
  warren::store::ClusterStore& cluster = *store->cluster("bench");

  const double rss_before = status_mib("VmRSS");
  const auto began = std::chrono::steady_clock::now();
  load(cluster, shape, clock.now());
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - began;
  const double rss_loaded = status_mib("VmRSS");
  const double commits = double(shape.groups) * shape.partitions * shape.slots;
  std::printf("group_partitions %lld\nslots %d\ncommits %.0f\nload_seconds %.3f\ncommits_per_second %.0f\n",
              static_cast<long long>(shape.groups) * shape.partitions, shape.slots, commits, took.count(),
              commits / took.count());
  std::printf("rss_before_mb %.1f\nrss_loaded_mb %.1f\nstore_mb %.1f\npeak_rss_mb %.1f\n", rss_before, rss_loaded,
              rss_loaded - rss_before, status_mib("VmHWM"));
  std::fflush(stdout);

  // expire-cache 0: no cache, so every iteration evaluates every group from a fresh snapshot.
  warren::eval::Evaluator evaluator(*store, warren::eval::EvaluatorOptions{.expire_cache_s = 0}, clock);
  const std::vector<std::string> groups = cluster.groups();
  benchmark::RegisterBenchmark("full_evaluation_pass",
                               [&](benchmark::State& state) {
                                 std::int64_t partitions = 0;
                                 for (auto _ : state) {
                                   for (const auto& g : groups) {
                                     const auto status = evaluator.evaluate("bench", g);
                                     partitions += status->partition_count;
                                     benchmark::DoNotOptimize(status);
                                   }
                                 }
                                 state.counters["groups"] = static_cast<double>(groups.size());
                                 state.counters["partitions_per_s"] =
                                     benchmark::Counter(static_cast<double>(partitions), benchmark::Counter::kIsRate);
                                 state.counters["rss_loaded_mb"] = rss_loaded;
                               })
      ->Unit(benchmark::kMillisecond)
      ->MinTime(2.0);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::printf("peak_rss_mb_after %.1f\n", status_mib("VmHWM"));
  return 0;
}
