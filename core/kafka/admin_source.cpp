#include "core/kafka/admin_source.hpp"

#include <array>
#include <condition_variable>
#include <mutex>

#include "core/kafka/client_config.hpp"

namespace warren::kafka {

namespace {
constexpr int kAdminTimeoutMs = 10000;
constexpr int kSliceMs = 200;
}  // namespace

AdminSource::AdminSource(const config::ConsumerConfig& config, store::ClusterStore& store, const ClusterSource* cluster,
                         const Clock& clock)
    : config_(config), store_(store), cluster_(cluster), clock_(clock), log_("consumer " + config.name) {}

AdminSource::~AdminSource() { stop(); }

Result<bool> AdminSource::start() {
  if (thread_.joinable()) return true;
  auto filter = store::GroupFilter::create(config_.group_allowlist, config_.group_denylist);
  if (!filter) return make_error(filter.error().code, "consumer." + config_.name + ": " + filter.error().message);
  filter_ = std::move(filter).value();
  auto conf = make_conf(config_.client_profile, config_.servers, {});
  if (!conf) return make_error(conf.error().code, "consumer." + config_.name + ": " + conf.error().message);
  std::array<char, 512> err{};
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.value().get(), err.data(), err.size());
  if (rk == nullptr) return make_error(ErrorCode::kafka, "consumer." + config_.name + ": " + err.data());
  conf.value().release();  // rd_kafka_new took it
  client_.reset(rk);
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
  return true;
}

void AdminSource::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
  client_.reset();
}

EventHandle AdminSource::wait_event(rd_kafka_queue_t* queue, const std::stop_token& stop) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kAdminTimeoutMs + 2000);
  while (!stop.stop_requested() && std::chrono::steady_clock::now() < deadline) {
    if (rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, kSliceMs)) return EventHandle(ev);
  }
  return EventHandle{};
}

Result<std::vector<std::string>> AdminSource::list_groups(const std::stop_token& stop) {
  QueueHandle queue(rd_kafka_queue_new(client_.get()));
  AdminOptionsHandle options(rd_kafka_AdminOptions_new(client_.get(), RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS));
  std::array<char, 256> err{};
  rd_kafka_AdminOptions_set_request_timeout(options.get(), kAdminTimeoutMs, err.data(), err.size());
  rd_kafka_ListConsumerGroups(client_.get(), options.get(), queue.get());
  EventHandle ev = wait_event(queue.get(), stop);
  if (!ev) return make_error(ErrorCode::kafka, "listing groups: no answer");
  if (rd_kafka_event_error(ev.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return make_error(ErrorCode::kafka, std::string("listing groups: ") + rd_kafka_event_error_string(ev.get()));
  }
  const auto* result = rd_kafka_event_ListConsumerGroups_result(ev.get());
  std::size_t error_count = 0;
  const rd_kafka_error_t** errors = rd_kafka_ListConsumerGroups_result_errors(result, &error_count);
  for (std::size_t i = 0; i < error_count; ++i) {
    log_.warn("listing groups: {}", rd_kafka_error_string(errors[i]));
  }
  std::size_t count = 0;
  const rd_kafka_ConsumerGroupListing_t** listings = rd_kafka_ListConsumerGroups_result_valid(result, &count);
  std::vector<std::string> groups;
  std::uint64_t filtered = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::string id = rd_kafka_ConsumerGroupListing_group_id(listings[i]);
    if (filter_.accepts(id))
      groups.push_back(std::move(id));
    else
      ++filtered;
  }
  counters_.groups_filtered.store(filtered);
  if (count == 0 && error_count > 0) return make_error(ErrorCode::kafka, "listing groups: every broker failed");
  return groups;
}

