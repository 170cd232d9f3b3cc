// Burrow's template data and helper functions: field names, .Id, zero time, only non-OK
// partitions, jsonencoder agreeing with the REST API's encoder, and the five templates Debian's
// burrow package installs rendering what Go renders for the same data.
#include "core/notify/template_data.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "server/burrow_payloads.hpp"
#include "tests/notify/template_fixture.hpp"

using namespace warren::notify;
using warren::eval::GroupStatus;

namespace {

std::string render(std::string_view text, const TemplateValue& data) {
  auto t = GoTemplate::parse(text, "t.tmpl", burrow_functions());
  if (!t.ok()) return "PARSE: " + t.error().message;
  auto r = t->render(data);
  return r.ok() ? r.value() : "EXEC: " + r.error().message;
}

std::string render_bad(std::string_view text) {
  const auto status = testing::bad_group();
  return render(text, testing::bad_group_data(status));
}

// Debian's burrow package installs the shipped templates here (scripts/install-deps.sh).
std::string shipped(const std::string& name) {
  std::ifstream in("/etc/burrow/" + name);
  REQUIRE_MESSAGE(in.good(), "/etc/burrow/" << name << " missing: run scripts/install-deps.sh (Debian's burrow)");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string render_shipped(const std::string& name, const TemplateValue& data) {
  auto t = GoTemplate::parse(shipped(name), name, burrow_functions());
  REQUIRE_MESSAGE(t.ok(), t.error().message);
  auto r = t->render(data);
  REQUIRE_MESSAGE(r.ok(), r.error().message);
  return r.value();
}

}  // namespace

TEST_SUITE("notify") {
  TEST_CASE("the data has Burrow's fields, .Id is .ID, .Result.Partitions holds the non-OK ones") {
    CHECK(render_bad("{{.Cluster}}|{{.Group}}|{{.ID}}|{{.Id}}") ==
          "local|grp-bad|4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab|4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab");
    CHECK(render_bad("{{len .Result.Partitions}} of {{.Result.TotalPartitions}}") == "2 of 4");
    CHECK(render_bad("{{range .Result.Partitions}}{{.Status}} {{end}}") == "STOP STALL ");
    CHECK(render_bad("{{.Result.Cluster}} {{.Result.Group}} {{.Result.Maxlag.Topic}} {{.Result.Maxlag.Owner}} "
                     "{{.Result.Maxlag.ClientID}} {{.Result.Maxlag.End.ObservedTimestamp}}") ==
          "local grp-bad orders /10.0.0.1 c1 1700000060100");
    CHECK(render_bad("{{.Result.Status.String}} {{printf \"%d\" .Result.Status}}") == "ERR 3");
  }

  TEST_CASE("no incident: empty ID and Go's zero time") {
    const GroupStatus ok{.cluster = "c", .group = "g", .status = warren::model::Status::ok};
    const auto data = notification_data(NotificationContext{.cluster = "c", .group = "g", .result = ok});
    CHECK(render("[{{.ID}}][{{.Id}}] {{.Start}} {{.Start.IsZero}} {{.Start.Unix}}", data) ==
          "[][] 0001-01-01 00:00:00 +0000 UTC true -62135596800");
    CHECK(
        render("{{.Result.Maxlag}} {{maxlag .Result.Maxlag}} {{jsonencoder .Result}} {{index .Extras \"x\"}}|", data) ==
        "<nil> 0 "
        "{\"cluster\":\"c\",\"group\":\"g\",\"status\":\"OK\",\"complete\":1,\"partitions\":[],\"partition_count\":0,"
        "\"maxlag\":null,\"totallag\":0}"
        " |");
  }

  TEST_CASE("jsonencoder writes what the REST API writes for the same status") {
    const auto status = testing::bad_group();
    warren::server::GoJson j;
    warren::server::write_group_status(j, status, true);
    CHECK(render_bad("{{jsonencoder .Result}}") == j.str());
    warren::server::GoJson p;
    warren::server::write_partition_status(p, *status.maxlag);
    CHECK(render_bad("{{jsonencoder .Result.Maxlag}}") == p.str());
    // A commit whose lag was not known when it was stored: lag is null, and prints <nil>.
    GroupStatus g = testing::bad_group();
    g.partitions[0].start->lag_raw = warren::model::CommitSlot::kNoLag;
    const auto data = testing::bad_group_data(g);
    CHECK(render("{{with index .Result.Partitions 0}}{{.Start.Lag}} {{jsonencoder .Start}}{{end}}", data) ==
          "<nil> {\"offset\":100,\"timestamp\":1700000000000,\"observedAt\":1700000000100,\"lag\":null}");
  }

  TEST_CASE("jsonencoder of the whole data: Go field names as keys, time in RFC 3339") {
    const GroupStatus ok{.cluster = "c", .group = "g", .status = warren::model::Status::ok};
    const auto data = notification_data(NotificationContext{
        .cluster = "c", .group = "g", .id = "i", .extras = {{"b", "2"}, {"a", "<1>"}}, .result = ok});
    CHECK(render("{{jsonencoder .}}", data) ==
          "{\"Cluster\":\"c\",\"Group\":\"g\",\"ID\":\"i\",\"Start\":\"0001-01-01T00:00:00Z\",\"Extras\":{\"a\":"
          "\"\\u003c1\\u003e\",\"b\":\"2\"},\"Result\":{\"cluster\":\"c\",\"group\":\"g\",\"status\":\"OK\","
          "\"complete\":1,\"partitions\":[],\"partition_count\":0,\"maxlag\":null,\"totallag\":0}}");
    CHECK(go_json_encode(TemplateValue::float64(0.1)).value() == "0.1");
    CHECK(go_json_encode(TemplateValue::float64(1e-7)).value() == "1e-7");
    CHECK(go_json_encode(TemplateValue::float64(123456789.0)).value() == "123456789");
    CHECK_FALSE(go_json_encode(TemplateValue::no_value()).ok());
  }

  TEST_CASE("helpers: arithmetic, maxlag, formattimestamp, partitioncounts, topicsbystatus") {
    CHECK(render_bad("{{add 2 3}} {{minus 2 3}} {{multiply -4 3}} {{divide 9 4}} {{divide (add 10 "
                     ".Result.TotalPartitions) 2}}") == "5 -1 -12 2 7");
    CHECK(render_bad("{{add .Result.TotalLag 1}}") == "46");  // Go would refuse a uint64 here; warren converts
    CHECK(render_bad("{{maxlag .Result.Maxlag}} {{maxlag nil}}").find("42 0") == 0);
    CHECK(
        render_bad("{{maxlag .Result}}").find("expected *protocol.PartitionStatus; got protocol.ConsumerGroupStatus") !=
        std::string::npos);
    CHECK(render_bad("{{formattimestamp .Result.Maxlag.End.Timestamp \"2006-01-02T15:04:05Z07:00\"}}") ==
          "2023-11-14T22:14:20Z");
    CHECK(render_bad("{{formattimestamp 1 2}}").find("expected string; got int") != std::string::npos);
    CHECK(render_bad("{{$c := partitioncounts .Result.Partitions}}{{$c.stop}}/{{$c.stall}}/{{$c.warn}}/"
                     "{{$c.rewind}}/{{$c.unknown}}") == "1/1/0/0/0");
    CHECK(render_bad("{{partitioncounts .Result.Partitions}}") == "map[rewind:0 stall:1 stop:1 unknown:0 warn:0]");
    CHECK(render_bad("{{topicsbystatus .Result.Partitions}}") == "map[STALL:[payments<&>] STOP:[orders]]");
    CHECK(render_bad("{{partitioncounts .Result}}").find("expected []*protocol.PartitionStatus") != std::string::npos);
    // A topic with several bad partitions appears once per status.
    GroupStatus g = testing::bad_group();
    g.partitions[1].status = warren::model::Status::stop;
    g.partitions[2].topic = "orders";
    g.partitions[2].status = warren::model::Status::stop;
    CHECK(render("{{topicsbystatus .Result.Partitions}} {{(partitioncounts .Result.Partitions).stop}}",
                 testing::bad_group_data(g)) == "map[STOP:[orders]] 3");
  }

  TEST_CASE("url templates render without the helpers") {
    const auto status = testing::bad_group();
    auto t = GoTemplate::parse("http://127.0.0.1:9/v1/{{.Cluster}}/{{.Group}}/{{.ID}}?q={{urlquery .Group}}",
                               "url-open", url_functions());
    REQUIRE(t.ok());
    CHECK(t->render(testing::bad_group_data(status)).value() ==
          "http://127.0.0.1:9/v1/local/grp-bad/4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab?q=grp-bad");
  }

  // Expected bodies: Go 1.26's text/template over Burrow's structs with the fixture's values
  // (Burrow itself fails on `.Id`; with `.Id` resolved, this is what it would send).
  TEST_CASE("the shipped templates render as Go renders them") {
    const auto status = testing::bad_group();
    const auto data = testing::bad_group_data(status);
    CHECK(render_shipped("default-email.tmpl", data) ==
          "Subject: [Burrow] Kafka Consumer Lag Alert\n\nThe Kafka consumer groups you are monitoring are currently "
          "showing problems. The following groups are in a problem state (groups not listed are OK):\n\nCluster:  "
          "local\nGroup:    grp-bad\nStatus:   ERR\nComplete: 0.33333334\nErrors:   2 partitions have problems\n       "
          "   STOP orders:0 (1700000000000, 100, 5) -> (1700000060000, 150, 7)\n          STALL payments<&>:3 "
          "(1700000001000, 7, 0) -> (1700000061000, 7, 3)\n\n");
    CHECK(render_shipped("default-http-delete.tmpl", data) ==
          "{\"api_key\":\"k<1>\",\"app\":\"burrow\",\"block\":false,\"ids\":[\"4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab\"]}"
          "\n");
    CHECK(
        render_shipped("default-http-post.tmpl", data) ==
        "{\"api_key\":\"k<1>\",\"app\":\"burrow\",\"block\":false,\"events\":[{\"id\":\"4f1c2d3e-aaaa-4bbb-8ccc-"
        "0123456789ab\",\"event\":{\"severity\":\"ERR\",\"tier\":\"gold\",\"group\":\"grp-bad\",\"start\":\"Nov 28, "
        "2026 09:05:07 UTC\",\"complete\":0.33333334,\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"owner\":"
        "\"/10.0.0.1\",\"client_id\":\"c1\",\"status\":\"STOP\",\"start\":{\"offset\":100,\"timestamp\":"
        "1700000000000,\"observedAt\":1700000000100,\"lag\":5},\"end\":{\"offset\":150,\"timestamp\":1700000060000,"
        "\"observedAt\":1700000060100,\"lag\":7},\"current_lag\":42,\"complete\":1},{\"topic\":\"payments\\u003c\\u0026"
        "\\u003e\",\"partition\":3,\"owner\":\"\",\"client_id\":\"\",\"status\":\"STALL\",\"start\":{\"offset\":7,"
        "\"timestamp\":1700000001000,\"observedAt\":0,\"lag\":0},\"end\":{\"offset\":7,\"timestamp\":1700000061000,"
        "\"observedAt\":0,\"lag\":3},\"current_lag\":3,\"complete\":0.6666667}]}}]}\n");
    CHECK(render_shipped("default-slack-delete.tmpl", data) ==
          "{ \"attachments\": [{\"color\": \"good\",\"title\": \"A kafka consumer is no longer lagging\",\"fields\": "
          "[{\"title\": \"Group\",\"value\": \"grp-bad\", \"short\": false},{\"title\": \"Cluster\",\"value\": "
          "\"local\",\"short\": true},{\"title\": \"Total Lag\",\"value\": \"45\",\"short\": true}, {\"title\": "
          "\"Start\",\"value\": \"2026-11-28T09:05:07Z\",\"short\": true}]}]}\n");
    CHECK(render_shipped("default-slack-post.tmpl", data) ==
          "{ \"attachments\": [{\"color\": \"danger\",\"title\": \"A kafka consumer is lagging behind!\",\"fields\": "
          "[{\"title\": \"Group\",\"value\": \"grp-bad\", \"short\": false},{\"title\": \"Cluster\",\"value\": "
          "\"local\",\"short\": true},{\"title\": \"Total Lag\",\"value\": \"45\",\"short\": true}, {\"title\": "
          "\"Start\",\"value\": \"2026-11-28T09:05:07Z\",\"short\": true}]}]}\n");
  }

  TEST_CASE("a group with nothing complete prints Complete: 0, as Go prints a float32 zero") {
    GroupStatus g = testing::bad_group();
    g.complete = 0.0F;
    CHECK(render_shipped("default-email.tmpl", testing::bad_group_data(g)).find("\nComplete: 0\n") !=
          std::string::npos);
  }

  TEST_CASE("a WARN group posts severity WARN") {
    GroupStatus g = testing::bad_group();
    g.status = warren::model::Status::warn;
    CHECK(render_shipped("default-http-post.tmpl", testing::bad_group_data(g)).find("\"severity\":\"WARN\"") !=
          std::string::npos);
  }
}
