// warren's command line. Each subcommand parses its flags here and hands over to core/; the
// exit codes are part of the contract (DESIGN.md §5): usage and configuration errors exit 2,
// with one line per problem on stderr naming file, line and key.
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <fmt/core.h>
#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <istream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/base/log.hpp"
#include "core/base/signal_wait.hpp"
#include "core/config/config_loader.hpp"
#include "core/config/host_port.hpp"
#include "core/demo/demo_config.hpp"
#include "core/demo/simulation.hpp"
#include "core/engine/engine.hpp"
#include "core/kafka/source_set.hpp"
#include "core/notify/notifier_set.hpp"
#include "plugin/batch_ticker.hpp"
#include "plugin/check_report.hpp"
#include "plugin/demo_banner.hpp"
#include "plugin/execd_loop.hpp"
#include "plugin/interruptible_input.hpp"
#include "plugin/measurements.hpp"
#include "server/burrow_api.hpp"
#include "server/http_server.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;

// Diagnostics are written whatever the log level: they explain why the process did (not) start.
void print_diagnostics(const warren::config::Diagnostics& diagnostics) {
  using warren::log::Level;
  for (const auto& note : diagnostics.notes) warren::log::write(Level::info, "config", note.to_string());
  for (const auto& warning : diagnostics.warnings) warren::log::write(Level::warn, "config", warning.to_string());
  for (const auto& error : diagnostics.errors) warren::log::write(Level::error, "config", error.to_string());
}

template <typename Section>
std::string names_of(const std::vector<Section>& sections, std::string_view noun) {
  std::string names;
  for (const auto& section : sections) names += (names.empty() ? "" : ", ") + section.name;
  return fmt::format("{} {}{}{}", sections.size(), noun, sections.size() == 1 ? "" : "s",
                     names.empty() ? "" : " (" + names + ")");
}

// Loads the configuration (file, or DIR/burrow.toml) and applies its log level; prints every
// diagnostic. nullopt means exit 2.
std::optional<warren::config::Config> load(const std::string& config_file, const std::string& config_dir) {
  warren::config::Diagnostics diagnostics;
  auto loaded = config_file.empty() ? warren::config::load_config_dir(config_dir, diagnostics)
                                    : warren::config::load_config_file(config_file, diagnostics);
  print_diagnostics(diagnostics);
  if (!loaded) return std::nullopt;
  if (warren::log::Level level{}; warren::log::parse_level(loaded.value().logging.level, level)) {
    warren::log::set_level(level);
  }
  return std::move(loaded).value();
}

// The engine for a command, started; nullptr (after logging why) means exit 2.
std::unique_ptr<warren::engine::Engine> start_engine(const warren::config::Config& config, const warren::Clock& clock,
                                                     std::string_view command) {
  auto engine = warren::engine::Engine::create(config, clock);
  if (!engine) {
    warren::log::write(warren::log::Level::error, command, engine.error().message);
    return nullptr;
  }
  engine.value()->start();
  return std::move(engine).value();
}

// One listener per [httpserver] section, started; nullopt (after logging why) means exit 2.
std::optional<std::vector<std::unique_ptr<warren::server::HttpServer>>> start_http(
    const std::vector<warren::config::HttpServerConfig>& configs, const warren::server::BurrowApi& api,
    std::string_view command) {
  std::vector<std::unique_ptr<warren::server::HttpServer>> servers;
  for (const auto& h : configs) {
    servers.push_back(std::make_unique<warren::server::HttpServer>(h, api));
    if (auto started = servers.back()->start(); !started) {
      warren::log::write(warren::log::Level::error, command, started.error().message);
      return std::nullopt;
    }
  }
  return servers;
}

