// warren_mock_cluster: a librdkafka mock cluster (one broker, 127.0.0.1) in a process of its own,
// driven line by line from stdin, so that end-to-end tests can point several monitors (Debian's
// Burrow 1.2.1 and warren) at the same data. It writes offset-commit and group-metadata records in
// the broker's binary format (reference/burrow.md §4.1) into a `__consumer_offsets` topic it
// creates, because the mock itself never writes that topic (reference/mock-cluster.md).
//
//   warren_mock_cluster [--offsets-partitions N] [--topic NAME:PARTITIONS]...
//
// On start it prints `BOOTSTRAP 127.0.0.1:PORT`, then reads commands until `quit` or the end of
// stdin. Every command answers one line: `ok <command> ...` or `error <reason>`. Blank lines and
// lines starting with `#` are ignored.
//
//   topic NAME PARTITIONS
//   produce TOPIC PARTITION COUNT                      -> ok produce ... hwm=H
//   commit GROUP TOPIC PARTITION OFFSET [TS] [vN]      TS: epoch ms, `now` or `now-SECONDS` (default
//                                                      now); vN: value version 0..4 (default v3)
//   members GROUP [vN] [CLIENT HOST TOPIC:P,P... [| CLIENT HOST TOPIC:P,P...]...]
//                                                      one group-metadata record (default v1; Burrow
//                                                      1.2.1 decodes v0 and v1 only); no member
//                                                      clears the owners
//   tombstone-group GROUP
//   tombstone-commit GROUP TOPIC PARTITION
//   quit
//
// All records of a group go to one `__consumer_offsets` partition, chosen as Kafka's group
// coordinator does: abs(groupId.hashCode()) % partitions (GroupMetadataManager.partitionFor).
// Exit status: 0, or 1 if any command failed, or 2 if the cluster could not be set up.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/kafka/rdkafka_handles.hpp"
#include "core/mock/mock_cluster.hpp"
#include "core/mock/offsets_encoder.hpp"
#include "core/mock/offsets_partition.hpp"

namespace {

using warren::mock::Bytes;

constexpr const char* kOffsetsTopic = "__consumer_offsets";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t to_int(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  std::int64_t value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty()) throw std::runtime_error(what + ": not an integer: '" + text + "'");
  return value;
}

// `now`, `now-SECONDS`, `now+SECONDS` or epoch milliseconds.
std::int64_t parse_timestamp(const std::string& text) {
  if (text == "now") return now_ms();
  if (text.rfind("now-", 0) == 0) return now_ms() - to_int(text.substr(4), "timestamp seconds") * 1000;
  if (text.rfind("now+", 0) == 0) return now_ms() + to_int(text.substr(4), "timestamp seconds") * 1000;
  return to_int(text, "timestamp");
}

bool is_version_token(const std::string& token) {
  return token.size() >= 2 && token[0] == 'v' && token.find_first_not_of("0123456789", 1) == std::string::npos;
}

using Record = warren::mock::MockRecord;

// The mock cluster (tests/support/mock_cluster) with the offsets topic this tool writes into.
class Cluster {
 public:
  explicit Cluster(std::int32_t offsets_partitions) : offsets_partitions_(offsets_partitions) {
    mock_.create_topic(kOffsetsTopic, offsets_partitions_);
  }

  const std::string& bootstraps() const { return mock_.bootstraps(); }

  void create_topic(const std::string& name, int partitions) {
    if (partitions < 1) throw std::runtime_error("topic " + name + ": partitions must be >= 1");
    mock_.create_topic(name, partitions);
  }

  std::vector<std::int64_t> produce(const std::string& topic, std::int32_t partition,
                                    const std::vector<Record>& records) {
    return mock_.produce(topic, partition, records);
  }

  // Appends records of one group to its __consumer_offsets partition; returns "P@OFFSET".
  std::string produce_group_record(const std::string& group, Record record) {
    const std::int32_t partition = warren::mock::offsets_partition_for(group, offsets_partitions_);
    const auto offsets = produce(kOffsetsTopic, partition, {std::move(record)});
    return std::string(kOffsetsTopic) + "/" + std::to_string(partition) + "@" + std::to_string(offsets.front());
  }

 private:
  warren::mock::MockCluster mock_{1};
  std::int32_t offsets_partitions_;
};

// Executes one command line; returns the text after "ok ".
class Interpreter {
 public:
  explicit Interpreter(Cluster& cluster) : cluster_(cluster) {}

