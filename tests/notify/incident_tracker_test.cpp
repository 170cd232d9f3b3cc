// Burrow's notification decisions (reference/burrow.md §6.1), rule by rule and quirk by quirk, on a
// manual clock.
#include "core/notify/incident_tracker.hpp"

#include <doctest/doctest.h>

#include <regex>

#include "core/notify/incident_id.hpp"

using namespace warren;
using namespace warren::notify;
using model::Status;
using std::chrono::seconds;

namespace {

const TimePoint kT0 = from_unix_ms(1'700'000'000'000);

NotifierRules rules(NotifyPolicy policy, const std::string& allow = "", const std::string& deny = "") {
  return NotifierRules{.policy = policy, .groups = store::GroupFilter::create(allow, deny).value()};
}

// Ids "incident-1", "incident-2", ... so that tests can tell incidents apart.
IncidentTracker::IdGenerator counting_ids() {
  auto n = std::make_shared<int>(0);
  return [n] { return "incident-" + std::to_string(++*n); };
}

IncidentTracker tracker_of(NotifyPolicy policy) {
  std::vector<NotifierRules> r;
  r.push_back(rules(policy));
  return IncidentTracker(std::move(r), counting_ids());
}

Decision open(const std::string& id, TimePoint start, std::size_t notifier = 0) {
  return {.notifier = notifier, .kind = NotificationKind::open, .incident = {.id = id, .start = start}};
}
Decision close(const std::string& id, TimePoint start, std::size_t notifier = 0) {
  return {.notifier = notifier, .kind = NotificationKind::close, .incident = {.id = id, .start = start}};
}

}  // namespace

