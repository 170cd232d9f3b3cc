#!/usr/bin/env bash
# Captures what Debian's Burrow 1.2.1 sends through its notifiers, as golden files for
# golden_test.cpp: the side-by-side scenario (tests/e2e/burrow/scenario.py on warren_mock_cluster)
# makes grp-err ERR (STOP, STALL, REWIND) and grp-warn WARN; Burrow has one http notifier per
# shipped HTTP/Slack template and group, posting to capture_receivers.py on 127.0.0.1, and one
# email notifier per group sending to its SMTP receiver. Burrow's notifier starts only after its
# fixed 60 s group-refresh tick, so this polls the receivers until every body has arrived.
#
#   bash tests/notify/golden/capture.sh <warren_mock_cluster-binary> [OUT_DIR]
#
# OUT_DIR defaults to this directory. Per group it writes GROUP/TEMPLATE.body (HTTP bodies),
# GROUP/TEMPLATE.request.json (method, headers), GROUP/default-email.eml (the SMTP DATA) and
# GROUP/status.json (Burrow's /v3/kafka/local/consumer/GROUP/status answer, fetched when the
# bodies have arrived and again at the end: both must be equal). CAPTURE_KEEP=1 keeps the work
# directory. Needs Debian's burrow, zookeeper and python3-aiosmtpd (scripts/install-deps.sh).
#
# Burrow 1.2.1 cannot render default-http-post.tmpl and default-http-delete.tmpl: they write
# `.Id`, which its template data does not have ("failed to assemble message"). The script gives
# Burrow copies with `.ID` instead and says so in OUT_DIR/README.md; warren renders the originals.
set -euo pipefail

[ $# -ge 1 ] || {
  echo "usage: $0 <warren_mock_cluster-binary> [OUT_DIR]" >&2
  exit 2
}
MOCK="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${2:-$HERE}"
E2E="$HERE/../../e2e"
BURROW_SH="$E2E/burrow/burrow.sh"
TEMPLATES_DIR="${BURROW_TEMPLATES:-/etc/burrow}"
SYSTEM_PYTHON=/usr/bin/python3
# Burrow formats .Start and formattimestamp in the local zone; warren always in UTC.
export TZ=UTC
TIMEOUT="${CAPTURE_TIMEOUT:-240}"
GROUPS_=(grp-err grp-warn)
TEMPLATES=(default-http-post default-http-delete default-slack-post default-slack-delete)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warren-notify-capture.XXXXXX")
mock_pid=""
receivers_pid=""

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
stop_process() {
  local pid="$1" deadline
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 15))
  while alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  alive "$pid" && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  "$BURROW_SH" stop "$WORK/burrow"
  stop_process "$receivers_pid"
  exec 4>&-
  stop_process "$mock_pid"
  if [ "$rc" -ne 0 ]; then
    tail -n 20 "$WORK/burrow/burrow.log" "$WORK/receivers.err" "$WORK/mock.err" 2>/dev/null >&2
    echo "capture.sh: failed; work directory kept: $WORK" >&2
  elif [ -z "${CAPTURE_KEEP:-}" ]; then
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# ---- receivers ---------------------------------------------------------------------------------
HTTP_PORT=$(free_port)
SMTP_PORT=$(free_port)
mkdir -p "$WORK/captured"
"$SYSTEM_PYTHON" "$HERE/capture_receivers.py" "$HTTP_PORT" "$SMTP_PORT" "$WORK/captured" \
  >"$WORK/receivers.out" 2>"$WORK/receivers.err" &
receivers_pid=$!
deadline=$((SECONDS + 20))
until grep -q READY "$WORK/receivers.out" 2>/dev/null; do
  alive "$receivers_pid" || { echo "capture.sh: receivers exited" >&2; exit 1; }
  [ "$SECONDS" -lt "$deadline" ] || { echo "capture.sh: receivers not ready" >&2; exit 1; }
  sleep 0.1
done

# ---- mock cluster (stdin FIFO held open on fd 4) -----------------------------------------------
mkfifo "$WORK/mock.in"
"$MOCK" <"$WORK/mock.in" >"$WORK/mock.out" 2>"$WORK/mock.err" &
mock_pid=$!
exec 4>"$WORK/mock.in"
deadline=$((SECONDS + 20))
until grep -q '^BOOTSTRAP ' "$WORK/mock.out" 2>/dev/null; do
  alive "$mock_pid" || { echo "capture.sh: mock cluster exited" >&2; exit 1; }
  [ "$SECONDS" -lt "$deadline" ] || { echo "capture.sh: mock cluster not ready" >&2; exit 1; }
  sleep 0.1
done
BOOTSTRAP=$(awk '/^BOOTSTRAP /{print $2; exit}' "$WORK/mock.out")