  std::string run(const std::vector<std::string>& args) {
    const std::string& verb = args.front();
    if (verb == "topic") return topic(args);
    if (verb == "produce") return produce(args);
    if (verb == "commit") return commit(args);
    if (verb == "members") return members(args);
    if (verb == "tombstone-group") return tombstone_group(args);
    if (verb == "tombstone-commit") return tombstone_commit(args);
    throw std::runtime_error("unknown command '" + verb + "'");
  }

 private:
  static void arity(const std::vector<std::string>& args, std::size_t min, std::size_t max, const char* usage) {
    if (args.size() < min || args.size() > max) throw std::runtime_error(std::string("usage: ") + usage);
  }

  std::string topic(const std::vector<std::string>& args) {
    arity(args, 3, 3, "topic NAME PARTITIONS");
    cluster_.create_topic(args[1], static_cast<int>(to_int(args[2], "partitions")));
    return "topic " + args[1] + " " + args[2];
  }

  std::string produce(const std::vector<std::string>& args) {
    arity(args, 4, 4, "produce TOPIC PARTITION COUNT");
    const auto partition = static_cast<std::int32_t>(to_int(args[2], "partition"));
    const auto count = to_int(args[3], "count");
    if (count < 1 || count > 100000) throw std::runtime_error("count must be 1..100000");
    const Record filler{.key = warren::mock::bytes({'k'}), .value = warren::mock::bytes({'v'})};
    const auto offsets =
        cluster_.produce(args[1], partition, std::vector<Record>(static_cast<std::size_t>(count), filler));
    return "produce " + args[1] + " " + args[2] + " " + args[3] + " hwm=" + std::to_string(offsets.back() + 1);
  }

  std::string commit(const std::vector<std::string>& args) {
    arity(args, 5, 7, "commit GROUP TOPIC PARTITION OFFSET [TIMESTAMP_MS|now|now-SECONDS] [vN]");
    const auto partition = static_cast<std::int32_t>(to_int(args[3], "partition"));
    const auto offset = to_int(args[4], "offset");
    std::int64_t ts = now_ms();
    std::int16_t version = 3;
    for (std::size_t i = 5; i < args.size(); ++i) {
      if (is_version_token(args[i])) {
        version = static_cast<std::int16_t>(to_int(args[i].substr(1), "version"));
        if (version > 4) throw std::runtime_error("offset commit value version must be 0..4");
      } else {
        ts = parse_timestamp(args[i]);
      }
    }
    Record record{
        .key = warren::mock::encode_offset_commit_key(args[1], args[2], partition),
        .value = warren::mock::encode_offset_commit_value(version, offset, ts, "", -1, ts + 7LL * 24 * 3600 * 1000)};
    const std::string where = cluster_.produce_group_record(args[1], std::move(record));
    return "commit " + args[1] + " " + args[2] + " " + args[3] + " " + args[4] + " ts=" + std::to_string(ts) + " v" +
           std::to_string(version) + " -> " + where;
  }

  // members GROUP [vN] [CLIENT HOST TOPIC:P,P... [| CLIENT HOST TOPIC:P,P...]...]
  std::string members(const std::vector<std::string>& args) {
    arity(args, 2, 10000, "members GROUP [vN] [CLIENT_ID HOST TOPIC:P,P ... [| ...]]");
    const std::string& group = args[1];
    std::size_t i = 2;
    std::int16_t version = 1;
    if (i < args.size() && is_version_token(args[i])) {
      version = static_cast<std::int16_t>(to_int(args[i].substr(1), "version"));
      if (version > 3) throw std::runtime_error("group metadata value version must be 0..3");
      ++i;
    }
    std::vector<warren::mock::MemberSpec> specs;
    std::vector<std::string> current;
    auto flush_member = [&] {
      if (current.empty()) return;
      if (current.size() < 2) throw std::runtime_error("a member needs CLIENT_ID HOST [TOPIC:P,P ...]");
      warren::mock::MemberSpec spec{.member_id = current[0] + "-" + std::to_string(specs.size() + 1) +
                                                 "-0b7c1d9e-4f2a-4c3b-9d8e-" + std::to_string(1000 + specs.size()),
                                    .client_id = current[0],
                                    .client_host = current[1]};
      for (std::size_t k = 2; k < current.size(); ++k) {
        const auto colon = current[k].rfind(':');
        if (colon == std::string::npos || colon == 0) throw std::runtime_error("assignment must be TOPIC:P,P");
        auto& partitions = spec.assignment[current[k].substr(0, colon)];
        std::stringstream list(current[k].substr(colon + 1));
        for (std::string p; std::getline(list, p, ',');) {
          partitions.push_back(static_cast<std::int32_t>(to_int(p, "assigned partition")));
        }
      }
      specs.push_back(std::move(spec));
      current.clear();
    };
    for (; i < args.size(); ++i) {
      if (args[i] == "|") {
        flush_member();
      } else {
        current.push_back(args[i]);
      }
    }
    flush_member();
    const std::int32_t generation = ++generations_[group];
    const std::optional<std::string> leader =
        specs.empty() ? std::nullopt : std::optional<std::string>(specs.front().member_id);
    const std::optional<std::string> protocol =
        specs.empty() ? std::nullopt : std::optional<std::string>(std::string("range"));
    Record record{.key = warren::mock::encode_group_metadata_key(group),
                  .value = warren::mock::encode_group_metadata_value(version, "consumer", generation, protocol, leader,
                                                                     specs, now_ms())};
    const std::string where = cluster_.produce_group_record(group, std::move(record));
    return "members " + group + " v" + std::to_string(version) + " generation=" + std::to_string(generation) +
           " members=" + std::to_string(specs.size()) + " -> " + where;
  }

