#!/usr/bin/env bash
# warren as Telegraf runs it: a real Telegraf (tests/e2e/telegraf/telegraf.sh) with inputs.execd
# running `warren execd` (signal = "STDIN", a gather every second) into outputs.file, against a
# warren_mock_cluster driven by the shared status scenario (lib/status_scenario.py: e2e-ok OK,
# e2e-warn WARN, e2e-err ERR with one STOP and one STALL partition). warren's [httpserver] on
# 127.0.0.1 serves the REST API from the same engine; the scenario polls it, and Telegraf's
# inputs.burrow (telegraf/burrow-input.conf) reads it too. Then:
#   - the file output holds burrow_group e2e-ok status_code 1, e2e-warn 3, e2e-err 4, and
#     burrow_partition STOP 5 and STALL 6, in one batch, and every line parses as line protocol;
#   - warren killed with SIGKILL is restarted by Telegraf (restart_delay 1s) and the metrics carry
#     on (new batches with e2e-ok OK and e2e-err ERR; e2e-warn is not required to stay WARN, see
#     the re-ingestion note in status_scenario.py);
#   - stopping Telegraf with SIGTERM closes warren's stdin and warren exits 0 (a wrapper around
#     warren records its exit status and time), before Telegraf would escalate to SIGTERM.
#
#   bash tests/e2e/telegraf_execd_test.sh <warren-binary> <warren_mock_cluster-binary>
#
# E2E_KEEP=1 keeps the work directory. Ends with `N passed, M failed`.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib/process.sh"
warren_and_mock_args "$@"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warren-e2e-telegraf-execd.XXXXXX")
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in the source tree
METRICS="$WORK/metrics.lp"
CHECK_METRICS=(python3 "$HERE/telegraf/execd_metrics.py" "$METRICS")

telegraf_pid=""

source "$HERE/lib/checks.sh"
source "$HERE/lib/mock_cluster.sh"

# Every warren the wrapper started, in order; the last one is the current one.
warren_pids() { [ -f "$WORK/warren.pids" ] && cat "$WORK/warren.pids" || true; }