# ---- Burrow's configuration: the side-by-side one plus the notifiers ----------------------------
mkdir -p "$WORK/templates"
for t in "${TEMPLATES[@]}" default-email; do
  [ -f "$TEMPLATES_DIR/$t.tmpl" ] || { echo "capture.sh: no $TEMPLATES_DIR/$t.tmpl (Debian's burrow)" >&2; exit 1; }
  sed 's/{{\.Id}}/{{.ID}}/g' "$TEMPLATES_DIR/$t.tmpl" >"$WORK/templates/$t.tmpl"
done
{
  cat "$E2E/burrow/burrow.toml.in"
  for g in "${GROUPS_[@]}"; do
    for t in "${TEMPLATES[@]}"; do
      cat <<TOML

[notifier.$g-$t]
class-name="http"
interval=20
threshold=2
group-whitelist="^$g\$"
url-open="http://127.0.0.1:$HTTP_PORT/$g/$t"
template-open="$WORK/templates/$t.tmpl"
extras={ api_key="key<1>&", app="burrow-app", tier="gold" }
TOML
    done
    cat <<TOML

[notifier.$g-email]
class-name="email"
interval=20
threshold=2
group-whitelist="^$g\$"
server="127.0.0.1"
port=$SMTP_PORT
from="burrow@example.org"
to="$g@example.org"
template-open="$WORK/templates/default-email.tmpl"
TOML
  done
} >"$WORK/burrow.toml.in"

"$BURROW_SH" start "$WORK/burrow" "$WORK/burrow.toml.in" "$BOOTSTRAP"
BURROW_URL=$(cat "$WORK/burrow/url")
echo "capture.sh: Burrow at $BURROW_URL, receivers on 127.0.0.1:$HTTP_PORT (HTTP) and :$SMTP_PORT (SMTP)" >&2

python3 "$E2E/burrow/scenario.py" --mock-in "$WORK/mock.in" --mock-out "$WORK/mock.out" \
  --monitor "burrow=$BURROW_URL" >"$WORK/scenario.out" 2>&1 || {
  cat "$WORK/scenario.out" >&2
  exit 1
}

# ---- wait for every body ----------------------------------------------------------------------
expected=()
for g in "${GROUPS_[@]}"; do
  for t in "${TEMPLATES[@]}"; do expected+=("$g/$t.body"); done
  expected+=("$g/default-email.eml")
done
deadline=$((SECONDS + TIMEOUT))
while :; do
  missing=()
  for f in "${expected[@]}"; do [ -f "$WORK/captured/$f" ] || missing+=("$f"); done
  [ ${#missing[@]} -eq 0 ] && break
  alive "$(cat "$WORK/burrow/process.pid")" || { echo "capture.sh: Burrow exited" >&2; exit 1; }
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "capture.sh: after ${TIMEOUT}s still missing: ${missing[*]}" >&2
    exit 1
  fi
  sleep 1
done

status_of() { curl -sf --max-time 5 "$BURROW_URL/v3/kafka/local/consumer/$1/status"; }
for g in "${GROUPS_[@]}"; do status_of "$g" >"$WORK/captured/$g/status.json"; done
# The status must not have moved since the notifications: wait one more notifier interval.
sleep_until=$((SECONDS + 3))
while [ "$SECONDS" -lt "$sleep_until" ]; do sleep 0.5; done
# Burrow lists a group's topics in random order on every evaluation (Go map iteration), so the
# two answers are compared with their partitions sorted.
same_status() {
  python3 - "$1" "$2" <<'PY'
import json, sys
def norm(path):
    s = json.load(open(path))["status"]
    s["partitions"].sort(key=lambda p: (p["topic"], p["partition"]))
    return s
sys.exit(0 if norm(sys.argv[1]) == norm(sys.argv[2]) else 1)
PY
}
# A busy machine can make one answer time out, so each group gets a few tries before the status
# is judged to have moved.
stable() {
  local g=$1 try
  for try in 1 2 3 4 5; do
    status_of "$g" >"$WORK/status-again.json" &&
      same_status "$WORK/status-again.json" "$WORK/captured/$g/status.json" && return 0
    sleep 1
  done
  return 1
}
for g in "${GROUPS_[@]}"; do
  stable "$g" || {
    echo "capture.sh: $g's status changed while capturing:" >&2
    diff <(python3 -m json.tool "$WORK/captured/$g/status.json") <(python3 -m json.tool "$WORK/status-again.json") >&2 || true
    exit 1
  }
done

for g in "${GROUPS_[@]}"; do
  mkdir -p "$OUT/$g"
  cp "$WORK/captured/$g/"* "$OUT/$g/"
done
grep -h '"msg":"failed' "$WORK/burrow/burrow.log" >"$WORK/failures.log" || true
echo "capture.sh: wrote ${#expected[@]} bodies and ${#GROUPS_[@]} statuses under $OUT" >&2
