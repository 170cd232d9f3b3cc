#include "server/metrics.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <vector>

#include "server/go_json.hpp"

namespace warren::server {

namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

std::string escape_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  return out;
}

// Families in name order, samples in label order, as Go's registry writes them.
class Exposition {
 public:
  void family(const std::string& name, std::string help, std::string type) {
    families_[name].help = std::move(help);
    families_[name].type = std::move(type);
  }
  void sample(const std::string& name, const Labels& labels, double value) {
    std::string l;
    for (const auto& [k, v] : labels) l += (l.empty() ? "" : ",") + k + "=\"" + escape_label(v) + "\"";
    families_[name].samples.emplace_back(l, value);
  }
  std::string str() {
    std::string out;
    for (auto& [name, f] : families_) {
      if (f.samples.empty()) continue;
      std::sort(f.samples.begin(), f.samples.end());
      out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + f.type + "\n";
      for (const auto& [labels, value] : f.samples) {
        out += name;
        if (!labels.empty()) out += "{" + labels + "}";
        out += " " + go_float64_g(value) + "\n";
      }
    }
    return out;
  }

 private:
  struct Family {
    std::string help;
    std::string type;
    std::vector<std::pair<std::string, double>> samples;
  };
  std::map<std::string, Family> families_;
};

}  // namespace