int run_serve(const std::string& config_file, const std::string& config_dir) {
  // Blocked before anything can start a thread, so that only the wait below receives them.
  const warren::TerminationSignals signals;
  const warren::log::Logger logger("serve");
  const auto config = load(config_file, config_dir);
  if (!config) return kExitUsage;

  // Start-up in Burrow's order: store and evaluator (the engine), then HTTP server, notifiers,
  // cluster sources, consumer sources as they arrive. Each is an owner declared in this scope,
  // so scope exit stops them in reverse order.
  const warren::SystemClock clock;
  const auto engine = start_engine(*config, clock, "serve");
  if (!engine) return kExitUsage;
  warren::kafka::SourceSet sources(*config, engine->store(), clock);
  // Notifiers: templates are parsed here, so a template error (file:line:col) exits 2 before any
  // source connects. Declared after the sources, so they stop before the sources and the engine.
  auto notifiers = warren::notify::NotifierSet::create(*config, clock);
  if (!notifiers) {
    std::istringstream lines(notifiers.error().message);  // one line per notifier in error
    for (std::string line; std::getline(lines, line);) warren::log::write(warren::log::Level::error, "serve", line);
    return kExitUsage;
  }
  const warren::server::BurrowApi api(warren::server::ApiContext{.config = *config,
                                                                 .engine = *engine,
                                                                 .sources = &sources,
                                                                 .host = warren::server::host_name(),
                                                                 .notifiers = notifiers.value().get()});
  // As Burrow: with no [httpserver] section, one listener named "default" on a random port.
  auto http_configs = config->httpservers;
  if (http_configs.empty()) http_configs.push_back({.name = "default", .address = ":0"});
  const auto servers = start_http(http_configs, api, "serve");
  if (!servers) return kExitUsage;
  // The first evaluation as soon as the sources have caught up.
  notifiers.value()->start(warren::notify::evaluate_all_groups(*engine), [&sources] { return sources.ready(); });
  if (auto started = sources.start(); !started) {
    warren::log::write(warren::log::Level::error, "serve", started.error().message);
    return kExitUsage;
  }

  logger.info("warren {} started with {}: {}, {}, storage {} ({}), evaluator {} ({})", WARREN_VERSION,
              config->source_file, names_of(config->clusters, "cluster"), names_of(config->consumers, "consumer"),
              config->storage.name, config->storage.class_name, config->evaluator.name, config->evaluator.class_name);
  const int signal_number = signals.wait();
  logger.info("received {}, stopping", warren::signal_name(signal_number));
  return kExitOk;
}

struct CheckArgs {
  std::string config_file;
  std::string config_dir{"."};
  std::string cluster;
  std::string group;
  std::string format{"table"};
  double wait_s{30.0};
};

int run_check(const CheckArgs& args) {
  const auto config = load(args.config_file, args.config_dir);
  if (!config) return kExitUsage;
  if (!args.cluster.empty() && config->find_cluster(args.cluster) == nullptr) {
    warren::log::write(warren::log::Level::error, "check", "no [cluster." + args.cluster + "] in the configuration");
    return kExitUsage;
  }
  const warren::SystemClock clock;
  const auto engine = start_engine(*config, clock, "check");
  if (!engine) return kExitUsage;
  warren::kafka::SourceSet sources(*config, engine->store(), clock);
  if (auto started = sources.start(); !started) {
    warren::log::write(warren::log::Level::error, "check", started.error().message);
    return kExitUsage;
  }
  // Gather until every source has read its backlog, or the wait runs out.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(args.wait_s);
  while (!sources.ready() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling a state with a deadline
  }
  if (!sources.ready()) warren::log::write(warren::log::Level::warn, "check", "sources not caught up; partial view");

  std::vector<warren::plugin::ClusterReport> report;
  for (const auto& c : config->clusters) {
    if (!args.cluster.empty() && c.name != args.cluster) continue;
    warren::plugin::ClusterReport r{.cluster = c.name};
    const auto* source = sources.cluster(c.name);
    r.reachable = source != nullptr && source->first_refresh_done();
    r.caught_up = sources.ready();
    for (const auto& g : engine->store().cluster(c.name)->groups()) {
      if (!args.group.empty() && g != args.group) continue;
      r.groups.push_back(*engine->evaluator().evaluate(c.name, g));
    }
    report.push_back(std::move(r));
  }
  sources.stop();
  const std::string out =
      args.format == "json" ? warren::plugin::render_json(report) : warren::plugin::render_table(report);
  fmt::print("{}", out);
  std::fflush(stdout);
  return warren::plugin::exit_code(report);
}

