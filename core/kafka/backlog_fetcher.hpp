// BacklogFetcher: reads a backlog of the offsets topic straight from the partition leaders with
// FetchRequest v4, one thread and one connection per leader, and hands whole responses to the
// caller, whose records it then reads in place (RecordSetReader).
//
// Why: librdkafka 2.0 turns every fetched record into a queued, separately allocated message,
// with a lock and a clock read per message on the way out; a backlog of millions of small commit
// records spends most of its time there, and the prefetch queue holds hundreds of MB while it
// lasts. Here a record costs a few varint reads, and memory is bounded by `queue_depth` responses.
//
// It only reads: each partition from `from` up to at least `until` (the end when reading began),
// in whole, uncompressed v2 batches. A partition it cannot finish — a broker error, a compressed
// batch, a connection lost — stops where it got to, with the reason in outcomes(); the caller
// reads on from there with librdkafka, so nothing is read twice or skipped.
//
// Lifecycle: the constructor starts the threads; next() is called from one thread until it
// returns nullopt; the destructor stops and joins whatever still runs.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace warren::kafka {

struct BacklogRange {
  std::int32_t partition{0};
  std::int64_t from{0};   // first offset to read
  std::int64_t until{0};  // read at least up to here (exclusive)
};

struct BacklogOptions {
  std::string topic;
  std::string client_id;
  std::int32_t max_bytes{8 << 20};            // per request
  std::int32_t partition_max_bytes{1 << 20};  // per partition and request
  int request_timeout_ms{30000};
  std::size_t queue_depth{4};  // responses fetched ahead of the caller, all leaders together
};

// One response's worth of records for the caller.
struct BacklogChunk {
  struct Part {
    std::int32_t partition{0};
    std::int64_t from{0};  // the fetch offset: records below it belong to an earlier chunk
    std::int64_t next{0};  // where the partition's reading goes on after this part
    std::span<const std::byte> records;
  };
  std::vector<std::byte> buffer;  // the response the parts view
  std::vector<Part> parts;
};

struct BacklogOutcome {
  std::int32_t partition{0};
  std::int64_t position{0};  // every record below it has been handed out
  bool finished{false};      // position reached `until`
  std::string why;           // when not finished: why it stopped
};

class BacklogFetcher {
 public:
  // `by_leader`: the ranges to read, by the address ("host:port") of their partition's leader.
  BacklogFetcher(BacklogOptions options, const std::map<std::string, std::vector<BacklogRange>>& by_leader);
  ~BacklogFetcher();
  BacklogFetcher(const BacklogFetcher&) = delete;
  BacklogFetcher& operator=(const BacklogFetcher&) = delete;

  // The next response, in the order fetched; nullopt once every leader's thread has ended, or on
  // stop.
  std::optional<BacklogChunk> next(std::stop_token stop);

  // Where each partition got to; complete once next() has returned nullopt without a stop.
  std::vector<BacklogOutcome> outcomes() const;

 private:
  void read_leader(std::stop_token stop, const std::string& address, std::vector<BacklogRange> ranges);
  bool push(std::stop_token stop, BacklogChunk chunk);
  void finish(const std::vector<BacklogOutcome>& outcomes);

  const BacklogOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<BacklogChunk> queue_;
  std::size_t running_{0};
  std::vector<BacklogOutcome> outcomes_;
  std::vector<std::jthread> threads_;  // last: joined before the rest is destroyed
};

}  // namespace warren::kafka
