#!/usr/bin/env bash
# The benchmark suite, warren side by side with Debian's Burrow 1.2.1 on the same data, in one run:
#
#   bench/run.sh [--scenario issue8|smoke] [--build DIR] [--out FILE] [--note TEXT]
#
# 1. bench's scenario generator hosts a librdkafka mock cluster and writes the scenario's
#    __consumer_offsets backlog (bench/scenario_generator.cpp), then keeps it served;
# 2. the ceiling: kcat, with large fetch sizes, reads every record of the offsets topic;
# 3. warren serve, then Debian's Burrow (with its ZooKeeper, tests/e2e/burrow/burrow.sh), one after
#    the other on the same config (bench/burrow.toml.in): time from process start until every commit
#    is visible through the REST API (bench/probe.py defines "visible"), CPU seconds and RSS then,
#    GET /status of every group, /lag under wrk, peak RSS and CPU seconds of the whole run;
# 4. warren execd: one full batch for every group;
# 5. the store and evaluator Google Benchmark (bench/store_eval_bench.cpp) at the scenario's shape and
#    at 1,000,000 group-partitions (issue8 only).
#
# The report (markdown, with the machine description) goes to --out, by default
# bench/results/<date>-<scenario>.md; raw measurements stay beside it in the work directory when
# BENCH_KEEP=1. Environment: WARREN_BUILD (build directory, default build-bench), BENCH_WRK_SECONDS,
# BENCH_WRK_CONNECTIONS, BURROW_BIN, ZOOKEEPER_HOME.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${WARREN_BUILD:-$root/build-bench}"
scenario=issue8
out=""
note=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) scenario="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --note) note="$2"; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

case "$scenario" in
  # The issue's scenario: 1,000 groups × 10 topics of 100 partitions (each group on one topic),
  # 10 commits per group-partition = 1,000,000 commits over 50 offsets partitions.
  issue8) groups=1000 topics=10 partitions=100 commits=10 offsets_partitions=50 big_store=1
    wrk_seconds="${BENCH_WRK_SECONDS:-15}" timeout=600 ;;
  # A few thousand commits, for CI (ctest "e2e: bench smoke").
  smoke) groups=20 topics=2 partitions=10 commits=10 offsets_partitions=4 big_store=0
    wrk_seconds="${BENCH_WRK_SECONDS:-3}" timeout=90 ;;
  *) echo "run.sh: unknown scenario $scenario (issue8, smoke)" >&2; exit 2 ;;
esac
connections="${BENCH_WRK_CONNECTIONS:-64}"
[ -n "$out" ] || out="$root/bench/results/$(date -u +%Y-%m-%d)-$scenario.md"

warren="$build/warren"
generator="$build/warren_bench_scenario"
store_bench="$build/warren_bench_store"
for f in "$warren" "$generator"; do
  [ -x "$f" ] || { echo "run.sh: no $f (cmake --build $build --target warren warren_bench_scenario warren_bench_store)" >&2; exit 2; }
done
for tool in kcat wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (scripts/install-deps.sh)" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/warren-bench.XXXXXX")"
m="$work/measurements"
mkdir -p "$m"
gen_pid=""
warren_pid=""