struct ExecdArgs {
  std::string config_file;
  std::string config_dir{"."};
  std::string signal{"stdin"};
  std::string interval{"10"};
  bool sample_config{false};
};

constexpr std::string_view kExecdSampleConfig =
    R"(# warren as a Telegraf input: paste into telegraf.conf. Keep warren's own configuration file
# outside Telegraf's configuration directory, or Telegraf will try to load it.
[[inputs.execd]]
  ## warren prints one batch of line protocol (burrow_group, burrow_partition, burrow_topic,
  ## warren_cluster) for each newline Telegraf writes to its stdin, and exits when stdin closes.
  command = ["/usr/local/bin/warren", "execd", "--config", "/etc/warren/warren.toml"]

  ## "STDIN": Telegraf asks for a batch at every interval. With signal = "none", add
  ## "--signal", "none", "--interval", "10s" to the command and warren prints on its own schedule.
  signal = "STDIN"

  ## How long to wait before restarting warren after it exits.
  restart_delay = "10s"

  ## warren writes influx line protocol with nanosecond timestamps.
  data_format = "influx"
)";

// "10", "10s", "500ms", "1m": nullopt when unreadable or not positive.
std::optional<std::chrono::milliseconds> parse_interval(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const std::string unit = text.substr(used);
  double scale = 0;
  if (unit.empty() || unit == "s") {
    scale = 1000;
  } else if (unit == "ms") {
    scale = 1;
  } else if (unit == "m") {
    scale = 60'000;
  } else {
    return std::nullopt;
  }
  const double ms = value * scale;
  if (!(ms >= 1) || ms > 86'400'000.0) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(ms));
}

// Points descriptor `fd` at /dev/null: Telegraf sees the pipe close, and later writes go nowhere.
void detach_descriptor(int fd) {
  const int null_fd = ::open("/dev/null", O_WRONLY);
  if (null_fd < 0) return;
  ::dup2(null_fd, fd);
  ::close(null_fd);
}

int run_execd(const ExecdArgs& args) {
  if (args.sample_config) {
    fmt::print("{}", kExecdSampleConfig);
    std::fflush(stdout);
    return kExitOk;
  }
  // Before any thread starts, so that only the waiter below takes SIGTERM and SIGINT.
  const warren::TerminationSignals signals;
  const auto interval = parse_interval(args.interval);
  if (!interval) {
    warren::log::write(warren::log::Level::error, "execd",
                       fmt::format("--interval {}: expected a duration such as 10s", args.interval));
    return kExitUsage;
  }
  const auto config = load(args.config_file, args.config_dir);
  if (!config) return kExitUsage;
  auto filter = warren::plugin::BatchFilter::create(config->execd);
  if (!filter) {
    warren::log::write(warren::log::Level::error, "execd", filter.error().message);
    return kExitUsage;
  }
  filter.value().set_consumers(config->consumers);

  const warren::SystemClock clock;
  const auto engine = start_engine(*config, clock, "execd");
  if (!engine) return kExitUsage;
  warren::kafka::SourceSet sources(*config, engine->store(), clock);
  const warren::server::BurrowApi api(warren::server::ApiContext{
      .config = *config, .engine = *engine, .sources = &sources, .host = warren::server::host_name()});
  // Unlike serve, no listener unless [httpserver] sections ask for one.
  const auto servers = start_http(config->httpservers, api, "execd");
  if (!servers) return kExitUsage;
  if (auto started = sources.start(); !started) {
    warren::log::write(warren::log::Level::error, "execd", started.error().message);
    return kExitUsage;
  }
  const warren::log::Logger logger("execd");
  logger.info("warren {} execd started with {}: {}, {}", WARREN_VERSION, config->source_file,
              names_of(config->clusters, "cluster"), names_of(config->consumers, "consumer"));

  const auto mode = args.signal == "none" ? warren::plugin::SignalMode::none : warren::plugin::SignalMode::stdin_line;
  auto& eng = *engine;
  std::stop_source stop;
  // SIGTERM or SIGINT (Ctrl-C reaches Telegraf and warren alike) end the loop as a closed stdin
  // does: the batch being written is finished, and the exit status is 0.
  warren::plugin::InterruptibleInput stdin_buffer(STDIN_FILENO);
  std::istream in(&stdin_buffer);
  std::atomic<bool> loop_done{false};
  std::thread waiter([&] {
    const int signal_number = signals.wait();
    if (loop_done.load()) return;
    logger.info("{}: stopping", warren::signal_name(signal_number));
    stdin_buffer.interrupt();
    stop.request_stop();
  });
  warren::plugin::run_execd_loop(
      in, std::cout, mode, *interval,
      [&] { return warren::plugin::render_batch(eng, &sources, filter.value(), clock.now()); }, stop.get_token());
  loop_done.store(true);
  pthread_kill(waiter.native_handle(), SIGTERM);  // blocked in every thread: only ends the wait
  waiter.join();

  // stdin closed (Telegraf is stopping) or a signal: close stdout and stderr first, then stop.
  std::cout.flush();
  std::fflush(stdout);
  std::fflush(stderr);
  detach_descriptor(STDOUT_FILENO);
  detach_descriptor(STDERR_FILENO);
  // Sources stop within a poll slice (the offsets readers skip the consumer close they do not
  // need); scope exit then tears down the rest in reverse order. A cluster source inside a
  // metadata call to an unreachable broker finishes its 1 s slice first, once per cluster, while
  // Telegraf waits for the process. Nothing is left to save at this point (stdout and stderr are
  // detached, the readers joined no group and commit nothing), so past a budget the process ends
  // without the orderly stop.
  std::promise<void> stopped;
  auto done = stopped.get_future();
  std::thread stopper([&] {
    sources.stop();
    stopped.set_value();
  });
  if (done.wait_for(std::chrono::milliseconds(300)) != std::future_status::ready) std::_Exit(kExitOk);
  stopper.join();
  return kExitOk;
}

