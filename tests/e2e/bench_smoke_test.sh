#!/usr/bin/env bash
# e2e: bench smoke — the benchmark suite (bench/run.sh) end to end on a small scenario (20 groups ×
# 10 partitions × 10 commits = 2,000 commits), so that CI keeps the harness working: the generator,
# kcat, warren serve and execd, Debian's Burrow 1.2.1 with ZooKeeper, wrk and the store benchmark.
#
#   bench_smoke_test.sh BUILD_DIR SOURCE_DIR
#
# Asserts that the run succeeds, that the report has every row with a number for warren (and for
# Burrow where it has one), and that warren applied and stored every commit the generator wrote.
set -euo pipefail
build="$1"
root="$2"
source "$root/tests/e2e/lib/checks.sh"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/warren-bench-smoke.XXXXXX")"
cleanup() { finish_test "$?" "$WORK" "$WORK/run.err"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

report="$WORK/report.md"
require "bench/run.sh --scenario smoke completes" \
  env WARREN_BUILD="$build" BENCH_WRK_SECONDS=2 BENCH_WRK_CONNECTIONS=16 \
  bash "$root/bench/run.sh" --scenario smoke --out "$report" >"$WORK/run.out" 2>"$WORK/run.err"

# row LABEL: the row's warren and Burrow cells.
row() { grep -F "| $1" "$report" | head -n 1; }
number() { [[ "$1" =~ ^[0-9][0-9,]*(\.[0-9]+)?$ ]]; }
cell() { row "$1" | awk -F'|' -v n="$2" '{gsub(/^ +| +$/, "", $n); print $n}'; }

both=(
  "Start → every commit visible (s)"
  "CPU seconds until every commit is visible"
  "RSS when every commit is visible (MB)"
  "RSS at the end of the run, after wrk (MB)"
  "Peak RSS, whole run (MB)"
  "CPU seconds, whole run"
  "GET /status of every group, one client (s)"
  "/lag throughput, wrk 16 connections (req/s)"
  "/lag p99 latency (ms)"
)
for label in "${both[@]}"; do
  check "row '$label': warren has a number ($(cell "$label" 3))" number "$(cell "$label" 3)"
  check "row '$label': Burrow has a number ($(cell "$label" 4))" number "$(cell "$label" 4)"
  check "row '$label': a ratio ($(cell "$label" 5))" number "$(cell "$label" 5)"
done
for label in "One full \`warren execd\` batch, every group (s)" "Full evaluation pass, in-process benchmark (ms)" \
  "Ceiling: librdkafka alone (kcat, large fetches) reads every record (s)"; do
  check "row '$label': a number ($(cell "$label" 3))" number "$(cell "$label" 3)"
done
check "row 'ZooKeeper RSS': Burrow's ZooKeeper measured" number "$(cell "ZooKeeper RSS" 4)"
check_eq "/lag under wrk: no non-2xx from warren" "0" "$(cell "/lag non-2xx responses under wrk" 3)"
check "warren applied every commit (2000 of 2000) and read every record, all fetched directly" \
  grep -q "Offset commits applied by warren: 2000 of 2000 written (.*); offsets-topic records read: 2020 of 2020, 2020 of them fetched directly" "$report"
stored_in_all=$(grep -o "([0-9]* commits stored in all" "$report" | grep -o "[0-9]*" || true)
check "warren's store kept at least the 2000 commits (${stored_in_all:-none} stored in all)" \
  test "${stored_in_all:-0}" -ge 2000
check "kcat read every record" grep -q "kcat read 2020\." "$report"
check "the report describes the machine" grep -q "| CPU model |" "$report"
check "warren saw full windows" grep -q "Sentinel windows full when visible (all 10 slots hold a commit): warren True" "$report"
