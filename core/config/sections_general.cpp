// Readers for the single-instance sections: [general], [logging], [zookeeper], [storage.*],
// [evaluator.*] and warren's [execd].
#include <fmt/core.h>

#include "core/base/log.hpp"
#include "core/config/section_readers.hpp"

namespace warren::config {
namespace {

// Burrow allows one storage and one evaluator module; the first section wins and every further
// one is an error pointing back at the first.
const NamedTable* single_section(ReadContext& context, const std::vector<NamedTable>& sections, std::string_view kind) {
  if (sections.empty()) return nullptr;
  const NamedTable& first = sections.front();
  for (std::size_t i = 1; i < sections.size(); ++i) {
    context.error(context.at_line(line_of(*sections[i].table)), fmt::format("{}.{}", kind, sections[i].name),
                  fmt::format("only one [{}.*] section is allowed; [{}.{}] is at line {}", kind, kind, first.name,
                              line_of(*first.table)));
  }
  return &first;
}

}  // namespace

void read_general(ReadContext& context, const SectionTables& tables, Config& config) {
  GeneralConfig& general = config.general;
  SectionReader reader(context, "general", tables.general);
  // Read before overrides are enabled: Burrow takes the prefix from the file only.
  reader.read("env-var-prefix", general.env_var_prefix);
  context.enable_environment(general.env_var_prefix);
  reader.read("pidfile", general.pidfile);
  reader.read("stdout-logfile", general.stdout_logfile);
  reader.read("access-control-allow-origin", general.access_control_allow_origin);
  reader.warn_unknown_keys();
}

void read_logging(ReadContext& context, const SectionTables& tables, Config& config) {
  LoggingConfig& logging = config.logging;
  SectionReader reader(context, "logging", tables.logging);
  reader.read("filename", logging.filename);
  if (reader.read("level", logging.level)) {
    log::Level level{};
    if (!log::parse_level(logging.level, level)) {
      // Burrow falls back to info rather than refusing to start; say so.
      context.warning(reader.origin("level"), reader.key_path("level"),
                      fmt::format("unknown level \"{}\"; using info", logging.level));
      logging.level = "info";
    }
  }
  reader.read("maxsize", logging.maxsize);
  reader.read("maxbackups", logging.maxbackups);
  reader.read("maxage", logging.maxage);
  reader.read("use-localtime", logging.use_localtime);
  reader.read("use-compression", logging.use_compression);
  reader.require_at_least("maxsize", logging.maxsize, 0);
  reader.require_at_least("maxbackups", logging.maxbackups, 0);
  reader.require_at_least("maxage", logging.maxage, 0);
  reader.warn_unknown_keys();
}

void read_zookeeper(ReadContext& context, const SectionTables& tables, Config& config) {
  if (tables.zookeeper == nullptr) return;
  ZookeeperConfig& zookeeper = config.zookeeper;
  zookeeper.present = true;
  // Read (so wrong types and typos still show) but never used: Burrow only needs ZooKeeper for
  // its notifier lock and kafka_zk consumers; warren needs it for neither.
  SectionReader reader(context, "zookeeper", tables.zookeeper);
  reader.read("servers", zookeeper.servers);
  reader.read("timeout", zookeeper.timeout);
  reader.read("root-path", zookeeper.root_path);
  reader.read("tls", zookeeper.tls);
  reader.warn_unknown_keys();
  context.note(reader.section_origin(), "", "[zookeeper] is accepted and ignored: warren does not need ZooKeeper");
}

void read_storage(ReadContext& context, const SectionTables& tables, Config& config) {
  StorageConfig& storage = config.storage;
  const NamedTable* section = single_section(context, tables.storage, "storage");
  if (section != nullptr) storage.name = section->name;
  // With no section, Burrow creates [storage.default]; its keys can still come from the
  // environment (BURROW_STORAGE_DEFAULT_INTERVALS), so it is read like any other.
  SectionReader reader(context, "storage." + storage.name, section == nullptr ? nullptr : section->table);
  reader.read_one_of("class-name", storage.class_name, {"inmemory"}, false);
  reader.read("intervals", storage.intervals);
  reader.read("expire-group", storage.expire_group);
  reader.read("min-distance", storage.min_distance);
  reader.read("workers", storage.workers);
  reader.read("queue-depth", storage.queue_depth);
  reader.read_regex("group-allowlist", "group-whitelist", storage.group_allowlist);
  reader.read_regex("group-denylist", "group-blacklist", storage.group_denylist);
  reader.require_at_least("intervals", storage.intervals, 1);
  // A window's slots are indexed with 16 bits; a longer window would also be a memory mistake.
  if (storage.intervals > 65535 && !reader.has_error("intervals")) {
    reader.error("intervals", "must be at most 65535, got " + std::to_string(storage.intervals));
  }
  reader.require_at_least("expire-group", storage.expire_group, 0);
  reader.require_at_least("min-distance", storage.min_distance, 0);
  reader.require_at_least("workers", storage.workers, 1);
  reader.require_at_least("queue-depth", storage.queue_depth, 0);
  reader.warn_unknown_keys();
}

void read_evaluator(ReadContext& context, const SectionTables& tables, Config& config) {
  EvaluatorConfig& evaluator = config.evaluator;
  const NamedTable* section = single_section(context, tables.evaluators, "evaluator");
  if (section != nullptr) evaluator.name = section->name;
  SectionReader reader(context, "evaluator." + evaluator.name, section == nullptr ? nullptr : section->table);
  reader.read_one_of("class-name", evaluator.class_name, {"caching"}, false);
  reader.read("expire-cache", evaluator.expire_cache);
  reader.read("minimum-complete", evaluator.minimum_complete);
  reader.read("allowed-lag", evaluator.allowed_lag);
  reader.require_at_least("expire-cache", evaluator.expire_cache, 0);
  if (evaluator.minimum_complete < 0.0 || evaluator.minimum_complete > 1.0) {
    reader.error("minimum-complete", fmt::format("must be between 0.0 and 1.0, got {}", evaluator.minimum_complete));
  }
  reader.warn_unknown_keys();
}

void read_execd(ReadContext& context, const SectionTables& tables, Config& config) {
  ExecdConfig& execd = config.execd;
  SectionReader reader(context, "execd", tables.execd);
  reader.read_regex("cluster-include", execd.cluster_include);
  reader.read_regex("cluster-exclude", execd.cluster_exclude);
  reader.read_regex("group-include", execd.group_include);
  reader.read_regex("group-exclude", execd.group_exclude);
  reader.read_regex("topic-include", execd.topic_include);
  reader.read_regex("topic-exclude", execd.topic_exclude);
  reader.read("emit-group", execd.emit_group);
  reader.read("emit-partition", execd.emit_partition);
  reader.read("emit-topic", execd.emit_topic);
  reader.read("emit-cluster", execd.emit_cluster);
  reader.read("emit-ok-partitions", execd.emit_ok_partitions);
  reader.warn_unknown_keys();
}

}  // namespace warren::config
