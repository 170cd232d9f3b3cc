// Writes a seed corpus for offsets_record_fuzz: one valid record of every kind and value version,
// in the fuzzer's input format (split byte, key, value). Usage: make_seeds <directory>.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "core/mock/offsets_encoder.hpp"

namespace {

using warren::mock::Bytes;

void write_seed(const std::string& dir, const std::string& name, const Bytes& key, const Bytes* value) {
  std::ofstream out(dir + "/" + name, std::ios::binary);
  // The split byte must be below 255 for a present value; every seed key here is short enough.
  const auto split = static_cast<char>(value == nullptr ? 255 : key.size());
  out.put(split);
  out.write(reinterpret_cast<const char*>(key.data()), static_cast<std::streamsize>(key.size()));
  if (value != nullptr)
    out.write(reinterpret_cast<const char*>(value->data()), static_cast<std::streamsize>(value->size()));
}

}  // namespace

int main(int argc, char** argv) {
  namespace t = warren::mock;
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <directory>\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];

  const auto commit_key = t::encode_offset_commit_key("group", "topic", 3);
  for (std::int16_t v = 0; v <= 4; ++v) {
    const auto value = t::encode_offset_commit_value(v, 42, 1700000000000, std::string(v == 4 ? 130 : 4, 'm'), 7, 1);
    write_seed(dir, "offset_commit_v" + std::to_string(v), commit_key, &value);
  }
  write_seed(dir, "offset_commit_tombstone", commit_key, nullptr);

  const std::vector<t::MemberSpec> members = {
      {.member_id = "m1",
       .group_instance_id = "i1",
       .client_id = "c1",
       .client_host = "/h1",
       .assignment = {{"t", {0, 1}}, {"u", {2}}}},
      {.member_id = "m2", .client_id = "c2", .client_host = "/h2", .assignment = {{"t", {2}}}},
  };
  const auto group_key = t::encode_group_metadata_key("group");
  for (std::int16_t v = 0; v <= 4; ++v) {
    const auto value = t::encode_group_metadata_value(v, "consumer", 3, "range", "m1", members, 5);
    write_seed(dir, "group_metadata_v" + std::to_string(v), group_key, &value);
  }

  warren::kafka::Uuid id{};
  id[3] = 9;
  const auto cg_metadata = t::encode_consumer_group_metadata_value(4, 77);
  write_seed(dir, "consumer_group_metadata", t::encode_consumer_group_metadata_key("group"), &cg_metadata);
  const auto cg_partitions =
      t::encode_consumer_group_partition_metadata_value({{.topic_id = id, .topic = "t", .partition_count = 2}});
  write_seed(dir, "consumer_group_partition_metadata", t::encode_consumer_group_partition_metadata_key("group"),
             &cg_partitions);
  const auto cg_member = t::encode_consumer_group_member_metadata_value({.instance_id = "i",
                                                                         .client_id = "c",
                                                                         .client_host = "/h",
                                                                         .subscribed_topic_names = {"t"},
                                                                         .rebalance_timeout_ms = 1});
  write_seed(dir, "consumer_group_member_metadata", t::encode_consumer_group_member_metadata_key("group", "m"),
             &cg_member);
  const auto cg_assignment = t::encode_consumer_group_current_member_assignment_value(
      {.member_epoch = 2, .assigned_partitions = {{.topic_id = id, .partitions = {0, 1}}}});
  write_seed(dir, "consumer_group_current_member_assignment",
             t::encode_consumer_group_current_member_assignment_key("group", "m"), &cg_assignment);
  const auto skipped_value = t::encode_consumer_group_metadata_value(1);
  write_seed(dir, "share_group_metadata", t::encode_group_key(11, "group"), &skipped_value);
  return 0;
}