// The embedded cluster could not be set up: neither a usage nor a configuration error.
constexpr int kExitDemoFailure = 1;

struct DemoArgs {
  std::string http{":8000"};
  std::string interval{"5s"};
};

// The whole story on an embedded cluster: the simulation (core/demo) writes to librdkafka's mock
// cluster, and the real engine, sources and REST API watch it exactly as `serve` watches a real
// cluster, while a batch of line protocol goes to stdout every interval.
int run_demo(const DemoArgs& args) {
  // Blocked before anything can start a thread, so that only the wait below receives them.
  const warren::TerminationSignals signals;
  const warren::log::Logger logger("demo");
  const auto interval = parse_interval(args.interval);
  if (!interval) {
    logger.error("--interval {}: expected a duration such as 5s", args.interval);
    return kExitUsage;
  }
  if (auto bad = warren::config::host_port_error(args.http, true)) {
    logger.error("--http {}: {}", args.http, *bad);
    return kExitUsage;
  }

  const warren::SystemClock clock;
  const auto scenario = warren::demo::default_scenario();
  auto simulation = warren::demo::Simulation::create(scenario, clock);
  if (!simulation) {
    logger.error("{}", simulation.error().message);
    return kExitDemoFailure;
  }
  auto& world = *simulation.value();
  const auto config = warren::demo::demo_config(world.bootstraps(), args.http);
  const auto engine = start_engine(config, clock, "demo");
  if (!engine) return kExitUsage;
  warren::kafka::SourceSet sources(config, engine->store(), clock);
  const warren::server::BurrowApi api(warren::server::ApiContext{
      .config = config, .engine = *engine, .sources = &sources, .host = warren::server::host_name()});
  const auto servers = start_http(config.httpservers, api, "demo");
  if (!servers) {
    logger.error("choose another address with --http HOST:PORT (default :8000)");
    return kExitUsage;
  }
  if (auto started = sources.start(); !started) {
    logger.error("{}", started.error().message);
    return kExitUsage;
  }
  world.start();

  auto filter = warren::plugin::BatchFilter::create(config.execd);
  if (!filter) {
    logger.error("{}", filter.error().message);
    return kExitUsage;
  }
  filter.value().set_consumers(config.consumers);
  const auto& http = *servers->front();
  std::fflush(stderr);
  fmt::print(stderr, "{}",
             warren::plugin::demo_banner(scenario, warren::demo::kClusterName, world.bootstraps(),
                                         warren::plugin::listener_url(http.bound_host(), http.port()), *interval));
  std::fflush(stderr);

  auto& eng = *engine;
  warren::plugin::BatchTicker printer(
      std::cout, *interval, [&] { return warren::plugin::render_batch(eng, &sources, filter.value(), clock.now()); });
  printer.start();
  const int signal_number = signals.wait();
  logger.info("received {}, stopping", warren::signal_name(signal_number));
  // Printing and the simulation stop first, then the sources; scope exit tears down the rest in
  // reverse order, the embedded cluster last.
  printer.stop();
  world.stop();
  sources.stop();
  return kExitOk;
}

