#!/usr/bin/env bash
# warren against a real Kafka broker (tests/e2e/kafka/kafka.sh): what `warren check` reports for
# every consumer group, topic and partition must be what Kafka's own kafka-consumer-groups tool
# (ConsumerGroupCommand) says: committed offset, lag, partition owner (client host) and client id.
#
#   bash tests/e2e/warren_vs_kafka_test.sh [path/to/warren]
#
# Scenario, on one single-node KRaft broker:
#   1. topics `orders` (3 partitions), `audit` (2) and `ledger` (2), a different number of
#      messages per partition;
#   2. groups: batch-classic (orders) and batch-848 (audit and ledger) consume part of the data and
#      stop (classic protocol, KIP-848 protocol); classic-live (two kcat members on orders and
#      audit, librdkafka's classic protocol), classic-java-live (a Java classic member on audit,
#      cooperative-sticky), kip848-live (two Java KIP-848 members on orders) and kip848-multi (one
#      KIP-848 member on audit and ledger) keep running. KIP-848 records name topics by id only;
#      audit and ledger are only ever consumed together by KIP-848 groups, so nothing but the
#      broker's metadata can tell their ids apart;
#   3. warren check --format json against --describe --all-groups [--members --verbose]
#      (tests/e2e/compare_groups.py), then again after one member of each two-member group left;
#   4. classic-live and kip848-live stop and are deleted: a fresh warren check and the running
#      warren serve (through its HTTP API, when it has one) no longer list them;
#   5. warren serve rides out a broker outage (stop, then start on the same ports and data): its
#      log shows the failure and the recovery, it stays up, a check run during the outage says
#      unreachable, new commits after the outage are seen by a fresh check and by serve, and
#      SIGTERM stops it with exit 0 within 2 s;
#   6. topics change under warren serve: audit grows by two partitions and a message goes into a
#      new one; a topic `doomed` with a group on it is deleted. serve's topic API shows the new
#      partitions and offsets, then no longer lists `doomed` (404) nor the topic in the group;
#   7. when warren has the kafka_admin consumer (Admin API source), every check comparison is
#      also made with a configuration that uses it instead of the __consumer_offsets reader.
#
# E2E_KEEP=1 keeps the work directory (broker.log, serve.log, every snapshot and report).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WARREN="${1:-$ROOT/build/warren}"
KAFKA="$HERE/kafka/kafka.sh"
COMPARE="$HERE/compare_groups.py"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warren-e2e-vs-kafka.XXXXXX")
BROKER="$WORK/broker"
TOOLS_LOG="$WORK/tools.log"
SERVE_LOG="$WORK/serve.log"
OFFSETS_PARTITIONS="${KAFKA_OFFSETS_PARTITIONS:-10}"

TOPICS=org.apache.kafka.tools.TopicCommand
GROUPS_CMD=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand
CONSUMER=org.apache.kafka.tools.consumer.ConsoleConsumer

declare -A bg=() # name -> pid of a background consumer
serve_pid=""

source "$(dirname "${BASH_SOURCE[0]}")/lib/checks.sh"
note() { echo "# $*" >&3; }

