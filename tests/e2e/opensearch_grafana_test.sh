#!/usr/bin/env bash
# End to end: warren execd → real Telegraf → real OpenSearch 2.19 → warren's templates and Grafana
# dashboards (ctest "e2e: opensearch and grafana").
#
#   bash tests/e2e/opensearch_grafana_test.sh <warren-binary> <warren_mock_cluster-binary>
#
#   1. starts OpenSearch (tests/e2e/opensearch/opensearch.sh) and a mock Kafka cluster
#      (tests/e2e/lib/mock_cluster.sh);
#   2. installs the index template, component templates and retention policy with
#      elasticsearch/install.sh --opensearch, twice: the second run must change nothing;
#   3. runs Telegraf (tests/e2e/telegraf/telegraf.sh) with inputs.execd running `warren execd`
#      every second and outputs.opensearch writing warren-YYYY.MM.DD (manage_template = false);
#   4. drives the status scenario (tests/e2e/lib/status_scenario.py: e2e-ok OK, e2e-warn WARN,
#      e2e-err ERR with a STOP and a STALL partition) through warren's REST API, then waits until
#      OpenSearch holds documents written after warren showed every intended status;
#   5. checks the daily index's mapping has the intended types and that the documents are shaped
#      as the dashboards expect;
#   6. runs every panel of every dashboard as Grafana would (tests/e2e/opensearch/grafana_panels.py)
#      and checks the answers against the scenario.
#
# Needs java + mvn (OpenSearch from Maven Central), go (Telegraf from the Go module proxy), curl,
# python3. E2E_KEEP=1 keeps the work directory.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WARREN="${1:?usage: $0 <warren-binary> <warren_mock_cluster-binary>}"
MOCK="${2:?usage: $0 <warren-binary> <warren_mock_cluster-binary>}"
OPENSEARCH="$HERE/opensearch/opensearch.sh"
CLUSTER=local

# shellcheck source=lib/checks.sh
source "$HERE/lib/checks.sh"
# shellcheck source=lib/mock_cluster.sh
source "$HERE/lib/mock_cluster.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/warren-e2e-opensearch.XXXXXX")
NODE="$WORK/opensearch"
TELEGRAF_PID=""
OS_START_PID=""

note() { echo "# $*"; }

