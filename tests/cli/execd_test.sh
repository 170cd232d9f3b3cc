#!/usr/bin/env bash
# `warren execd` as Telegraf runs it (reference/telegraf.md §1): --sample-config prints the
# [[inputs.execd]] block; with stdin newlines it prints line protocol, logs only prefixed lines
# to stderr, and exits 0 soon after stdin closes, even with no broker reachable.
#
# Usage: execd_test.sh <warren binary> <source dir>
set -euo pipefail

warren=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

"$warren" execd --sample-config >"$work/sample" || fail "--sample-config exit code $?"
grep -q '^\[\[inputs\.execd\]\]' "$work/sample" || fail "--sample-config has no [[inputs.execd]]"
grep -q 'data_format = "influx"' "$work/sample" || fail "--sample-config has no data_format"

cat >"$work/warren.toml" <<'TOML'
[cluster.local]
servers = ["127.0.0.1:1"]
[consumer.local]
class-name = "kafka"
cluster = "local"
servers = ["127.0.0.1:1"]
TOML

start=$(date +%s%N)
rc=0
printf '\n\n' | timeout 10 "$warren" execd --config "$work/warren.toml" >"$work/out" 2>"$work/err" || rc=$?
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
[[ $rc -eq 0 ]] || fail "execd exit code $rc; stderr: $(cat "$work/err")"
((elapsed_ms < 3000)) || fail "execd took ${elapsed_ms} ms to exit after stdin closed"

[[ $(grep -c '^warren_cluster,cluster=local ' "$work/out") -eq 2 ]] || fail "expected 2 warren_cluster lines: $(cat "$work/out")"
# measurement[,tag=value...] field=value[,field=value...] timestamp (escaped characters allowed).
python3 - "$work/out" <<'PY' || fail "stdout is not line protocol: $(cat "$work/out")"
import re, sys
name = r'(?:[^\\ ,=\n]|\\.)+'
field = name + r'=(?:-?\d+i|-?[0-9.eE+-]+|"(?:[^"\\]|\\["\\])*")'
line = re.compile(r'^(?:[^\\ ,\n]|\\.)+(?:,' + name + '=' + name + r')* ' + field + '(?:,' + field + r')* -?\d{1,19}$')
lines = open(sys.argv[1]).read().split('\n')
assert lines[-1] == '', 'no final newline'
for l in lines[:-1]:
    assert line.match(l), l
PY
if grep -v -E '^(E|W|I|D)! ' "$work/err" >/dev/null; then
  fail "stderr lines without a Telegraf prefix: $(grep -v -E '^(E|W|I|D)! ' "$work/err")"
fi

# Exit within 1 s of stdin closing, measured from the close: stdin is a FIFO this script holds
# open until warren has answered one newline with a batch, so start-up is not counted.
mkfifo "$work/stdin"
timeout 20 "$warren" execd --config "$work/warren.toml" <"$work/stdin" >"$work/out2" 2>"$work/err2" &
pid=$!
exec 5>"$work/stdin"
printf '\n' >&5
deadline=$((SECONDS + 15))
until grep -q '^warren_cluster,cluster=local ' "$work/out2" 2>/dev/null; do
  ((SECONDS < deadline)) || fail "no batch within 15 s of a newline: $(cat "$work/err2")"
  sleep 0.05
done
start=$(date +%s%N)
exec 5>&-
rc=0
wait "$pid" || rc=$?
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
[[ $rc -eq 0 ]] || fail "execd exit code $rc after stdin closed; stderr: $(cat "$work/err2")"
((elapsed_ms < 1000)) || fail "execd took ${elapsed_ms} ms to exit after stdin closed (limit 1000 ms)"
echo "exit ${elapsed_ms} ms after stdin closed"

# SIGTERM (and SIGINT) end it as a closed stdin does: exit 0, soon, stdout still line protocol.
rm -f "$work/stdin"
mkfifo "$work/stdin"
"$warren" execd --config "$work/warren.toml" <"$work/stdin" >"$work/out3" 2>"$work/err3" &
pid=$!
exec 5>"$work/stdin"
printf '\n' >&5
deadline=$((SECONDS + 15))
until grep -q '^warren_cluster,cluster=local ' "$work/out3" 2>/dev/null; do
  ((SECONDS < deadline)) || fail "no batch within 15 s of a newline: $(cat "$work/err3")"
  sleep 0.05
done
start=$(date +%s%N)
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
exec 5>&-
[[ $rc -eq 0 ]] || fail "execd exit code $rc after SIGTERM; stderr: $(cat "$work/err3")"
((elapsed_ms < 1000)) || fail "execd took ${elapsed_ms} ms to exit after SIGTERM (limit 1000 ms)"
grep -q '^I! .*SIGTERM: stopping' "$work/err3" || fail "no 'SIGTERM: stopping' log line: $(cat "$work/err3")"
[[ $(grep -vc '^warren_cluster,cluster=local ' "$work/out3") -eq 0 ]] || fail "stdout after SIGTERM: $(cat "$work/out3")"
echo "exit ${elapsed_ms} ms after SIGTERM"

# Usage errors exit 2.
rc=0
"$warren" execd --config "$work/warren.toml" --interval soon </dev/null >/dev/null 2>&1 || rc=$?
[[ $rc -eq 2 ]] || fail "bad --interval: exit code $rc, expected 2"
echo "PASS"
