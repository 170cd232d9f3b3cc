#include "core/eval/partition_rules.hpp"

namespace warren::eval {

using model::Status;

bool lag_always_not_zero(Commits commits, std::int64_t allowed_lag) noexcept {
  for (const auto& c : commits) {
    if (c.has_lag() && c.lag_raw <= allowed_lag) return false;
  }
  return true;
}

int first_rewind_index(Commits commits) noexcept {
  for (std::size_t i = 1; i < commits.size(); ++i) {
    if (commits[i].offset < commits[i - 1].offset) return static_cast<int>(i);
  }
  return -1;
}

bool rewind_recovered(Commits commits, int rewind) noexcept {
  if (rewind < 1 || static_cast<std::size_t>(rewind) >= commits.size()) return false;
  const std::int64_t before = commits[static_cast<std::size_t>(rewind) - 1].offset;
  for (std::size_t j = static_cast<std::size_t>(rewind); j < commits.size(); ++j) {
    if (commits[j].offset >= before) return true;
  }
  return false;
}

bool stopped(Commits commits, std::int64_t now_s) noexcept {
  if (commits.empty()) return false;
  const std::int64_t first = commits.front().timestamp_ms;
  const std::int64_t last = commits.back().timestamp_ms;
  return (now_s * 1000 - last) > (last - first);
}

bool stalled(Commits commits) noexcept {
  for (std::size_t i = 1; i < commits.size(); ++i) {
    if (commits[i].offset != commits[i - 1].offset) return false;
  }
  return true;
}

bool lag_not_decreasing(Commits commits) noexcept {
  bool have_previous = false;
  std::int64_t previous = 0;
  for (const auto& c : commits) {
    if (!c.has_lag()) continue;
    if (have_previous && c.lag_raw < previous) return false;
    previous = c.lag_raw;
    have_previous = true;
  }
  return true;
}

bool recent_lag_zero(Commits commits, BrokerOffsets broker) noexcept {
  if (commits.empty()) return false;
  const std::int64_t last = commits.back().offset;
  for (std::int64_t b : broker) {
    if (b <= last) return true;
  }
  return false;
}

Status partition_status(Commits commits, BrokerOffsets broker, std::int64_t current_lag, std::int64_t now_s,
                        std::int64_t allowed_lag) noexcept {
  if (commits.empty() || current_lag <= allowed_lag) return Status::ok;
  if (stopped(commits, now_s) && !recent_lag_zero(commits, broker)) return Status::stop;
  const int rewind = first_rewind_index(commits);
  if (rewind > 0 && !rewind_recovered(commits, rewind)) return Status::rewind;
  if (lag_always_not_zero(commits, allowed_lag)) {
    if (stalled(commits)) return Status::stall;
    if (lag_not_decreasing(commits)) return Status::warn;
  }
  return Status::ok;
}

}  // namespace warren::eval