cleanup() {
  local rc=$?
  set +e
  stop_process "$telegraf_pid"
  local pid
  for pid in $(warren_pids); do
    if alive "$pid"; then
      echo "warren (pid $pid) still running; SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
  done
  stop_mock_cluster
  finish_test "$rc" "$WORK" "$MOCK_ERR" "$WORK/telegraf.log" "$WORK/scenario.out"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

require "Telegraf binary (tests/e2e/telegraf/telegraf.sh path)" \
  bash -c "bash '$HERE/telegraf/telegraf.sh' path >'$WORK/telegraf.path' 2>'$WORK/build.log'"
TELEGRAF=$(cat "$WORK/telegraf.path")

require "mock cluster started (warren_mock_cluster)" start_mock_cluster "$MOCK" "$WORK/mock"
echo "# bootstrap $BOOTSTRAP" >&3

# ---- warren's configuration and the wrapper Telegraf runs ----------------------------------------

HTTP_ADDRESS="127.0.0.1:$(free_port)"
WARREN_URL="http://$HTTP_ADDRESS"
{
  scenario_config local
  cat <<CONF

[httpserver.default]
address = "$HTTP_ADDRESS"

[execd]
emit-ok-partitions = true
CONF
} >"$WORK/warren.toml"

# The wrapper records each warren's pid, and its exit status with the time (ns) it exited, so the
# test can kill the current warren and see how it ended. `<&0` keeps Telegraf's pipe as warren's
# stdin (a background job would otherwise read /dev/null).
cat >"$WORK/warren-wrapper.sh" <<WRAP
#!/usr/bin/env bash
"$WARREN" execd --config "$WORK/warren.toml" <&0 &
pid=\$!
echo "\$pid" >>"$WORK/warren.pids"
wait "\$pid" 2>/dev/null # no "Killed" job message on stderr
rc=\$?
echo "\$pid \$rc \$(date +%s%N)" >>"$WORK/warren.exits"
exit "\$rc"
WRAP

cat >"$WORK/telegraf.conf" <<CONF
[agent]
  interval = "1s"
  flush_interval = "1s"
  round_interval = false
  omit_hostname = true
  quiet = false

[[inputs.execd]]
  command = ["/usr/bin/env", "bash", "$WORK/warren-wrapper.sh"]
  signal = "STDIN"
  restart_delay = "1s"
  data_format = "influx"

[[outputs.file]]
  files = ["$METRICS"]
  data_format = "influx"
  influx_sort_fields = true
CONF

(cd "$WORK" && exec "$TELEGRAF" --config "$WORK/telegraf.conf") </dev/null >"$WORK/telegraf.log" 2>&1 &
telegraf_pid=$!

api_up() { [ "$(curl -s --max-time 2 "$WARREN_URL/burrow/admin" 2>/dev/null || true)" = "GOOD" ]; }
require "Telegraf started warren execd, whose [httpserver] answers GOOD on $WARREN_URL" wait_for 30 api_up
first_warren=$(warren_pids | tail -n 1)

# ---- the scenario --------------------------------------------------------------------------------

start=$SECONDS
if python3 "$HERE/lib/status_scenario.py" --mock-in "$MOCK_IN" --mock-out "$MOCK_OUT" --warren "$WARREN_URL" \
  --cluster local --report "$WORK/scenario.json" >"$WORK/scenario.out" 2>&1; then
  pass "status scenario: warren's REST API shows e2e-ok OK, e2e-warn WARN, e2e-err ERR ($((SECONDS - start)) s)"
else
  fail "status scenario did not reach the intended statuses:"
  grep -v '^#' "$WORK/scenario.out" >&3 || true
  exit 1
fi
scenario_done_ns=$(date +%s%N)

EXPECT=(--group e2e-ok=1 --group e2e-warn=3 --group e2e-err=4
  --partition e2e-ok/e2e-orders/0=1 --partition e2e-warn/e2e-payments/0=3 --partition e2e-warn/e2e-payments/1=1
  --partition e2e-err/e2e-events/0=5 --partition e2e-err/e2e-events/1=6
  --topic e2e-orders --topic e2e-payments --topic e2e-events)

metrics_match() { "${CHECK_METRICS[@]}" "$@" >"$WORK/metrics.check" 2>&1; }
if wait_for 30 metrics_match --after "$scenario_done_ns" "${EXPECT[@]}"; then
  pass "Telegraf's file output: one batch with OK=1, WARN=3, ERR=4, STOP=5, STALL=6 where intended ($(cut -d';' -f1 "$WORK/metrics.check"))"
else
  fail "Telegraf's file output does not hold the intended statuses within 30 s: $(cat "$WORK/metrics.check")"
fi
if "${CHECK_METRICS[@]}" >"$WORK/metrics.parse" 2>&1 || [ $? -eq 1 ]; then
  pass "every line of the file output parses as line protocol ($(grep -c . "$METRICS") lines)"
else
  fail "the file output is not line protocol: $(cat "$WORK/metrics.parse")"
fi

# warren's logs reach Telegraf through its level prefixes (logged as "I! [inputs.execd] ..."), never
# as unprefixed stderr lines, which Telegraf would log at error level as `stderr: "..."`.
check "warren's stderr lines carry Telegraf's prefixes (no unprefixed stderr in Telegraf's log)" \
  bash -c "grep -q 'I! \[inputs.execd\] .*warren .* execd started' '$WORK/telegraf.log' && ! grep -q 'stderr: \"' '$WORK/telegraf.log'"
check "no error in Telegraf's log before the restart test" bash -c "! grep -q ' E! ' '$WORK/telegraf.log'"

# ---- Telegraf's inputs.burrow against the same warren (telegraf/burrow-input.conf) ---------------

sed -e "s|http://127.0.0.1:8000|$WARREN_URL|" "$ROOT/telegraf/burrow-input.conf" >"$WORK/burrow-input.conf"
if timeout 60 "$TELEGRAF" --config "$WORK/burrow-input.conf" --test </dev/null >"$WORK/burrow-input.out" 2>"$WORK/burrow-input.log" &&
  grep -Eq '^> burrow_group,cluster=local,group=e2e-err(,host=[^ ,]+)? .*status_code=4i' "$WORK/burrow-input.out" &&
  grep -Eq '^> burrow_group,cluster=local,group=e2e-warn(,host=[^ ,]+)? .*status_code=3i' "$WORK/burrow-input.out" &&
  grep -Eq '^> burrow_partition,cluster=local,group=e2e-err(,host=[^ ,]+)?,owner=/10.0.0.31,partition=1,topic=e2e-events .*status="STALL"' \
    "$WORK/burrow-input.out"; then
  pass "telegraf/burrow-input.conf: inputs.burrow reads the same statuses from warren execd's REST API ($(grep -c '^> burrow_' "$WORK/burrow-input.out") metrics)"
else
  fail "telegraf/burrow-input.conf against warren execd's REST API:"
  tail -n 5 "$WORK/burrow-input.log" "$WORK/burrow-input.out" >&3
fi

# ---- SIGKILL: Telegraf restarts warren and the metrics carry on ----------------------------------

killed_ns=$(date +%s%N)
kill -KILL "$first_warren"
new_warren() { [ "$(warren_pids | tail -n 1)" != "$first_warren" ] && alive "$(warren_pids | tail -n 1)"; }
if wait_for 30 new_warren; then
  pass "warren killed with SIGKILL (pid $first_warren) is restarted by Telegraf (pid $(warren_pids | tail -n 1))"
else
  fail "no new warren within 30 s of the SIGKILL"
fi
check_eq "the killed warren's exit status as its wrapper saw it" "137" \
  "$(awk -v p="$first_warren" '$1 == p {print $2}' "$WORK/warren.exits" 2>/dev/null)"
check "Telegraf logged the exit and the restart" \
  bash -c "grep -q 'Restarting in 1s' '$WORK/telegraf.log'"
if wait_for 60 metrics_match --after "$killed_ns" --group e2e-ok=1 --group e2e-err=4 \
  --partition e2e-err/e2e-events/0=5 --partition e2e-err/e2e-events/1=6 --topic e2e-events; then
  pass "metrics carry on after the restart: e2e-ok OK, e2e-err ERR (STOP, STALL) in a new batch ($(cut -d';' -f1 "$WORK/metrics.check"))"
else
  fail "no batch after the restart with e2e-ok OK and e2e-err ERR within 60 s: $(cat "$WORK/metrics.check")"
fi

# ---- SIGTERM to Telegraf: warren's stdin closes and it exits 0 -----------------------------------

current=$(warren_pids | tail -n 1)
term_ns=$(date +%s%N)
kill -TERM "$telegraf_pid"
if wait_for 30 bash -c "! kill -0 $telegraf_pid 2>/dev/null"; then
  wait "$telegraf_pid" && trc=0 || trc=$?
  telegraf_pid=""
  check_eq "Telegraf exits 0 on SIGTERM" "0" "$trc"
else
  fail "Telegraf still running 30 s after SIGTERM"
fi
exit_line=$(awk -v p="$current" '$1 == p' "$WORK/warren.exits" 2>/dev/null || true)
check_eq "warren (pid $current) exits 0 when Telegraf stops" "0" "$(echo "$exit_line" | awk '{print $2}')"
if [ -n "$exit_line" ]; then
  took_ms=$((($(echo "$exit_line" | awk '{print $3}') - term_ns) / 1000000))
  # Telegraf closes stdin first and sends SIGTERM only after 5 s; warren must be gone well before.
  if [ "$took_ms" -lt 5000 ]; then
    pass "warren exited ${took_ms} ms after Telegraf's SIGTERM (Telegraf escalates after 5000 ms)"
  else
    fail "warren took ${took_ms} ms to exit after Telegraf's SIGTERM"
  fi
fi
check "no unprefixed warren stderr in Telegraf's whole log (restart included)" bash -c "! grep -q 'stderr: \"' '$WORK/telegraf.log'"
check "no warren process left" bash -c "for p in $(warren_pids | tr '\n' ' '); do ! kill -0 \$p 2>/dev/null || exit 1; done"
check "every line of the final file output parses as line protocol" \
  bash -c "'${CHECK_METRICS[0]}' '${CHECK_METRICS[1]}' '$METRICS' >/dev/null; [ \$? -ne 2 ]"