  std::string tombstone_group(const std::vector<std::string>& args) {
    arity(args, 2, 2, "tombstone-group GROUP");
    const std::string where =
        cluster_.produce_group_record(args[1], Record{.key = warren::mock::encode_group_metadata_key(args[1])});
    return "tombstone-group " + args[1] + " -> " + where;
  }

  std::string tombstone_commit(const std::vector<std::string>& args) {
    arity(args, 4, 4, "tombstone-commit GROUP TOPIC PARTITION");
    const auto partition = static_cast<std::int32_t>(to_int(args[3], "partition"));
    const std::string where = cluster_.produce_group_record(
        args[1], Record{.key = warren::mock::encode_offset_commit_key(args[1], args[2], partition)});
    return "tombstone-commit " + args[1] + " " + args[2] + " " + args[3] + " -> " + where;
  }

  Cluster& cluster_;
  std::map<std::string, std::int32_t> generations_;
};

void usage() {
  std::cerr << "usage: warren_mock_cluster [--offsets-partitions N] [--topic NAME:PARTITIONS]...\n"
               "then commands on stdin (see the top of tests/tools/mock_cluster_main.cpp)\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::int32_t offsets_partitions = 8;
  std::vector<std::pair<std::string, int>> topics;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if ((arg == "--offsets-partitions" || arg == "--topic") && i + 1 < argc) {
        const std::string value = argv[++i];
        if (arg == "--offsets-partitions") {
          offsets_partitions = static_cast<std::int32_t>(to_int(value, "--offsets-partitions"));
          if (offsets_partitions < 1) throw std::runtime_error("--offsets-partitions must be >= 1");
        } else {
          const auto colon = value.rfind(':');
          if (colon == std::string::npos) throw std::runtime_error("--topic needs NAME:PARTITIONS");
          topics.emplace_back(value.substr(0, colon), static_cast<int>(to_int(value.substr(colon + 1), "--topic")));
        }
      } else {
        usage();
        return arg == "--help" || arg == "-h" ? 0 : 2;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "warren_mock_cluster: " << e.what() << "\n";
    usage();
    return 2;
  }

  std::unique_ptr<Cluster> cluster;
  try {
    cluster = std::make_unique<Cluster>(offsets_partitions);
    for (const auto& [name, partitions] : topics) cluster->create_topic(name, partitions);
  } catch (const std::exception& e) {
    std::cerr << "warren_mock_cluster: " << e.what() << "\n";
    return 2;
  }
  std::cout << "BOOTSTRAP " << cluster->bootstraps() << std::endl;

  Interpreter interpreter(*cluster);
  bool failed = false;
  for (std::string line; std::getline(std::cin, line);) {
    std::vector<std::string> args;
    std::istringstream words(line);
    for (std::string word; words >> word;) args.push_back(word);
    if (args.empty() || args.front().front() == '#') continue;
    if (args.front() == "quit") break;
    try {
      const std::string done = interpreter.run(args);
      std::cout << "ok " << done << std::endl;
    } catch (const std::exception& e) {
      failed = true;
      std::cout << "error " << line << ": " << e.what() << std::endl;
    }
  }
  return failed ? 1 : 0;
}
