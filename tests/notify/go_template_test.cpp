// GoTemplate: every construct Burrow's templates and operators use, checked against what Go's
// text/template prints for the same data (tests/notify/template_fixture.hpp), and the errors a
// bad template gets at parse time (file:line:col) and at render time (file, line and action).
#include "core/notify/go_template.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/notify/template_fixture.hpp"

using namespace warren::notify;

namespace {

struct Case {
  std::string text;
  std::string want;
};

// Template and Go 1.26's output for the fixture's data.
const std::vector<Case>& go_cases() {
  static const std::vector<Case> cases = {
      {"plain text only", "plain text only"},
      {"{{.Cluster}} {{.Group}} {{.ID}} {{.Id}}",
       "local grp-bad 4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab 4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab"},
      {"{{.Start}}", "2026-11-28 09:05:07.123456789 +0000 UTC"},
      {"{{.Start.Format \"Jan 02, 2006 15:04:05 UTC\"}}", "Nov 28, 2026 09:05:07 UTC"},
      {"{{.Start.Format \"2006-01-02T15:04:05Z07:00\"}}", "2026-11-28T09:05:07Z"},
      {"{{.Start.Format \"Mon Monday Jan January 1 01 2 02 _2 06 2006 15 3 03 4 04 5 05 PM pm MST\"}}",
       "Sat Saturday Nov November 11 11 28 28 28 26 2026 09 9 09 5 05 7 07 AM am UTC"},
      {"{{.Start.Format \"2006-01-02T15:04:05.000Z07:00 .999 .000000 .999999999 ,000 -0700 -07:00 -07 Z0700 Z07\"}}",
       "2026-11-28T09:05:07.123Z .123 .123456 .123456789 ,123 +0000 +00:00 +00 Z Z"},
      {"{{.Start.Format \"002 __2 Janet Month\"}}", "332 332 Janet Month"},
      {"{{.Start.Unix}} {{.Start.UnixNano}} {{.Start.Year}} {{.Start.IsZero}}",
       "1795856707 1795856707123456789 2026 false"},
      {"{{.Result.Complete}} {{.Result.Status}} {{.Result.Status.String}} {{.Result.TotalLag}} "
       "{{.Result.TotalPartitions}}",
       "0.33333334 ERR ERR 45 4"},
      {"{{len .Result.Partitions}} {{len .Extras}} {{len \"héllo\"}}", "2 3 6"},
      {"{{index .Extras \"api_key\"}}|{{index .Extras \"missing\"}}|{{.Extras.app}}|{{.Extras.missing}}",
       "k<1>||burrow|<no value>"},
      {"{{.Extras}}", "map[api_key:k<1> app:burrow tier:gold]"},
      {"{{(index .Result.Partitions 1).Topic}} {{(index .Result.Partitions 0).Start.Offset}}", "payments<&> 100"},
      {"{{range .Result.Partitions}}[{{.Topic}}:{{.Partition}} {{.Status}} {{.CurrentLag}} {{.Complete}}]{{end}}",
       "[orders:0 STOP 42 1][payments<&>:3 STALL 3 0.6666667]"},
      {"{{range $i, $p := .Result.Partitions}}{{$i}}={{$p.Topic}};{{end}}", "0=orders;1=payments<&>;"},
      {"{{range $k, $v := .Extras}}{{$k}}={{$v}},{{end}}", "api_key=k<1>,app=burrow,tier=gold,"},
      {"{{range $v := .Extras}}{{$v}} {{end}}", "k<1> burrow gold "},
      {"{{range .Extras}}{{.}} {{else}}none{{end}}", "k<1> burrow gold "},
      {"{{if eq .Result.Status 2}}WARN{{else if eq .Result.Status 3}}ERR!{{else}}other{{end}}", "ERR!"},
      {"{{if eq .Result.Status 1 2 3}}yes{{end}} {{if ne .Result.Status 3}}a{{else}}b{{end}}", "yes b"},
      {"{{if lt .Result.TotalLag 100}}small{{end}} {{if gt .Result.TotalPartitions 3}}many{{end}} {{le 1 1}} {{ge 1.5 "
       "2.5}} {{lt \"a\" \"b\"}}",
       "small many true false true"},
      {"{{with .Result.Maxlag}}{{.Topic}} {{.End.Lag}}{{end}}", "orders 7"},
      {"{{with .ID}}id={{.}}{{else}}none{{end}}", "id=4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab"},
      {"{{$x := .Result.Group}}{{$x}} {{$x = \"changed\"}}{{$x}} {{$.Cluster}}", "grp-bad changed local"},
      {"{{- \"  trimmed  \" -}}   ", "  trimmed  "},
      {"a  {{- 1 -}}  b {{/* comment */}} c {{- /* trimmed comment */ -}} d", "a1b  cd"},
      {"{{printf \"%s-%d-%v-%q-%.2f-%5d|%-5s|%t|%x|%X|%05d|%+d|%e|%g|%8.3f\" \"s\" 42 .Result.Status \"q\\\"\" 3.14159 "
       "7 \"ab\" true 255 \"hi\" 42 5 1234.5678 0.000012345 2.5}}",
       "s-42-ERR-\"q\\\"\"-3.14-    7|ab   |true|ff|6869|00042|+5|1.234568e+03|1.2345e-05|   2.500"},
      {"{{printf \"%d %s\" 1}} {{printf \"%d\" \"x\"}} {{printf \"%d\" 1 2}} {{printf \"%%\"}}",
       "1 %!s(MISSING) %!d(string=x) 1%!(EXTRA int=2) %"},
      {"{{print 1 2 \"a\" \"b\" 3 .Result.Complete}}", "1 2ab3 0.33333334"},
      {"{{println 1 \"a\" .Result.Status}}", "1 a ERR\n"},
      {"{{not 0}} {{not .ID}} {{and 1 0 2}} {{and 1 2}} {{or 0 \"\" \"x\"}} {{or 0 \"\"}}", "true false 0 2 x "},
      {"{{html \"<a href='x'>&\\\"</a>\"}} {{js \"it's <b> \\\"q\\\" = \\\\\"}} {{urlquery \"a b&c=d/é\"}}",
       "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt; it\\'s \\u003Cb\\u003E \\\"q\\\" \\u003D \\\\ "
       "a+b%26c%3Dd%2F%C3%A9"},
      {"{{.Result.Group | printf \"%s!\"}} {{\"x\" | printf \"%s%s\" \"y\"}} {{.Result.Partitions | len}}",
       "grp-bad! yx 2"},
      {"{{jsonencoder .Result}}",
       "{\"cluster\":\"local\",\"group\":\"grp-bad\",\"status\":\"ERR\",\"complete\":0.33333334,\"partitions\":[{"
       "\"topic\":\"orders\",\"partition\":0,\"owner\":\"/"
       "10.0.0.1\",\"client_id\":\"c1\",\"status\":\"STOP\",\"start\":{\"offset\":100,\"timestamp\":1700000000000,"
       "\"observedAt\":1700000000100,\"lag\":5},\"end\":{\"offset\":150,\"timestamp\":1700000060000,\"observedAt\":"
       "1700000060100,\"lag\":7},\"current_lag\":42,\"complete\":1},{\"topic\":\"payments\\u003c\\u0026\\u003e\","
       "\"partition\":3,\"owner\":\"\",\"client_id\":\"\",\"status\":\"STALL\",\"start\":{\"offset\":7,\"timestamp\":"
       "1700000001000,\"observedAt\":0,\"lag\":0},\"end\":{\"offset\":7,\"timestamp\":1700000061000,\"observedAt\":0,"
       "\"lag\":3},\"current_lag\":3,\"complete\":0.6666667}],\"partition_count\":4,\"maxlag\":{\"topic\":\"orders\","
       "\"partition\":0,\"owner\":\"/"
       "10.0.0.1\",\"client_id\":\"c1\",\"status\":\"STOP\",\"start\":{\"offset\":100,\"timestamp\":1700000000000,"
       "\"observedAt\":1700000000100,\"lag\":5},\"end\":{\"offset\":150,\"timestamp\":1700000060000,\"observedAt\":"
       "1700000060100,\"lag\":7},\"current_lag\":42,\"complete\":1},\"totallag\":45}"},
      {"{{.Result.Partitions | jsonencoder}}",
       "[{\"topic\":\"orders\",\"partition\":0,\"owner\":\"/"
       "10.0.0.1\",\"client_id\":\"c1\",\"status\":\"STOP\",\"start\":{\"offset\":100,\"timestamp\":1700000000000,"
       "\"observedAt\":1700000000100,\"lag\":5},\"end\":{\"offset\":150,\"timestamp\":1700000060000,\"observedAt\":"
       "1700000060100,\"lag\":7},\"current_lag\":42,\"complete\":1},{\"topic\":\"payments\\u003c\\u0026\\u003e\","
       "\"partition\":3,\"owner\":\"\",\"client_id\":\"\",\"status\":\"STALL\",\"start\":{\"offset\":7,\"timestamp\":"
       "1700000001000,\"observedAt\":0,\"lag\":0},\"end\":{\"offset\":7,\"timestamp\":1700000061000,\"observedAt\":0,"
       "\"lag\":3},\"current_lag\":3,\"complete\":0.6666667}]"},
      {"{{jsonencoder .Result.Maxlag.Start}} {{jsonencoder .Extras}} {{jsonencoder .Start}} {{jsonencoder 1.5}} "
       "{{jsonencoder \"<&>\"}} {{jsonencoder 0.0000001}} {{jsonencoder 1e21}}",
       "{\"offset\":100,\"timestamp\":1700000000000,\"observedAt\":1700000000100,\"lag\":5} "
       "{\"api_key\":\"k\\u003c1\\u003e\",\"app\":\"burrow\",\"tier\":\"gold\"} \"2026-11-28T09:05:07.123456789Z\" 1.5 "
       "\"\\u003c\\u0026\\u003e\" 1e-7 1e+21"},
      {"{{add 1 2}} {{minus 1 5}} {{multiply 6 7}} {{divide 7 2}} {{divide -7 2}} {{add (add 1 2) 3}}",
       "3 -4 42 3 -3 6"},
      {"{{maxlag .Result.Maxlag}} {{maxlag nil}}", "42 0"},
      {"{{formattimestamp 1700000000123 \"2006-01-02 15:04:05.000\"}} {{formattimestamp .Result.Maxlag.Start.Timestamp "
       "\"Jan _2 15:04\"}}",
       "2023-11-14 22:13:20.123 Nov 14 22:13"},
      {"{{partitioncounts .Result.Partitions}}", "map[rewind:0 stall:1 stop:1 unknown:0 warn:0]"},
      {"{{range $s, $t := topicsbystatus .Result.Partitions}}{{$s}}={{$t}};{{end}}",
       "STALL=[payments<&>];STOP=[orders];"},
      {"{{index (partitioncounts .Result.Partitions) \"stop\"}}", "1"},
      {"{{'a'}} {{0x1F}} {{1e3}} {{-5}} {{1_000}} {{0o17}} {{\"\\u00e9\\t\"}} {{`raw\n`}}",
       "97 31 1000 -5 1000 15 é\t raw\n"},
      {"{{range 3}}{{.}}{{end}}", "012"},
      {"{{.Result.Maxlag.Start}}", "{100 1700000000000 1700000000100 5}"},
      {"{{printf \"%v %+v\" .Result.Maxlag.Start .Result.Maxlag.End}}",
       "&{100 1700000000000 1700000000100 5} &{Offset:150 Timestamp:1700000060000 ObservedTimestamp:1700000060100 "
       "Lag:7}"},
      {"{{printf \"%s\" .Result.Status}} {{printf \"%d\" .Result.Status}} {{printf \"%v\" .Start}}",
       "ERR 3 2026-11-28 09:05:07.123456789 +0000 UTC"},
      {"{{printf \"%6.2f%%\" (multiply 100 1 | printf \"%d\" | len | printf \"%d\")}}", "%!f(string=     3)%"},
      {"{{.Result.Maxlag.Complete}} {{(index .Result.Partitions 1).Complete}}", "1 0.6666667"},
      {"{{if .Extras.missing}}t{{else}}f{{end}}", "f"},
      {"{{if and .ID (eq .Result.Status 3)}}both{{end}}", "both"},
      // Idioms of operators' templates, fmt verbs and flags, comparisons across int kinds.
      {"{{range $i, $e := .Result.Partitions}}{{if $i}}, {{end}}{{$e.Topic}}{{end}}", "orders, payments<&>"},
      {"{{range .Result.Partitions}}{{range $.Result.Partitions}}{{.Partition}}{{end}};{{else}}none{{end}}", "03;03;"},
      {"{{with .Result.Maxlag}}{{$.Group}}:{{.Topic}}{{else}}no{{end}}", "grp-bad:orders"},
      {"{{if not .Result.Partitions}}empty{{else}}{{len .Result.Partitions}}{{end}}", "2"},
      {"{{\"Jan 2\" | .Start.Format}} {{.Start.Format \"2006\" | len}} {{.Start.Format \"2006\" | printf \"%s-%s\" "
       "\"y\"}}",
       "Nov 28 4 y-2026"},
      {"{{printf \"%q %c %U %x %o %b %#x %#o %X\" 65 65 65 -255 8 5 255 8 \"Hi\"}}",
       "'A' A U+0041 -ff 10 101 0xff 010 4869"},
      {"{{printf \"%08.3f|%-8d|%+.2e|%10s|%-10s|%.2s|%5.1s|\" 3.14159 42 12345.678 \"right\" \"left\" \"abcdef\" "
       "\"xyz\"}}",
       "0003.142|42      |+1.23e+04|     right|left      |ab|    x|"},
      {"{{printf \"%t %s %s %d %v\" 1 2 true \"x\" nil}}", "%!t(int=1) %!s(int=2) %!s(bool=true) %!d(string=x) <nil>"},
      {"{{print nil}} {{print}} {{println}} {{print \"a\" 1 2 \"b\"}} {{print 1.5 2}}", "<nil>  \n a1 2b 1.5 2"},
      {"{{printf \"%v %d\" .Result.TotalLag .Result.Maxlag.Partition}}", "45 0"},
      {"{{eq .Result.TotalLag 810}} {{eq 45 .Result.TotalLag}} {{lt .Result.TotalLag 46}} {{gt 46 .Result.TotalLag}} "
       "{{eq \"a\" \"b\" \"a\"}} {{ne 1 2}}",
       "false true true true true true"},
      {"{{eq .Result.Maxlag.Partition 0}} {{eq .Result.Complete .Result.Complete}} {{eq .Start .Start}}",
       "true true true"},
      {"{{index .Extras \"tier\" | printf \"%q\"}} {{index .Result.Partitions 0 | printf \"%T\"}}",
       "\"gold\" *protocol.PartitionStatus"},
      {"{{$n := len .Result.Partitions}}{{if gt $n 1}}many{{end}} {{$n}}", "many 2"},
      {"{{range $k, $v := partitioncounts .Result.Partitions}}{{if $v}}{{$k}}={{$v}} {{end}}{{end}}",
       "stall=1 stop=1 "},
      {"{{len (topicsbystatus .Result.Partitions)}} {{index (topicsbystatus .Result.Partitions) \"STOP\" | len}}",
       "2 1"},
      {"{{if and (eq .Result.Status 3) (gt (len .Result.Partitions) 1)}}page{{end}}", "page"},
      {"{{formattimestamp .Result.Maxlag.End.Timestamp \"Mon Jan _2 15:04:05 MST 2006\"}}",
       "Tue Nov 14 22:14:20 UTC 2023"},
      {"{{divide (multiply 100 (len .Result.Partitions)) .Result.TotalPartitions}}%", "50%"},
      {"{{printf \"%.1f%%\" (multiply 100 2)}}", "%!f(int=200)%"},
      {"{{js \"é\\u2028<\"}} {{html 1 \"<\"}} {{urlquery \"a\" 1}}", "é\\u2028\\u003C 1&lt; a1"},
      {"{{.Start.Year}}-{{.Start.YearDay}} {{.Start.Hour}}:{{.Start.Minute}}:{{.Start.Second}} {{.Start.Nanosecond}} "
       "{{.Start.UnixMilli}}",
       "2026-332 9:5:7 123456789 1795856707123"},
      // Multi-line templates with trim markers, break and continue (Go 1.18+).
      {"{{- range .Result.Partitions}}\n- {{.Topic}}/{{.Partition}}: {{.Status}} lag={{.CurrentLag}}\n{{- end}}\n",
       "\n- orders/0: STOP lag=42\n- payments<&>/3: STALL lag=3\n"},
      {"Group {{.Group}}\n{{- if .Result.Partitions}}\n{{range $i, $p := .Result.Partitions -}}\n  {{$i}}. "
       "{{$p.Topic}}\n{{end -}}\n{{end}}done",
       "Group grp-bad\n0. orders\n1. payments<&>\ndone"},
      {"{{range .Result.Partitions}}{{if eq .Partition 0}}{{continue}}{{end}}{{.Topic}}{{break}}{{end}}|{{range $k, "
       "$v := .Extras}}{{if eq $k \"app\"}}{{break}}{{end}}{{$v}}{{end}}",
       "payments<&>|k<1>"},
      {"{{(topicsbystatus .Result.Partitions).STOP}} {{index (topicsbystatus .Result.Partitions) \"NONE\" | len}} "
       "{{range (topicsbystatus .Result.Partitions).NONE}}x{{else}}none{{end}} {{.Cluster |}}",
       "[orders] 0 none local"},
      {"{{if .Extras.miss.ing}}t{{else}}f{{end}} {{.Extras.miss.ing}}", "f <no value>"},
      {"{{.Start.Month}} {{printf \"%d\" .Start.Month}} {{.Start.Weekday}} {{printf \"%d\" .Start.Weekday}} "
       "{{.Start.Day}} "
       "{{eq .Start.Month 11}} {{.Start.Month.String}}",
       "November 11 Saturday 6 28 true November"},
      // Zero and exponent thresholds of Go's %v for floats.
      {"{{0.0}} {{printf \"%v|%g|%e|%f|%.1f|%5.0f|%v\" 0.0 0.0 0.0 0.0 0.0 0.0 -0.0}}",
       "0 0|0|0.000000e+00|0.000000|0.0|    0|-0"},
      {"{{printf \"%v %v %v %v\" 1e-05 123456.0 1234567.0 0.000123}}", "1e-05 123456 1.234567e+06 0.000123"},
  };
  return cases;
}

std::string render(std::string_view text) {
  const auto status = testing::bad_group();
  auto t = GoTemplate::parse(text, "t.tmpl", burrow_functions());
  if (!t.ok()) return "PARSE: " + t.error().message;
  auto r = t->render(testing::bad_group_data(status));
  if (!r.ok()) return "EXEC: " + r.error().message;
  return r.value();
}

std::string parse_error(std::string_view text) {
  auto t = GoTemplate::parse(text, "bad.tmpl", burrow_functions());
  return t.ok() ? std::string("parsed") : t.error().message;
}

std::string render_error(std::string_view text) {
  const auto status = testing::bad_group();
  auto t = GoTemplate::parse(text, "run.tmpl", burrow_functions());
  REQUIRE_MESSAGE(t.ok(), t.error().message);
  auto r = t->render(testing::bad_group_data(status));
  return r.ok() ? "rendered: " + r.value() : r.error().message;
}

}  // namespace

