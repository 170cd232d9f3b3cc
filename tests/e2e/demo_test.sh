#!/usr/bin/env bash
# `warren demo` end to end: the embedded cluster, producer and simulated consumer groups watched by
# the real engine. Polls the REST API (deadline 90 s) until every group shows its intended group and
# partition statuses (demo-healthy OK; demo-slow WARN; demo-stopped ERR with STOP partitions;
# demo-stalled ERR with STALL partitions) and checks they hold; parses the line protocol printed on
# stdout (burrow_group status_code per group); checks that a second demo on the same port exits 2
# with a clear message; sends SIGINT and expects exit 0 within a few seconds, and the same for SIGTERM
# on another demo. Needs only the binary.
#
#   bash tests/e2e/demo_test.sh build/warren
#
# E2E_KEEP=1 keeps the work directory (demo stdout and stderr).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/process.sh"
need_args 1 1 "<warren-binary>" "$@"
WARREN=$(realpath "$1")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warren-e2e-demo.XXXXXX")
demo_pid=""

source "$(dirname "${BASH_SOURCE[0]}")/lib/checks.sh"

cleanup() {
  local rc=$?
  set +e
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then
    kill -KILL "$demo_pid" 2>/dev/null
    wait "$demo_pid" 2>/dev/null
  fi
  finish_test "$rc" "$WORK" "$WORK/demo.err" "$WORK/second.err" "$WORK/term.err"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(free_port)
base="http://127.0.0.1:$port"
started=$(date +%s%3N)
"$WARREN" demo --http "127.0.0.1:$port" --interval 2s >"$WORK/demo.out" 2>"$WORK/demo.err" &
demo_pid=$!

require "the REST API answers on $base" wait_for 30 curl -sf -o /dev/null "$base/burrow/admin"
check "the banner names the URLs to try" grep -q "curl -s $base/v3/kafka/demo/consumer/demo-slow/status" "$WORK/demo.err"
check "the banner names the embedded cluster" grep -q '^warren demo: embedded Kafka cluster "demo" on 127.0.0.1:' "$WORK/demo.err"

# ------------------------------------------------------------------ statuses over the REST API

# Polls /lag of every group until all show their intended statuses at once (deadline 90 s from the
# start), then keeps polling for 6 s: they must hold. Prints one line per finding.
check "every group reaches its intended statuses and keeps them" python3 - "$base" "$started" <<'PY'
import json, sys, time, urllib.request

base, started_ms = sys.argv[1], int(sys.argv[2])
expected = {
    "demo-healthy": ("OK", "OK"),
    "demo-slow": ("WARN", "WARN"),
    "demo-stopped": ("ERR", "STOP"),
    "demo-stalled": ("ERR", "STALL"),
}
# The owners group metadata names: present while a group has its member, gone once it left.
owners = {"demo-healthy": ("/127.0.0.1", "billing"), "demo-slow": ("/127.0.0.2", "analytics"),
          "demo-stopped": ("", ""), "demo-stalled": ("/127.0.0.4", "indexer")}

def get(path):
    with urllib.request.urlopen(base + path, timeout=5) as r:
        return json.load(r)

def findings():
    bad = []
    for group, (group_status, partition_status) in expected.items():
        s = get(f"/v3/kafka/demo/consumer/{group}/lag")["status"]
        parts = s["partitions"]
        seen = sorted({p["status"] for p in parts})
        if s["status"] != group_status or seen != [partition_status] or s["partition_count"] != 5:
            bad.append(f"{group}: {s['status']} partitions {seen} of {s['partition_count']}")
            continue
        if partition_status != "OK" and s["totallag"] <= 0:
            bad.append(f"{group}: totallag {s['totallag']}")
        got_owners = sorted({(p["owner"], p["client_id"]) for p in parts})
        if got_owners != [owners[group]]:
            bad.append(f"{group}: owners {got_owners}")
    return bad

deadline = started_ms / 1000 + 90
bad = ["not polled"]
while time.time() < deadline:
    try:
        bad = findings()
    except Exception as e:  # not ready yet: unknown group (404) or a connection hiccup
        bad = [repr(e)]
    if not bad:
        break
    time.sleep(0.5)
if bad:
    print("not as intended after 90 s: " + "; ".join(bad))
    sys.exit(1)
print(f"# all groups as intended {time.time() - started_ms / 1000:.1f} s after start")
hold_until = time.time() + 6
while time.time() < hold_until:
    bad = findings()
    if bad:
        print("statuses did not hold: " + "; ".join(bad))
        sys.exit(1)
    time.sleep(1)
# /status lists only the partitions that are not OK; the consumer list has every group.
assert get("/v3/kafka/demo/consumer/demo-healthy/status")["status"]["partitions"] == []
assert len(get("/v3/kafka/demo/consumer/demo-stalled/status")["status"]["partitions"]) == 5
consumers = get("/v3/kafka/demo/consumer")["consumers"]
assert set(expected) <= set(consumers), consumers
PY

check "/metrics shows demo-slow's group status as WARN (2)" \
  bash -c "curl -sf '$base/metrics' | grep -qx 'burrow_kafka_consumer_status{cluster=\"demo\",consumer_group=\"demo-slow\"} 2'"

# ------------------------------------------------------------------ line protocol on stdout

# The newest batch printed after the statuses settled must carry them: burrow_group status_code
# OK=1, WARN=3, ERR=4 and burrow_partition STOP=5, STALL=6 (Telegraf's numbers).
batches_before=$(grep -c '^burrow_group,cluster=demo,group=demo-healthy ' "$WORK/demo.out" || true)
check "a new batch is printed within 10 s" wait_for 10 \
  bash -c "[ \$(grep -c '^burrow_group,cluster=demo,group=demo-healthy ' '$WORK/demo.out') -gt $batches_before ]"
check "stdout is line protocol with the intended status codes" python3 - "$WORK/demo.out" <<'PY'
import re, sys

name = r'(?:[^\\ ,=\n]|\\.)+'
field = name + r'=(?:-?\d+i|-?[0-9.eE+-]+|"(?:[^"\\]|\\["\\])*")'
line_re = re.compile(r'^((?:[^\\ ,\n]|\\.)+)((?:,' + name + '=' + name + r')*) (' + field + '(?:,' + field + r')*) (\d{1,19})$')
text = open(sys.argv[1]).read()
assert text.endswith("\n"), "no final newline"
group_codes, partition_codes = {}, {}
for line in text.splitlines():
    m = line_re.match(line)
    assert m, "not line protocol: " + line
    measurement = m.group(1)
    tags = dict(t.split("=", 1) for t in m.group(2).split(",")[1:])
    fields = dict(re.findall(r'([^,=]+)=(-?\d+i|"[^"]*"|[^,]+)', m.group(3)))
    if measurement == "burrow_group":
        group_codes[tags["group"]] = fields["status_code"]  # the last batch wins
    elif measurement == "burrow_partition":
        partition_codes.setdefault(tags["group"], {})[(tags["topic"], tags["partition"])] = fields["status_code"]
want = {"demo-healthy": "1i", "demo-slow": "3i", "demo-stopped": "4i", "demo-stalled": "4i"}
for group, code in want.items():
    assert group_codes.get(group) == code, f"{group}: burrow_group status_code {group_codes.get(group)}, want {code}"
for group, code in {"demo-stopped": "5i", "demo-stalled": "6i", "demo-slow": "3i", "demo-healthy": "1i"}.items():
    codes = set(partition_codes.get(group, {}).values())
    assert codes == {code}, f"{group}: burrow_partition status codes {codes}, want {code}"
    assert len(partition_codes[group]) == 5, partition_codes[group]
PY

# ------------------------------------------------------------------ a port in use

rc=0
timeout 20 "$WARREN" demo --http "127.0.0.1:$port" >/dev/null 2>"$WORK/second.err" || rc=$?
check_eq "a second demo on the same port exits 2" 2 "$rc"
check "and says the address is in use" grep -q "cannot listen on 127.0.0.1:$port (address in use" "$WORK/second.err"

# ------------------------------------------------------------------ Ctrl-C

# Gone or a zombie (our child until waited for): it has exited.
exited() {
  local state
  state=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) || return 0
  [ "$state" = Z ]
}
kill -INT "$demo_pid"
stopping=$(date +%s%3N)
check "SIGINT: the demo exits within 5 s" wait_for 5 exited "$demo_pid"
rc=0
if exited "$demo_pid"; then wait "$demo_pid" || rc=$?; else rc=124; fi
echo "# stopped $(($(date +%s%3N) - stopping)) ms after SIGINT"
demo_pid=""
check_eq "SIGINT: exit status 0" 0 "$rc"
check "SIGINT is logged" grep -q 'received SIGINT, stopping' "$WORK/demo.err"

# ------------------------------------------------------------------ SIGTERM, as a service manager sends it

port=$(free_port)
"$WARREN" demo --http "127.0.0.1:$port" >/dev/null 2>"$WORK/term.err" &
demo_pid=$!
require "a second demo answers on port $port" wait_for 30 curl -sf -o /dev/null "http://127.0.0.1:$port/burrow/admin"
kill -TERM "$demo_pid"
check "SIGTERM: the demo exits within 5 s" wait_for 5 exited "$demo_pid"
rc=0
if exited "$demo_pid"; then wait "$demo_pid" || rc=$?; else rc=124; fi
demo_pid=""
check_eq "SIGTERM: exit status 0" 0 "$rc"
