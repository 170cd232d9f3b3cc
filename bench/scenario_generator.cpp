// warren_bench_scenario: writes a benchmark scenario — groups × topics × partitions × commits, plus one
// group-metadata record per group — as offset-commit and group-metadata records in the broker's binary
// format (reference/burrow.md §4.1) into an offsets topic, sets every topic partition's high-water mark
// to the last committed offset, prints the bootstrap and waits until stdin closes or says `quit`.
//
//   warren_bench_scenario --groups G --topics T --partitions P --commits C --offsets-partitions N
//                         [--offset-step S] [--expect FILE] [--bootstrap HOST:PORT --offsets-topic NAME]
//
// Without --bootstrap it hosts a librdkafka mock cluster (one broker on 127.0.0.1) and writes into
// its `__consumer_offsets` (the mock never writes that topic itself). With --bootstrap it writes to a
// real broker; brokers refuse produce requests to the internal `__consumer_offsets`, so the records go
// to --offsets-topic, which both monitors read through their `offsets-topic` key.
//
// Group g (bench-g00000 …) consumes topic g % T (bench-t000 …), every partition of it. Its records all
// go to one offsets partition, chosen as Kafka's coordinator does. Commit k (1..C) of a
// group-partition is offset k × S with timestamp `start − (C − k) × 60 s`; records are written round
// by round, so the last record of each offsets partition is the last commit of one group: the
// sentinel. A reader that reads partitions in order has seen every commit once every sentinel's
// newest commit is visible. The --expect file lists, one `key value` per line, what the harness checks.
//
// stdout: `BOOTSTRAP host:port`, then `READY records=R commits=K seconds=S` once all is written.
// Exit status 0, or 2 when the scenario could not be written.
#include <CLI/CLI.hpp>
#include <librdkafka/rdkafka.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/record_writer.hpp"
#include "core/mock/mock_cluster.hpp"
#include "core/mock/offsets_encoder.hpp"
#include "core/mock/offsets_partition.hpp"

namespace {

using warren::mock::MockRecord;

struct Scenario {
  int groups{1000};
  int topics{10};
  int partitions{100};
  int commits{10};
  int offsets_partitions{50};
  std::int64_t offset_step{10};
  std::string expect_file;
  std::string bootstrap;  // empty: host a mock cluster
  std::string offsets_topic{"__consumer_offsets"};
};

std::string numbered(const char* prefix, int n, int width) {
  std::string digits = std::to_string(n);
  if (static_cast<int>(digits.size()) < width) digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  return prefix + digits;
}

std::string group_name(int g) { return numbered("bench-g", g, 5); }
std::string topic_name(int t) { return numbered("bench-t", t, 3); }

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One group-metadata record (value v1, which Burrow 1.2.1 also decodes): a single member owns every
// partition of the group's topic.
MockRecord members_record(const std::string& group, const std::string& topic, int partitions, std::int64_t ts) {
  warren::mock::MemberSpec member{
      .member_id = "consumer-1-" + group, .client_id = "consumer-1", .client_host = "/10.0.0.1"};
  auto& assigned = member.assignment[topic];
  for (int p = 0; p < partitions; ++p) assigned.push_back(p);
  return MockRecord{.key = warren::mock::encode_group_metadata_key(group),
                    .value = warren::mock::encode_group_metadata_value(1, "consumer", 1, std::string("range"),
                                                                       member.member_id, {member}, ts)};
}

struct Written {
  std::int64_t records{0};
  std::int64_t commits{0};
  std::vector<std::string> sentinels;
};

Written write_scenario(const Scenario& s, warren::bench::RecordWriter& writer) {
  for (int t = 0; t < s.topics; ++t) writer.create_topic(topic_name(t), s.partitions);
  writer.create_topic(s.offsets_topic, s.offsets_partitions);

  std::vector<std::vector<int>> groups_of(static_cast<std::size_t>(s.offsets_partitions));
  for (int g = 0; g < s.groups; ++g) {
    groups_of[static_cast<std::size_t>(warren::mock::offsets_partition_for(group_name(g), s.offsets_partitions))]
        .push_back(g);
  }
  const std::int64_t start = now_ms();
  Written written;
  for (int op = 0; op < s.offsets_partitions; ++op) {
    const auto& groups = groups_of[static_cast<std::size_t>(op)];
    if (groups.empty()) continue;
    std::vector<MockRecord> records;
    for (const int g : groups) {
      records.push_back(members_record(group_name(g), topic_name(g % s.topics), s.partitions, start));
    }
    for (int k = 1; k <= s.commits; ++k) {
      const std::int64_t ts = start - std::int64_t{s.commits - k} * 60'000;
      for (const int g : groups) {
        const std::string group = group_name(g);
        const std::string topic = topic_name(g % s.topics);
        for (int p = 0; p < s.partitions; ++p) {
          records.push_back(
              MockRecord{.key = warren::mock::encode_offset_commit_key(group, topic, p),
                         .value = warren::mock::encode_offset_commit_value(3, k * s.offset_step, ts, "", -1, -1)});
        }
      }
    }
    written.records += static_cast<std::int64_t>(records.size());
    written.commits += std::int64_t{s.commits} * s.partitions * static_cast<std::int64_t>(groups.size());
    written.sentinels.push_back(group_name(groups.back()));
    writer.enqueue(s.offsets_topic, op, records);
  }
  // High-water marks: each topic partition ends at the last committed offset (lag 0).
  const std::int64_t end = std::int64_t{s.commits} * s.offset_step;
  const MockRecord filler{.key = warren::mock::bytes({'k'}), .value = warren::mock::bytes({'v'})};
  const std::vector<MockRecord> fillers(static_cast<std::size_t>(end), filler);
  for (int t = 0; t < s.topics; ++t) {
    for (int p = 0; p < s.partitions; ++p) writer.enqueue(topic_name(t), p, fillers);
  }
  writer.flush();
  return written;
}

void write_expect(const Scenario& s, const Written& w) {
  if (s.expect_file.empty()) return;
  std::ofstream out(s.expect_file);
  out << "groups " << s.groups << "\n"
      << "topics " << s.topics << "\n"
      << "partitions " << s.partitions << "\n"
      << "commits " << w.commits << "\n"
      << "records " << w.records << "\n"
      << "final_offset " << std::int64_t{s.commits} * s.offset_step << "\n"
      << "offsets_topic " << s.offsets_topic << "\n"
      << "group_prefix bench-g\n";
  for (const auto& g : w.sentinels) out << "sentinel " << g << "\n";
  if (!out) throw std::runtime_error("cannot write " + s.expect_file);
}

}  // namespace

