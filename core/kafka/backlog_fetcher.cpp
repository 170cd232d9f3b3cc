#include "core/kafka/backlog_fetcher.hpp"

#include <algorithm>
#include <chrono>

#include "core/kafka/broker_connection.hpp"
#include "core/kafka/fetch_protocol.hpp"
#include "core/kafka/record_set.hpp"

namespace warren::kafka {

namespace {
// A response may exceed max_bytes by one batch per partition (a broker returns the first batch
// whole however large); more than this is not a fetch response.
constexpr std::size_t kMaxResponse = std::size_t{1} << 30;
}  // namespace

BacklogFetcher::BacklogFetcher(BacklogOptions options,
                               const std::map<std::string, std::vector<BacklogRange>>& by_leader)
    : options_(std::move(options)) {
  running_ = by_leader.size();
  for (const auto& [address, ranges] : by_leader) {
    threads_.emplace_back([this, address, ranges](std::stop_token stop) { read_leader(stop, address, ranges); });
  }
}

BacklogFetcher::~BacklogFetcher() {
  for (auto& t : threads_) t.request_stop();
  threads_.clear();  // joins
}

bool BacklogFetcher::push(std::stop_token stop, BacklogChunk chunk) {
  std::unique_lock lock(mutex_);
  if (!changed_.wait(lock, stop, [&] { return queue_.size() < options_.queue_depth; })) return false;
  queue_.push_back(std::move(chunk));
  changed_.notify_all();
  return true;
}

void BacklogFetcher::finish(const std::vector<BacklogOutcome>& outcomes) {
  std::lock_guard lock(mutex_);
  outcomes_.insert(outcomes_.end(), outcomes.begin(), outcomes.end());
  --running_;
  changed_.notify_all();
}

std::optional<BacklogChunk> BacklogFetcher::next(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  if (!changed_.wait(lock, stop, [&] { return !queue_.empty() || running_ == 0; })) return std::nullopt;
  if (queue_.empty()) return std::nullopt;
  BacklogChunk chunk = std::move(queue_.front());
  queue_.pop_front();
  changed_.notify_all();
  return chunk;
}

std::vector<BacklogOutcome> BacklogFetcher::outcomes() const {
  std::lock_guard lock(mutex_);
  return outcomes_;
}

void BacklogFetcher::read_leader(std::stop_token stop, const std::string& address, std::vector<BacklogRange> ranges) {
  std::vector<BacklogOutcome> state;
  for (const auto& r : ranges) {
    state.push_back({.partition = r.partition, .position = r.from, .finished = r.from >= r.until, .why = {}});
  }
  auto give_up_all = [&](const std::string& why) {
    for (auto& s : state) {
      if (!s.finished && s.why.empty()) s.why = why;
    }
  };
  auto active = [](const BacklogOutcome& s) { return !s.finished && s.why.empty(); };
  const auto timeout = std::chrono::milliseconds(options_.request_timeout_ms);
  auto opened = BrokerConnection::open(address, std::chrono::steady_clock::now() + timeout, stop);
  if (!opened) {
    give_up_all(opened.error().message);
    finish(state);
    return;
  }
  BrokerConnection conn = std::move(opened).value();
  std::int32_t correlation = 0;
  while (!stop.stop_requested()) {
    FetchRequestV4 request{.correlation_id = ++correlation,
                           .client_id = options_.client_id,
                           .max_wait_ms = 0,
                           .min_bytes = 0,
                           .max_bytes = options_.max_bytes,
                           .read_committed = false,
                           .topic = options_.topic,
                           .partitions = {}};
    // A full response leaves the partitions asked last empty-handed: start each round further on.
    for (std::size_t i = 0; i < state.size(); ++i) {
      const auto& s = state[(i + static_cast<std::size_t>(correlation)) % state.size()];
      if (active(s)) {
        request.partitions.push_back(
            {.partition = s.partition, .offset = s.position, .max_bytes = options_.partition_max_bytes});
      }
    }
    if (request.partitions.empty()) break;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (auto sent = conn.send(encode_fetch_request_v4(request), deadline, stop); !sent) {
      give_up_all(sent.error().message);
      break;
    }
    BacklogChunk chunk;
    if (auto got = conn.receive(chunk.buffer, kMaxResponse, deadline, stop); !got) {
      give_up_all(got.error().message);
      break;
    }
    auto parts = decode_fetch_response_v4(chunk.buffer, request.correlation_id, options_.topic);
    if (!parts) {
      give_up_all(address + ": " + parts.error().message);
      break;
    }
    for (const auto& part : *parts) {
      auto it = std::find_if(state.begin(), state.end(),
                             [&](const BacklogOutcome& s) { return s.partition == part.partition && active(s); });
      if (it == state.end()) continue;
      const BacklogRange& range = ranges[static_cast<std::size_t>(it - state.begin())];
      if (part.error_code != 0) {
        it->why = "broker error " + std::to_string(part.error_code);
        continue;
      }
      RecordSetReader walk(part.records, it->position);
      walk.skip_to_end();
      if (walk.next_offset() > it->position) {
        chunk.parts.push_back(
            {.partition = part.partition, .from = it->position, .next = walk.next_offset(), .records = part.records});
        it->position = walk.next_offset();
      }
      if (it->position >= range.until) {
        it->finished = true;
      } else if (walk.end() != RecordSetEnd::complete && walk.end() != RecordSetEnd::partial) {
        it->why = to_string(walk.end()) + " at offset " + std::to_string(walk.next_offset());
      } else if (part.high_watermark >= 0 && part.high_watermark <= it->position) {
        it->why = "high-water mark " + std::to_string(part.high_watermark) + " below the end read at start";
      }
    }
    if (chunk.parts.empty()) {
      // Not one record for any partition: a batch larger than the fetch size, or partitions the
      // broker no longer leads and left out. Whatever it is, librdkafka knows how to go on.
      give_up_all("no records returned by " + address);
      break;
    }
    if (!push(stop, std::move(chunk))) break;
  }
  if (stop.stop_requested()) give_up_all("stopped");
  finish(state);
}

}  // namespace warren::kafka
