// The data Burrow gives a notifier template, built from warren's evaluation (reference/burrow.md
// §6.2): .Cluster .Group .ID .Start .Extras .Result, with .Result shaped as Burrow's
// ConsumerGroupStatus (Go field names; jsonencoder writes its json tags), and the helper functions
// Burrow registers for body templates.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "core/eval/group_status.hpp"
#include "core/notify/go_template.hpp"
#include "core/notify/template_value.hpp"

namespace warren::notify {

struct NotificationContext {
  std::string cluster;
  std::string group;
  std::string id;  // incident id; "" when there is no incident
  // Incident start; the epoch (a default time_point) stands for Go's zero time (no incident).
  std::chrono::system_clock::time_point start;
  std::map<std::string, std::string> extras;
  const eval::GroupStatus& result;  // .Result.Partitions shows only its non-OK partitions
};

// .Cluster .Group .ID .Id .Start .Extras .Result. `.Id` is an alias of `.ID`: Burrow's shipped
// default-http-post and default-http-delete templates write `.Id`.
TemplateValue notification_data(const NotificationContext& context);

// ConsumerGroupStatus / PartitionStatus values as templates see them (exposed for tests and for
// rendering a status read back from Burrow's JSON).
TemplateValue group_status_value(const eval::GroupStatus& status, bool only_not_ok);
TemplateValue partition_status_value(const eval::PartitionStatus& partition);

// jsonencoder, topicsbystatus, partitioncounts, add, minus, multiply, divide, maxlag,
// formattimestamp: the functions of Burrow's body templates.
FunctionSet burrow_functions();
// URL templates (url-open, url-close) get no helper functions in Burrow.
FunctionSet url_functions();

// Go's encoding/json of a template value (jsonencoder).
Result<std::string> go_json_encode(const TemplateValue& value);

}  // namespace warren::notify