cleanup() {
  local rc=$?
  [ -n "$warren_pid" ] && kill "$warren_pid" 2>/dev/null && wait "$warren_pid" 2>/dev/null || true
  bash "$root/tests/e2e/burrow/burrow.sh" stop "$work/burrow" >/dev/null 2>&1 || true
  if [ -n "$gen_pid" ]; then
    exec 4>&- 2>/dev/null || true
    kill "$gen_pid" 2>/dev/null || true
    wait "$gen_pid" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] || [ -n "${BENCH_KEEP:-}" ]; then echo "run.sh: work directory kept: $work" >&2; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "bench: $*" >&2; }
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
# wait_for FILE PATTERN SECONDS PID: polls until FILE has a line matching PATTERN.
wait_for() {
  local deadline=$((SECONDS + $3))
  until grep -q "$2" "$1" 2>/dev/null; do
    kill -0 "$4" 2>/dev/null || { say "process $4 exited; see $1"; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { say "timed out waiting for '$2' in $1"; return 1; }
    sleep 0.1
  done
}

# --- 1. the scenario -------------------------------------------------------------------------
say "scenario $scenario: $groups groups x $partitions partitions x $commits commits"
mkfifo "$work/generator.in"
"$generator" --groups "$groups" --topics "$topics" --partitions "$partitions" --commits "$commits" \
  --offsets-partitions "$offsets_partitions" --expect "$work/expect" \
  <"$work/generator.in" >"$work/generator.out" 2>"$work/generator.err" &
gen_pid=$!
exec 4>"$work/generator.in"  # held open: the generator serves until this closes
wait_for "$work/generator.out" '^READY' 600 "$gen_pid"
bootstrap="$(awk '$1 == "BOOTSTRAP" {print $2}' "$work/generator.out")"
grep '^READY' "$work/generator.out" | tr ' ' '\n' | grep '=' >"$m/generator.txt"
records="$(awk '$1 == "records" {print $2}' "$work/expect")"
offsets_topic="$(awk '$1 == "offsets_topic" {print $2}' "$work/expect")"
say "backlog of $records records on $bootstrap"

# --- 2. the ceiling: librdkafka alone --------------------------------------------------------
say "kcat reads the offsets topic"
start_ns=$(date +%s%N)
kcat_count=$(kcat -C -b "$bootstrap" -t "$offsets_topic" -o beginning -e -q -f 'x\n' \
  -X fetch.max.bytes=104857600 -X max.partition.fetch.bytes=10485760 -X fetch.wait.max.ms=5 \
  -X queued.min.messages=1000000 | wc -l)
end_ns=$(date +%s%N)
python3 -c "import json,sys; print(json.dumps({'seconds': ($end_ns-$start_ns)/1e9, 'records': $kcat_count}))" >"$m/kcat.json"

sed -e "s|@OFFSETS_TOPIC@|$offsets_topic|g" "$root/bench/burrow.toml.in" >"$work/burrow.toml.in"

# measure_api NAME URL PID: the measurements both monitors get, into $m/NAME.*.json.
measure_api() {
  local name="$1" url="$2" pid="$3"
  say "$name: waiting until every commit is visible"
  python3 "$root/bench/probe.py" visible "$url" "$pid" "$work/expect" --timeout "$timeout" >"$m/$name.visible.json" ||
    { say "$name never showed every commit: $(cat "$m/$name.visible.json")"; return 1; }
  say "$name: $(cat "$m/$name.visible.json")"
  python3 "$root/bench/probe.py" status-all "$url" >"$m/$name.status_all.json" || say "$name: /status of every group failed"
  say "$name: wrk, $connections connections, ${wrk_seconds}s"
  BENCH_GROUPS="$groups" wrk -t2 -c"$connections" -d"${wrk_seconds}s" --latency -s "$root/bench/lag.lua" "$url" \
    >"$m/$name.wrk.txt" 2>&1 || say "$name: wrk failed"
  python3 "$root/bench/probe.py" proc "$pid" >"$m/$name.end.json"
}

# --- 3a. warren serve ------------------------------------------------------------------------
mkdir -p "$work/warren"
warren_port="$(free_port)"
bash "$root/tests/e2e/burrow/burrow.sh" render "$work/burrow.toml.in" 127.0.0.1:1 "$bootstrap" "127.0.0.1:$warren_port" \
  >"$work/warren/burrow.toml"
say "warren serve"
(cd "$work/warren" && exec "$warren" serve --config-dir "$work/warren") >"$work/warren/warren.out" 2>&1 </dev/null &
warren_pid=$!
measure_api warren "http://127.0.0.1:$warren_port" "$warren_pid"
python3 "$root/bench/probe.py" store-commits "http://127.0.0.1:$warren_port" >"$m/warren.commits.json"
kill -TERM "$warren_pid"
wait "$warren_pid" || true
warren_pid=""

# --- 3b. warren execd ------------------------------------------------------------------------
execd_port="$(free_port)"
bash "$root/tests/e2e/burrow/burrow.sh" render "$work/burrow.toml.in" 127.0.0.1:1 "$bootstrap" "127.0.0.1:$execd_port" \
  >"$work/warren/execd.toml"
say "warren execd: one batch"
python3 "$root/bench/probe.py" execd-batch "$warren" "$work/warren/execd.toml" "http://127.0.0.1:$execd_port" \
  "$work/expect" --timeout "$timeout" --log "$work/warren/execd.err" >"$m/execd.json" || say "execd batch failed"

# --- 3c. Burrow (and its ZooKeeper) ----------------------------------------------------------
if [ -x "${BURROW_BIN:-/usr/bin/Burrow}" ]; then
  say "Burrow 1.2.1 with ZooKeeper"
  # burrow.sh returns once Burrow reads the topic; the clock is Burrow's own process start, so the
  # time ZooKeeper takes to start is not Burrow's.
  bash "$root/tests/e2e/burrow/burrow.sh" start "$work/burrow" "$work/burrow.toml.in" "$bootstrap" \
    >"$work/burrow-start.out" 2>&1 &
  starter=$!
  deadline=$((SECONDS + 120))
  until [ -s "$work/burrow/process.pid" ] && [ -s "$work/burrow/url" ]; do
    kill -0 "$starter" 2>/dev/null || break
    [ "$SECONDS" -lt "$deadline" ] || break
    sleep 0.05
  done
  if [ -s "$work/burrow/process.pid" ]; then
    burrow_pid="$(cat "$work/burrow/process.pid")"
    measure_api burrow "$(cat "$work/burrow/url")" "$burrow_pid" || true
    python3 "$root/bench/probe.py" proc "$(cat "$work/burrow/zookeeper/process.pid")" >"$m/zookeeper.end.json" || true
  else
    say "Burrow did not start: $(tail -n 5 "$work/burrow-start.out")"
  fi
  wait "$starter" || true
  bash "$root/tests/e2e/burrow/burrow.sh" stop "$work/burrow" >/dev/null 2>&1 || true
else
  say "no Burrow at ${BURROW_BIN:-/usr/bin/Burrow}: its column stays empty"
fi

# --- 4. the store and the evaluator alone ----------------------------------------------------
if [ -x "$store_bench" ]; then
  say "store + evaluator benchmark at the scenario's shape"
  "$store_bench" --groups="$groups" --partitions="$partitions" --slots=10 --topics="$topics" \
    --benchmark_min_time=0.5 --benchmark_out="$m/store_scenario.json" --benchmark_out_format=json \
    >"$m/store_scenario.txt" 2>&1 || say "store benchmark failed"
  if [ "$big_store" = 1 ]; then
    say "store + evaluator benchmark at 10,000 groups x 100 partitions x 10 slots"
    "$store_bench" --groups=10000 --partitions=100 --slots=10 --topics=100 \
      --benchmark_out="$m/store_million.json" --benchmark_out_format=json \
      >"$m/store_million.txt" 2>&1 || say "store benchmark (1M) failed"
  fi
fi

# --- 5. the report ---------------------------------------------------------------------------
exec 4>&-
wait "$gen_pid" || true
gen_pid=""
mkdir -p "$(dirname "$out")"
python3 "$root/bench/report.py" --measurements "$m" --expect "$work/expect" --scenario "$scenario" \
  --connections "$connections" --wrk-seconds "$wrk_seconds" --warren "$warren" --note "$note" >"$out"
say "report: $out"
cat "$out"