TEST_SUITE("notify") {
  TEST_CASE("decide: Burrow's four rules, first match wins") {
    // Policy: threshold WARN, send-interval 60 s unless stated.
    struct Vector {
      const char* what;
      NotifyPolicy policy;
      bool incident_open;
      Status status;
      std::optional<Millis> last_open_ago;  // nullopt: never sent (Go's zero time)
      std::optional<NotificationKind> expected;
      std::optional<Millis> last_open_after;  // nullopt: reset
    };
    const NotifyPolicy base{.threshold = 2, .send_close = false, .send_once = false, .send_interval = seconds(60)};
    NotifyPolicy with_close = base;
    with_close.send_close = true;
    NotifyPolicy once = base;
    once.send_once = true;
    NotifyPolicy err_only = base;
    err_only.threshold = 3;
    NotifyPolicy err_only_close = err_only;
    err_only_close.send_close = true;
    const Vector vectors[] = {
        // 1. open incident + OK + send-close: close, and the last-notify time is forgotten.
        {"1: close on recovery", with_close, true, Status::ok, seconds(5), NotificationKind::close, std::nullopt},
        {"1: close even if never opened for this notifier", with_close, true, Status::ok, std::nullopt,
         NotificationKind::close, std::nullopt},
        {"1: close whatever the threshold", err_only_close, true, Status::ok, std::nullopt, NotificationKind::close,
         std::nullopt},
        {"1: no send-close: OK is below threshold", base, true, Status::ok, seconds(5), std::nullopt, seconds(5)},
        {"1: no incident: no close", with_close, false, Status::ok, std::nullopt, std::nullopt, std::nullopt},
        // 2. below threshold: nothing.
        {"2: WARN below threshold ERR", err_only, true, Status::warn, std::nullopt, std::nullopt, std::nullopt},
        {"2: ERR at threshold ERR opens", err_only, true, Status::err, std::nullopt, NotificationKind::open,
         seconds(0)},
        // 3. send-once and already sent: nothing, however long ago.
        {"3: send-once, already sent", once, true, Status::err, seconds(100000), std::nullopt, seconds(100000)},
        {"3: send-once, first time", once, true, Status::err, std::nullopt, NotificationKind::open, seconds(0)},
        // 4. send-interval since the last open.
        {"4: first open", base, true, Status::warn, std::nullopt, NotificationKind::open, seconds(0)},
        {"4: too soon", base, true, Status::err, seconds(59), std::nullopt, seconds(59)},
        {"4: exactly send-interval later", base, true, Status::err, seconds(60), NotificationKind::open, seconds(0)},
        {"4: later", base, true, Status::err, seconds(61), NotificationKind::open, seconds(0)},
        // A pass that runs a little early (scheduling) still repeats: kRepeatTolerance is 250 ms.
        {"4: 200 ms early", base, true, Status::err, Millis(59800), NotificationKind::open, seconds(0)},
        {"4: 300 ms early", base, true, Status::err, Millis(59700), std::nullopt, Millis(59700)},
    };
    for (const auto& v : vectors) {
      CAPTURE(v.what);
      std::optional<TimePoint> last;
      if (v.last_open_ago) last = kT0 - *v.last_open_ago;
      const auto got = decide(v.policy, v.incident_open, v.status, last, kT0);
      CHECK(got == v.expected);
      if (v.last_open_after) {
        REQUIRE(last.has_value());
        CHECK(*last == kT0 - *v.last_open_after);
      } else {
        CHECK_FALSE(last.has_value());
      }
    }
  }

  TEST_CASE("an incident opens when a group turns bad, repeats every send-interval and closes on recovery") {
    ManualClock clock(kT0);
    auto t = tracker_of({.threshold = 2, .send_close = true, .send_interval = seconds(30)});
    CHECK(t.observe("c", "g", Status::ok, clock.now()).empty());
    CHECK_FALSE(t.incident("c", "g").is_open());

    clock.advance(seconds(10));
    const TimePoint start = clock.now();
    CHECK(t.observe("c", "g", Status::warn, clock.now()) == std::vector{open("incident-1", start)});
    CHECK(t.incident("c", "g") == Incident{.id = "incident-1", .start = start});

    clock.advance(seconds(10));  // 10 s later: too soon; the incident keeps its id and start
    CHECK(t.observe("c", "g", Status::err, clock.now()).empty());
    clock.advance(seconds(20));  // 30 s after the first open
    CHECK(t.observe("c", "g", Status::err, clock.now()) == std::vector{open("incident-1", start)});

    clock.advance(seconds(10));
    CHECK(t.observe("c", "g", Status::ok, clock.now()) == std::vector{close("incident-1", start)});
    CHECK_FALSE(t.incident("c", "g").is_open());
    clock.advance(seconds(10));
    CHECK(t.observe("c", "g", Status::ok, clock.now()).empty());

    // The next bad spell is a new incident, notified at once (the close reset last-notify).
    clock.advance(seconds(1));
    CHECK(t.observe("c", "g", Status::err, clock.now()) == std::vector{open("incident-2", clock.now())});
  }

  TEST_CASE("without send-close the incident ends silently and last-notify is kept") {
    ManualClock clock(kT0);
    auto t = tracker_of({.threshold = 2, .send_close = false, .send_interval = seconds(60)});
    CHECK(t.observe("c", "g", Status::err, clock.now()).size() == 1);
    clock.advance(seconds(10));
    CHECK(t.observe("c", "g", Status::ok, clock.now()).empty());
    CHECK_FALSE(t.incident("c", "g").is_open());
    // A new bad spell within send-interval of the last open: a new incident, but no open yet.
    clock.advance(seconds(10));
    CHECK(t.observe("c", "g", Status::err, clock.now()).empty());
    CHECK(t.incident("c", "g").id == "incident-2");
    clock.advance(seconds(40));
    CHECK(t.observe("c", "g", Status::err, clock.now()) == std::vector{open("incident-2", kT0 + seconds(20))});
  }

  TEST_CASE("send-once: one open per incident when send-close resets it") {
    ManualClock clock(kT0);
    auto t = tracker_of({.threshold = 2, .send_close = true, .send_once = true, .send_interval = seconds(1)});
    CHECK(t.observe("c", "g", Status::err, clock.now()).size() == 1);
    for (int i = 0; i < 5; ++i) {
      clock.advance(seconds(120));
      CHECK(t.observe("c", "g", Status::err, clock.now()).empty());
    }
    CHECK(t.observe("c", "g", Status::ok, clock.now()).size() == 1);  // the close
    clock.advance(seconds(1));
    CHECK(t.observe("c", "g", Status::warn, clock.now()) == std::vector{open("incident-2", clock.now())});
  }

  TEST_CASE("quirk: send-once without send-close notifies a group once per process lifetime") {
    ManualClock clock(kT0);
    auto t = tracker_of({.threshold = 2, .send_close = false, .send_once = true, .send_interval = seconds(1)});
    CHECK(t.observe("c", "g", Status::err, clock.now()).size() == 1);
    clock.advance(seconds(60));
    CHECK(t.observe("c", "g", Status::ok, clock.now()).empty());
    clock.advance(seconds(3600));
    CHECK(t.observe("c", "g", Status::err, clock.now()).empty());
    CHECK(t.incident("c", "g").id == "incident-2");  // the incident is new, the notifier stays silent
  }

  TEST_CASE("quirk: threshold 1 sends periodic opens for OK groups, with no incident") {
    ManualClock clock(kT0);
    auto t = tracker_of({.threshold = 1, .send_close = true, .send_interval = seconds(60)});
    CHECK(t.observe("c", "g", Status::ok, clock.now()) == std::vector{open("", TimePoint{})});
    clock.advance(seconds(30));
    CHECK(t.observe("c", "g", Status::ok, clock.now()).empty());
    clock.advance(seconds(30));
    CHECK(t.observe("c", "g", Status::ok, clock.now()) == std::vector{open("", TimePoint{})});
  }

  TEST_CASE("quirk: an incident opened by WARN closes on a notifier whose threshold is ERR") {
    ManualClock clock(kT0);
    auto t = tracker_of({.threshold = 3, .send_close = true, .send_interval = seconds(60)});
    CHECK(t.observe("c", "g", Status::warn, clock.now()).empty());
    CHECK(t.incident("c", "g").is_open());
    clock.advance(seconds(10));
    CHECK(t.observe("c", "g", Status::ok, clock.now()) == std::vector{close("incident-1", kT0)});
  }

  TEST_CASE("NOTFOUND is ignored: no incident, no notification, no state change") {
    ManualClock clock(kT0);
    auto t = tracker_of({.threshold = 0, .send_close = true, .send_interval = seconds(0)});
    CHECK(t.observe("c", "g", Status::notfound, clock.now()).empty());
    CHECK(t.tracked_groups() == 0);
    CHECK(t.observe("c", "g", Status::err, clock.now()).size() == 1);
    CHECK(t.observe("c", "g", Status::notfound, clock.now()).empty());
    CHECK(t.incident("c", "g").is_open());
  }

  TEST_CASE("per-notifier allow and deny lists; the incident is shared by all notifiers") {
    ManualClock clock(kT0);
    std::vector<NotifierRules> r;
    r.push_back(rules({.threshold = 2, .send_close = true}, "^orders-"));    // 0: allowlist
    r.push_back(rules({.threshold = 2, .send_close = true}, "", "-test$"));  // 1: denylist
    r.push_back(rules({.threshold = 2, .send_close = true}));                // 2: everything
    IncidentTracker t(std::move(r), counting_ids());

    auto notifiers_of = [](const std::vector<Decision>& ds) {
      std::vector<std::size_t> out;
      for (const auto& d : ds) out.push_back(d.notifier);
      return out;
    };
    CHECK(notifiers_of(t.observe("c", "orders-app", Status::err, clock.now())) == std::vector<std::size_t>{0, 1, 2});
    CHECK(notifiers_of(t.observe("c", "orders-test", Status::err, clock.now())) == std::vector<std::size_t>{0, 2});
    CHECK(notifiers_of(t.observe("c", "billing", Status::err, clock.now())) == std::vector<std::size_t>{1, 2});
    // A notifier that rejects the group does not close it either, but the incident still ends.
    const auto closes = t.observe("c", "billing", Status::ok, clock.now());
    CHECK(notifiers_of(closes) == std::vector<std::size_t>{1, 2});
    CHECK(closes[0].incident == closes[1].incident);
    CHECK_FALSE(t.incident("c", "billing").is_open());
  }

  TEST_CASE("groups are tracked per cluster, and a group that leaves the store is forgotten without a close") {
    ManualClock clock(kT0);
    auto t = tracker_of({.threshold = 2, .send_close = true, .send_interval = seconds(60)});
    CHECK(t.observe("a", "g", Status::err, clock.now()) == std::vector{open("incident-1", kT0)});
    CHECK(t.observe("b", "g", Status::err, clock.now()) == std::vector{open("incident-2", kT0)});
    t.retain({{"b", "g"}});
    CHECK(t.tracked_groups() == 1);
    CHECK_FALSE(t.incident("a", "g").is_open());
    CHECK(t.incident("b", "g").id == "incident-2");
    // Back in the store and OK: nothing to close, it was forgotten.
    CHECK(t.observe("a", "g", Status::ok, clock.now()).empty());
  }

  TEST_CASE("incident ids are random UUID version 4 strings") {
    const std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    CHECK(format_uuid_v4(0, 0) == "00000000-0000-4000-8000-000000000000");
    CHECK(format_uuid_v4(~0ULL, ~0ULL) == "ffffffff-ffff-4fff-bfff-ffffffffffff");
    UuidGenerator ids;
    const auto a = ids.next();
    const auto b = ids.next();
    CHECK(std::regex_match(a, uuid));
    CHECK(std::regex_match(b, uuid));
    CHECK(a != b);
  }
}
