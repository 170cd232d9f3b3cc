// The loaded configuration: immutable value structs, one per Burrow section, with every default
// in one place (the member initialisers below are Burrow HEAD's defaults, reference/burrow.md §5).
// A Burrow burrow.toml is valid warren configuration; warren's own additions are marked.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace warren::config {

struct GeneralConfig {
  std::string pidfile{"burrow.pid"};
  std::string stdout_logfile;
  std::string access_control_allow_origin;
  std::string env_var_prefix{"burrow"};
};

struct LoggingConfig {
  std::string filename;  // empty: stderr
  std::string level{"info"};
  int maxsize{100};
  int maxbackups{10};
  int maxage{30};
  bool use_localtime{false};
  bool use_compression{false};
};

// Accepted for compatibility and otherwise ignored: warren needs no ZooKeeper.
struct ZookeeperConfig {
  bool present{false};
  std::vector<std::string> servers;
  int timeout{6};
  std::string root_path{"/burrow"};
  std::string tls;
};

struct TlsProfile {
  std::string name;
  std::string certfile;
  std::string keyfile;
  std::string cafile;
  bool noverify{false};
};

struct SaslProfile {
  std::string name;
  std::string username;
  std::string password;
  bool handshake_first{false};
  std::string mechanism;  // "" means PLAIN; SCRAM-SHA-256, SCRAM-SHA-512
};

struct IamProfile {
  std::string name;
  std::string region;
  std::string role_arn;
  std::string profile;
};

struct ClientProfile {
  std::string name;  // "" for the implicit default profile
  std::string client_id{"burrow-lagchecker"};
  std::string kafka_version{"2.8.0"};
  std::optional<TlsProfile> tls;
  std::optional<SaslProfile> sasl;
  std::optional<IamProfile> iam;
  std::optional<int> dial_timeout;  // seconds
  std::optional<int> read_timeout;  // seconds
  // warren: librdkafka properties passed through as they are (OAUTHBEARER, GSSAPI, tuning...),
  // applied after the settings above so that they can override them.
  std::map<std::string, std::string> librdkafka;
};

struct ClusterConfig {
  std::string name;
  std::string class_name{"kafka"};
  std::vector<std::string> servers;
  ClientProfile client_profile;
  int offset_refresh{10};  // seconds
  int topic_refresh{60};   // seconds
  int groups_reaper_refresh{0};
};

struct ConsumerConfig {
  std::string name;
  std::string class_name;  // kafka, kafka_zk, or warren's kafka_admin
  std::string cluster;
  std::vector<std::string> servers;
  ClientProfile client_profile;
  std::string offsets_topic{"__consumer_offsets"};
  bool start_latest{false};
  bool backfill_earliest{false};
  std::string group_allowlist;  // RE2 syntax, unanchored search; "" = accept all
  std::string group_denylist;   // "" = deny none
  std::string zookeeper_path;
  int zookeeper_timeout{30};
  // kafka_admin (warren): seconds between polls, and group offset requests in flight at once.
  int poll_interval{10};
  int max_in_flight{8};
};

struct StorageConfig {
  std::string name{"default"};
  std::string class_name{"inmemory"};
  int intervals{10};
  std::int64_t expire_group{604800};  // seconds
  std::int64_t min_distance{0};       // seconds
  int workers{20};                    // accepted; warren needs no worker pool
  int queue_depth{1};                 // accepted; warren never drops on a busy queue
  std::string group_allowlist;
  std::string group_denylist;
};

struct EvaluatorConfig {
  std::string name{"default"};
  std::string class_name{"caching"};
  std::int64_t expire_cache{10};  // seconds; 0 turns the cache off (in Burrow 0 froze results forever)
  double minimum_complete{0.0};
  std::uint64_t allowed_lag{0};
};

struct HttpServerConfig {
  std::string name;
  std::string address;  // host:port; blank host = all interfaces
  int timeout{300};
  std::string tls;  // name of a [tls.*] profile
  std::optional<TlsProfile> tls_profile;
};

struct NotifierConfig {
  std::string name;
  std::string class_name;  // http, email, null
  std::int64_t interval{60};
  std::int64_t send_interval{60};  // defaults to interval
  int threshold{2};
  bool send_close{false};
  bool send_once{false};
  std::string group_allowlist;
  std::string group_denylist;
  std::map<std::string, std::string> extras;
  std::string template_open;
  std::string template_close;
  // http
  std::string url_open;
  std::string url_close;
  std::string method_open{"POST"};
  std::string method_close{"POST"};
  int timeout{5};
  int keepalive{300};
  std::string username;
  std::string password;
  std::map<std::string, std::string> headers;
  std::string extra_ca;
  bool noverify{false};
  bool disable_http_keepalive{false};
  // email
  std::string server;
  int port{0};
  std::string from;
  std::string to;
  std::string auth_type;
};

// warren's own section: what `warren execd` emits.
struct ExecdConfig {
  std::string cluster_include;
  std::string cluster_exclude;
  std::string group_include;
  std::string group_exclude;
  std::string topic_include;
  std::string topic_exclude;
  bool emit_group{true};
  bool emit_partition{true};
  bool emit_topic{true};
  bool emit_cluster{true};
  bool emit_ok_partitions{true};
};

struct Config {
  std::string source_file;  // the file it was read from
  GeneralConfig general;
  LoggingConfig logging;
  ZookeeperConfig zookeeper;
  std::map<std::string, ClientProfile> client_profiles;
  std::map<std::string, TlsProfile> tls_profiles;
  std::map<std::string, SaslProfile> sasl_profiles;
  std::map<std::string, IamProfile> iam_profiles;
  std::vector<ClusterConfig> clusters;        // in file order
  std::vector<ConsumerConfig> consumers;      // in file order
  StorageConfig storage;                      // Burrow allows exactly one; "default" if none given
  EvaluatorConfig evaluator;                  // idem
  std::vector<HttpServerConfig> httpservers;  // empty if the file has none
  std::vector<NotifierConfig> notifiers;
  ExecdConfig execd;

  const ClusterConfig* find_cluster(const std::string& name) const;
};

}  // namespace warren::config
