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

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
E2E="$(cd "$HERE/../../e2e" && pwd)"
SAY_AS=capture.sh
source "$E2E/lib/process.sh"
need_args 1 2 "<warren_mock_cluster-binary> [OUT_DIR]" "$@"
MOCK=$(abs_path "$1")
OUT="${2:-$HERE}"
BURROW_SH="$E2E/burrow/burrow.sh"
TEMPLATES_DIR="${BURROW_TEMPLATES:-/etc/burrow}"
SYSTEM_PYTHON=/usr/bin/python3
# Burrow formats .Start and formattimestamp in the local zone; warren always in UTC.
export TZ=UTC
TIMEOUT="${CAPTURE_TIMEOUT:-240}"
GROUPS_=(grp-err grp-warn)
TEMPLATES=(default-http-post default-http-delete default-slack-post default-slack-delete)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warren-notify-capture.XXXXXX")
receivers_pid=""

source "$E2E/lib/mock_cluster.sh"

cleanup() {
  local rc=$?
  set +e
  "$BURROW_SH" stop "$WORK/burrow"
  stop_process "$receivers_pid"
  stop_mock_cluster
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

# ---- receivers ---------------------------------------------------------------------------------
HTTP_PORT=$(free_port)
SMTP_PORT=$(free_port)
mkdir -p "$WORK/captured"
"$SYSTEM_PYTHON" "$HERE/capture_receivers.py" "$HTTP_PORT" "$SMTP_PORT" "$WORK/captured" \
  >"$WORK/receivers.out" 2>"$WORK/receivers.err" &
receivers_pid=$!
deadline=$((SECONDS + 20))
until grep -q READY "$WORK/receivers.out" 2>/dev/null; do
  alive "$receivers_pid" || die "receivers exited"
  [ "$SECONDS" -lt "$deadline" ] || die "receivers not ready"
  sleep 0.1
done

# ---- mock cluster (stdin FIFO held open on fd 4) -----------------------------------------------
if ! start_mock_cluster "$MOCK" "$WORK"; then
  alive "$MOCK_PID" && die "mock cluster not ready"
  die "mock cluster exited"
fi

# ---- Burrow's configuration: the side-by-side one plus the notifiers ----------------------------
mkdir -p "$WORK/templates"
for t in "${TEMPLATES[@]}" default-email; do
  [ -f "$TEMPLATES_DIR/$t.tmpl" ] || die "no $TEMPLATES_DIR/$t.tmpl (Debian's burrow)"
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
say "Burrow at $BURROW_URL, receivers on 127.0.0.1:$HTTP_PORT (HTTP) and :$SMTP_PORT (SMTP)"

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
  alive "$(cat "$WORK/burrow/process.pid")" || die "Burrow exited"
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
say "wrote ${#expected[@]} bodies and ${#GROUPS_[@]} statuses under $OUT"
