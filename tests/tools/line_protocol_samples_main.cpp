// warren_line_protocol_samples: prints one point of line protocol per hostile name
// (tests/support/hostile_names.hpp), written by the plugin's LineBuilder, for
// tests/e2e/telegraf_parser_test.sh to read with Telegraf's own parser. Each point carries the name
// as the `group` tag value, as a tag key (value "v") and as the string field `status`, which the
// test takes as the truth; names without a backslash or a leading '#' are also the measurement
// and a field key (otherwise "m" and "f": in those positions the parser cannot carry a backslash
// before a space or comma, and warren's own measurement and field names have none).
#include <iostream>
#include <string>

#include "plugin/line_protocol.hpp"
#include "tests/support/hostile_names.hpp"

int main() {
  for (const auto& name : warren::test::hostile_names()) {
    const bool plain = name.find('\\') == std::string::npos && name.front() != '#';
    warren::plugin::LineBuilder lb;
    lb.begin(plain ? name : std::string("m"))
        .tag("group", name)
        .tag(name, "v")
        .field_string("status", name)
        .field_int(plain ? name : std::string("f"), 1)
        .end(1'700'000'000'000'000'000);
    std::cout << lb.str();
  }
  std::cout.flush();
  return std::cout ? 0 : 1;
}