TEST_SUITE("notify") {
  TEST_CASE("templates print what Go's text/template prints") {
    for (const auto& c : go_cases()) {
      CAPTURE(c.text);
      CHECK(render(c.text) == c.want);
    }
  }

  TEST_CASE("parse errors name file:line:col") {
    CHECK(parse_error("{{.A}") == "bad.tmpl:1:5: bad character '}'");
    CHECK(parse_error("line one\n  {{ .A ") == "bad.tmpl:2:3: unclosed action");
    CHECK(parse_error("x\n{{if .A}}y") == "bad.tmpl:2:1: unexpected EOF: {{if}} has no {{end}}");
    CHECK(parse_error("ok\n\n  {{end}}") == "bad.tmpl:3:3: unexpected {{end}}");
    CHECK(parse_error("{{else}}") == "bad.tmpl:1:1: unexpected {{else}}");
    CHECK(parse_error("{{nosuch .A}}") == "bad.tmpl:1:3: function \"nosuch\" not defined");
    CHECK(parse_error("a\n {{ $x }}") == "bad.tmpl:2:5: undefined variable \"$x\"");
    CHECK(parse_error("{{\"abc}}") == "bad.tmpl:1:3: unterminated quoted string");
    CHECK(parse_error("{{`abc}}") == "bad.tmpl:1:3: unterminated raw quoted string");
    CHECK(parse_error("{{/* open") == "bad.tmpl:1:1: unclosed comment");
    CHECK(parse_error("{{/* c */ x}}") == "bad.tmpl:1:8: comment ends before closing delimiter");
    CHECK(parse_error("{{}}") == "bad.tmpl:1:3: missing value for command");
    CHECK(parse_error("{{.A | | len}}") == "bad.tmpl:1:8: empty command");
    CHECK(parse_error("{{.A |}}") == "parsed");  // as in Go
    CHECK(parse_error("{{and(eq 1 1)}}") == "bad.tmpl:1:6: missing space between arguments");
    CHECK(parse_error("{{range$k := .A}}{{end}}") == "bad.tmpl:1:8: bad character '$'");
    CHECK(parse_error("{{.A\"x\"}}") == "bad.tmpl:1:5: bad character '\"'");
    CHECK(parse_error("{{.A | 3}}") == "bad.tmpl:1:8: non executable command in pipeline stage 2");
    CHECK(parse_error("{{3x}}") == "bad.tmpl:1:3: bad number syntax: \"3x\"");
    CHECK(parse_error("{{.A # }}") == "bad.tmpl:1:6: unrecognized character in action: '#'");
    CHECK(parse_error("{{template \"x\"}}") == "bad.tmpl:1:3: {{template}} is not supported");
    CHECK(parse_error("{{(len .A}}") == "bad.tmpl:1:10: unclosed left paren");
    CHECK(parse_error("{{range .A}}{{else}}{{else}}{{end}}") == "bad.tmpl:1:21: expected {{end}}; found {{else}}");
    CHECK(parse_error("{{if .A}}\n{{break}}{{end}}") == "bad.tmpl:2:3: {{break}} outside {{range}}");
    CHECK(parse_error("{{range .A}}{{else}}{{continue}}{{end}}") == "bad.tmpl:1:23: {{continue}} outside {{range}}");
    // url templates get no helpers: a body helper in a URL is a parse error.
    CHECK_FALSE(GoTemplate::parse("{{jsonencoder .}}", "url", url_functions()).ok());
    CHECK(GoTemplate::parse("{{jsonencoder .}}", "body", burrow_functions()).ok());
  }

  TEST_CASE("render errors name file, line, column and the failing action") {
    // Burrow's own default-http-post would stop here; warren resolves .Id (see the shipped tests).
    CHECK(render_error("x\n{{.Result.Nope}}") ==
          "run.tmpl:2:3: executing \"{{.Result.Nope}}\" at <.Result.Nope>: can't evaluate field Nope in type "
          "protocol.ConsumerGroupStatus");
    CHECK(render_error("{{index .Result.Partitions 5}}") ==
          "run.tmpl:1:3: executing \"{{index .Result.Partitions 5}}\" at <index>: error calling index: index out of "
          "range: 5");
    CHECK(render_error("{{divide 1 0}}") ==
          "run.tmpl:1:3: executing \"{{divide 1 0}}\" at <divide>: error calling divide: runtime error: integer divide "
          "by zero");
    CHECK(render_error("{{eq .Result.Complete 1}}") ==
          "run.tmpl:1:3: executing \"{{eq .Result.Complete 1}}\" at <eq>: error calling eq: incompatible types for "
          "comparison");
    CHECK(render_error("{{.Result.Maxlag.Topic.X}}") ==
          "run.tmpl:1:3: executing \"{{.Result.Maxlag.Topic.X}}\" at <.Result.Maxlag.Topic.X>: can't evaluate field X "
          "in type string");
    CHECK(render_error("{{range .Result.Maxlag.Topic}}x{{end}}") ==
          "run.tmpl:1:1: executing \"{{range .Result.Maxlag.Topic}}\": range can't iterate over orders");
    CHECK(render_error("{{.Start.Format 1}}") ==
          "run.tmpl:1:3: executing \"{{.Start.Format 1}}\" at <.Start.Format>: error calling Format: wrong type for "
          "value; expected string; got int");
    CHECK(render_error("{{.Result.Group 1}}") ==
          "run.tmpl:1:3: executing \"{{.Result.Group 1}}\" at <.Result.Group>: Group has arguments but cannot be "
          "invoked as function");
    CHECK(render_error("{{add .Result.Complete 1}}") ==
          "run.tmpl:1:3: executing \"{{add .Result.Complete 1}}\" at <add>: error calling add: wrong type for value; "
          "expected int; got float32");
    CHECK(render_error("{{nil}}") == "run.tmpl:1:3: executing \"{{nil}}\" at <nil>: nil is not a command");
  }

  TEST_CASE("a nil pointer in a field chain stops rendering") {
    warren::eval::GroupStatus g = testing::bad_group();
    g.partitions[0].start.reset();
    auto t = GoTemplate::parse("{{range .Result.Partitions}}{{.Start.Offset}}{{end}}", "e.tmpl", burrow_functions());
    REQUIRE(t.ok());
    auto r = t->render(testing::bad_group_data(g));
    REQUIRE_FALSE(r.ok());
    CAPTURE(r.error().message);
    CHECK(r.error().message.find("e.tmpl:1:31: executing \"{{.Start.Offset}}\" at <.Start.Offset>") == 0);
    CHECK(r.error().message.find("nil pointer evaluating .Start.Offset") != std::string::npos);
  }

  TEST_CASE("variables: scopes end with their control structure and assignment changes the outer one") {
    CHECK(render("{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}") == "21");
    CHECK(render("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}") == "2");
    CHECK(render("{{range $i, $p := .Result.Partitions}}{{$.Group}}{{$i}}{{end}}") == "grp-bad0grp-bad1");
    CHECK(render("{{with $g := .Result.Group}}{{$g}}/{{.}}{{end}}") == "grp-bad/grp-bad");
    CHECK(
        render(
            "{{range .Result.Partitions}}{{.Topic}}{{end}}{{range $x := .Result.Partitions}}{{$x.Partition}}{{end}}") ==
        "orderspayments<&>03");
  }

  TEST_CASE("trim markers remove all surrounding white space, newlines included") {
    CHECK(render("a \n\t {{- .Cluster -}} \n\n b") == "alocalb");
    CHECK(render("{{- .Cluster}}  \n") == "local  \n");
    CHECK(render("x{{-3}}") == "x-3");  // not a trim marker: a negative number
    CHECK(render("a\n{{- /* gone */ -}}\nb") == "ab");
  }

  TEST_CASE("and/or stop at the deciding argument") {
    // divide 1 0 would fail if it were evaluated.
    CHECK(render("{{or .Cluster (divide 1 0)}}") == "local");
    CHECK(render("{{and .ID \"\" (divide 1 0)}}") == "");
  }

  TEST_CASE("a template renders the same twice, and so does a copy") {
    const auto status = testing::bad_group();
    auto t = GoTemplate::parse("{{$x := .Group}}{{$x}}", "t", burrow_functions());
    REQUIRE(t.ok());
    const auto data = testing::bad_group_data(status);
    CHECK(t->render(data).value() == "grp-bad");
    CHECK(t->render(data).value() == "grp-bad");
    const GoTemplate copy = t.value();
    CHECK(copy.render(data).value() == "grp-bad");
    CHECK(copy.file_name() == "t");
  }
}