cleanup() {
  local rc=$?
  set +e
  if [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; then
    kill -TERM "$serve_pid" 2>/dev/null
    local i
    for i in $(seq 1 50); do kill -0 "$serve_pid" 2>/dev/null && sleep 0.1; done
    kill -KILL "$serve_pid" 2>/dev/null
    wait "$serve_pid" 2>/dev/null
  fi
  # Consumers first, while the broker can still take their leave; one that hangs (the broker is
  # down) is killed after 15 s (Java members: timeout(1) kills the JVM 10 s after SIGTERM).
  local name left
  for name in "${!bg[@]}"; do kill "${bg[$name]}" 2>/dev/null; done
  for i in $(seq 1 150); do
    left=0
    for name in "${!bg[@]}"; do kill -0 "${bg[$name]}" 2>/dev/null && left=1; done
    [ "$left" -eq 0 ] && break
    sleep 0.1
  done
  for name in "${!bg[@]}"; do kill -KILL "${bg[$name]}" 2>/dev/null; done
  for name in "${!bg[@]}"; do wait "${bg[$name]}" 2>/dev/null; done
  "$KAFKA" stop "$BROKER" 2>/dev/null
  finish_test "$rc" "$WORK" "$BROKER/broker.log" "$SERVE_LOG" "$TOOLS_LOG"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ms() { date +%s%3N; }
started_ms=$(now_ms)

# A Kafka command-line class against the test broker; stderr goes to tools.log.
tool() {
  local main="$1"
  shift
  timeout 120 "$KAFKA" tool "$BROKER" "$main" --bootstrap-server "$BS" "$@" 2>>"$TOOLS_LOG"
}

# produce TOPIC PARTITION COUNT: COUNT messages into one partition.
produce() {
  seq 1 "$3" | sed "s/^/$1-$2-$(now_ms)-/" | kcat -P -b "$BS" -t "$1" -p "$2"
}
# Log-end offset of TOPIC:PARTITION.
end_offset() {
  kcat -b "$BS" -Q -t "$1:$2:-1" 2>/dev/null | awk '{print $NF}'
}

# ------------------------------------------------------------------ background consumers

# kcat_member NAME GROUP CLIENT-ID TOPIC...: a librdkafka (classic protocol) member that stays.
kcat_member() {
  local name="$1" group="$2" client="$3"
  shift 3
  kcat -b "$BS" -G "$group" -q -X client.id="$client" -X auto.offset.reset=earliest \
    -X auto.commit.interval.ms=1000 "$@" >/dev/null 2>>"$WORK/kcat.log" &
  bg[$name]=$!
}
# java_member NAME GROUP CLIENT-ID [ConsoleConsumer args]: a Java member that stays. Started
# without `tool` so that the pid is timeout(1)'s, which passes SIGTERM on to the JVM and kills
# the JVM if it has not stopped 10 s later.
java_member() {
  local name="$1" group="$2" client="$3"
  shift 3
  timeout -k 10 900 "$KAFKA" tool "$BROKER" "$CONSUMER" --bootstrap-server "$BS" --group "$group" \
    --from-beginning --consumer-property client.id="$client" \
    --consumer-property auto.commit.interval.ms=1000 "$@" >/dev/null 2>>"$TOOLS_LOG" &
  bg[$name]=$!
}
stop_member() {
  local name
  for name in "$@"; do
    kill "${bg[$name]}" 2>/dev/null || true
  done
  for name in "$@"; do
    wait "${bg[$name]}" 2>/dev/null || true
    unset "bg[$name]"
  done
}

# ------------------------------------------------------------------ Kafka's view

snap=0
# Takes a snapshot of Kafka's view: $WORK/describe.N, members.N and state.N (canonical).
snapshot() {
  snap=$((snap + 1))
  tool "$GROUPS_CMD" --describe --all-groups >"$WORK/describe.$snap" || true
  tool "$GROUPS_CMD" --describe --all-groups --members --verbose >"$WORK/members.$snap" || true
  python3 "$COMPARE" state "$WORK/describe.$snap" "$WORK/members.$snap" >"$WORK/state.$snap"
}
# wait_kafka [expect options]: polls until Kafka's view meets the options of
# `compare_groups.py expect` and stays the same over two snapshots in a row (traffic is quiet).
wait_kafka() {
  local deadline=$(($(date +%s) + 120)) prev=""
  while :; do
    snapshot
    if python3 "$COMPARE" expect "$WORK/describe.$snap" "$WORK/members.$snap" "$@" >"$WORK/expect.$snap"; then
      if [ -n "$prev" ] && cmp -s "$WORK/state.$prev" "$WORK/state.$snap"; then return 0; fi
      prev=$snap
    else
      prev=""
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      sed 's/^/#   /' "$WORK/expect.$snap" >&3
      return 1
    fi
    sleep 0.5
  done
}

# ------------------------------------------------------------------ warren

write_config() { # FILE CLASS
  cat >"$1" <<EOF
# Written by warren_vs_kafka_test.sh
[cluster.local]
servers = ["$BS"]
offset-refresh = 1
topic-refresh = 2

[consumer.local]
class-name = "$2"
cluster = "local"
servers = ["$BS"]
EOF
}

# run_check NAME CONFIG [WAIT-SECONDS]: warren check --format json into $WORK/NAME.{json,err,rc}.
run_check() {
  local name="$1" config="$2" wait="${3:-30}" rc=0
  timeout 120 "$WARREN" check --config "$config" --format json --wait "$wait" \
    >"$WORK/$name.json" 2>"$WORK/$name.err" || rc=$?
  echo "$rc" >"$WORK/$name.rc"
}
json_field() { # FILE PYTHON-EXPRESSION over d
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# compare_round LABEL [compare options]: Kafka's view, warren check with every configured
# source, Kafka's view again. When Kafka's view did not change meanwhile, warren's reports are
# compared with it; otherwise the round is taken again (at most 4 times).
compare_round() {
  local label="$1" attempt before config name rc code
  shift
  for attempt in 1 2 3 4; do
    before=$snap
    [ "$attempt" -gt 1 ] && snapshot && before=$snap
    for config in "${CONFIGS[@]}"; do
      run_check "round$snap-$config" "$WORK/$config.toml"
    done
    snapshot
    cmp -s "$WORK/state.$before" "$WORK/state.$snap" && break
    note "$label: Kafka's view changed while warren ran (attempt $attempt); again"
  done
  check "$label: Kafka's view stays the same while warren runs" cmp -s "$WORK/state.$before" "$WORK/state.$snap"
  for config in "${CONFIGS[@]}"; do
    name="round$before-$config"
    rc=$(cat "$WORK/$name.rc")
    code=$(json_field "$WORK/$name.json" 'd["status_code"]' 2>/dev/null || echo "no JSON")
    check_eq "$label [$config]: warren check exits with the status_code it prints" "$code" "$rc"
    local self=() aspect
    [ "$config" = kafka ] && self=(--self-group "burrow-local:$OFFSETS_PARTITIONS")
    # librdkafka 2.0.2 (Debian's) describes groups with the classic DescribeGroups API, which Kafka
    # answers for KIP-848 groups with state Dead and no members: the Admin API source cannot see
    # their owners, and must then show none rather than wrong ones.
    [ "$config" = kafka_admin ] && self=(--owners-unknown "$KIP848_GROUPS")
    for aspect in offsets owners; do
      if python3 "$COMPARE" compare "$WORK/$name.json" "$WORK/describe.$snap" "$WORK/members.$snap" \
        --aspect "$aspect" --label "$label [$config]" "${self[@]}" "$@" >"$WORK/$name.$aspect"; then
        pass "$label [$config]: $(tail -n 1 "$WORK/$name.$aspect" | sed "s/^$label \[$config\]: //")"
      else
        sed 's/^/#   /' "$WORK/$name.$aspect" >&3
        fail "$label [$config]: warren's $aspect differ from kafka-consumer-groups (see above)"
      fi
    done
  done
}

# serve_round LABEL [compare options]: what the running serve holds, read through its HTTP API,
# against Kafka's last (quiet) view. serve refreshes every second and caches evaluations for
# up to 10 s, so its offsets are polled until they agree (30 s at most); owners are compared once
# the offsets agree. Kafka's view is taken again afterwards and must not have changed.
serve_round() {
  local label="$1" before=$snap deadline name aspect
  shift
  if [ -z "$API" ]; then
    note "skip: $label [serve]: serve has no HTTP API to read its state from"
    return 0
  fi
  name="serve$snap"
  deadline=$(($(date +%s) + 30))
  while :; do
    if python3 "$COMPARE" serve-report "$API" local >"$WORK/$name.json" 2>"$WORK/$name.err" &&
      python3 "$COMPARE" compare "$WORK/$name.json" "$WORK/describe.$before" "$WORK/members.$before" \
        --aspect offsets "$@" >/dev/null; then
      break
    fi
    [ "$(date +%s)" -ge "$deadline" ] && break
    sleep 0.5
  done
  snapshot
  check "$label [serve]: Kafka's view stays the same while serve is read" cmp -s "$WORK/state.$before" "$WORK/state.$snap"
  for aspect in offsets owners; do
    if python3 "$COMPARE" compare "$WORK/$name.json" "$WORK/describe.$before" "$WORK/members.$before" \
      --aspect "$aspect" --label "$label [serve]" --self-group "burrow-local:$OFFSETS_PARTITIONS" "$@" \
      >"$WORK/$name.$aspect" 2>&1; then
      pass "$label [serve]: $(tail -n 1 "$WORK/$name.$aspect" | sed "s/^$label \[serve\]: //")"
    else
      sed 's/^/#   /' "$WORK/$name.$aspect" "$WORK/$name.err" >&3
      fail "$label [serve]: serve's $aspect differ from kafka-consumer-groups (see above)"
    fi
  done
}

wait_log() { # PATTERN SECONDS: polls the serve log for an extended regular expression
  local deadline=$(($(date +%s) + $2))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    grep -Eq "$1" "$SERVE_LOG" && return 0
    sleep 0.2
  done
  grep -Eq "$1" "$SERVE_LOG"
}
log_line() { grep -En "$1" "$SERVE_LOG" | head -n 1 | cut -d: -f1; }
serve_alive() { [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; }
# wait_api SECONDS PATH EXPRESSION WANT: polls serve's PATH until the Python EXPRESSION over
# `code` and `d` (compare_groups.py serve-eval) prints WANT; prints its last value.
wait_api() {
  local deadline=$(($(date +%s) + $1)) got
  while :; do
    got=$(python3 "$COMPARE" serve-eval "$API$2" "$3" 2>&1 || true)
    [ "$got" = "$4" ] && break
    [ "$(date +%s)" -ge "$deadline" ] && break
    sleep 0.5
  done
  echo "$got"
}

# ------------------------------------------------------------------ broker and data

require "warren executable $WARREN" test -x "$WARREN"
require "fetch resolves the Kafka jars" "$KAFKA" fetch
require "broker starts and answers" "$KAFKA" start "$BROKER"
BS=$(cat "$BROKER/bootstrap")
ports=$(cat "$BROKER/ports")

write_config "$WORK/kafka.toml" kafka
write_config "$WORK/kafka_admin.toml" kafka_admin
KIP848_GROUPS="batch-848,kip848-live,kip848-multi"
# serve also listens on 127.0.0.1 (a free port) once it has an HTTP API.
cp "$WORK/kafka.toml" "$WORK/serve.toml"
printf '\n[httpserver.e2e]\naddress = "127.0.0.1:0"\n' >>"$WORK/serve.toml"
API=""
CONFIGS=(kafka)
if grep -q '"kafka_admin"' "$ROOT/core/kafka/source_set.cpp" 2>/dev/null; then
  CONFIGS+=(kafka_admin)
  note "the kafka_admin consumer is built in: every comparison also runs with it"
else
  note "skip: no kafka_admin consumer in core/kafka/source_set.cpp; the Admin API source is not compared"
fi

note "step 1: topics and messages"
require "create topic orders (3 partitions)" tool "$TOPICS" --create --topic orders --partitions 3 --replication-factor 1
require "create topic audit (2 partitions)" tool "$TOPICS" --create --topic audit --partitions 2 --replication-factor 1
require "create topic ledger (2 partitions)" tool "$TOPICS" --create --topic ledger --partitions 2 --replication-factor 1
declare -A initial=([orders:0]=17 [orders:1]=29 [orders:2]=8 [audit:0]=11 [audit:1]=4 [ledger:0]=6 [ledger:1]=9)
ALL_PARTITIONS=(orders:0 orders:1 orders:2 audit:0 audit:1 ledger:0 ledger:1)
for tp in "${!initial[@]}"; do produce "${tp%:*}" "${tp#*:}" "${initial[$tp]}"; done
for tp in "${ALL_PARTITIONS[@]}"; do
  check_eq "kcat produced ${initial[$tp]} messages into $tp" "${initial[$tp]}" "$(end_offset "${tp%:*}" "${tp#*:}")"
done

note "step 2: consumer groups"
check_eq "batch-classic (classic) consumes 20 messages of orders and stops" 20 \
  "$(tool "$CONSUMER" --topic orders --group batch-classic --from-beginning --max-messages 20 --timeout-ms 60000 | wc -l)"
check_eq "batch-848 (KIP-848) consumes 12 messages of audit and ledger and stops" 12 \
  "$(tool "$CONSUMER" --include 'audit|ledger' --group batch-848 --from-beginning --max-messages 12 \
    --timeout-ms 60000 --consumer-property group.protocol=consumer | wc -l)"
kcat_member kcat-1 classic-live kcat-live-1 orders audit
kcat_member kcat-2 classic-live kcat-live-2 orders audit
java_member java-classic classic-java-live java-classic-live --topic audit \
  --consumer-property partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor
java_member java-848-a kip848-live java-848-a --topic orders --consumer-property group.protocol=consumer
java_member java-848-b kip848-live java-848-b --topic orders --consumer-property group.protocol=consumer
java_member java-848-multi kip848-multi java-848-multi --include 'audit|ledger' --consumer-property group.protocol=consumer
LIVE_ALL=(--members classic-live=2:5 --members classic-java-live=1:2 --members kip848-live=2:3
  --members kip848-multi=1:4 --lag-zero classic-live,classic-java-live,kip848-live,kip848-multi
  --groups batch-classic,batch-848)
t0=$(now_ms)
require "the live groups have their members and consumed everything" wait_kafka "${LIVE_ALL[@]}"
note "live groups settled in $(($(now_ms) - t0)) ms"
# More data while the live groups run: they follow, the stopped groups fall further behind.
produce orders 0 5
produce orders 2 3
produce audit 1 6
produce ledger 0 2
t0=$(now_ms)
require "the live groups consumed the new messages" wait_kafka "${LIVE_ALL[@]}"
note "settled again in $(($(now_ms) - t0)) ms"

note "step 3: warren check against kafka-consumer-groups"
compare_round "live groups"

stop_member kcat-2 java-848-b
require "one member left classic-live and kip848-live; the other took over" wait_kafka \
  --members classic-live=1:5 --members classic-java-live=1:2 --members kip848-live=1:3 --members kip848-multi=1:4 \
  --lag-zero classic-live,classic-java-live,kip848-live,kip848-multi
compare_round "after members left"

note "step 4: deleting groups (warren serve runs from here on)"
"$WARREN" serve --config "$WORK/serve.toml" 2>"$SERVE_LOG" &
serve_pid=$!
check "serve: first refresh done" wait_log '^I! \[cluster local\] first refresh done' 30
check "serve: caught up with __consumer_offsets" wait_log '^I! \[consumer local\] caught up with the end of __consumer_offsets' 30
# The backlog is fetched by warren itself (FetchRequest v4) and every partition finished that way.
check "serve: the backlog of __consumer_offsets fetched directly from the broker, none left to librdkafka" \
  wait_log '^I! \[consumer local\] fetched [1-9][0-9]* records of [0-9]+ partitions directly in [0-9.]+ s$' 10
if api=$(grep -Eo '^I! \[http e2e\] listening on 127\.0\.0\.1:[0-9]+' "$SERVE_LOG" | grep -Eo '[0-9]+$'); then
  API="http://127.0.0.1:$api"
  note "serve answers HTTP on $API"
fi

stop_member kcat-1 java-848-a
require "classic-live and kip848-live have no member left" wait_kafka \
  --no-members classic-live,kip848-live --members classic-java-live=1:2 --members kip848-multi=1:4
deleted=$(tool "$GROUPS_CMD" --delete --group classic-live --group kip848-live || true)
check "kafka-consumer-groups --delete deletes classic-live and kip848-live" \
  grep -q "consumer groups ('classic-live', 'kip848-live') was successful" <<<"$deleted"
require "Kafka no longer lists the deleted groups" wait_kafka --absent classic-live,kip848-live \
  --members classic-java-live=1:2 --members kip848-multi=1:4 --lag-zero classic-java-live,kip848-multi
compare_round "after deletion" --absent classic-live,kip848-live
serve_round "after deletion" --absent classic-live,kip848-live
check "serve is still running after the deletion" serve_alive
check_eq "serve: no warning from the __consumer_offsets reader" "" "$(grep -E '^W! \[consumer ' "$SERVE_LOG" || true)"

note "step 5: broker outage under warren serve"
before_sum=$(python3 "$COMPARE" sum "$WORK/describe.$snap" batch-classic)
t0=$(now_ms)
require "broker stops" "$KAFKA" stop "$BROKER"
check "no broker process while it is down" bash -c "! '$KAFKA' status '$BROKER'"
run_check outage-check "$WORK/kafka.toml" 3
check_eq "check during the outage exits 3 (unknown)" 3 "$(cat "$WORK/outage-check.rc")"
check_eq "check during the outage reports the cluster unreachable" "False" \
  "$(json_field "$WORK/outage-check.json" 'd["clusters"][0]["reachable"]' 2>/dev/null || echo "no JSON")"
check "serve logs the failure during the outage" \
  wait_log '^E! \[cluster local\] cluster unreachable or failing; keeping the last known state' 40
note "serve noticed the outage $(($(now_ms) - t0)) ms after the broker stopped"
check "serve is still running during the outage" serve_alive
require "broker starts again" "$KAFKA" start "$BROKER"
check_eq "broker is back on the same ports" "$ports" "$(cat "$BROKER/ports")"
check "serve logs that the cluster is reachable again" wait_log '^I! \[cluster local\] cluster reachable again' 60
note "outage and recovery took $(($(now_ms) - t0)) ms"
down_at=$(log_line 'cluster unreachable or failing')
up_at=$(log_line 'cluster reachable again')
check "serve logs the recovery after the failure (lines ${down_at:-?} < ${up_at:-?})" \
  test "${down_at:-0}" -gt 0 -a "${up_at:-0}" -gt "${down_at:-0}"
check "serve is still running after the outage" serve_alive

for tp in orders:0 orders:1 orders:2; do produce "${tp%:*}" "${tp#*:}" 4; done
for tp in audit:0 audit:1 ledger:0 ledger:1; do produce "${tp%:*}" "${tp#*:}" 3; done
check_eq "batch-classic consumes 10 more messages after the outage" 10 \
  "$(tool "$CONSUMER" --topic orders --group batch-classic --max-messages 10 --timeout-ms 60000 | wc -l)"
require "the live groups consumed the messages produced after the outage" wait_kafka \
  --absent classic-live,kip848-live --members classic-java-live=1:2 --members kip848-multi=1:4 \
  --lag-zero classic-java-live,kip848-multi --groups batch-classic,batch-848
after_sum=$(python3 "$COMPARE" sum "$WORK/describe.$snap" batch-classic)
check "batch-classic committed more after the outage ($before_sum -> $after_sum)" test "$after_sum" -gt "$before_sum"
compare_round "after the outage" --absent classic-live,kip848-live
serve_round "after the outage" --absent classic-live,kip848-live

note "step 6: partition growth and topic deletion under warren serve"
if [ -z "$API" ]; then
  note "skip: step 6: serve has no HTTP API to read its topics from"
else
  failures_before=$(grep -c 'cluster unreachable or failing' "$SERVE_LOG" || true)
  require "audit grows from 2 to 4 partitions" tool "$TOPICS" --alter --topic audit --partitions 4
  produce audit 3 1
  want="[$(for p in 0 1 2 3; do end_offset audit "$p"; done | paste -sd,)]"
  check_eq "audit's new partitions end at 0 and 1" "0,1" "$(end_offset audit 2),$(end_offset audit 3)"
  t0=$(now_ms)
  check_eq "serve: /topic/audit has the 4 partitions and their end offsets" "$want" \
    "$(wait_api 30 /v3/kafka/local/topic/audit 'str(d["offsets"]).replace(" ", "")' "$want")"
  note "serve saw the new partitions $(($(now_ms) - t0)) ms after the message"

  require "create topic doomed (1 partition)" tool "$TOPICS" --create --topic doomed --partitions 1 --replication-factor 1
  produce doomed 0 3
  check_eq "doomed-classic (classic) consumes the 3 messages of doomed and stops" 3 \
    "$(tool "$CONSUMER" --topic doomed --group doomed-classic --from-beginning --max-messages 3 --timeout-ms 60000 | wc -l)"
  check_eq "serve: /topic lists doomed" True \
    "$(wait_api 30 /v3/kafka/local/topic '"doomed" in d["topics"]' True)"
  check_eq "serve: doomed-classic consumes doomed" "['doomed-classic']" \
    "$(wait_api 30 /v3/kafka/local/topic/doomed/consumers 'd["consumers"]' "['doomed-classic']")"
  check_eq "serve: doomed-classic committed offset 3 on doomed" "[3]" \
    "$(wait_api 30 /v3/kafka/local/consumer/doomed-classic \
      '[p["offsets"][-1]["offset"] for p in d["topics"]["doomed"]]' "[3]")"
  require "delete topic doomed" tool "$TOPICS" --delete --topic doomed
  check_eq "Kafka no longer lists doomed" "" "$(tool "$TOPICS" --list | grep -x doomed || true)"
  t0=$(now_ms)
  check_eq "serve: /topic no longer lists doomed" False \
    "$(wait_api 30 /v3/kafka/local/topic '"doomed" in d["topics"]' False)"
  note "serve dropped doomed $(($(now_ms) - t0)) ms after the deletion"
  check_eq "serve: /topic/doomed answers 404 cluster or topic not found" "404 cluster or topic not found" \
    "$(wait_api 10 /v3/kafka/local/topic/doomed '"%d %s" % (code, d["message"])' "404 cluster or topic not found")"
  check_eq "serve: /topic/doomed/consumers is empty" "200 []" \
    "$(wait_api 10 /v3/kafka/local/topic/doomed/consumers '"%d %s" % (code, d["consumers"])' "200 []")"
  # A deleted topic leaves every group; a group left with no topic stays (Burrow's storage,
  # reference §3.7) unless its group metadata is deleted too (a group tombstone). Kafka keeps
  # an empty group until its next offsets cleanup, so the group must still answer, with no topic.
  detail=$(wait_api 30 /v3/kafka/local/consumer/doomed-classic '"%d %s" % (code, sorted(d.get("topics") or {}))' "200 []")
  if [ "${detail%% *}" = 404 ] && ! tool "$GROUPS_CMD" --list | grep -qx doomed-classic; then
    pass "serve: doomed-classic is gone, as in Kafka"
  else
    check_eq "serve: doomed-classic no longer has doomed among its topics" "200 []" "$detail"
  fi
  check "serve is still running after the topic changes" serve_alive
  # Growing or deleting a topic is not an outage: no failure may be logged during this step.
  check "serve logs the deletion of doomed" grep -q 'topic doomed was deleted' "$SERVE_LOG"
  check_eq "a deleted topic is not reported as the cluster failing" "$failures_before" \
    "$(grep -c 'cluster unreachable or failing' "$SERVE_LOG" || true)"
fi

check "serve is still running at the end" serve_alive
kill -TERM "$serve_pid"
t0=$(now_ms)
while serve_alive && [ $(($(now_ms) - t0)) -lt 2000 ]; do sleep 0.05; done
if serve_alive; then
  fail "serve stops within 2 s of SIGTERM"
else
  pass "serve stops within 2 s of SIGTERM ($(($(now_ms) - t0)) ms)"
  rc=0
  wait "$serve_pid" || rc=$?
  serve_pid=""
  check_eq "serve exits 0 on SIGTERM" 0 "$rc"
fi
check "serve logs the signal" grep -q '^I! \[serve\] received SIGTERM, stopping' "$SERVE_LOG"

stop_member java-classic java-848-multi
require "broker stops at the end" "$KAFKA" stop "$BROKER"
check "no broker process is left" bash -c "! '$KAFKA' status '$BROKER'"
note "whole test: $(($(now_ms) - started_ms)) ms"
