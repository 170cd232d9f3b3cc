// What the plugin writes, read back with the rules of Telegraf's influx parser
// (tests/support/telegraf_line_reader.hpp, reference/telegraf.md §5): hostile group, topic and
// cluster names come back unchanged; every measurement has only integer (`i`), float and string
// fields, never a boolean; timestamps are nanoseconds; status codes are Telegraf's plus REWIND = 7.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "plugin/line_protocol.hpp"
#include "plugin/measurements.hpp"
#include "tests/support/config_fixture.hpp"
#include "tests/support/hostile_names.hpp"
#include "tests/support/telegraf_line_reader.hpp"

using namespace warren;
using namespace warren::plugin;
using test::LineField;
using test::LinePoint;
using test::read_line;
using test::read_lines;

namespace {

const std::vector<std::string>& kHostileNames = test::hostile_names();

LinePoint one_point(const std::string& text) {
  const auto points = read_lines(text);
  REQUIRE(points.size() == 1);
  return points.front();
}

}  // namespace

TEST_SUITE("plugin") {
  TEST_CASE("hostile names as tag keys, tag values and string fields read back unchanged") {
    for (const auto& name : kHostileNames) {
      CAPTURE(name);
      LineBuilder lb;
      lb.begin("burrow_group")
          .tag(name, name)
          .tag("group", name)
          .field_string("status", name)
          .field_int("n", 1)
          .end(1'700'000'000'000'000'000);
      CAPTURE(lb.str());
      const auto p = one_point(lb.str());
      REQUIRE(p.error.empty());
      CHECK(p.measurement == "burrow_group");
      REQUIRE(p.tags.size() == 2);
      CHECK(p.tags[0].first == name);
      CHECK(p.tags[0].second == name);
      REQUIRE(p.tag("group") != nullptr);
      CHECK(*p.tag("group") == name);
      REQUIRE(p.field("status") != nullptr);
      CHECK(p.field("status")->kind == LineField::Kind::string);
      CHECK(p.field("status")->value == name);
    }
  }

  TEST_CASE("hostile measurement and field key names read back unchanged") {
    for (const auto& name : kHostileNames) {
      CAPTURE(name);
      // A measurement cannot start with '#' (a comment). And in measurements and field keys the
      // parser pairs a backslash with any next character, backslash included, so a backslash
      // before a space or comma cannot be carried; warren's measurement and field names are fixed
      // and have neither.
      if (name.front() == '#' || name.find('\\') != std::string::npos) continue;
      LineBuilder lb;
      lb.begin(name).field_int(name, 7).end(1);
      const auto p = one_point(lb.str());
      REQUIRE(p.error.empty());
      CHECK(p.measurement == name);
      REQUIRE(p.fields.size() == 1);
      CHECK(p.fields[0].first == name);
    }
  }

  TEST_CASE("the escaped forms Telegraf needs") {
    CHECK(escape_key("a b,c=d") == "a\\ b\\,c\\=d");
    CHECK(escape_key("say \"hi\"") == "say\\ \"hi\"");
    // Telegraf unescapes \" only in names with a space, comma or '=': there \\\" reads back as \".
    CHECK(escape_key("x\\\"y") == "x\\\"y");
    CHECK(escape_key("x \\\"y") == "x\\ \\\\\"y");
    CHECK(escape_key("a\\b") == "a\\b");  // other backslashes are literal
    CHECK(escape_measurement("a b,c=d \"e\"") == "a\\ b\\,c=d\\ \"e\"");
    CHECK(escape_string("C:\\temp \"x\"\n") == "C:\\\\temp \\\"x\\\"\n");
  }

  TEST_CASE("control characters: never raw, written as a backslash and a letter") {
    LineBuilder lb;
    lb.begin("m").tag("g", "a\tb\nc\vd\fe\rf").field_int("v", 1).end(1);
    CHECK(lb.str() == "m,g=a\\tb\\nc\\vd\\fe\\rf v=1i 1\n");
    const auto p = one_point(lb.str());
    REQUIRE(p.error.empty());
    CHECK(*p.tag("g") == "a\\tb\\nc\\vd\\fe\\rf");
  }

  TEST_CASE("a trailing backslash cannot be read, so it is dropped — a tag left empty is omitted") {
    // Written raw, the reader rejects it, which is why the builder drops it.
    CHECK(!read_line("m,g=dir\\ v=1i 1").error.empty());
    LineBuilder lb;
    lb.begin("m").tag("g", "dir\\").tag("h", "x\\\\").tag("only", "\\\\").tag("k\\", "v").field_int("v", 1).end(1);
    const auto p = one_point(lb.str());
    REQUIRE(p.error.empty());
    CHECK(*p.tag("g") == "dir");
    CHECK(*p.tag("h") == "x");
    CHECK(p.tag("only") == nullptr);
    CHECK(*p.tag("k") == "v");
  }

  TEST_CASE("the reader rejects what Telegraf rejects") {
    CHECK(read_line("m v=1i 1").error.empty());
    CHECK(!read_line("m v=01i").error.empty());  // leading zero
    CHECK(!read_line("m v=9223372036854775808i").error.empty());
    CHECK(!read_line("m,t= v=1i").error.empty());         // empty tag value
    CHECK(!read_line("m,t=a b v=1i").error.empty());      // unescaped space in a tag
    CHECK(!read_line("m v=\"C:\\temp\"").error.empty());  // lone backslash in a string
    CHECK(!read_line("m v=1i 12345678901234567890").error.empty());
    CHECK(!read_line("m v=NaN").error.empty());
    CHECK(!read_line("m").error.empty());
    CHECK(!read_line("#m v=1i").error.empty());
    CHECK(read_line("m v=t").fields.at(0).second.kind == LineField::Kind::boolean);
  }
}

namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;
const std::string kGroup = "team a,\"orders\"=x\\y \xC3\xBC";
const std::string kTopic = "t o,p=i\"c\\x";

// One cluster, three groups: OK, STOP (ERR) and REWIND (ERR), all with hostile names.
struct HostileFixture {
  ManualClock clock{from_unix_ms(kNow)};
  config::Config cfg;
  std::unique_ptr<engine::Engine> engine;

  HostileFixture() {
    auto loaded = test::parse_toml(R"(
[cluster."prod eu,1=\"x\""]
servers = ["127.0.0.1:9092"]
[storage.default]
intervals = 5
)");
    REQUIRE(loaded.ok());
    cfg = *loaded.config;
    engine = std::move(engine::Engine::create(cfg, clock)).value();
    auto* c = engine->store().cluster("prod eu,1=\"x\"");
    REQUIRE(c != nullptr);
    c->set_broker_offset(kTopic, 0, 2, 300, kNow - 5000);
    c->set_broker_offset(kTopic, 1, 2, 50, kNow - 5000);
    // OK: caught up.
    c->add_commit(
        {.group = kGroup, .topic = kTopic, .partition = 0, .offset = 300, .order = 1, .timestamp_ms = kNow - 500});
    c->set_owner(kGroup, kTopic, 0,
                 std::make_shared<const model::Member>(model::Member{.owner = "/10.0.0.1 \"x\"", .client_id = "c"}));
    // REWIND: the offset goes back and does not recover, lag never zero.
    const std::string rewind = "rewind=group";
    c->add_commit(
        {.group = rewind, .topic = kTopic, .partition = 0, .offset = 100, .order = 2, .timestamp_ms = kNow - 3000});
    c->add_commit(
        {.group = rewind, .topic = kTopic, .partition = 0, .offset = 200, .order = 3, .timestamp_ms = kNow - 2000});
    c->add_commit(
        {.group = rewind, .topic = kTopic, .partition = 0, .offset = 150, .order = 4, .timestamp_ms = kNow - 1000});
  }

  std::string render(const config::ExecdConfig& execd = {}) {
    auto filter = BatchFilter::create(execd);
    REQUIRE(filter);
    return render_batch(*engine, nullptr, filter.value(), clock.now());
  }
};

}  // namespace

