#include "core/kafka/cluster_source.hpp"

#include <array>
#include <set>
#include <utility>

#include "core/kafka/bounded_call.hpp"
#include "core/kafka/client_statistics.hpp"

namespace warren::kafka {

ClusterSource::ClusterSource(const config::ClusterConfig& config, store::ClusterStore& store, const Clock& clock)
    : config_(config), store_(store), clock_(clock), log_("cluster " + config.name) {}

ClusterSource::~ClusterSource() { stop(); }

int ClusterSource::on_statistics(rd_kafka_t*, char* json, size_t len, void* opaque) noexcept {
  auto* self = static_cast<ClusterSource*>(opaque);
  ClientStatistics stats;
  if (parse_client_statistics(std::string_view(json, len), stats)) {
    self->health_.brokers_known.store(stats.brokers_known);
    self->health_.brokers_up.store(stats.brokers_up);
    self->health_.list_offsets_requests.store(stats.list_offsets_requests);
  }
  return 0;  // librdkafka frees the JSON
}

Result<bool> ClusterSource::start() {
  if (thread_.joinable()) return true;
  const Properties own{
      // A consumer-type client without a group: it joins nothing and commits nothing.
      {"enable.auto.commit", "false"},
      {"isolation.level", "read_uncommitted"},  // the high-water mark, as Burrow reports it
      {"statistics.interval.ms", std::to_string(std::max(1, config_.offset_refresh) * 1000)},
      {"topic.metadata.refresh.interval.ms", std::to_string(std::max(1, config_.topic_refresh) * 1000)},
  };
  auto conf = make_conf(config_.client_profile, config_.servers, own);
  if (!conf) return make_error(conf.error().code, "cluster." + config_.name + ": " + conf.error().message);
  rd_kafka_conf_set_opaque(conf.value().get(), this);
  rd_kafka_conf_set_stats_cb(conf.value().get(), &ClusterSource::on_statistics);
  std::array<char, 512> err{};
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.value().get(), err.data(), err.size());
  if (rk == nullptr) return make_error(ErrorCode::kafka, "cluster." + config_.name + ": " + err.data());
  conf.value().release();  // rd_kafka_new took it
  client_.reset(rk);
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
  return true;
}

void ClusterSource::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
  client_.reset();
}

bool ClusterSource::wait_first_refresh(std::stop_token stop) const {
  std::unique_lock lock(first_mutex_);
  return first_cv_.wait(lock, stop, [this] { return first_done_; });
}

bool ClusterSource::first_refresh_done() const {
  std::lock_guard lock(first_mutex_);
  return first_done_;
}

bool ClusterSource::refresh_metadata() {
  const TimePoint started = clock_.now();
  const rd_kafka_metadata_t* raw = nullptr;
  const rd_kafka_resp_err_t err = bounded_call(
      stop_, [&](int timeout_ms) { return rd_kafka_metadata(client_.get(), 1, nullptr, &raw, timeout_ms); });
  if (err == RD_KAFKA_RESP_ERR__DESTROY) return false;  // stopping
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    health_.refresh_errors.fetch_add(1);
    health_.set_error("metadata: " + error_text(err));
    log_.warn("metadata refresh failed: {}", error_text(err));
    return false;
  }
  const MetadataHandle md(raw);
  std::map<std::string, TopicLayout, std::less<>> fresh;
  std::int32_t partitions = 0;
  for (int t = 0; t < md->topic_cnt; ++t) {
    const auto& topic = md->topics[t];
    // A topic that is gone is absent or answers UNKNOWN_TOPIC_OR_PART; other errors (no leader
    // yet, ...) keep the topic with what we knew.
    if (topic.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) continue;
    if (topic.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      auto known = topics_.find(topic.topic);
      if (known != topics_.end()) fresh.emplace(known->first, known->second);
      continue;
    }
    TopicLayout layout;
    int max_id = -1;
    for (int p = 0; p < topic.partition_cnt; ++p) max_id = std::max(max_id, topic.partitions[p].id);
    layout.partitions.resize(static_cast<std::size_t>(max_id + 1));
    for (int p = 0; p < topic.partition_cnt; ++p) {
      const auto& part = topic.partitions[p];
      if (part.id >= 0) layout.partitions[static_cast<std::size_t>(part.id)].leader = part.leader;
    }
    partitions += static_cast<std::int32_t>(layout.partitions.size());
    fresh.emplace(topic.topic, std::move(layout));
  }
  for (const auto& [name, layout] : topics_) {
    if (!fresh.contains(name)) {
      log_.info("topic {} was deleted", name);
      store_.delete_topic(name);
    }
  }
  topics_ = std::move(fresh);
  metadata_stale_ = false;
  health_.topics.store(static_cast<std::int32_t>(topics_.size()));
  health_.partitions.store(partitions);
  health_.last_metadata_ms.store(to_unix_ms(clock_.now()));
  health_.metadata_refreshes.fetch_add(1);
  // Parked events are judged only once this refresh's high-water marks are in the store too:
  // a topic that just appeared has none before refresh_offsets() has run.
  metadata_started_ = started;
  refresh_topic_ids(*md);
  return true;
}

