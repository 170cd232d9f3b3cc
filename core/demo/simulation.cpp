#include "core/demo/simulation.hpp"

#include <stdexcept>
#include <utility>

#include "core/mock/offsets_encoder.hpp"
#include "core/mock/offsets_partition.hpp"

namespace warren::demo {

namespace {

// What brokers since Kafka 2.3 write for classic groups (static membership fields included).
constexpr std::int16_t kGroupMetadataVersion = 3;
constexpr std::int16_t kOffsetCommitVersion = 3;

std::vector<mock::MockRecord> filler(std::int64_t count) {
  return std::vector<mock::MockRecord>(static_cast<std::size_t>(count),
                                       mock::MockRecord{.key = mock::bytes({'k'}), .value = mock::bytes({'v'})});
}

}  // namespace

Simulation::Simulation(const Scenario& scenario, const Clock& clock) : scenario_(scenario), clock_(clock) {
  for (const auto& g : scenario_.groups) schedules_.emplace_back(g.behaviour, scenario_);
}

Result<std::unique_ptr<Simulation>> Simulation::create(const Scenario& scenario, const Clock& clock) {
  if (scenario.offsets_partitions < 1 || scenario.topics.empty() || scenario.tick.count() <= 0) {
    return make_error(ErrorCode::invalid_argument, "demo scenario needs topics, offsets partitions and a tick");
  }
  auto simulation = std::make_unique<Simulation>(scenario, clock);
  try {
    simulation->set_up();
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kafka, std::string("embedded cluster: ") + e.what());
  }
  return simulation;
}

Simulation::~Simulation() { stop(); }

void Simulation::set_up() {
  mock_ = std::make_unique<mock::MockCluster>(1);
  mock_->create_topic(kOffsetsTopic, scenario_.offsets_partitions);
  for (const auto& t : scenario_.topics) {
    mock_->create_topic(t.name, t.partitions);
    auto& marks = high_watermarks_[t.name];
    for (std::int32_t p = 0; p < t.partitions; ++p) {
      marks.push_back(scenario_.prefill > 0 ? mock_->produce(t.name, p, filler(scenario_.prefill)).back() + 1 : 0);
    }
  }
  for (const auto& g : scenario_.groups) write_membership(g, true);
  log_.info("embedded cluster on {}: {} topics, {} groups", mock_->bootstraps(), scenario_.topics.size(),
            scenario_.groups.size());
}

void Simulation::start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](const std::stop_token& stop) { run(stop); });
}

void Simulation::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void Simulation::run(const std::stop_token& stop) {
  auto next = std::chrono::steady_clock::now();
  for (std::int64_t tick = 1; !stop.stop_requested(); ++tick) {
    try {
      play_tick(tick);
    } catch (const std::exception& e) {
      failed_ticks_.fetch_add(1, std::memory_order_relaxed);
      log_.warn("tick {}: {}", tick, e.what());
    }
    ticks_.store(tick, std::memory_order_relaxed);
    next += scenario_.tick;
    const auto now = std::chrono::steady_clock::now();
    if (next < now) next = now + scenario_.tick;  // fell behind: no burst of ticks to catch up
    std::unique_lock lock(wake_mutex_);
    wake_.wait_until(lock, stop, next, [] { return false; });
  }
}

void Simulation::play_tick(std::int64_t tick) {
  for (auto& [topic, marks] : high_watermarks_) {
    for (std::size_t p = 0; p < marks.size(); ++p) {
      marks[p] = mock_->produce(topic, static_cast<std::int32_t>(p), filler(scenario_.produce_per_tick)).back() + 1;
    }
  }
  for (std::size_t i = 0; i < schedules_.size(); ++i) {
    const TickActions actions = schedules_[i].on_tick(tick, high_watermarks_);
    const GroupSpec& group = scenario_.groups[i];
    if (!actions.commits.empty()) write_commits(group, actions.commits);
    if (actions.leaves) {
      write_membership(group, false);
      log_.info("{} stopped consuming at tick {}", group.name, tick);
    }
  }
}

void Simulation::write_commits(const GroupSpec& group, const std::vector<PartitionCommit>& commits) {
  const std::int64_t now_ms = to_unix_ms(clock_.now());
  std::vector<mock::MockRecord> records;
  records.reserve(commits.size());
  for (const auto& c : commits) {
    records.push_back({.key = mock::encode_offset_commit_key(group.name, c.topic, c.partition),
                       .value = mock::encode_offset_commit_value(kOffsetCommitVersion, c.offset, now_ms)});
  }
  mock_->produce(kOffsetsTopic, mock::offsets_partition_for(group.name, scenario_.offsets_partitions), records);
}

// A classic group's metadata record: one member owning every partition, or no member at all
// (the group is empty: its consumer left), as the coordinator writes after each rebalance.
void Simulation::write_membership(const GroupSpec& group, bool has_member) {
  std::vector<mock::MemberSpec> members;
  if (has_member) {
    mock::MemberSpec member{
        .member_id = group.client_id + "-1-" + group.name, .client_id = group.client_id, .client_host = group.host};
    for (const auto& t : scenario_.topics) {
      auto& partitions = member.assignment[t.name];
      for (std::int32_t p = 0; p < t.partitions; ++p) partitions.push_back(p);
    }
    members.push_back(std::move(member));
  }
  const std::int32_t generation = ++generations_[group.name];
  const std::optional<std::string> protocol =
      has_member ? std::optional<std::string>("range") : std::optional<std::string>();
  const std::optional<std::string> leader =
      has_member ? std::optional<std::string>(members.front().member_id) : std::optional<std::string>();
  mock_->produce(kOffsetsTopic, mock::offsets_partition_for(group.name, scenario_.offsets_partitions),
                 mock::encode_group_metadata_key(group.name),
                 mock::encode_group_metadata_value(kGroupMetadataVersion, "consumer", generation, protocol, leader,
                                                   members, to_unix_ms(clock_.now())));
}

}  // namespace warren::demo
