// Orchestration of loading: TOML parsing (toml11's exceptions stop here), sorting the top-level
// tables by kind, then the section readers in dependency order (profiles before the clusters
// and consumers that name them, clusters before consumers).
#include "core/config/config_loader.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/config/section_readers.hpp"
#include "core/config/toml_reader.hpp"

namespace warren::config {
namespace {

// toml11's message spans several lines with an ASCII-art excerpt of the file:
//   [error] toml::parse_key: an invalid key appeared.
//    --> burrow.toml
//     |
//   3 | [b
//     | ^--- is not a valid key
// The line number is carried separately; keep the summary and the annotations on one line.
std::string one_line_syntax_message(const std::string& what) {
  std::istringstream in(what);
  std::string line;
  std::string summary;
  std::getline(in, summary);
  if (summary.rfind("[error] ", 0) == 0) summary.erase(0, 8);
  std::string annotations;
  while (std::getline(in, line)) {
    const std::size_t mark = line.find("^---");
    if (mark == std::string::npos) continue;
    std::string note = line.substr(mark + 4);
    note.erase(0, note.find_first_not_of(' '));
    if (note.empty()) continue;
    if (!annotations.empty()) annotations += "; ";
    annotations += note;
  }
  return annotations.empty() ? summary : fmt::format("{} ({})", summary, annotations);
}

// Where each top-level table goes. A known section of the wrong shape is an error; an unknown
// one is a warning (it may belong to a newer Burrow or warren).
SectionTables sort_sections(ReadContext& context, const TomlValue& root) {
  SectionTables tables;
  const std::pair<std::string_view, const TomlValue**> single[] = {
      {"general", &tables.general},
      {"logging", &tables.logging},
      {"zookeeper", &tables.zookeeper},
      {"execd", &tables.execd},
  };
  const std::pair<std::string_view, std::vector<NamedTable>*> named[] = {
      {"client-profile", &tables.client_profiles},
      {"tls", &tables.tls},
      {"sasl", &tables.sasl},
      {"iam", &tables.iam},
      {"cluster", &tables.clusters},
      {"consumer", &tables.consumers},
      {"storage", &tables.storage},
      {"evaluator", &tables.evaluators},
      {"httpserver", &tables.httpservers},
      {"notifier", &tables.notifiers},
  };
  for (const auto& [key, value] : entries_in_file_order(root)) {
    const Origin where = context.at_line(line_of(*value));
    bool known = false;
    for (const auto& [kind, slot] : single) {
      if (key != kind) continue;
      known = true;
      if (value->is_table())
        *slot = value;
      else
        context.error(where, key, fmt::format("expected a [{}] table, got {}", key, describe_value(*value)));
    }
    for (const auto& [kind, list] : named) {
      if (key != kind) continue;
      known = true;
      if (!value->is_table()) {
        context.error(where, key, fmt::format("expected [{}.NAME] tables, got {}", key, describe_value(*value)));
        continue;
      }
      for (const auto& [name, section] : entries_in_file_order(*value)) {
        if (section->is_table()) {
          list->push_back(NamedTable{name, section});
        } else {
          context.error(context.at_line(line_of(*section)), fmt::format("{}.{}", key, name),
                        fmt::format("expected a [{}.{}] table, got {}", key, name, describe_value(*section)));
        }
      }
    }
    if (known) continue;
    if (value->is_table())
      context.warning(where, "", fmt::format("unknown section [{}]", key));
    else
      context.warning(where, "", fmt::format("unknown key \"{}\" outside any section", key));
  }
  return tables;
}

Error errors_as_one(ErrorCode code, const Diagnostics& diagnostics) {
  std::string message;
  for (const auto& error : diagnostics.errors) {
    if (!message.empty()) message += '\n';
    message += error.to_string();
  }
  return make_error(code, std::move(message));
}

}  // namespace

Result<Config> parse_config(std::string_view text, const std::string& file_name, const EnvLookup& env,
                            Diagnostics& diagnostics) {
  TomlValue root;
  try {
    std::istringstream in{std::string(text)};
    root = toml::parse(in, file_name);
  } catch (const toml::syntax_error& e) {
    diagnostics.errors.push_back(
        Diagnostic{Origin{file_name, e.location().line()}, "", one_line_syntax_message(e.what())});
    return errors_as_one(ErrorCode::malformed, diagnostics);
  } catch (const std::exception& e) {
    diagnostics.errors.push_back(Diagnostic{Origin{file_name, 0}, "", one_line_syntax_message(e.what())});
    return errors_as_one(ErrorCode::malformed, diagnostics);
  }

  Config config;
  config.source_file = file_name;
  ReadContext context(file_name, env, diagnostics);
  try {
    const SectionTables tables = sort_sections(context, root);
    read_general(context, tables, config);
    read_logging(context, tables, config);
    read_zookeeper(context, tables, config);
    read_profiles(context, tables, config);
    read_clusters(context, tables, config);
    read_consumers(context, tables, config);
    read_storage(context, tables, config);
    read_evaluator(context, tables, config);
    read_httpservers(context, tables, config);
    read_notifiers(context, tables, config);
    read_execd(context, tables, config);
  } catch (const std::exception& e) {
    // The readers check types before every access; this is a last line of defence so that a
    // library surprise becomes a config error instead of a crash at start-up.
    context.error(context.at_line(0), "", fmt::format("unexpected error while reading: {}", e.what()));
  }
  diagnostics.sort_by_line();
  if (diagnostics.has_errors()) return errors_as_one(ErrorCode::invalid_argument, diagnostics);
  return config;
}

Result<Config> load_config_file(const std::string& path, Diagnostics& diagnostics, const EnvLookup& env) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    diagnostics.errors.push_back(Diagnostic{Origin{path, 0}, "", "is a directory, not a configuration file"});
    return errors_as_one(ErrorCode::io, diagnostics);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    diagnostics.errors.push_back(
        Diagnostic{Origin{path, 0}, "", "cannot read: " + std::generic_category().message(err)});
    return errors_as_one(ErrorCode::io, diagnostics);
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    diagnostics.errors.push_back(Diagnostic{Origin{path, 0}, "", "cannot read: I/O error"});
    return errors_as_one(ErrorCode::io, diagnostics);
  }
  return parse_config(text.str(), path, env, diagnostics);
}

std::string config_file_in_dir(const std::string& dir) { return (std::filesystem::path(dir) / "burrow.toml").string(); }

Result<Config> load_config_dir(const std::string& dir, Diagnostics& diagnostics, const EnvLookup& env) {
  return load_config_file(config_file_in_dir(dir), diagnostics, env);
}

}  // namespace warren::config
