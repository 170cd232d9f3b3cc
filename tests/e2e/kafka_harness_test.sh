#!/usr/bin/env bash
# Self-test of the Kafka end-to-end harness (tests/e2e/kafka/kafka.sh): a real
# single-node KRaft broker on 127.0.0.1, a classic and a KIP-848 consumer group,
# their lag as kafka-consumer-groups reports it, the raw __consumer_offsets
# records they leave, and a broker restart on the same ports and data.
#
#   bash tests/e2e/kafka_harness_test.sh
#
# E2E_UPDATE_CAPTURE=1 rewrites tests/e2e/kafka/captured_records.md from this run.
# E2E_KEEP=1 keeps the work directory (broker.log, records.tsv, ...).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA="$HERE/kafka/kafka.sh"
DUMP="$HERE/kafka/offsets_dump.py"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warren-e2e-kafka.XXXXXX")
BROKER="$WORK/broker"
TOOLS_LOG="$WORK/tools.log"
TOPIC=e2e-orders
CLASSIC=e2e-classic
KIP848=e2e-848

TOPICS=org.apache.kafka.tools.TopicCommand
GROUPS_CMD=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand
CONSUMER=org.apache.kafka.tools.consumer.ConsoleConsumer
OFFSETS=org.apache.kafka.tools.GetOffsetShell

bg_pids=()

source "$(dirname "${BASH_SOURCE[0]}")/lib/checks.sh"

