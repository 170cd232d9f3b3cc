#include "core/kafka/offsets_topic_source.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <span>

#include "core/kafka/backlog_fetcher.hpp"
#include "core/kafka/bounded_call.hpp"
#include "core/kafka/record_set.hpp"

namespace warren::kafka {

namespace {
constexpr int kPollMs = 100;

std::span<const std::byte> bytes_of(const void* data, std::size_t len) {
  return {static_cast<const std::byte*>(data), len};
}

// Reading a backlog, librdkafka holds up to queued.min.messages prefetched records, a few hundred
// bytes each (a million records: about 250 MB), and frees them as they are consumed; glibc keeps
// the freed pages, so without this the process would hold the backlog's peak for its whole life.
// Once caught up, the live data is the store; hand the rest back to the system.
// Two seconds between attempts; the wait ends early on stop.
void wait_before_retry(const std::stop_token& stop) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  cv.wait_for(lock, stop, std::chrono::seconds(2), [] { return false; });
}

void release_backlog_memory() noexcept {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}
}  // namespace

OffsetsTopicSource::OffsetsTopicSource(const config::ConsumerConfig& config, store::ClusterStore& store,
                                       const ClusterSource* cluster, const Clock& clock)
    : config_(config),
      store_(store),
      cluster_(cluster),
      clock_(clock),
      log_("consumer " + config.name),
      self_group_("burrow-" + config.name) {}

OffsetsTopicSource::~OffsetsTopicSource() { stop(); }

Result<KafkaHandle> OffsetsTopicSource::make_reader(const std::string& role) const {
  const Properties own{
      // librdkafka's assign() wants a group.id, but the group is never joined: partitions are
      // assigned by hand from explicit positions, so no offset is fetched or committed.
      {"group.id", "warren-" + config_.name + "-" + role},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"enable.partition.eof", "true"},
      {"auto.offset.reset", "earliest"},
      {"isolation.level", "read_uncommitted"},
      // Large fetches: the backlog of a busy cluster is millions of small records.
      {"fetch.max.bytes", "104857600"},
      {"max.partition.fetch.bytes", "10485760"},
      {"fetch.wait.max.ms", "100"},
      {"queued.min.messages", "1000000"},
      {"client.id", config_.client_profile.client_id + "-" + role},
  };
  auto conf = make_conf(config_.client_profile, config_.servers, own);
  if (!conf) return make_error(conf.error().code, "consumer." + config_.name + ": " + conf.error().message);
  std::array<char, 512> err{};
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.value().get(), err.data(), err.size());
  if (rk == nullptr) return make_error(ErrorCode::kafka, "consumer." + config_.name + ": " + err.data());
  conf.value().release();  // rd_kafka_new took it
  rd_kafka_poll_set_consumer(rk);
  return KafkaHandle(rk);
}

Result<bool> OffsetsTopicSource::start() {
  if (thread_.joinable()) return true;
  auto filter = store::GroupFilter::create(config_.group_allowlist, config_.group_denylist);
  if (!filter) return make_error(filter.error().code, "consumer." + config_.name + ": " + filter.error().message);
  filter_ = std::move(filter).value();
  // The backlog is what the main reader reads first, or with start-latest what the backfill reads.
  direct_backlog_ =
      (!config_.start_latest || config_.backfill_earliest) && reaches_brokers_in_plaintext(config_.client_profile);
  applier_ = std::make_unique<OffsetsApplier>(store_, filter_, cluster_ ? &cluster_->topic_directory() : nullptr);
  auto reader = make_reader("offsets");
  if (!reader) return reader.error();
  reader_ = std::move(reader).value();
  if (config_.start_latest && config_.backfill_earliest) {
    auto backfill = make_reader("backfill");
    if (!backfill) return backfill.error();
    backfill_ = std::move(backfill).value();
  }
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
  return true;
}

