#include "core/notify/notifier_set.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <set>

#include "core/notify/email_notifier.hpp"
#include "core/notify/http_notifier.hpp"
#include "core/notify/incident_id.hpp"
#include "core/notify/notification_templates.hpp"

namespace warren::notify {
namespace {

// class-name "null": Burrow's notifier that sends nothing; counted as sent.
class NullNotifier final : public Notifier {
 public:
  SendOutcome send(const Notification&) override { return SendOutcome::ok("null notifier"); }
};

std::vector<NotifierRules> take_rules(std::vector<NotifierSpec>& specs) {
  std::vector<NotifierRules> rules;
  rules.reserve(specs.size());
  for (auto& s : specs) rules.push_back(std::move(s.rules));
  return rules;
}

}  // namespace

EvaluateAll evaluate_all_groups(engine::Engine& engine) {
  return [&engine] {
    GroupResults results;
    for (const auto& cluster : engine.store().cluster_names()) {
      const auto* groups = engine.store().cluster(cluster);
      if (groups == nullptr) continue;
      for (const auto& group : groups->groups()) results.push_back(engine.evaluator().evaluate(cluster, group));
    }
    return results;
  };
}

Result<NotifierSpec> build_notifier(const config::NotifierConfig& config, const std::filesystem::path& config_dir,
                                    const Clock& clock) {
  auto filter = store::GroupFilter::create(config.group_allowlist, config.group_denylist);
  if (!filter)
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("[notifier.{}] {}", config.name, filter.error().message));
  NotifierSpec spec{.name = config.name,
                    .class_name = config.class_name,
                    .rules = {.policy = {.threshold = config.threshold,
                                         .send_close = config.send_close,
                                         .send_once = config.send_once,
                                         .send_interval = std::chrono::seconds(config.send_interval)},
                              .groups = std::move(filter).value()},
                    .interval = std::chrono::seconds(config.interval)};
  if (config.class_name == "null") {
    spec.notifier = std::make_unique<NullNotifier>();
    return spec;
  }
  auto templates = NotificationTemplates::load(config, config_dir);
  if (!templates) return templates.error();
  if (config.class_name == "http") {
    auto http = HttpNotifier::create(config, std::move(templates).value());
    if (!http) return http.error();
    spec.notifier = std::move(http).value();
  } else if (config.class_name == "email") {
    auto email = EmailNotifier::create(config, std::move(templates).value(), clock);
    if (!email) return email.error();
    spec.notifier = std::move(email).value();
  } else {
    return make_error(
        ErrorCode::invalid_argument,
        fmt::format("[notifier.{}] class-name \"{}\" is not http, email or null", config.name, config.class_name));
  }
  return spec;
}

Result<std::unique_ptr<NotifierSet>> NotifierSet::create(const config::Config& config, const Clock& clock,
                                                         CoordinatorOptions options) {
  const std::filesystem::path config_dir = std::filesystem::path(config.source_file).parent_path();
  std::vector<NotifierSpec> specs;
  std::string errors;
  for (const auto& n : config.notifiers) {
    auto spec = build_notifier(n, config_dir, clock);
    if (!spec) {
      errors += (errors.empty() ? "" : "\n") + spec.error().message;
      continue;
    }
    specs.push_back(std::move(spec).value());
  }
  if (!errors.empty()) return make_error(ErrorCode::invalid_argument, errors);
  auto ids = std::make_shared<UuidGenerator>();
  return std::make_unique<NotifierSet>(std::move(specs), clock, options, [ids] { return ids->next(); });
}

NotifierSet::NotifierSet(std::vector<NotifierSpec> notifiers, const Clock& clock, CoordinatorOptions options,
                         IncidentTracker::IdGenerator new_id)
    : clock_(clock), options_(options), tracker_(take_rules(notifiers), std::move(new_id)) {
  if (!notifiers.empty()) {
    interval_ = std::min_element(notifiers.begin(), notifiers.end(), [](const auto& a, const auto& b) {
                  return a.interval < b.interval;
                })->interval;
  }
  for (auto& n : notifiers) {
    workers_.push_back(std::make_unique<NotifierWorker>(n.name, n.class_name, std::move(n.notifier), options_.retry));
  }
}

NotifierSet::~NotifierSet() { stop(); }

void NotifierSet::start_delivery() {
  for (auto& w : workers_) w->start();
}

void NotifierSet::start(EvaluateAll evaluate, std::function<bool()> ready) {
  if (workers_.empty() || loop_.joinable()) return;
  start_delivery();
  loop_ = std::jthread([this, evaluate = std::move(evaluate), ready = std::move(ready)](const std::stop_token& stop) {
    run(stop, evaluate, ready);
  });
  std::string names;
  for (const auto& w : workers_)
    names += fmt::format("{}{} ({})", names.empty() ? "" : ", ", w->name(), w->class_name());
  logger_.info("started {} notifier{}: {}; evaluating every {} s", workers_.size(), workers_.size() == 1 ? "" : "s",
               names, std::chrono::duration<double>(interval_).count());
}

void NotifierSet::stop() {
  if (loop_.joinable()) {
    loop_.request_stop();
    loop_.join();
  }
  // Workers stop last: whatever the last pass queued is counted as dropped if not sent by then.
  for (auto& w : workers_) w->stop();
}

void NotifierSet::run(const std::stop_token& stop, const EvaluateAll& evaluate, const std::function<bool()>& ready) {
  const auto limit = std::chrono::steady_clock::now() + options_.first_evaluation_limit;
  {
    std::unique_lock lock(wake_mutex_);
    while (!stop.stop_requested() && !(ready && ready()) && std::chrono::steady_clock::now() < limit) {
      wake_.wait_for(lock, stop, options_.ready_poll, [] { return false; });
    }
  }
  if (stop.stop_requested()) return;
  if (ready && !ready()) {
    logger_.warn("sources have not caught up after {} s; evaluating groups anyway",
                 std::chrono::duration<double>(options_.first_evaluation_limit).count());
  }
  auto next = std::chrono::steady_clock::now();
  while (!stop.stop_requested()) {
    observe(evaluate());
    // A pass that overran its interval is not followed by a burst of catch-up passes.
    next = std::max(next + interval_, std::chrono::steady_clock::now());
    std::unique_lock lock(wake_mutex_);
    wake_.wait_until(lock, stop, next, [] { return false; });
  }
}

void NotifierSet::observe(const GroupResults& results) {
  const TimePoint now = clock_.now();
  std::set<std::pair<std::string, std::string>> present;
  for (const auto& result : results) {
    if (!result) continue;
    present.emplace(result->cluster, result->group);
    for (auto& decision : tracker_.observe(result->cluster, result->group, result->status, now)) {
      workers_[decision.notifier]->enqueue(Notification{.kind = decision.kind,
                                                        .cluster = result->cluster,
                                                        .group = result->group,
                                                        .incident = std::move(decision.incident),
                                                        .result = result});
    }
  }
  tracker_.retain(present);
  ++evaluations_;
}

std::vector<NotifierStats> NotifierSet::stats() const {
  std::vector<NotifierStats> out;
  for (const auto& w : workers_) out.push_back({w->name(), w->class_name(), w->counters()});
  return out;
}

}  // namespace warren::notify