int run_version() {
  fmt::print("warren {}\nlibrdkafka {}\n", WARREN_VERSION, rd_kafka_version_str());
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"warren: Kafka consumer-lag monitor, compatible with Burrow"};
  app.require_subcommand(1);

  std::string config_file;
  std::string config_dir = ".";
  CLI::App* serve = app.add_subcommand("serve", "run the monitoring daemon");
  CLI::Option* file_option = serve->add_option("--config", config_file, "configuration file");
  CLI::Option* dir_option =
      serve->add_option("--config-dir", config_dir, "directory holding burrow.toml (as Burrow)")->capture_default_str();
  file_option->excludes(dir_option);

  CheckArgs check_args;
  CLI::App* check = app.add_subcommand("check", "one-shot check: exit 0 OK, 1 WARN, 2 ERR, 3 unknown");
  CLI::Option* check_file = check->add_option("--config", check_args.config_file, "configuration file");
  CLI::Option* check_dir = check->add_option("--config-dir", check_args.config_dir, "directory holding burrow.toml");
  check_file->excludes(check_dir);
  check->add_option("--cluster", check_args.cluster, "only this cluster");
  check->add_option("--group", check_args.group, "only this group");
  check->add_option("--format", check_args.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  check->add_option("--wait", check_args.wait_s, "seconds to wait for the sources to catch up")->capture_default_str();

  ExecdArgs execd_args;
  CLI::App* execd = app.add_subcommand("execd", "Telegraf execd input: print line protocol on each stdin newline");
  CLI::Option* execd_file = execd->add_option("--config", execd_args.config_file, "configuration file");
  CLI::Option* execd_dir = execd->add_option("--config-dir", execd_args.config_dir, "directory holding burrow.toml");
  execd_file->excludes(execd_dir);
  execd->add_option("--signal", execd_args.signal, "stdin (a batch per newline) or none (a batch per interval)")
      ->check(CLI::IsMember({"stdin", "none"}))
      ->capture_default_str();
  execd->add_option("--interval", execd_args.interval, "seconds between batches with --signal none (10, 10s, 500ms)")
      ->capture_default_str();
  execd->add_flag("--sample-config", execd_args.sample_config, "print the [[inputs.execd]] block for telegraf.conf");

  DemoArgs demo_args;
  CLI::App* demo =
      app.add_subcommand("demo", "embedded Kafka cluster, producer and consumer groups, watched end to end");
  demo->add_option("--http", demo_args.http, "REST API listen address, host:port")->capture_default_str();
  demo->add_option("--interval", demo_args.interval, "time between line-protocol batches on stdout (5s, 500ms)")
      ->capture_default_str();

  CLI::App* version = app.add_subcommand("version", "print the versions of warren and librdkafka");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    warren::log::write(warren::log::Level::error, "cli", fmt::format("{} (see warren --help)", e.what()));
    return kExitUsage;
  }

  if (serve->parsed()) return run_serve(config_file, config_dir);
  if (check->parsed()) return run_check(check_args);
  if (execd->parsed()) return run_execd(execd_args);
  if (demo->parsed()) return run_demo(demo_args);
  if (version->parsed()) return run_version();
  return kExitUsage;
}