TEST_SUITE("plugin") {
  TEST_CASE("every line of a batch with hostile names parses — names, types and timestamps as Telegraf reads them") {
    HostileFixture f;
    const std::string batch = f.render();
    CAPTURE(batch);
    const auto points = read_lines(batch);
    REQUIRE(points.size() >= 6);
    std::set<std::string> measurements;
    std::set<std::string> groups;
    for (const auto& p : points) {
      CAPTURE(p.measurement);
      REQUIRE(p.error.empty());
      measurements.insert(p.measurement);
      // Nanoseconds: the batch time in ms times 10^6, 19 digits.
      REQUIRE(p.timestamp.has_value());
      CHECK(*p.timestamp == kNow * 1'000'000);
      REQUIRE(p.tag("cluster") != nullptr);
      CHECK(*p.tag("cluster") == "prod eu,1=\"x\"");
      for (const auto& [key, field] : p.fields) {
        CAPTURE(key);
        CHECK(field.kind != LineField::Kind::boolean);
        CHECK(field.kind != LineField::Kind::unsigned_integer);
        // Strings are only the status names; every number but `complete` is an integer.
        if (key == "status") {
          CHECK(field.kind == LineField::Kind::string);
        } else if (key == "complete") {
          CHECK(field.kind == LineField::Kind::floating);
        } else {
          CHECK(field.kind == LineField::Kind::integer);
        }
      }
      if (p.measurement == "burrow_group" || p.measurement == "burrow_partition") {
        REQUIRE(p.tag("group") != nullptr);
        groups.insert(*p.tag("group"));
        CHECK(p.field("status_code") != nullptr);
      }
      if (p.measurement == "burrow_partition" || p.measurement == "burrow_topic") {
        REQUIRE(p.tag("topic") != nullptr);
        CHECK(*p.tag("topic") == kTopic);
        REQUIRE(p.tag("partition") != nullptr);
      }
    }
    CHECK(measurements == std::set<std::string>{"burrow_group", "burrow_partition", "burrow_topic", "warren_cluster"});
    CHECK(groups == std::set<std::string>{kGroup, "rewind=group"});
  }

  TEST_CASE("status and status_code per group and partition, REWIND = 7 — owner tag read back") {
    HostileFixture f;
    const auto points = read_lines(f.render());
    int seen = 0;
    for (const auto& p : points) {
      REQUIRE(p.error.empty());
      if (p.measurement == "burrow_topic" || p.measurement == "warren_cluster") continue;
      const std::string& group = *p.tag("group");
      const std::string status = p.field("status")->value;
      const std::string code = p.field("status_code")->value;
      CAPTURE(group);
      CAPTURE(p.measurement);
      if (group == kGroup) {
        CHECK(status == "OK");
        CHECK(code == "1");
        if (p.measurement == "burrow_partition" && *p.tag("partition") == "0") {
          REQUIRE(p.tag("owner") != nullptr);
          CHECK(*p.tag("owner") == "/10.0.0.1 \"x\"");
          CHECK(p.field("lag")->value == "0");
          CHECK(p.field("offset")->value == "300");
          CHECK(p.field("timestamp")->value == std::to_string(kNow - 500));
          ++seen;
        }
      } else if (p.measurement == "burrow_group") {
        CHECK(status == "ERR");
        CHECK(code == "4");
        CHECK(p.field("total_lag")->value == "150");
        ++seen;
      } else if (*p.tag("partition") == "0") {
        CHECK(status == "REWIND");
        CHECK(code == "7");
        CHECK(p.field("lag")->value == "150");
        ++seen;
      }
    }
    CHECK(seen == 3);
  }

  TEST_CASE("emit OK partitions off: only the partitions with a problem, the groups all stay") {
    HostileFixture f;
    config::ExecdConfig execd;
    execd.emit_ok_partitions = false;
    execd.emit_topic = false;
    execd.emit_cluster = false;
    const auto points = read_lines(f.render(execd));
    int groups = 0;
    int partitions = 0;
    for (const auto& p : points) {
      REQUIRE(p.error.empty());
      if (p.measurement == "burrow_group") ++groups;
      if (p.measurement == "burrow_partition") {
        ++partitions;
        CHECK(p.field("status")->value == "REWIND");
      }
    }
    CHECK(groups == 2);
    CHECK(partitions == 1);
  }

  TEST_CASE("filters and switches with hostile names: include/exclude match the raw names") {
    HostileFixture f;
    config::ExecdConfig execd;
    execd.group_include = "^team a,";
    execd.topic_exclude = "i\"c";
    auto points = read_lines(f.render(execd));
    for (const auto& p : points) {
      REQUIRE(p.error.empty());
      CHECK(p.measurement != "burrow_partition");
      CHECK(p.measurement != "burrow_topic");
      if (p.measurement == "burrow_group") CHECK(*p.tag("group") == kGroup);
    }
    execd = {};
    execd.cluster_include = "^prod eu,1=\"x\"$";
    execd.emit_group = false;
    execd.emit_partition = false;
    execd.emit_topic = false;
    points = read_lines(f.render(execd));
    REQUIRE(points.size() == 1);
    CHECK(points[0].measurement == "warren_cluster");
    execd.cluster_exclude = "prod";
    CHECK(f.render(execd).empty());
  }
}