void OffsetsTopicSource::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
  // The readers never joined a group nor committed anything: there is no consumer close to wait
  // for (it costs about a second when group.id is set), so skip it.
  if (backfill_) rd_kafka_destroy_flags(backfill_.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  if (reader_) rd_kafka_destroy_flags(reader_.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
}

bool OffsetsTopicSource::prepare(std::stop_token stop) {
  const rd_kafka_metadata_t* raw = nullptr;
  const rd_kafka_resp_err_t md_err = bounded_call(
      stop, [&](int timeout_ms) { return rd_kafka_metadata(reader_.get(), 1, nullptr, &raw, timeout_ms); });
  if (md_err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    log_.warn("metadata for {}: {}", config_.offsets_topic, error_text(md_err));
    return false;
  }
  const MetadataHandle md(raw);
  int partitions = -1;
  for (int t = 0; t < md->topic_cnt; ++t) {
    if (config_.offsets_topic == md->topics[t].topic && md->topics[t].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      partitions = md->topics[t].partition_cnt;
    }
  }
  if (partitions <= 0) {
    log_.warn("topic {} not found yet", config_.offsets_topic);
    return false;
  }
  // Where each partition ends now, and (for backfill) where it begins: two batched lookups.
  auto lookup = [&](std::int64_t which) -> std::vector<std::int64_t> {
    TopicPartitionList list(rd_kafka_topic_partition_list_new(partitions));
    for (int p = 0; p < partitions; ++p) {
      rd_kafka_topic_partition_list_add(list.get(), config_.offsets_topic.c_str(), p)->offset = which;
    }
    const auto err = bounded_call(stop, [&](int timeout_ms) {
      for (int i = 0; i < list->cnt; ++i) list->elems[i].offset = which;
      return rd_kafka_offsets_for_times(reader_.get(), list.get(), timeout_ms);
    });
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return {};
    std::vector<std::int64_t> out(static_cast<std::size_t>(partitions), -1);
    for (int i = 0; i < list->cnt; ++i) {
      if (list->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) return {};
      out[static_cast<std::size_t>(list->elems[i].partition)] = list->elems[i].offset;
    }
    return out;
  };
  const auto ends = lookup(RD_KAFKA_OFFSET_END);
  if (ends.empty() || stop.stop_requested()) return false;
  std::vector<std::int64_t> begins;
  if (backfill_ || direct_backlog_) {
    begins = lookup(RD_KAFKA_OFFSET_BEGINNING);
    if (begins.empty()) return false;
  }

  std::map<std::int32_t, std::string> brokers;
  for (int b = 0; b < md->broker_cnt; ++b) {
    brokers[md->brokers[b].id] = std::string(md->brokers[b].host) + ":" + std::to_string(md->brokers[b].port);
  }
  progress_.assign(static_cast<std::size_t>(partitions), PartitionProgress{});
  for (int t = 0; t < md->topic_cnt; ++t) {
    if (config_.offsets_topic != md->topics[t].topic) continue;
    for (int i = 0; i < md->topics[t].partition_cnt; ++i) {
      const auto& part = md->topics[t].partitions[i];
      const auto broker = brokers.find(part.leader);
      if (part.id >= 0 && part.id < partitions && broker != brokers.end()) {
        progress_[static_cast<std::size_t>(part.id)].leader = broker->second;
      }
    }
  }
  behind_ = 0;
  for (int p = 0; p < partitions; ++p) {
    auto& prog = progress_[static_cast<std::size_t>(p)];
    prog.end_at_start = ends[static_cast<std::size_t>(p)];
    if (!begins.empty()) prog.begin = begins[static_cast<std::size_t>(p)];
    // start-latest starts at the end looked up above, not at a logical "end" resolved later:
    // records written in between would be read by neither reader.
    prog.start_at = config_.start_latest ? prog.end_at_start : RD_KAFKA_OFFSET_BEGINNING;
    if (backfill_ && prog.begin < prog.end_at_start) prog.backfill_end = prog.end_at_start;
    // Starting at the end, or at an empty partition, there is nothing to catch up with.
    prog.caught_up = config_.start_latest ? prog.backfill_end < 0 : prog.end_at_start <= 0;
    if (!prog.caught_up) ++behind_;
  }
  caught_up_.store(behind_ == 0);
  log_.info("reading {} partitions of {} from the {}{}", partitions, config_.offsets_topic,
            config_.start_latest ? "end" : "beginning", backfill_ ? ", backfilling from the beginning" : "");
  return true;
}

void OffsetsTopicSource::read_backlog(std::stop_token stop) {
  // Reading from the beginning, the backlog is the main reader's; starting at the end, it is
  // the backfill's (up to where the main reader starts, no further).
  const bool backfill = config_.start_latest;
  std::map<std::string, std::vector<BacklogRange>> by_leader;
  std::size_t ranges = 0;
  for (std::size_t p = 0; p < progress_.size(); ++p) {
    const auto& prog = progress_[p];
    const bool wanted = backfill ? prog.backfill_end >= 0 : !prog.caught_up;
    if (!wanted || prog.leader.empty() || prog.begin < 0) continue;
    by_leader[prog.leader].push_back({.partition = static_cast<std::int32_t>(p),
                                      .from = prog.begin,
                                      .until = backfill ? prog.backfill_end : prog.end_at_start});
    ++ranges;
  }
  if (ranges == 0) return;
  const auto started = std::chrono::steady_clock::now();
  BacklogFetcher fetcher({.topic = config_.offsets_topic, .client_id = config_.client_profile.client_id + "-backlog"},
                         by_leader);
  std::uint64_t records = 0;
  while (auto chunk = fetcher.next(stop)) {
    const std::int64_t now_ms = to_unix_ms(clock_.now());
    for (const auto& part : chunk->parts) {
      const auto& prog = progress_[static_cast<std::size_t>(part.partition)];
      // The backfill stops where the main reader began; the main reader applies whole batches.
      const std::int64_t limit = backfill ? std::min(part.next, prog.backfill_end) : part.next;
      RecordSetReader reader(part.records, part.from);
      std::uint64_t bytes = 0;
      std::uint64_t count = 0;
      while (auto record = reader.next()) {
        if (record->offset >= limit) break;
        bytes += (record->key ? record->key->size() : 0) + (record->value ? record->value->size() : 0);
        ++count;
        apply_record(part.partition, record->offset, record->key, record->value);
      }
      if (const auto bad = reader.malformed_records(); bad > 0) {
        decode_errors_.add("malformed", bad);
        log_.warn("{}/{}: {} records of a malformed batch skipped", config_.offsets_topic, part.partition, bad);
      }
      counters_.records.fetch_add(count, std::memory_order_relaxed);
      counters_.direct.fetch_add(count, std::memory_order_relaxed);
      counters_.bytes.fetch_add(bytes, std::memory_order_relaxed);
      if (backfill) {
        counters_.backfilled.fetch_add(count, std::memory_order_relaxed);
      } else {
        note_progress(part.partition, part.next, now_ms);
      }
      records += count;
    }
  }
  if (stop.stop_requested()) return;
  // Where each partition got to is where librdkafka goes on.
  std::size_t left = 0;
  for (const auto& outcome : fetcher.outcomes()) {
    auto& prog = progress_[static_cast<std::size_t>(outcome.partition)];
    auto& position = backfill ? prog.backfill_start_at : prog.start_at;
    if (outcome.position > prog.begin) position = outcome.position;
    if (outcome.finished) {
      if (backfill) prog.backfill_end = -1;
      mark_caught_up(outcome.partition);
    } else {
      ++left;
      log_.info("{}/{}: read on from offset {} with librdkafka: {}", config_.offsets_topic, outcome.partition,
                outcome.position, outcome.why);
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  log_.info("fetched {} records of {} partitions directly in {:.2f} s{}", records, ranges, seconds,
            left > 0 ? fmt::format("; {} partitions read on with librdkafka", left) : "");
}

bool OffsetsTopicSource::assign_readers() {
  const int partitions = static_cast<int>(progress_.size());
  TopicPartitionList assignment(rd_kafka_topic_partition_list_new(partitions));
  TopicPartitionList backfill_assignment(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    const auto& prog = progress_[static_cast<std::size_t>(p)];
    rd_kafka_topic_partition_list_add(assignment.get(), config_.offsets_topic.c_str(), p)->offset = prog.start_at;
    if (prog.backfill_end >= 0) {
      rd_kafka_topic_partition_list_add(backfill_assignment.get(), config_.offsets_topic.c_str(), p)->offset =
          prog.backfill_start_at;
    }
  }
  if (const auto e = rd_kafka_assign(reader_.get(), assignment.get()); e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    log_.error("assigning {}: {}", config_.offsets_topic, error_text(e));
    return false;
  }
  if (backfill_ && backfill_assignment->cnt > 0) rd_kafka_assign(backfill_.get(), backfill_assignment.get());
  return true;
}

void OffsetsTopicSource::mark_caught_up(std::int32_t partition) {
  if (partition < 0 || static_cast<std::size_t>(partition) >= progress_.size()) return;
  auto& prog = progress_[static_cast<std::size_t>(partition)];
  if (prog.caught_up) return;
  prog.caught_up = true;
  if (--behind_ == 0) {
    caught_up_.store(true);
    log_.info("caught up with the end of {}", config_.offsets_topic);
    release_backlog_memory();
  }
}

void OffsetsTopicSource::handle(const rd_kafka_message_t& msg, bool backfill) {
  const std::int32_t partition = msg.partition;
  const bool known = partition >= 0 && static_cast<std::size_t>(partition) < progress_.size();
  if (msg.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    // A partition still being backfilled is not caught up, whatever the main reader has seen.
    if (known && !backfill && msg.offset >= progress_[static_cast<std::size_t>(partition)].end_at_start &&
        progress_[static_cast<std::size_t>(partition)].backfill_end < 0) {
      mark_caught_up(partition);
    }
    return;
  }
  if (msg.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    counters_.fetch_errors.fetch_add(1);
    log_.warn("reading {}: {}", config_.offsets_topic, error_text(msg.err));
    return;
  }
  counters_.records.fetch_add(1, std::memory_order_relaxed);
  counters_.bytes.fetch_add(msg.key_len + msg.len, std::memory_order_relaxed);
  if (backfill) counters_.backfilled.fetch_add(1, std::memory_order_relaxed);
  std::optional<std::span<const std::byte>> key;
  std::optional<std::span<const std::byte>> value;
  if (msg.key != nullptr) key = bytes_of(msg.key, msg.key_len);
  if (msg.payload != nullptr) value = bytes_of(msg.payload, msg.len);
  apply_record(partition, msg.offset, key, value);
  if (!backfill) note_progress(partition, msg.offset + 1, to_unix_ms(clock_.now()));
}

void OffsetsTopicSource::apply_record(std::int32_t partition, std::int64_t offset,
                                      std::optional<std::span<const std::byte>> key,
                                      std::optional<std::span<const std::byte>> value) {
  if (!key || key->empty()) {
    decode_errors_.add("no_key");
    return;
  }
  if (value && value->empty()) value.reset();
  // Nearly every record is a commit: read those in place, everything else (and any error) fully.
  if (const auto commit = decode_offset_commit_view(*key, value)) {
    applier_->apply(*commit, offset);
    return;
  }
  auto record = decode_offsets_record(*key, value);
  if (record) {
    applier_->apply(record.value(), offset);
    return;
  }
  const bool unsupported = record.error().code == ErrorCode::unsupported_version;
  decode_errors_.add(unsupported ? "unsupported_version" : "malformed");
  // Each distinct problem is worth a line, but not once per record of a busy cluster.
  if (decode_errors_.get(unsupported ? "unsupported_version" : "malformed") <= 10) {
    log_.warn("{}/{}@{}: {} (skipped)", config_.offsets_topic, partition, offset, record.error().message);
  }
}

void OffsetsTopicSource::note_progress(std::int32_t partition, std::int64_t next, std::int64_t now_ms) {
  // Burrow's own progress, visible as a group: how far behind the offsets topic warren is.
  store_.add_commit_view(store::CommitView{.group = self_group_,
                                           .topic = config_.offsets_topic,
                                           .partition = partition,
                                           .offset = next,
                                           .order = next - 1,
                                           .timestamp_ms = now_ms});
  const bool known = partition >= 0 && static_cast<std::size_t>(partition) < progress_.size();
  if (known && next >= progress_[static_cast<std::size_t>(partition)].end_at_start &&
      progress_[static_cast<std::size_t>(partition)].backfill_end < 0) {
    mark_caught_up(partition);
  }
}

void OffsetsTopicSource::run(std::stop_token stop) {
  if (cluster_ != nullptr && !cluster_->wait_first_refresh(stop)) return;
  while (!stop.stop_requested() && !prepare(stop)) {
    wait_before_retry(stop);  // until the offsets topic can be read
  }
  if (direct_backlog_) read_backlog(stop);
  while (!stop.stop_requested() && !assign_readers()) wait_before_retry(stop);
  std::size_t backfill_left = 0;
  for (const auto& p : progress_) backfill_left += p.backfill_end >= 0 ? 1 : 0;
  while (!stop.stop_requested()) {
    if (MessageHandle msg{rd_kafka_consumer_poll(reader_.get(), backfill_left > 0 ? 0 : kPollMs)}) {
      handle(*msg, false);
    }
    if (backfill_left > 0) {
      MessageHandle msg{rd_kafka_consumer_poll(backfill_.get(), kPollMs)};
      if (!msg) continue;
      const auto p = static_cast<std::size_t>(msg->partition);
      if (p >= progress_.size() || progress_[p].backfill_end < 0) continue;
      if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR && msg->offset < progress_[p].backfill_end) handle(*msg, true);
      const bool done = msg->offset + 1 >= progress_[p].backfill_end || msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF;
      if (done && (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR || msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)) {
        progress_[p].backfill_end = -1;
        --backfill_left;
        mark_caught_up(static_cast<std::int32_t>(p));
        if (backfill_left == 0) {
          log_.info("backfill done");
          rd_kafka_assign(backfill_.get(), nullptr);
        }
      }
    }
  }
}

}  // namespace warren::kafka
