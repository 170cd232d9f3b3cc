// Turns a client profile and a server list into a librdkafka configuration: Burrow's TLS and
// SASL profile keys mapped onto librdkafka properties, then the profile's pass-through
// `librdkafka` table, then the caller's own properties (which a source needs to work).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/base/result.hpp"
#include "core/config/config.hpp"
#include "core/kafka/rdkafka_handles.hpp"

namespace warren::kafka {

using Properties = std::map<std::string, std::string>;

// The librdkafka properties a profile stands for (without the caller's own).
Result<Properties> profile_properties(const config::ClientProfile& profile, const std::vector<std::string>& servers);

// True when the profile reaches brokers without TLS or SASL, so warren's own requests (topic ids,
// the offsets topic's backlog) can be sent over a plain connection.
bool reaches_brokers_in_plaintext(const config::ClientProfile& profile);

// A configuration with every property set; the error names the property librdkafka refused.
Result<ConfHandle> make_conf(const config::ClientProfile& profile, const std::vector<std::string>& servers,
                             const Properties& own);

}  // namespace warren::kafka
