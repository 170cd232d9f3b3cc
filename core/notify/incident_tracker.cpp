#include "core/notify/incident_tracker.hpp"

namespace warren::notify {

std::string_view to_string(NotificationKind kind) noexcept { return kind == NotificationKind::open ? "open" : "close"; }

std::optional<NotificationKind> decide(const NotifyPolicy& policy, bool incident_open, model::Status status,
                                       std::optional<TimePoint>& last_open, TimePoint now) {
  // 1. Closes go out whatever the threshold, as in Burrow.
  if (incident_open && status == model::Status::ok && policy.send_close) {
    last_open.reset();
    return NotificationKind::close;
  }
  // 2.
  if (model::code(status) < policy.threshold) return std::nullopt;
  // 3.
  if (policy.send_once && last_open) return std::nullopt;
  // 4.
  if (!last_open || now - *last_open + kRepeatTolerance >= policy.send_interval) {
    last_open = now;
    return NotificationKind::open;
  }
  return std::nullopt;
}

IncidentTracker::IncidentTracker(std::vector<NotifierRules> notifiers, IdGenerator new_id)
    : notifiers_(std::move(notifiers)), new_id_(std::move(new_id)) {}

std::vector<Decision> IncidentTracker::observe(const std::string& cluster, const std::string& group,
                                               model::Status status, TimePoint now) {
  std::vector<Decision> out;
  if (status == model::Status::notfound) return out;
  auto& state = groups_[{cluster, group}];
  state.last_open.resize(notifiers_.size());
  if (!state.incident.is_open() && model::code(status) > model::code(model::Status::ok)) {
    state.incident = Incident{.id = new_id_(), .start = now};
  }
  for (std::size_t i = 0; i < notifiers_.size(); ++i) {
    if (!notifiers_[i].groups.accepts(group)) continue;
    if (auto kind = decide(notifiers_[i].policy, state.incident.is_open(), status, state.last_open[i], now)) {
      out.push_back(Decision{.notifier = i, .kind = *kind, .incident = state.incident});
    }
  }
  if (status == model::Status::ok) state.incident = Incident{};
  return out;
}

void IncidentTracker::retain(const std::set<std::pair<std::string, std::string>>& present) {
  std::erase_if(groups_, [&](const auto& entry) { return !present.contains(entry.first); });
}

Incident IncidentTracker::incident(const std::string& cluster, const std::string& group) const {
  const auto it = groups_.find({cluster, group});
  return it == groups_.end() ? Incident{} : it->second.incident;
}

}  // namespace warren::notify
