#!/usr/bin/env bash
# Self-test of the Telegraf end-to-end harness (tests/e2e/telegraf/telegraf.sh):
# the custom build holds exactly the plugins warren needs, and inputs.execd runs
# a line-protocol plugin with signal = "STDIN" into outputs.file, both with
# --once and as a long-running agent that is stopped with SIGTERM.
#
#   bash tests/e2e/telegraf_harness_test.sh
#
# The first run builds Telegraf (about 1-2 minutes, see telegraf/README.md).
# E2E_KEEP=1 keeps the work directory (configs, outputs, Telegraf logs).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TELEGRAF_SH="$HERE/telegraf/telegraf.sh"
COUNTER="$HERE/telegraf/counter.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warren-e2e-telegraf.XXXXXX")

agent_pid=""

source "$(dirname "${BASH_SOURCE[0]}")/lib/checks.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/process.sh"

cleanup() {
  local rc=$?
  set +e
  if [ -n "$agent_pid" ]; then
    kill -KILL "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null
  fi
  finish_test "$rc" "$WORK" "$WORK"/*.log
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ms() { date +%s%3N; }

# Lines in FILE, 0 when it does not exist (yet).
count_lines() {
  if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi
}

# ------------------------------------------------------------------ build

VERSION=$("$TELEGRAF_SH" version)
t0=$(now_ms)
require "telegraf.sh builds or finds Telegraf $VERSION" "$TELEGRAF_SH" build
echo "# build: $(($(now_ms) - t0)) ms"
TELEGRAF=$("$TELEGRAF_SH" path)
check "the binary lives in the cache as telegraf-$VERSION/telegraf" \
  test -x "$TELEGRAF" -a "$(basename "$(dirname "$TELEGRAF")")" = "telegraf-$VERSION"

t0=$(now_ms)
"$TELEGRAF_SH" build 2>"$WORK/rebuild.log"
elapsed=$(($(now_ms) - t0))
check "a second build is a no-op (${elapsed} ms, nothing logged)" test ! -s "$WORK/rebuild.log" -a "$elapsed" -lt 5000

check_eq "telegraf --version" "Telegraf $VERSION" "$("$TELEGRAF" --version 2>/dev/null)"
check_eq "telegraf version" "Telegraf $VERSION" "$("$TELEGRAF" version 2>/dev/null)"

# ------------------------------------------------------------------ plugins

plugins() { "$TELEGRAF" plugins "$1" 2>/dev/null | paste -sd' '; }
check_eq "inputs are exactly burrow and execd" "inputs.burrow inputs.execd" "$(plugins inputs)"
check_eq "outputs are exactly elasticsearch, file and opensearch" \
  "outputs.elasticsearch outputs.file outputs.opensearch" "$(plugins outputs)"
check "parsers include influx" grep -qx 'parsers.influx' <<<"$("$TELEGRAF" plugins parsers 2>/dev/null)"
check "serializers include influx" grep -qx 'serializers.influx' <<<"$("$TELEGRAF" plugins serializers 2>/dev/null)"
check_eq "no processors are built in" "" "$(plugins processors)"
# The deprecated flags still answer, with the short names.
check "--input-list names burrow and execd" \
  bash -c "'$TELEGRAF' --input-list 2>/dev/null | grep -qx '  burrow' && '$TELEGRAF' --input-list 2>/dev/null | grep -qx '  execd'"
check "--output-list names elasticsearch, opensearch and file" bash -c "
  out=\$('$TELEGRAF' --output-list 2>/dev/null)
  grep -qx '  elasticsearch' <<<\"\$out\" && grep -qx '  opensearch' <<<\"\$out\" && grep -qx '  file' <<<\"\$out\""
check "--usage burrow prints the burrow sample config" \
  grep -q '^\[\[inputs.burrow\]\]' <<<"$("$TELEGRAF" --usage burrow 2>/dev/null)"
check "--usage execd prints the execd sample config" \
  grep -q '^\[\[inputs.execd\]\]' <<<"$("$TELEGRAF" --usage execd 2>/dev/null)"

# ------------------------------------------------------------------ execd --once

# write_config FILE OUTPUT EOF_FILE: agent with 1 s interval and flush, execd
# running counter.sh with signal = "STDIN", outputs.file with sorted fields.
write_config() {
  cat >"$1" <<EOF
[agent]
  interval = "1s"
  flush_interval = "1s"
  omit_hostname = true
  skip_processors_after_aggregators = true

[[inputs.execd]]
  command = ["bash", "$COUNTER"]
  environment = ["COUNTER_EOF_FILE=$3"]
  signal = "STDIN"
  restart_delay = "1s"
  data_format = "influx"

[[outputs.file]]
  files = ["$2"]
  data_format = "influx"
  influx_sort_fields = true
EOF
}

write_config "$WORK/once.conf" "$WORK/once.out" "$WORK/once.eof"
t0=$(now_ms)
check "telegraf --once with inputs.execd exits 0" \
  timeout 60 "$TELEGRAF" --config "$WORK/once.conf" --once 2>"$WORK/once.log"
echo "# --once: $(($(now_ms) - t0)) ms"
check_eq "--once writes one metric" 1 "$(count_lines "$WORK/once.out")"
check "the metric is the counter's line protocol, fields sorted" \
  grep -Eq '^warren_e2e,source=counter count=1i,status="OK" [0-9]{19}$' "$WORK/once.out"
# The counter timestamps its line; Telegraf keeps that ns time (no rounding).
ts=$(awk '{print $NF}' "$WORK/once.out" 2>/dev/null)
now_ns=$(date +%s%N)
check "the counter's ns timestamp is kept (within 60 s of now)" \
  test -n "$ts" -a $((now_ns - ${ts:-0})) -lt 60000000000 -a $((now_ns - ${ts:-0})) -ge 0
check_eq "the counter saw stdin close after 1 line" 1 "$(cat "$WORK/once.eof" 2>/dev/null)"
check "stderr 'I! ' lines are logged at info with the plugin's name" \
  grep -Eq ' I! \[inputs\.execd\] counter started$' "$WORK/once.log"
check "stderr 'W! ' lines are logged as warnings" \
  grep -Eq ' W! \[inputs\.execd\] counter saw stdin close after 1 lines$' "$WORK/once.log"
check_eq "--once logs no errors" "" "$(grep ' E! ' "$WORK/once.log" || true)"

# ------------------------------------------------------------------ execd as a running agent

write_config "$WORK/agent.conf" "$WORK/agent.out" "$WORK/agent.eof"
"$TELEGRAF" --config "$WORK/agent.conf" 2>"$WORK/agent.log" &
agent_pid=$!
lines_at_least() { [ "$(count_lines "$WORK/agent.out")" -ge "$1" ]; }
t0=$(now_ms)
check "the agent writes 3 metrics within 30 s (one gather per second)" wait_for 30 lines_at_least 3
echo "# 3 metrics: $(($(now_ms) - t0)) ms"
check "the agent is still running" kill -0 "$agent_pid"

kill -TERM "$agent_pid"
agent_gone() { ! kill -0 "$agent_pid" 2>/dev/null; }
t0=$(now_ms)
check "SIGTERM stops the agent within 20 s" wait_for 20 agent_gone
echo "# stop: $(($(now_ms) - t0)) ms"
agent_rc=0
wait "$agent_pid" || agent_rc=$?
agent_pid=""
check_eq "the agent exits 0 on SIGTERM" 0 "$agent_rc"

n=$(wc -l <"$WORK/agent.out")
check_eq "counts run 1..$n with no restart of the counter" "$(seq 1 "$n" | paste -sd' ')" \
  "$(sed -E 's/.* count=([0-9]+)i.*/\1/' "$WORK/agent.out" | paste -sd' ')"
check_eq "every metric was written before the agent stopped" "$n" "$(cat "$WORK/agent.eof" 2>/dev/null)"
check_eq "the counter started once" 1 "$(grep -c 'counter started' "$WORK/agent.log")"
check_eq "the agent logs no errors" "" "$(grep ' E! ' "$WORK/agent.log" || true)"