void ClusterSource::refresh_topic_ids(const rd_kafka_metadata_t& md) {
  if (!topic_ids_supported_) return;
  if (!reaches_brokers_in_plaintext(config_.client_profile)) {
    topic_ids_supported_ = false;
    log_.info("topic ids are not fetched over TLS or SASL; KIP-848 owners are inferred from subscriptions");
    return;
  }
  std::string last_error;
  for (int b = 0; b < md.broker_cnt; ++b) {
    const std::string broker = std::string(md.brokers[b].host) + ":" + std::to_string(md.brokers[b].port);
    auto ids = fetch_topic_ids(broker, config_.client_profile.client_id, kSliceMs * 2);
    if (ids) {
      log_.debug("{} topic ids from {}", ids->size(), broker);
      directory_.update(ids.value());
      topic_id_failures_ = 0;
      return;
    }
    last_error = ids.error().message;
  }
  // Brokers before Kafka 2.8 have no topic ids (nor KIP-848 groups): after a few refreshes that
  // all failed, stop asking. A single failure may just be a slow moment.
  if (++topic_id_failures_ < 3) {
    log_.debug("topic ids: {}", last_error);
    return;
  }
  topic_ids_supported_ = false;
  log_.info("topic ids unavailable ({}); KIP-848 owners are inferred from subscriptions", last_error);
}

bool ClusterSource::refresh_offsets() {
  TopicPartitionList list(
      rd_kafka_topic_partition_list_new(static_cast<int>(std::max<std::size_t>(1, topics_.size()))));
  for (const auto& [name, layout] : topics_) {
    for (std::size_t p = 0; p < layout.partitions.size(); ++p) {
      if (layout.partitions[p].leader < 0) continue;  // no leader: nobody can answer
      rd_kafka_topic_partition_list_add(list.get(), name.c_str(), static_cast<std::int32_t>(p))->offset =
          RD_KAFKA_OFFSET_END;  // "latest" as a timestamp: the high-water mark
    }
  }
  if (list->cnt == 0) {
    health_.last_offsets_ms.store(to_unix_ms(clock_.now()));
    if (metadata_started_) store_.metadata_refreshed(*std::exchange(metadata_started_, std::nullopt));
    return true;
  }
  const rd_kafka_resp_err_t err = bounded_call(stop_, [&](int timeout_ms) {
    // A timed-out attempt may have filled some entries: ask again for all of them.
    for (int i = 0; i < list->cnt; ++i) {
      list->elems[i].offset = RD_KAFKA_OFFSET_END;
      list->elems[i].err = RD_KAFKA_RESP_ERR_NO_ERROR;
    }
    return rd_kafka_offsets_for_times(client_.get(), list.get(), timeout_ms);
  });
  const std::int64_t now = to_unix_ms(clock_.now());
  if (err == RD_KAFKA_RESP_ERR__DESTROY) return false;  // stopping
  // A topic deleted since the last metadata refresh answers UNKNOWN_TOPIC_OR_PART (or librdkafka's
  // local unknown-topic/partition codes): that is reported per partition below and must not fail
  // the whole refresh. Other local errors (timeouts, transport) mean nothing came back.
  const bool per_partition = err > RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
                             err == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION;
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && !per_partition) {
    health_.refresh_errors.fetch_add(1);
    health_.set_error("high-water marks: " + error_text(err));
    log_.warn("high-water mark refresh failed: {}", error_text(err));
    metadata_stale_ = true;
    return false;
  }
  std::size_t failed = 0;
  for (int i = 0; i < list->cnt; ++i) {
    const auto& tp = list->elems[i];
    if (tp.err != RD_KAFKA_RESP_ERR_NO_ERROR || tp.offset < 0) {
      if (failed++ == 0) log_.warn("high-water mark of {}/{}: {}", tp.topic, tp.partition, error_text(tp.err));
      continue;
    }
    auto layout = topics_.find(tp.topic);
    const auto count = static_cast<std::int32_t>(layout->second.partitions.size());
    store_.set_broker_offset(tp.topic, tp.partition, count, tp.offset, now);
  }
  if (failed > 0) {
    // Leadership moved or a topic is being deleted: look again at the next tick.
    metadata_stale_ = true;
    health_.set_error(std::to_string(failed) + " partitions without a high-water mark");
  } else {
    health_.clear_error();
    if (metadata_started_) store_.metadata_refreshed(*std::exchange(metadata_started_, std::nullopt));
  }
  health_.last_offsets_ms.store(now);
  health_.offset_refreshes.fetch_add(1);
  // Partitions without an answer (a topic being deleted, leadership moving) are warned about and
  // looked at again after a metadata refresh; the cluster itself answered.
  return true;
}

void ClusterSource::run(std::stop_token stop) {
  stop_ = stop;
  const auto offset_period = std::chrono::seconds(std::max(1, config_.offset_refresh));
  const auto topic_period = std::chrono::seconds(std::max(1, config_.topic_refresh));
  auto next_metadata = std::chrono::steady_clock::now();
  bool was_failing = false;
  while (!stop.stop_requested()) {
    const auto tick = std::chrono::steady_clock::now();
    bool ok = true;
    if (metadata_stale_ || tick >= next_metadata) {
      ok = refresh_metadata();
      if (ok) next_metadata = tick + topic_period;
    }
    if (ok && !topics_.empty()) ok = refresh_offsets();
    rd_kafka_poll(client_.get(), 0);  // serves the statistics callback
    if (ok && !first_refresh_done()) {
      {
        std::lock_guard lock(first_mutex_);
        first_done_ = true;
      }
      first_cv_.notify_all();
      log_.info("first refresh done: {} topics, {} partitions", health_.topics.load(), health_.partitions.load());
    }
    if (stop.stop_requested()) break;  // a refresh cut short by stop is not a failure
    if (!ok && !was_failing) log_.error("cluster unreachable or failing; keeping the last known state");
    if (ok && was_failing) log_.info("cluster reachable again");
    was_failing = !ok;
    // While failing, retry sooner than a full period (but not in a tight loop).
    const auto wait =
        ok ? offset_period : std::min<std::chrono::steady_clock::duration>(offset_period, std::chrono::seconds(2));
    std::unique_lock lock(wake_mutex_);
    wake_.wait_until(lock, stop, tick + wait, [] { return false; });
  }
}

}  // namespace warren::kafka
