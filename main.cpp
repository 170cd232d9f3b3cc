// warren's command line. Each subcommand parses its flags here and hands over to core/; the
// exit codes are part of the contract (DESIGN.md §5): usage and configuration errors exit 2,
// with one line per problem on stderr naming file, line and key.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <librdkafka/rdkafka.h>

#include <string>

#include "core/base/log.hpp"
#include "core/base/signal_wait.hpp"
#include "core/config/config_loader.hpp"
#include "core/engine/engine.hpp"

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

int run_serve(const std::string& config_file, const std::string& config_dir) {
  // Blocked before anything can start a thread, so that only the wait below receives them.
  const warren::TerminationSignals signals;
  const warren::log::Logger logger("serve");

  warren::config::Diagnostics diagnostics;
  auto loaded = config_file.empty() ? warren::config::load_config_dir(config_dir, diagnostics)
                                    : warren::config::load_config_file(config_file, diagnostics);
  print_diagnostics(diagnostics);
  if (!loaded) return kExitUsage;
  const warren::config::Config& config = loaded.value();
  if (warren::log::Level level{}; warren::log::parse_level(config.logging.level, level)) {
    warren::log::set_level(level);
  }

  // Start-up in Burrow's order: store and evaluator (the engine), then HTTP server, notifiers,
  // cluster sources, consumer sources as they arrive. Each is an owner declared in this scope,
  // so scope exit stops them in reverse order.
  const warren::SystemClock clock;
  auto engine = warren::engine::Engine::create(config, clock);
  if (!engine) {
    warren::log::write(warren::log::Level::error, "serve", engine.error().message);
    return kExitUsage;
  }
  engine.value()->start();

  logger.info("warren {} started with {}: {}, {}, storage {} ({}), evaluator {} ({})", WARREN_VERSION,
              config.source_file, names_of(config.clusters, "cluster"), names_of(config.consumers, "consumer"),
              config.storage.name, config.storage.class_name, config.evaluator.name, config.evaluator.class_name);
  const int signal_number = signals.wait();
  logger.info("received {}, stopping", warren::signal_name(signal_number));
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

  CLI::App* version = app.add_subcommand("version", "print the versions of warren and librdkafka");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    warren::log::write(warren::log::Level::error, "cli", fmt::format("{} (see warren --help)", e.what()));
    return kExitUsage;
  }

  if (serve->parsed()) return run_serve(config_file, config_dir);
  if (version->parsed()) return run_version();
  return kExitUsage;
}
