// Group, topic and cluster names that line protocol must carry through Telegraf's parser
// unchanged: spaces, commas, equals signs, quotes, backslashes before each of them, a leading '#',
// UTF-8. Kafka allows any string as a group name. Names with a trailing backslash or a control
// character are not here: line protocol cannot carry those unchanged (see line_protocol.hpp).
// Shared by the unit tests (tests/plugin/telegraf_rules_test.cpp) and the samples that the real
// Telegraf parser reads (tests/tools/line_protocol_samples_main.cpp).
#pragma once

#include <string>
#include <vector>

namespace warren::test {

inline const std::vector<std::string>& hostile_names() {
  static const std::vector<std::string> names = {
      "plain",
      "with space",
      " leading and trailing ",
      "comma,separated",
      "key=value",
      "say \"hi\"",
      "back\\slash",
      "two\\\\backslashes",
      "backslash\\ space",
      "backslash\\,comma",
      "backslash\\=equals",
      "backslash\\\"quote",
      "three\\\\\\ then space",
      "#not-a-comment",
      "=starts with equals",
      ",starts with comma",
      "gr\xC3\xBC\xC3\x9F "  // UTF-8: "grüß 日本 😀"
      "\xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80",
      "all of them: a,b=c \"d\" e\\f\\,g\\ h \xC3\xA9",
      "q\"",
      "\"",
      "\\\"",
      "a\\\\\"b",
      "with space \\\"quoted\\\"",
      "x\\\\ ",
      "\\ ",
      "\\,\\=\\\"",
      "=\"\\\"",
      "\\\"\\\"",
      "a\\\"b c",
  };
  return names;
}

}  // namespace warren::test