int main(int argc, char** argv) {
  Scenario s;
  CLI::App app{"Writes a benchmark scenario into a Kafka offsets topic and keeps it served."};
  app.add_option("--groups", s.groups, "consumer groups")->check(CLI::Range(1, 1'000'000));
  app.add_option("--topics", s.topics, "topics (group g consumes topic g % topics)")->check(CLI::Range(1, 100'000));
  app.add_option("--partitions", s.partitions, "partitions per topic")->check(CLI::Range(1, 100'000));
  app.add_option("--commits", s.commits, "commits per group-partition")->check(CLI::Range(1, 10'000));
  app.add_option("--offsets-partitions", s.offsets_partitions, "partitions of the offsets topic")
      ->check(CLI::Range(1, 10'000));
  app.add_option("--offset-step", s.offset_step, "distance between successive committed offsets")
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--expect", s.expect_file, "write what a reader must end up seeing to this file");
  app.add_option("--bootstrap", s.bootstrap, "a real broker instead of the mock cluster");
  app.add_option("--offsets-topic", s.offsets_topic, "the topic the records go to")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (!s.bootstrap.empty() && s.offsets_topic == "__consumer_offsets") {
    std::cerr << "warren_bench_scenario: brokers refuse writes to __consumer_offsets; name --offsets-topic\n";
    return 2;
  }
  try {
    std::unique_ptr<warren::mock::MockCluster> mock;
    if (s.bootstrap.empty()) mock = std::make_unique<warren::mock::MockCluster>(1);
    warren::bench::RecordWriter writer(mock ? mock->bootstraps() : s.bootstrap, mock.get());
    std::cout << "BOOTSTRAP " << writer.bootstraps() << std::endl;
    const auto began = std::chrono::steady_clock::now();
    const Written written = write_scenario(s, writer);
    write_expect(s, written);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - began;
    std::cout << "READY records=" << written.records << " commits=" << written.commits << " seconds=" << took.count()
              << std::endl;
    for (std::string line; std::getline(std::cin, line);) {
      if (line == "quit") break;
    }
  } catch (const std::exception& e) {
    std::cerr << "warren_bench_scenario: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
