// The per-section readers of the configuration loader (internal to core/config). The loader
// sorts the file's top-level tables into SectionTables; each reader below turns its sections
// into config structs, applying Burrow's defaults (config.hpp), environment overrides and
// validation, and recording every problem in the context.
#pragma once

#include <string>
#include <vector>

#include "core/config/config.hpp"
#include "core/config/toml_reader.hpp"

namespace warren::config {

// One [kind.NAME] table.
struct NamedTable {
  std::string name;
  const TomlValue* table{nullptr};
};

// The file's sections by kind; each list is in file order. Absent single sections are null.
struct SectionTables {
  const TomlValue* general{nullptr};
  const TomlValue* logging{nullptr};
  const TomlValue* zookeeper{nullptr};
  const TomlValue* execd{nullptr};
  std::vector<NamedTable> client_profiles;
  std::vector<NamedTable> tls;
  std::vector<NamedTable> sasl;
  std::vector<NamedTable> iam;
  std::vector<NamedTable> clusters;
  std::vector<NamedTable> consumers;
  std::vector<NamedTable> storage;
  std::vector<NamedTable> evaluators;
  std::vector<NamedTable> httpservers;
  std::vector<NamedTable> notifiers;
};

// sections_general.cpp. read_general also turns on environment overrides, with the prefix it
// reads, so it runs first.
void read_general(ReadContext& context, const SectionTables& tables, Config& config);
void read_logging(ReadContext& context, const SectionTables& tables, Config& config);
void read_zookeeper(ReadContext& context, const SectionTables& tables, Config& config);
void read_storage(ReadContext& context, const SectionTables& tables, Config& config);
void read_evaluator(ReadContext& context, const SectionTables& tables, Config& config);
void read_execd(ReadContext& context, const SectionTables& tables, Config& config);

// sections_profiles.cpp: tls, sasl and iam first, then the client profiles that name them.
void read_profiles(ReadContext& context, const SectionTables& tables, Config& config);
// Reads `key` ("client-profile") of a section and resolves it: "" or absent gives the built-in
// defaults, an unknown name is an error.
void read_client_profile_ref(SectionReader& reader, std::string_view key, const Config& config, ClientProfile& out);

// sections_kafka.cpp: clusters, then the consumers that name them.
void read_clusters(ReadContext& context, const SectionTables& tables, Config& config);
void read_consumers(ReadContext& context, const SectionTables& tables, Config& config);

// sections_outputs.cpp
void read_httpservers(ReadContext& context, const SectionTables& tables, Config& config);
void read_notifiers(ReadContext& context, const SectionTables& tables, Config& config);

}  // namespace warren::config