cleanup() {
  local rc=$?
  set +e
  local p
  for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  "$KAFKA" stop "$BROKER" 2>/dev/null
  finish_test "$rc" "$WORK" "$BROKER/broker.log" "$TOOLS_LOG"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ms() { date +%s%3N; }

# A Kafka command-line class against the test broker; stderr goes to tools.log.
tool() {
  local main="$1"
  shift
  timeout 120 "$KAFKA" tool "$BROKER" "$main" --bootstrap-server "$BS" "$@" 2>>"$TOOLS_LOG"
}

# "sum of CURRENT-OFFSET, partitions with LAG 0, partitions" of a group.
group_offsets() {
  tool "$GROUPS_CMD" --describe --group "$1" | awk -v g="$1" '
    $1 == "GROUP" && $2 == "TOPIC" { for (i = 1; i <= NF; i++) col[$i] = i; hdr = 1; next }
    hdr && $1 == g { cur += $col["CURRENT-OFFSET"]; if ($col["LAG"] == "0") zero++; n++ }
    END { printf "%d %d %d\n", cur, zero, n }'
}

# Polls until `group_offsets GROUP` prints WANT (the coordinator may still be loading).
wait_group_offsets() {
  local group="$1" want="$2" deadline got=""
  deadline=$(($(date +%s) + 60))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    got=$(group_offsets "$group" || true)
    [ "$got" = "$want" ] && break
    sleep 0.5
  done
  echo "$got"
}

# Polls `--describe --members --verbose` until GROUP has one member holding 3 partitions.
wait_member() {
  local group="$1" deadline out
  deadline=$(($(date +%s) + 60))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    out=$(tool "$GROUPS_CMD" --describe --group "$group" --members --verbose || true)
    if echo "$out" | awk -v g="$group" '
        $1 == "GROUP" && $2 == "CONSUMER-ID" { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 == g && $col["#PARTITIONS"] == "3" { found = 1 }
        END { exit !found }'; then
      echo "$out"
      return 0
    fi
    sleep 0.5
  done
  echo "$out"
  return 1
}

# ------------------------------------------------------------------ broker

t0=$(now_ms)
require "fetch resolves the Kafka jars" "$KAFKA" fetch
echo "# fetch: $(($(now_ms) - t0)) ms"

t0=$(now_ms)
require "broker starts and answers" "$KAFKA" start "$BROKER"
echo "# start: $(($(now_ms) - t0)) ms"
BS=$(cat "$BROKER/bootstrap")
check "broker listens on 127.0.0.1 only" grep -Eq '^127\.0\.0\.1:[0-9]+$' "$BROKER/bootstrap"
check "pid file names a live process" kill -0 "$(cat "$BROKER/pid")"
check_eq "metadata lists broker 1 at $BS" 1 "$(kcat -b "$BS" -L -m 5 | grep -c "broker 1 at $BS")"

# ------------------------------------------------------------------ topic and data

require "create topic $TOPIC with 3 partitions" \
  tool "$TOPICS" --create --topic "$TOPIC" --partitions 3 --replication-factor 1 >/dev/null
check_eq "topic describes 3 partitions" 3 \
  "$(tool "$TOPICS" --describe --topic "$TOPIC" | grep -o 'PartitionCount: *[0-9]*' | grep -o '[0-9]*$')"

for i in $(seq 1 30); do echo "order-$i:{\"id\":$i}"; done >"$WORK/messages"
require "kcat produces 30 keyed messages" kcat -P -b "$BS" -t "$TOPIC" -K: -l "$WORK/messages"
check_eq "end offsets sum to 30 over 3 partitions" "30 3" \
  "$(tool "$OFFSETS" --topic "$TOPIC" | awk -F: '{s += $3; n++} END {print s, n}')"

# ------------------------------------------------------------------ consumer groups

consume() { # GROUP [extra ConsoleConsumer args]: prints the number of messages read
  local group="$1"
  shift
  tool "$CONSUMER" --topic "$TOPIC" --group "$group" --from-beginning \
    --max-messages 30 --timeout-ms 60000 "$@" | wc -l
}
t0=$(now_ms)
check_eq "classic group $CLASSIC consumes 30 messages" 30 "$(consume "$CLASSIC")"
check_eq "KIP-848 group $KIP848 consumes 30 messages" 30 \
  "$(consume "$KIP848" --consumer-property group.protocol=consumer)"
echo "# two console consumers: $(($(now_ms) - t0)) ms"

for g in "$CLASSIC" "$KIP848"; do
  check_eq "$g: CURRENT-OFFSET sums to 30, LAG 0 on all 3 partitions" "30 3 3" "$(group_offsets "$g")"
done

check_eq "--list --type shows $CLASSIC as Classic" Classic \
  "$(tool "$GROUPS_CMD" --list --type | awk -v g="$CLASSIC" '$1 == g {print $2}')"
check_eq "--list --type shows $KIP848 as Consumer" Consumer \
  "$(tool "$GROUPS_CMD" --list --type | awk -v g="$KIP848" '$1 == g {print $2}')"
check_eq "$KIP848 uses a server-side assignor (uniform)" uniform \
  "$(tool "$GROUPS_CMD" --describe --group "$KIP848" --state | awk -v g="$KIP848" '$1 == g {print $(NF-2)}')"
# The tool says "has no active members" on stderr.
check_eq "--describe --members --verbose on an empty group" 1 \
  "$(timeout 120 "$KAFKA" tool "$BROKER" "$GROUPS_CMD" --bootstrap-server "$BS" \
    --describe --group "$CLASSIC" --members --verbose 2>&1 | grep -c "'$CLASSIC' has no active members")"

# Live members: one consumer per group stays until killed.
# Started without the `tool` function so that $! is timeout(1), which passes
# SIGTERM on to the consumer's JVM.
timeout 120 "$KAFKA" tool "$BROKER" "$CONSUMER" --bootstrap-server "$BS" --topic "$TOPIC" \
  --group "$CLASSIC" --timeout-ms 90000 >/dev/null 2>>"$TOOLS_LOG" &
bg_pids+=($!)
timeout 120 "$KAFKA" tool "$BROKER" "$CONSUMER" --bootstrap-server "$BS" --topic "$TOPIC" \
  --group "$KIP848" --timeout-ms 90000 --consumer-property group.protocol=consumer >/dev/null 2>>"$TOOLS_LOG" &
bg_pids+=($!)
check "$CLASSIC: --members --verbose shows a member with 3 partitions" wait_member "$CLASSIC" >/dev/null
members=$(wait_member "$KIP848" || true)
check "$KIP848: --members --verbose shows a member with 3 partitions" \
  grep -Eq "^$KIP848 .* 3 +[0-9]+ +$TOPIC:0,1,2" <<<"$members"
check_eq "$KIP848: member epoch equals target epoch" yes "$(awk -v g="$KIP848" '
    $1 == "GROUP" { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == g { print ($col["CURRENT-EPOCH"] == $col["TARGET-EPOCH"] && $col["CURRENT-EPOCH"] > 0) ? "yes" : "no" }' <<<"$members")"
check_eq "$KIP848: lag stays 0 with a live member" "30 3 3" "$(group_offsets "$KIP848")"
for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null || true; done
for p in "${bg_pids[@]}"; do wait "$p" 2>/dev/null || true; done
bg_pids=()

# ------------------------------------------------------------------ raw __consumer_offsets

timeout 60 kcat -C -b "$BS" -t __consumer_offsets -e -q -f '%p %o %K %S\n%k%s\n' >"$WORK/consumer_offsets.raw"
require "__consumer_offsets parses as key/value records" \
  python3 "$DUMP" table <"$WORK/consumer_offsets.raw" >"$WORK/records.tsv"
echo "# __consumer_offsets: $(wc -l <"$WORK/records.tsv") records"

key_types() { # GROUP: sorted distinct key types of the group's records
  awk -F'\t' -v g="$1" '$5 == g {print $3}' "$WORK/records.tsv" | sort -n | uniq | paste -sd' '
}
has_type() { # GROUP TYPE
  awk -F'\t' -v g="$1" -v t="$2" '$5 == g && $3 == t {f = 1} END {exit !f}' "$WORK/records.tsv"
}
# Latest committed offset per partition, summed, from the raw records.
raw_offsets() {
  awk -F'\t' -v g="$1" '$5 == g && $3 == 1 { split($6, a, "="); last[a[1]] = a[2] }
    END { for (p in last) { s += last[p]; n++ } print s, n }' "$WORK/records.tsv"
}

echo "# key types of $CLASSIC: $(key_types "$CLASSIC")"
echo "# key types of $KIP848: $(key_types "$KIP848")"
check "$CLASSIC wrote OffsetCommit records (key type 1)" has_type "$CLASSIC" 1
check "$CLASSIC wrote GroupMetadata records (key type 2)" has_type "$CLASSIC" 2
check_eq "$CLASSIC wrote no KIP-848 records (key types >= 3)" "" \
  "$(awk -F'\t' -v g="$CLASSIC" '$5 == g && $3 >= 3' "$WORK/records.tsv")"
check "$KIP848 wrote OffsetCommit records (key type 1)" has_type "$KIP848" 1
check_eq "$KIP848 wrote no classic GroupMetadata (key type 2)" "" \
  "$(awk -F'\t' -v g="$KIP848" '$5 == g && $3 == 2' "$WORK/records.tsv")"
for t in 3 5 6 7 8; do
  check "$KIP848 wrote key type $t" has_type "$KIP848" "$t"
done
check "$KIP848 member records were tombstoned on leave" \
  awk -F'\t' -v g="$KIP848" '$5 == g && $3 == 5 && $8 == "null" {f = 1} END {exit !f}' "$WORK/records.tsv"
check_eq "$CLASSIC: raw commits sum to 30 over 3 partitions" "30 3" "$(raw_offsets "$CLASSIC")"
check_eq "$KIP848: raw commits sum to 30 over 3 partitions" "30 3" "$(raw_offsets "$KIP848")"

# A readable capture of one record per key type (kept for decoder tests).
decoded=""
if java --list-modules 2>/dev/null | grep -q '^jdk.compiler'; then
  cut -f7,8 "$WORK/records.tsv" | tr '\t' ' ' |
    java -cp "$("$KAFKA" classpath)" "$HERE/kafka/DecodeCoordinatorRecord.java" >"$WORK/decoded.jsonl" 2>>"$TOOLS_LOG" &&
    decoded="$WORK/decoded.jsonl"
  check "the broker's serde decodes every captured record" test -n "$decoded"
fi
KAFKA_VERSION="$("$KAFKA" version)" python3 "$DUMP" markdown "$WORK/records.tsv" ${decoded:+"$decoded"} >"$WORK/captured_records.md"
if [ -n "${E2E_UPDATE_CAPTURE:-}" ]; then
  cp "$WORK/captured_records.md" "$HERE/kafka/captured_records.md"
  echo "# wrote $HERE/kafka/captured_records.md"
fi

# ------------------------------------------------------------------ outage

ports_before=$(cat "$BROKER/ports")
t0=$(now_ms)
require "restart brings the broker back" "$KAFKA" restart "$BROKER"
echo "# restart (stop + start): $(($(now_ms) - t0)) ms"
check_eq "restart keeps the ports" "$ports_before" "$(cat "$BROKER/ports")"
check "broker answers after restart" kcat -b "$BS" -L -m 5 >/dev/null
check_eq "topic data survives restart" "30 3" \
  "$(tool "$OFFSETS" --topic "$TOPIC" | awk -F: '{s += $3; n++} END {print s, n}')"
for g in "$CLASSIC" "$KIP848"; do
  check_eq "$g offsets survive restart" "30 3 3" "$(wait_group_offsets "$g" "30 3 3")"
done

t0=$(now_ms)
check "stop stops the broker" "$KAFKA" stop "$BROKER"
echo "# stop: $(($(now_ms) - t0)) ms"
check "no broker process is left" bash -c "! '$KAFKA' status '$BROKER'"
check "stop is idempotent" "$KAFKA" stop "$BROKER"