std::vector<AdminSource::GroupView> AdminSource::describe(const std::vector<std::string>& groups,
                                                          const std::stop_token& stop) {
  std::vector<GroupView> views;
  if (groups.empty()) return views;
  std::vector<const char*> names;
  names.reserve(groups.size());
  for (const auto& g : groups) names.push_back(g.c_str());
  QueueHandle queue(rd_kafka_queue_new(client_.get()));
  AdminOptionsHandle options(rd_kafka_AdminOptions_new(client_.get(), RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS));
  std::array<char, 256> err{};
  rd_kafka_AdminOptions_set_request_timeout(options.get(), kAdminTimeoutMs, err.data(), err.size());
  rd_kafka_DescribeConsumerGroups(client_.get(), names.data(), names.size(), options.get(), queue.get());
  EventHandle ev = wait_event(queue.get(), stop);
  if (!ev || rd_kafka_event_error(ev.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    log_.warn("describing groups: {}", ev ? rd_kafka_event_error_string(ev.get()) : "no answer");
    return views;
  }
  std::size_t count = 0;
  const auto** descs =
      rd_kafka_DescribeConsumerGroups_result_groups(rd_kafka_event_DescribeConsumerGroups_result(ev.get()), &count);
  for (std::size_t i = 0; i < count; ++i) {
    GroupView view{.group = rd_kafka_ConsumerGroupDescription_group_id(descs[i]), .members = {}, .described = false};
    if (const rd_kafka_error_t* e = rd_kafka_ConsumerGroupDescription_error(descs[i])) {
      log_.debug("describing {}: {}", view.group, rd_kafka_error_string(e));
      views.push_back(std::move(view));
      continue;
    }
    // librdkafka 2.0 describes groups with the classic DescribeGroups API; Kafka 4 answers it for
    // a group on the new consumer protocol (KIP-848) with state Dead and no members. That says
    // nothing about the group's owners, so they are left as they are.
    if (rd_kafka_ConsumerGroupDescription_state(descs[i]) == RD_KAFKA_CONSUMER_GROUP_STATE_DEAD) {
      views.push_back(std::move(view));
      continue;
    }
    view.described = true;
    const std::size_t members = rd_kafka_ConsumerGroupDescription_member_count(descs[i]);
    for (std::size_t m = 0; m < members; ++m) {
      const auto* md = rd_kafka_ConsumerGroupDescription_member(descs[i], static_cast<int>(m));
      auto member = std::make_shared<const model::Member>(model::Member{
          .owner = rd_kafka_MemberDescription_host(md), .client_id = rd_kafka_MemberDescription_client_id(md)});
      std::vector<std::pair<std::string, std::int32_t>> assigned;
      if (const auto* assignment = rd_kafka_MemberDescription_assignment(md)) {
        if (const auto* parts = rd_kafka_MemberAssignment_partitions(assignment)) {
          for (int p = 0; p < parts->cnt; ++p) assigned.emplace_back(parts->elems[p].topic, parts->elems[p].partition);
        }
      }
      view.members.emplace_back(std::move(member), std::move(assigned));
    }
    views.push_back(std::move(view));
  }
  return views;
}

void AdminSource::fetch_offsets(const std::vector<std::string>& groups, const std::stop_token& stop) {
  QueueHandle queue(rd_kafka_queue_new(client_.get()));
  AdminOptionsHandle options(rd_kafka_AdminOptions_new(client_.get(), RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS));
  std::array<char, 256> err{};
  rd_kafka_AdminOptions_set_request_timeout(options.get(), kAdminTimeoutMs, err.data(), err.size());
  std::size_t next = 0;
  std::size_t in_flight = 0;
  const auto limit = static_cast<std::size_t>(std::max(1, config_.max_in_flight));
  const std::int64_t observed = to_unix_ms(clock_.now());
  while (!stop.stop_requested() && (next < groups.size() || in_flight > 0)) {
    while (next < groups.size() && in_flight < limit) {
      // One group per request: librdkafka 2.0 takes exactly one.
      ListConsumerGroupOffsetsHandle request(rd_kafka_ListConsumerGroupOffsets_new(groups[next].c_str(), nullptr));
      rd_kafka_ListConsumerGroupOffsets_t* raw = request.get();
      rd_kafka_ListConsumerGroupOffsets(client_.get(), &raw, 1, options.get(), queue.get());
      ++next;
      ++in_flight;
    }
    EventHandle ev = wait_event(queue.get(), stop);
    if (!ev) {
      log_.warn("fetching committed offsets: {} requests unanswered", in_flight);
      return;
    }
    --in_flight;
    if (rd_kafka_event_error(ev.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      log_.warn("fetching committed offsets: {}", rd_kafka_event_error_string(ev.get()));
      continue;
    }
    std::size_t count = 0;
    const auto** results = rd_kafka_ListConsumerGroupOffsets_result_groups(
        rd_kafka_event_ListConsumerGroupOffsets_result(ev.get()), &count);
    for (std::size_t i = 0; i < count; ++i) {
      const std::string group = rd_kafka_group_result_name(results[i]);
      if (const rd_kafka_error_t* e = rd_kafka_group_result_error(results[i])) {
        log_.debug("offsets of {}: {}", group, rd_kafka_error_string(e));
        continue;
      }
      const auto* parts = rd_kafka_group_result_partitions(results[i]);
      if (parts == nullptr) continue;
      for (int p = 0; p < parts->cnt; ++p) {
        const auto& tp = parts->elems[p];
        if (tp.err != RD_KAFKA_RESP_ERR_NO_ERROR || tp.offset < 0) continue;
        store_.add_commit({.group = group,
                           .topic = tp.topic,
                           .partition = tp.partition,
                           .offset = tp.offset,
                           .order = ++sequence_,
                           .timestamp_ms = observed});
        counters_.offsets.fetch_add(1, std::memory_order_relaxed);
      }
      tracked_.insert(group);
    }
  }
}

bool AdminSource::poll_once(std::stop_token stop) {
  auto groups = list_groups(stop);
  if (!groups) {
    counters_.poll_errors.fetch_add(1);
    log_.warn("{}", groups.error().message);
    return false;
  }
  // Groups gone from Kafka (deleted, or expired there) leave the store too.
  const std::set<std::string> listed(groups->begin(), groups->end());
  for (auto it = tracked_.begin(); it != tracked_.end();) {
    if (listed.contains(*it)) {
      ++it;
      continue;
    }
    store_.delete_group(*it);
    it = tracked_.erase(it);
  }
  fetch_offsets(groups.value(), stop);
  for (const auto& view : describe(groups.value(), stop)) {
    if (!view.described) continue;
    if (view.members.empty()) {
      store_.clear_owners(view.group);
      continue;
    }
    for (const auto& [member, assigned] : view.members) {
      for (const auto& [topic, partition] : assigned) store_.set_owner(view.group, topic, partition, member);
    }
  }
  counters_.groups.store(groups->size());
  counters_.polls.fetch_add(1);
  return true;
}

void AdminSource::run(std::stop_token stop) {
  if (cluster_ != nullptr && !cluster_->wait_first_refresh(stop)) return;
  std::mutex m;
  std::condition_variable_any cv;
  while (!stop.stop_requested()) {
    const auto tick = std::chrono::steady_clock::now();
    if (poll_once(stop) && !first_poll_done_.exchange(true)) log_.info("first Admin API poll done");
    std::unique_lock lock(m);
    cv.wait_until(lock, stop, tick + std::chrono::seconds(std::max(1, config_.poll_interval)), [] { return false; });
  }
}

}  // namespace warren::kafka
