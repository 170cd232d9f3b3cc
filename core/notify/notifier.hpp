// Notifier: one configured [notifier.NAME] that can deliver a notification (HTTP request, email,
// or nothing for class-name "null"). Implementations render the notifier's templates and talk to
// the receiver; when to send and how often to retry is decided elsewhere (IncidentTracker,
// NotifierWorker).
//
// send() is called from the notifier's own worker thread only, one call at a time, so an
// implementation may keep a connection open between calls without locking.
#pragma once

#include <memory>
#include <string>

#include "core/eval/group_status.hpp"
#include "core/notify/incident_tracker.hpp"

namespace warren::notify {

// One notification to deliver: what the templates are rendered from.
struct Notification {
  NotificationKind kind{NotificationKind::open};
  std::string cluster;
  std::string group;
  Incident incident;
  std::shared_ptr<const eval::GroupStatus> result;  // the evaluation that triggered it
};

struct SendOutcome {
  enum class Kind {
    sent,       // the receiver accepted it
    retry,      // transient: receiver unreachable, timed out, 5xx, 429, SMTP 4xx
    permanent,  // retrying cannot help: template error, 4xx, SMTP 5xx, bad certificate
  };
  Kind kind{Kind::sent};
  std::string detail;  // for the log: status code, error text

  static SendOutcome ok(std::string detail = {}) { return {Kind::sent, std::move(detail)}; }
  static SendOutcome transient(std::string detail) { return {Kind::retry, std::move(detail)}; }
  static SendOutcome failed(std::string detail) { return {Kind::permanent, std::move(detail)}; }
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual SendOutcome send(const Notification& notification) = 0;
  // Called from another thread when warren stops: a send() in progress should give up soon
  // rather than wait for its timeout. Later sends may fail at once.
  virtual void cancel() noexcept {}
};

}  // namespace warren::notify
