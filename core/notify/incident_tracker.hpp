// IncidentTracker: Burrow's decision of when to notify (reference/burrow.md §6.1), per group and
// per notifier, as plain values over a `now` passed in by the caller (the coordinator reads its
// injected clock), so that every rule is testable without sleeping.
//
// Per group: an incident (a random UUID v4 id and a start time) opens when the group is seen
// above OK with none open, and closes when it is seen OK. Per group and notifier: the time of the
// last "open" notification. For each evaluation result, each notifier whose group allow/deny
// lists accept the group decides, first match wins:
//   1. an incident is open, the group is OK and the notifier has send-close: send a close and
//      forget the last-notify time;
//   2. the status code is below the notifier's threshold: nothing;
//   3. send-once and an open was already sent: nothing;
//   4. at least send-interval since the last open (or none sent yet): send an open.
// NOTFOUND results are ignored. Burrow's quirks are kept on purpose: threshold 1 sends periodic
// opens for OK groups; an incident opened by WARN still closes on notifiers whose threshold is
// ERR; with send-once and no send-close a group is notified once per process lifetime.
//
// One departure: rule 4 sends when send-interval has passed *within kRepeatTolerance* (Burrow:
// strictly more than send-interval). Evaluation passes come every `interval` give or take a few
// milliseconds of scheduling; with send-interval equal to interval, an exact comparison would
// skip every other pass whenever a pass runs a little early, doubling the repeat period.
//
// Not thread safe: the coordinator owns it and calls it from its one thread.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/base/clock.hpp"
#include "core/model/status.hpp"
#include "core/store/group_filter.hpp"

namespace warren::notify {

enum class NotificationKind { open, close };

std::string_view to_string(NotificationKind kind) noexcept;

// One bad spell of a group. A closed (or never opened) incident has an empty id.
struct Incident {
  std::string id;
  TimePoint start{};

  bool is_open() const noexcept { return !id.empty(); }
  bool operator==(const Incident&) const = default;
};

// The keys of [notifier.NAME] that decide when it sends.
struct NotifyPolicy {
  int threshold{2};
  bool send_close{false};
  bool send_once{false};
  Millis send_interval{std::chrono::seconds(60)};
};

inline constexpr Millis kRepeatTolerance{250};

// Rules 1–4 for one notifier. `last_open` is the notifier's last open notification for the group
// (nullopt: none, or forgotten by a close); on return it holds the new value.
std::optional<NotificationKind> decide(const NotifyPolicy& policy, bool incident_open, model::Status status,
                                       std::optional<TimePoint>& last_open, TimePoint now);

// What the tracker asks to be sent: notifier `notifier` (an index into the rules it was built
// with) sends `kind` for `incident`.
struct Decision {
  std::size_t notifier{0};
  NotificationKind kind{NotificationKind::open};
  Incident incident;
  bool operator==(const Decision&) const = default;
};

struct NotifierRules {
  NotifyPolicy policy;
  store::GroupFilter groups;  // the notifier's group-allowlist / group-denylist
};

class IncidentTracker {
 public:
  using IdGenerator = std::function<std::string()>;

  IncidentTracker(std::vector<NotifierRules> notifiers, IdGenerator new_id);

  // One evaluation result of `group` in `cluster`: the notifications to send, in notifier order.
  std::vector<Decision> observe(const std::string& cluster, const std::string& group, model::Status status,
                                TimePoint now);

  // Forgets every group not in `present` (cluster, group): as Burrow, a group that left the store
  // loses its incident and last-notify times, without a close.
  void retain(const std::set<std::pair<std::string, std::string>>& present);

  // The group's incident; a closed one when there is none.
  Incident incident(const std::string& cluster, const std::string& group) const;
  std::size_t tracked_groups() const noexcept { return groups_.size(); }
  std::size_t notifier_count() const noexcept { return notifiers_.size(); }

 private:
  struct GroupState {
    Incident incident;
    std::vector<std::optional<TimePoint>> last_open;  // per notifier
  };

  std::vector<NotifierRules> notifiers_;
  IdGenerator new_id_;
  std::map<std::pair<std::string, std::string>, GroupState> groups_;
};

}  // namespace warren::notify
