// OffsetsTopicSource ([consumer.NAME], class kafka): reads every partition of the offsets topic
// (`__consumer_offsets`) the way Burrow does — no consumer group of its own, nothing committed —
// decodes each record and applies it to the cluster's store, with the record's offset in the
// offsets topic as the commit's `order`.
//
// It starts reading only after the cluster source's first refresh has landed, so commits find
// their topics known. `start-latest` starts at the end; with `backfill-earliest` a second reader
// goes through the backlog up to where the first started (placement by order keeps the windows
// right). Burrow's own progress is stored as the pseudo-group `burrow-<consumer name>`.
//
// On a cluster reached over a plain connection, the backlog — from the beginning, or the backfill's
// range — is fetched by warren itself (BacklogFetcher), many times faster than through librdkafka's
// per-message queue; librdkafka reads on from wherever that stopped, and reads everything on TLS
// or SASL clusters.
//
// caught_up() turns true once every partition has been read up to the end it had at start:
// before that, statuses are built from a partial history.
//
// Lifecycle: constructor keeps references; start() compiles the filter, creates the client and
// the reader thread; stop() or the destructor joins it, then destroys the client.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "core/base/clock.hpp"
#include "core/base/log.hpp"
#include "core/base/result.hpp"
#include "core/config/config.hpp"
#include "core/kafka/cluster_source.hpp"
#include "core/kafka/offsets_applier.hpp"
#include "core/kafka/rdkafka_handles.hpp"
#include "core/store/cluster_store.hpp"
#include "core/store/group_filter.hpp"

namespace warren::kafka {

struct OffsetsSourceCounters {
  std::atomic<std::uint64_t> records{0};
  std::atomic<std::uint64_t> bytes{0};
  std::atomic<std::uint64_t> backfilled{0};
  std::atomic<std::uint64_t> fetch_errors{0};
  std::atomic<std::uint64_t> direct{0};  // of `records`, read by the BacklogFetcher
};

class OffsetsTopicSource {
 public:
  // `cluster` (may be null) is waited for before reading starts.
  OffsetsTopicSource(const config::ConsumerConfig& config, store::ClusterStore& store, const ClusterSource* cluster,
                     const Clock& clock);
  ~OffsetsTopicSource();
  OffsetsTopicSource(const OffsetsTopicSource&) = delete;
  OffsetsTopicSource& operator=(const OffsetsTopicSource&) = delete;

  Result<bool> start();
  void stop();

  bool caught_up() const noexcept { return caught_up_.load(); }
  const std::string& name() const noexcept { return config_.name; }
  const OffsetsSourceCounters& counters() const noexcept { return counters_; }
  // Records used and skipped by kind; decode failures by kind ("malformed", "unsupported_version").
  const KindCounters& applied() const noexcept { return applier_->applied(); }
  const KindCounters& ignored() const noexcept { return applier_->ignored(); }
  const KindCounters& decode_errors() const noexcept { return decode_errors_; }

 private:
  struct PartitionProgress {
    std::int64_t end_at_start{0};   // high-water mark when reading began
    std::int64_t backfill_end{-1};  // backfill reads up to here (exclusive); -1: no backfill
    std::int64_t begin{-1};         // first offset, when looked up
    std::int64_t start_at{0};       // where the main reader is assigned (or a logical offset)
    std::int64_t backfill_start_at{RD_KAFKA_OFFSET_BEGINNING};  // where the backfill reader is
    std::string leader;                                         // "host:port" of the partition's leader at start
    bool caught_up{false};
  };

  void run(std::stop_token stop);
  bool prepare(std::stop_token stop);  // layout, leaders and end offsets of the offsets topic
  void read_backlog(std::stop_token stop);
  bool assign_readers();
  Result<KafkaHandle> make_reader(const std::string& role) const;
  void handle(const rd_kafka_message_t& msg, bool backfill);
  void apply_record(std::int32_t partition, std::int64_t offset, std::optional<std::span<const std::byte>> key,
                    std::optional<std::span<const std::byte>> value);
  // Stores warren's own progress (`next` is the next offset to read) and notes a caught-up partition.
  void note_progress(std::int32_t partition, std::int64_t next, std::int64_t now_ms);
  void mark_caught_up(std::int32_t partition);

  const config::ConsumerConfig config_;
  store::ClusterStore& store_;
  const ClusterSource* cluster_;
  const Clock& clock_;
  const log::Logger log_;
  const std::string self_group_;

  bool direct_backlog_{false};  // the backlog may be fetched without librdkafka
  store::GroupFilter filter_;
  std::unique_ptr<OffsetsApplier> applier_;
  OffsetsSourceCounters counters_;
  KindCounters decode_errors_;
  std::vector<PartitionProgress> progress_;  // by partition; owned by the reader thread
  std::size_t behind_{0};
  std::atomic<bool> caught_up_{false};

  KafkaHandle reader_;  // declared before the thread: destroyed after it is joined
  KafkaHandle backfill_;
  std::jthread thread_;
};

}  // namespace warren::kafka