std::string render_metrics(engine::Engine& engine, const kafka::SourceSet* sources,
                           const notify::NotifierSet* notifiers) {
  Exposition e;
  e.family("burrow_kafka_consumer_lag_total", "The sum of all partition current lag values for the group", "gauge");
  e.family("burrow_kafka_consumer_status", "The status of the consumer group (0 NOTFOUND, 1 OK, 2 WARN, 3 ERR)",
           "gauge");
  e.family("burrow_kafka_consumer_partition_lag", "The current lag of the partition for the group", "gauge");
  e.family("burrow_kafka_consumer_current_offset", "The newest committed offset of the partition for the group",
           "gauge");
  e.family("burrow_kafka_topic_partition_status",
           "The status of the partition for the group (1 OK, 2 WARN, 4 STOP, 5 STALL, 6 REWIND)", "gauge");
  e.family("burrow_kafka_topic_partition_offset", "The newest offset (high-water mark) of the partition", "gauge");

  auto& store = engine.store();
  const auto started = std::chrono::steady_clock::now();
  std::size_t groups_evaluated = 0;
  for (const auto& cluster : store.cluster_names()) {
    const auto* cs = store.cluster(cluster);
    for (const auto& group : cs->groups()) {
      auto g = engine.evaluator().evaluate(cluster, group);
      if (g->status == model::Status::notfound) continue;
      ++groups_evaluated;
      const Labels gl{{"cluster", cluster}, {"consumer_group", group}};
      e.sample("burrow_kafka_consumer_lag_total", gl, static_cast<double>(g->totallag));
      e.sample("burrow_kafka_consumer_status", gl, model::code(g->status));
      for (const auto& p : g->partitions) {
        const Labels pl{{"cluster", cluster},
                        {"consumer_group", group},
                        {"topic", p.topic},
                        {"partition", std::to_string(p.partition)}};
        e.sample("burrow_kafka_consumer_partition_lag", pl, static_cast<double>(p.current_lag));
        if (p.complete == 1.0F) {
          if (p.end) e.sample("burrow_kafka_consumer_current_offset", pl, static_cast<double>(p.end->offset));
          e.sample("burrow_kafka_topic_partition_status", pl, model::code(p.status));
        }
      }
    }
    for (const auto& topic : cs->topics()) {
      auto offsets = cs->topic_offsets(topic.name);
      if (!offsets) continue;
      for (std::size_t i = 0; i < offsets->size(); ++i) {
        e.sample("burrow_kafka_topic_partition_offset",
                 {{"cluster", cluster}, {"topic", topic.name}, {"partition", std::to_string(i)}},
                 static_cast<double>((*offsets)[i]));
      }
    }

    const Labels cl{{"cluster", cluster}};
    const auto& counters = cs->counters();
    e.family("warren_store_groups", "Groups tracked", "gauge");
    e.sample("warren_store_groups", cl, static_cast<double>(cs->group_count()));
    e.family("warren_store_parked", "Commits and owners waiting for their topic to be known", "gauge");
    e.sample("warren_store_parked", cl, static_cast<double>(cs->parked_count()));
    e.family("warren_store_commits_total", "Commits received by the store, by outcome", "counter");
    const std::pair<const char*, const std::atomic<std::uint64_t>*> outcomes[] = {
        {"stored", &counters.commits_stored},
        {"too_old", &counters.commits_too_old},
        {"filtered", &counters.commits_filtered},
        {"invalid_partition", &counters.commits_invalid_partition},
        {"duplicate", &counters.commits_duplicate},
        {"stale_backfill", &counters.commits_stale_backfill},
        {"parked", &counters.parked},
        {"parked_replayed", &counters.parked_replayed},
        {"parked_unknown_topic", &counters.parked_unknown_topic},
        {"parked_overflow", &counters.parked_overflow}};
    for (const auto& [outcome, value] : outcomes) {
      e.sample("warren_store_commits_total", {{"cluster", cluster}, {"outcome", outcome}},
               static_cast<double>(value->load()));
    }
  }

  if (sources != nullptr) {
    e.family("warren_cluster_brokers_known", "Brokers the cluster client knows", "gauge");
    e.family("warren_cluster_brokers_up", "Brokers the cluster client is connected to", "gauge");
    e.family("warren_cluster_last_refresh_timestamp_seconds", "Time of the last successful high-water-mark refresh",
             "gauge");
    e.family("warren_cluster_refresh_errors_total", "Failed metadata or high-water-mark refreshes", "counter");
    e.family("warren_cluster_list_offsets_requests_total", "ListOffsets requests sent (one per broker per refresh)",
             "counter");
    for (const auto& c : sources->clusters()) {
      const Labels cl{{"cluster", c->name()}};
      const auto& h = c->health();
      e.sample("warren_cluster_brokers_known", cl, h.brokers_known.load());
      e.sample("warren_cluster_brokers_up", cl, h.brokers_up.load());
      e.sample("warren_cluster_last_refresh_timestamp_seconds", cl,
               static_cast<double>(h.last_offsets_ms.load()) / 1000.0);
      e.sample("warren_cluster_refresh_errors_total", cl, static_cast<double>(h.refresh_errors.load()));
      e.sample("warren_cluster_list_offsets_requests_total", cl, static_cast<double>(h.list_offsets_requests.load()));
    }
    e.family("warren_source_caught_up", "1 once the source has read its backlog", "gauge");
    e.family("warren_source_records_total", "Records read from the offsets topic", "counter");
    e.family("warren_source_records_fetched_directly_total",
             "Of those, backlog records fetched by warren itself rather than through librdkafka", "counter");
    e.family("warren_source_decode_errors_total", "Offsets-topic records that could not be decoded, by kind",
             "counter");
    e.family("warren_source_records_ignored_total", "Offsets-topic records skipped, by kind", "counter");
    e.family("warren_source_records_applied_total", "Offsets-topic records applied to the store, by kind", "counter");
    for (const auto& o : sources->offsets_readers()) {
      const Labels sl{{"consumer", o->name()}};
      e.sample("warren_source_caught_up", sl, o->caught_up() ? 1 : 0);
      e.sample("warren_source_records_total", sl, static_cast<double>(o->counters().records.load()));
      e.sample("warren_source_records_fetched_directly_total", sl, static_cast<double>(o->counters().direct.load()));
      for (const auto& [kind, n] : o->decode_errors().snapshot()) {
        e.sample("warren_source_decode_errors_total", {{"consumer", o->name()}, {"kind", kind}},
                 static_cast<double>(n));
      }
      for (const auto& [kind, n] : o->ignored().snapshot()) {
        e.sample("warren_source_records_ignored_total", {{"consumer", o->name()}, {"kind", kind}},
                 static_cast<double>(n));
      }
      for (const auto& [kind, n] : o->applied().snapshot()) {
        e.sample("warren_source_records_applied_total", {{"consumer", o->name()}, {"kind", kind}},
                 static_cast<double>(n));
      }
    }
    for (const auto& a : sources->admin_pollers()) {
      e.sample("warren_source_caught_up", {{"consumer", a->name()}}, a->caught_up() ? 1 : 0);
    }
  }

  if (notifiers != nullptr && !notifiers->empty()) {
    e.family("warren_notifier_evaluations_total", "Evaluation passes of the notifier coordinator", "counter");
    e.sample("warren_notifier_evaluations_total", {}, static_cast<double>(notifiers->evaluations()));
    e.family("warren_notifier_sent_total", "Notifications the receiver accepted", "counter");
    e.family("warren_notifier_failed_total", "Notifications that failed for good (template error, 4xx, SMTP 5xx)",
             "counter");
    e.family("warren_notifier_retried_total", "Sends repeated after a transient failure", "counter");
    e.family("warren_notifier_dropped_total", "Notifications never delivered (queue overflow, shutdown)", "counter");
    e.family("warren_notifier_coalesced_total", "Open notifications replaced by a later one of the same incident",
             "counter");
    e.family("warren_notifier_queued", "Notifications waiting or in flight", "gauge");
    for (const auto& n : notifiers->stats()) {
      const Labels nl{{"class", n.class_name}, {"notifier", n.name}};
      e.sample("warren_notifier_sent_total", nl, static_cast<double>(n.counters.sent.load()));
      e.sample("warren_notifier_failed_total", nl, static_cast<double>(n.counters.failed.load()));
      e.sample("warren_notifier_retried_total", nl, static_cast<double>(n.counters.retried.load()));
      e.sample("warren_notifier_dropped_total", nl, static_cast<double>(n.counters.dropped.load()));
      e.sample("warren_notifier_coalesced_total", nl, static_cast<double>(n.counters.coalesced.load()));
      e.sample("warren_notifier_queued", nl, static_cast<double>(n.counters.queued.load()));
    }
  }

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  e.family("warren_evaluation_seconds", "Time this scrape took to evaluate every group", "gauge");
  e.sample("warren_evaluation_seconds", {}, seconds);
  e.family("warren_evaluation_groups", "Groups evaluated by this scrape", "gauge");
  e.sample("warren_evaluation_groups", {}, static_cast<double>(groups_evaluated));
  return e.str();
}

}  // namespace warren::server