cleanup() {
  local rc=$?
  if [ -n "$TELEGRAF_PID" ] && kill -0 "$TELEGRAF_PID" 2>/dev/null; then
    kill -TERM "$TELEGRAF_PID" 2>/dev/null
    wait "$TELEGRAF_PID" 2>/dev/null
  fi
  [ -z "$OS_START_PID" ] || wait "$OS_START_PID" 2>/dev/null
  "$OPENSEARCH" stop "$NODE" 2>/dev/null
  stop_mock_cluster
  finish_test "$rc" "$WORK" "$WORK/telegraf.log" "$NODE/logs/opensearch.log" "$WORK/scenario.log" "$MOCK_ERR"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# poll WHAT SECONDS COMMAND...: runs COMMAND every 0.5 s until it succeeds or the deadline passes.
poll() {
  local what="$1" seconds="$2" deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail "$what (not within ${seconds} s)"
      return 1
    fi
    sleep 0.5
  done
  pass "$what"
}

json_eval() { # json_eval FILE PYTHON-EXPR (d = the document)
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

T_START=$(($(date +%s%3N) - 5000))

# ---------------------------------------------------------------- 1. servers

note "step 1: OpenSearch, Telegraf binary and the mock cluster"
"$OPENSEARCH" start "$NODE" >"$WORK/opensearch-start.log" 2>&1 &
OS_START_PID=$!
require "Telegraf binary (tests/e2e/telegraf/telegraf.sh)" bash -c \
  "'$HERE/telegraf/telegraf.sh' path >'$WORK/telegraf-path' 2>'$WORK/telegraf-build.log'"
TELEGRAF=$(cat "$WORK/telegraf-path")
require "mock cluster started (warren_mock_cluster)" start_mock_cluster "$MOCK" "$WORK/mock"
wait "$OS_START_PID"
os_rc=$?
OS_START_PID=""
cat "$WORK/opensearch-start.log"
require "OpenSearch $("$OPENSEARCH" version) answers on 127.0.0.1" test "$os_rc" -eq 0
URL=$("$OPENSEARCH" url "$NODE")
check "OpenSearch reports distribution opensearch 2.19.x" bash -c \
  "curl -fsS '$URL' | grep -q '\"number\" : \"2\\.19\\.'"

# ---------------------------------------------------------------- 2. templates

note "step 2: elasticsearch/install.sh --opensearch, twice"
bash "$ROOT/elasticsearch/install.sh" "$URL" --opensearch >"$WORK/install1.log" 2>&1
rc1=$?
sed 's/^/#   /' "$WORK/install1.log"
require "install.sh exits 0" test "$rc1" -eq 0
check "first install creates both component templates and the index template" \
  test "$(grep -c ': created$' "$WORK/install1.log")" -ge 4
check "first install says the ISM policy is skipped on a node without the ISM plugin" \
  grep -q 'ISM policy warren: skipped, this cluster has no Index State Management plugin' "$WORK/install1.log"
bash "$ROOT/elasticsearch/install.sh" "$URL" --opensearch >"$WORK/install2.log" 2>&1
rc2=$?
sed 's/^/#   /' "$WORK/install2.log"
check "second install exits 0" test "$rc2" -eq 0
check "second install changes nothing (idempotent)" grep -q 'done: 0 object(s) changed' "$WORK/install2.log"
check_eq "second install reports all four objects unchanged" 4 "$(grep -c ': unchanged$' "$WORK/install2.log")"
curl -fsS "$URL/_index_template/warren" >"$WORK/template.json"
check_eq "index template warren is composed of settings, lifecycle, mappings" \
  "['warren-settings', 'warren-lifecycle', 'warren-mappings']" \
  "$(json_eval "$WORK/template.json" 'd["index_templates"][0]["index_template"]["composed_of"]')"
# Someone changed a component template by hand: a dry run names it, a real run puts it back.
curl -fsS -X PUT -H 'Content-Type: application/json' "$URL/_component_template/warren-settings" \
  -d '{"version": 1, "template": {"settings": {"index": {"refresh_interval": "30s"}}}}' >/dev/null
bash "$ROOT/elasticsearch/install.sh" "$URL" --opensearch --dry-run >"$WORK/install3.log" 2>&1
check "a dry run names the changed component template and writes nothing" bash -c \
  "grep -q 'warren-settings: would be updated' '$WORK/install3.log' &&
   curl -fsS '$URL/_component_template/warren-settings' | grep -q '\"30s\"'"
bash "$ROOT/elasticsearch/install.sh" "$URL" --opensearch >"$WORK/install4.log" 2>&1
check "install.sh updates the changed component template and only that one" bash -c \
  "grep -q 'component template warren-settings: updated' '$WORK/install4.log' &&
   grep -q 'done: 1 object(s) changed' '$WORK/install4.log' &&
   curl -fsS '$URL/_component_template/warren-settings' | grep -q '\"10s\"'"
check "install.sh without --opensearch refuses an OpenSearch node" \
  bash -c "! bash '$ROOT/elasticsearch/install.sh' '$URL' >/dev/null 2>&1"

# ---------------------------------------------------------------- 3. warren under Telegraf

note "step 3: Telegraf inputs.execd (warren execd) → outputs.opensearch"
WARREN_PORT=$(free_port)
WARREN_URL="http://127.0.0.1:$WARREN_PORT"
{
  scenario_config "$CLUSTER"
  printf '\n[httpserver.e2e]\naddress = "127.0.0.1:%s"\n' "$WARREN_PORT"
} >"$WORK/warren.toml"
cat >"$WORK/telegraf.conf" <<EOF
[agent]
  interval = "1s"
  round_interval = false
  flush_interval = "1s"
  flush_jitter = "0s"
  metric_batch_size = 1000
  omit_hostname = false
  quiet = false

[[inputs.execd]]
  command = ["$WARREN", "execd", "--config", "$WORK/warren.toml"]
  signal = "STDIN"
  restart_delay = "10s"
  data_format = "influx"

[[outputs.opensearch]]
  urls = ["$URL"]
  index_name = "warren-{{.Time.Format \"2006.01.02\"}}"
  manage_template = false
  template_name = "warren"
  timeout = "5s"
EOF
TZ=UTC "$TELEGRAF" --config "$WORK/telegraf.conf" >"$WORK/telegraf.log" 2>&1 &
TELEGRAF_PID=$!
warren_answers() { curl -fsS -m 2 "$WARREN_URL/v3/kafka" >/dev/null 2>&1; }
require_poll() { poll "$@" || exit 1; }
require_poll "warren execd under Telegraf serves its REST API" 60 warren_answers
docs_arrive() { [ "$(curl -fsS "$URL/warren-*/_count" 2>/dev/null | json_eval /dev/stdin 'd["count"]' 2>/dev/null)" -gt 0 ] 2>/dev/null; }
require_poll "Telegraf writes documents into warren-*" 60 docs_arrive

# ---------------------------------------------------------------- 4. scenario

note "step 4: status scenario (e2e-ok OK, e2e-warn WARN, e2e-err ERR)"
python3 "$HERE/lib/status_scenario.py" --mock-in "$MOCK_IN" --mock-out "$MOCK_OUT" --warren "$WARREN_URL" \
  --cluster "$CLUSTER" --report "$WORK/report.json" >"$WORK/scenario.log" 2>&1
scenario_rc=$?
grep -E '^(ok|FAIL) ' "$WORK/scenario.log" | sed 's/^/#   /'
require "status scenario reached every intended status in warren" test "$scenario_rc" -eq 0
T_SCENARIO=$(date +%s%3N)

# Documents written after the scenario ended carry the final statuses. Wait for four gathers of the
# three groups: the dashboards drop the interval still filling, and the one before it (2 s) must
# hold only gathers from after the scenario.
final_docs() {
  curl -fsS -X POST -H 'Content-Type: application/json' "$URL/warren-*/_count" -d "{\"query\": {\"bool\": {\"filter\": [
    {\"term\": {\"measurement_name\": \"burrow_group\"}},
    {\"range\": {\"@timestamp\": {\"gte\": $((T_SCENARIO + 1000)), \"format\": \"epoch_millis\"}}}]}}}" \
    2>/dev/null | python3 -c 'import json, sys; sys.exit(0 if json.load(sys.stdin)["count"] >= 12 else 1)'
}
curl -fsS -X POST "$URL/warren-*/_refresh" >/dev/null 2>&1
refresh_and_check() { curl -fsS -X POST "$URL/warren-*/_refresh" >/dev/null 2>&1 && final_docs; }
poll "OpenSearch holds burrow_group documents from four gathers after the scenario" 60 refresh_and_check
# The dashboards are then read as at this moment ("now"), the last interval still filling.
T_END=$(date +%s%3N)
kill -TERM "$TELEGRAF_PID" 2>/dev/null
wait "$TELEGRAF_PID" 2>/dev/null
telegraf_rc=$?
TELEGRAF_PID=""
check "Telegraf stops cleanly on SIGTERM" test "$telegraf_rc" -eq 0
check "Telegraf logged no error writing to OpenSearch" bash -c "! grep -E '^[0-9TZ:-]+ E! \\[outputs' '$WORK/telegraf.log'"
curl -fsS -X POST "$URL/warren-*/_refresh" >/dev/null

# ---------------------------------------------------------------- 5. mapping and documents

note "step 5: index mapping and document shape"
INDEX="warren-$(date -u +%Y.%m.%d)"
curl -fsS "$URL/_cat/indices/warren-*?h=index" >"$WORK/indices.txt"
check "Telegraf wrote the daily index $INDEX (UTC date)" grep -qx "$INDEX" "$WORK/indices.txt"
curl -fsS "$URL/warren-*/_mapping" >"$WORK/mapping.json"
python3 - "$WORK/mapping.json" "$ROOT/elasticsearch/component-mappings.json" >"$WORK/mapping-check.log" <<'PY'
import json, sys
live = json.load(open(sys.argv[1]))
want = {
    "@timestamp": "date", "measurement_name": "keyword",
    "tag.cluster": "keyword", "tag.group": "keyword", "tag.topic": "keyword", "tag.partition": "keyword",
    "tag.owner": "keyword", "tag.host": "keyword",
    "burrow_group.status": "keyword", "burrow_group.status_code": "short", "burrow_group.total_lag": "long",
    "burrow_group.lag": "long", "burrow_group.offset": "long", "burrow_group.timestamp": "long",
    "burrow_group.partition_count": "integer", "burrow_group.complete": "float",
    "burrow_group.lag_seconds": "float",
    "burrow_partition.status": "keyword", "burrow_partition.status_code": "short", "burrow_partition.lag": "long",
    "burrow_partition.offset": "long", "burrow_partition.timestamp": "long", "burrow_partition.complete": "float",
    "burrow_partition.lag_seconds": "float",
    "burrow_topic.offset": "long",
    "warren_cluster.brokers_up": "integer", "warren_cluster.records": "long", "warren_cluster.caught_up": "short",
}
def flatten(props, prefix=""):
    out = {}
    for k, v in props.items():
        if "properties" in v:
            out.update(flatten(v["properties"], prefix + k + "."))
        else:
            out[prefix + k] = v.get("type")
    return out
bad = 0
for index, body in sorted(live.items()):
    got = flatten(body["mappings"]["properties"])
    for path, typ in want.items():
        if got.get(path) != typ:
            print(f"FAIL {index}: {path} is {got.get(path)}, want {typ}")
            bad += 1
    # Nothing Telegraf wrote fell to a dynamic text/float mapping.
    for path, typ in got.items():
        if typ in ("text", "float") and path not in want:
            print(f"FAIL {index}: {path} mapped dynamically as {typ}")
            bad += 1
print(f"{len(live)} index(es), {bad} problem(s)")
sys.exit(1 if bad else 0)
PY
mapping_rc=$?
sed 's/^/#   /' "$WORK/mapping-check.log"
check "mapping of warren-*: tags keyword, lag/offset/timestamp long, status keyword, status_code short, lag_seconds float" \
  test "$mapping_rc" -eq 0

curl -fsS -X POST -H 'Content-Type: application/json' "$URL/warren-*/_search" -d '{"size": 1,
  "query": {"bool": {"filter": [{"term": {"measurement_name": "burrow_partition"}}, {"term": {"tag.group": "e2e-err"}}]}},
  "sort": [{"@timestamp": "desc"}]}' >"$WORK/doc.json"
check_eq "a burrow_partition document has tag.{cluster,group,host,owner,partition,topic}" \
  "['cluster', 'group', 'host', 'owner', 'partition', 'topic']" \
  "$(json_eval "$WORK/doc.json" 'sorted(d["hits"]["hits"][0]["_source"]["tag"])')"
check "its fields sit under burrow_partition.* with integer status_code and lag" \
  test "$(json_eval "$WORK/doc.json" 'all(isinstance(d["hits"]["hits"][0]["_source"]["burrow_partition"][k], int) for k in ("status_code", "lag", "offset", "timestamp"))')" = True
check "its @timestamp is RFC 3339 in UTC" bash -c \
  "python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))[\"hits\"][\"hits\"][0][\"_source\"][\"@timestamp\"]; sys.exit(0 if t.endswith(\"Z\") and \"T\" in t else 1)' '$WORK/doc.json'"
curl -fsS -X POST -H 'Content-Type: application/json' "$URL/warren-*/_search" -d '{"size": 0,
  "query": {"bool": {"filter": [{"term": {"measurement_name": "burrow_group"}}, {"range": {"burrow_group.total_lag": {"gt": 0}}}]}}}' \
  >"$WORK/range.json"
check "range queries work on burrow_group.total_lag (indexed long, unlike Telegraf's own template)" \
  test "$(json_eval "$WORK/range.json" 'd["hits"]["total"]["value"] > 0')" = True

# ---------------------------------------------------------------- 6. dashboards

note "step 6: every panel of every dashboard, as Grafana queries it"
python3 "$HERE/opensearch/grafana_panels.py" --url "$URL" --dashboards "$ROOT/grafana/dashboards" \
  --report "$WORK/report.json" --from "$T_START" --to "$T_END" >"$WORK/panels.log" 2>&1
panels_rc=$?
grep -E '^(ok|FAIL|skip) ' "$WORK/panels.log" | sed 's/^/#   /'
tail -n 3 "$WORK/panels.log" | grep -v -E '^(ok|FAIL|skip) ' | sed 's/^/#   /'
check "every dashboard panel returns the expected buckets ($(tail -n1 "$WORK/panels.log"))" test "$panels_rc" -eq 0
