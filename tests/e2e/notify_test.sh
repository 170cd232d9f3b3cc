#!/usr/bin/env bash
# Notifiers end to end: `warren serve` on a librdkafka mock cluster (warren_mock_cluster, driven
# through a FIFO) with three notifiers, each with a real receiver on 127.0.0.1 (notify/receivers.py):
#   webhook  http   Debian Burrow's default-http-post / default-http-delete templates, basic auth, a
#                   header, url-open and url-close templates, DELETE to close;
#   slack    http   default-slack-post / default-slack-delete;
#   mail     email  default-email to an aiosmtpd server that requires AUTH PLAIN;
#   mailtls  email  send-once, to an aiosmtpd server that requires STARTTLS (a throwaway certificate
#                   given as extra-ca) and CRAM-MD5: exactly one open and one close.
# Scenario (interval 2 s): grp-notify (topic orders) and grp-fine (topic audit) are OK; grp-notify goes ERR (a rewound partition);
# open notifications arrive and repeat; the webhook receiver goes down; grp-notify recovers; the
# receiver comes back. Then notify/captured.py checks every captured notification: valid JSON, the
# email's subject and partitions, one incident id, exactly one close, last; and what each receiver
# got equals what warren counts as sent in /metrics (nothing lost, nothing duplicated).
# Before that: a template error stops `warren serve` with exit 2 naming file:line:col.
#
#   bash tests/e2e/notify_test.sh <warren-binary> <warren_mock_cluster-binary>
#
# Needs Debian's burrow package (its templates in /etc/burrow) and python3-aiosmtpd; exits 77
# (skipped) without them. E2E_KEEP=1 keeps the work directory. Ends with `N passed, M failed`.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib/process.sh"
warren_and_mock_args "$@"
TEMPLATES="${BURROW_TEMPLATES:-/etc/burrow}"
# aiosmtpd is a Debian package: the system interpreter has it even when another python3 is first on PATH.
SYSTEM_PYTHON=/usr/bin/python3
[ -x "$SYSTEM_PYTHON" ] || SYSTEM_PYTHON=python3
if [ ! -f "$TEMPLATES/default-http-post.tmpl" ] || ! "$SYSTEM_PYTHON" -c 'import aiosmtpd' 2>/dev/null; then
  echo "skipped: needs Burrow's templates in $TEMPLATES (Debian's burrow) and python3-aiosmtpd" >&2
  exit 77
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/warren-e2e-notify.XXXXXX")
warren_pid=""
webhook_pid=""
slack_pid=""
smtp_pid=""
smtp_tls_pid=""

source "$HERE/lib/checks.sh"
source "$HERE/lib/mock_cluster.sh"

cleanup() {
  local rc=$?
  set +e
  stop_process "$warren_pid"
  stop_process "$webhook_pid"
  stop_process "$slack_pid"
  stop_process "$smtp_pid"
  stop_process "$smtp_tls_pid"
  stop_mock_cluster
  finish_test "$rc" "$WORK" "$WORK/warren.out" "$WORK/mock.err" "$WORK/webhook.log" "$WORK/smtp.log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_receiver VAR LOG ARGS...: starts receivers.py ARGS in the background, waits for READY.
start_receiver() {
  local var="$1" log="$2"
  shift 2
  "$SYSTEM_PYTHON" "$HERE/notify/receivers.py" "$@" >"$log" 2>&1 &
  printf -v "$var" '%s' "$!"
  wait_for 15 grep -q '^READY' "$log"
}

count() { python3 "$HERE/notify/captured.py" count "$@"; }
at_least() { [ "$(count "$2" ${3:+"$3"})" -ge "$1" ]; }

# ---- template errors are startup errors ---------------------------------------------------------

printf '{"broken": {{.Group}\n' >"$WORK/broken.tmpl"
cat >"$WORK/broken.toml" <<CONF
[cluster.local]
class-name = "kafka"
servers = ["127.0.0.1:9"]
[notifier.bad]
class-name = "http"
url-open = "http://127.0.0.1:9/"
template-open = "$WORK/broken.tmpl"
[httpserver.default]
address = "127.0.0.1:$(free_port)"
CONF
rc=0
timeout 20 "$WARREN" serve --config "$WORK/broken.toml" >"$WORK/broken.out" 2>&1 || rc=$?
check_eq "a template error stops warren serve with exit 2" 2 "$rc"
check "the error names the notifier, the file, line and column" \
  grep -q "notifier.bad.*template-open.*$WORK/broken.tmpl:1:[0-9]" "$WORK/broken.out"

# ---- mock cluster, receivers, warren ---------------------------------------------------------------

require "mock cluster started" start_mock_cluster "$MOCK" "$WORK"

# mock COMMAND: sends one command and waits for its `ok` answer.
mock() {
  local before
  before=$(wc -l <"$WORK/mock.out")
  echo "$*" >&4
  answered() { [ "$(wc -l <"$WORK/mock.out")" -gt "$before" ]; }
  wait_for 10 answered || return 1
  sed -n "$((before + 1))p" "$WORK/mock.out" | grep -q '^ok'
}

WEBHOOK_PORT=$(free_port)
SLACK_PORT=$(free_port)
SMTP_PORT=$(free_port)
require "webhook receiver listening" start_receiver webhook_pid "$WORK/webhook.log" http "$WEBHOOK_PORT" "$WORK/webhook.jsonl"
require "slack receiver listening" start_receiver slack_pid "$WORK/slack.log" http "$SLACK_PORT" "$WORK/slack.jsonl"
require "SMTP receiver listening (AUTH PLAIN required)" \
  start_receiver smtp_pid "$WORK/smtp.log" smtp "$SMTP_PORT" "$WORK/mail.jsonl" mailer mail-secret
SMTP_TLS_PORT=$(free_port)
require "throwaway certificate for 127.0.0.1" openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$WORK/smtp.key" -out "$WORK/smtp.pem" 2>/dev/null
require "SMTP receiver listening (STARTTLS and CRAM-MD5 required)" start_receiver smtp_tls_pid "$WORK/smtp-tls.log" \
  smtp "$SMTP_TLS_PORT" "$WORK/mailtls.jsonl" cram cram-secret "$WORK/smtp.pem" "$WORK/smtp.key"

WARREN_ADDRESS="127.0.0.1:$(free_port)"
URL="http://$WARREN_ADDRESS"
cat >"$WORK/warren.toml" <<CONF
[logging]
level = "info"
[cluster.local]
class-name = "kafka"
servers = ["$BOOTSTRAP"]
offset-refresh = 1
topic-refresh = 2
[consumer.local]
class-name = "kafka"
cluster = "local"
servers = ["$BOOTSTRAP"]
[storage.default]
class-name = "inmemory"
intervals = 10
[evaluator.default]
class-name = "caching"
expire-cache = 0
[httpserver.default]
address = "$WARREN_ADDRESS"

[notifier.webhook]
class-name = "http"
interval = 2
send-close = true
url-open = "http://127.0.0.1:$WEBHOOK_PORT/v1/event/{{.Group}}"
url-close = "http://127.0.0.1:$WEBHOOK_PORT/v1/event/{{.Id}}"
method-close = "DELETE"
template-open = "$TEMPLATES/default-http-post.tmpl"
template-close = "$TEMPLATES/default-http-delete.tmpl"
extras = { api_key = "test-key", app = "burrow", tier = "STG" }
username = "hook"
password = "secret"
headers = { X-Warren-Test = "yes" }
timeout = 2

[notifier.slack]
class-name = "http"
interval = 2
send-close = true
group-denylist = "^grp-fine$"
url-open = "http://127.0.0.1:$SLACK_PORT/services/T000/B000/XXX"
url-close = "http://127.0.0.1:$SLACK_PORT/services/T000/B000/XXX"
template-open = "$TEMPLATES/default-slack-post.tmpl"
template-close = "$TEMPLATES/default-slack-delete.tmpl"

[notifier.mail]
class-name = "email"
interval = 2
send-close = true
server = "127.0.0.1"
port = $SMTP_PORT
from = "warren@example.com"
to = "ops@example.com, dba@example.com"
auth-type = "plain"
username = "mailer"
password = "mail-secret"
template-open = "$TEMPLATES/default-email.tmpl"
template-close = "$TEMPLATES/default-email.tmpl"

[notifier.mailtls]
class-name = "email"
interval = 2
threshold = 3
send-once = true
send-close = true
server = "127.0.0.1"
port = $SMTP_TLS_PORT
from = "warren@example.com"
to = "oncall@example.com"
auth-type = "crammd5"
username = "cram"
password = "cram-secret"
extra-ca = "$WORK/smtp.pem"
template-open = "$TEMPLATES/default-email.tmpl"
template-close = "$TEMPLATES/default-email.tmpl"
CONF

"$WARREN" serve --config "$WORK/warren.toml" >"$WORK/warren.out" 2>&1 </dev/null &
warren_pid=$!
answers_good() { [ "$(curl -s --max-time 2 "$URL/burrow/admin" 2>/dev/null)" = "GOOD" ]; }
require "warren serve answers on $URL" wait_for 30 answers_good

# group_status GROUP: the group's status in warren's REST API.
group_status() {
  curl -s --max-time 2 "$URL/v3/kafka/local/consumer/$1/status" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["status"]["status"])' 2>/dev/null || true
}
status_is() { [ "$(group_status "$1")" = "$2" ]; }
hwm_is() {
  [ "$(curl -s --max-time 2 "$URL/v3/kafka/local/topic/orders" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["offsets"])' 2>/dev/null)" = "[$1]" ]
}
# metric NAME NOTIFIER: the value of warren_notifier_NAME_total or warren_notifier_NAME (a gauge)
# with the label notifier="NOTIFIER"; 0 when absent.
metric() {
  curl -s --max-time 2 "$URL/metrics" |
    awk -v m="warren_notifier_$1" -v n="notifier=\"$2\"" \
      '(index($1, m "_total{") == 1 || index($1, m "{") == 1) && index($1, n) {v = $2} END {print v + 0}'
}
evaluations() {
  curl -s --max-time 2 "$URL/metrics" | awk '$1 == "warren_notifier_evaluations_total" {v = $2} END {print v + 0}'
}
metric_at_least() { [ "$(metric "$1" "$2")" -ge "$3" ]; }
evaluations_at_least() { [ "$(evaluations)" -ge "$1" ]; }

# ---- both groups OK: nothing is sent ----------------------------------------------------------------

setup_groups() {
  mock topic orders 1 && mock produce orders 0 200 && mock commit grp-notify orders 0 200 &&
    mock topic audit 1 && mock produce audit 0 50 && mock commit grp-fine audit 0 50
}
require "mock: grp-notify at the end of orders (200), grp-fine at the end of audit (50)" setup_groups
both_ok() { status_is grp-notify OK && status_is grp-fine OK; }
require "warren: both groups OK" wait_for 30 both_ok
first=$(evaluations)
check "the notifier coordinator is evaluating (${first} passes so far)" test "$first" -ge 1
check "two more evaluation passes" wait_for 15 evaluations_at_least $((first + 2))
check_eq "no notification while every group is OK" "0 0 0 0" \
  "$(count "$WORK/webhook.jsonl") $(count "$WORK/slack.jsonl") $(count "$WORK/mail.jsonl") $(count "$WORK/mailtls.jsonl")"

# ---- grp-notify goes bad: opens arrive and repeat -------------------------------------------------

require "mock: 100 more messages" mock produce orders 0 100
require "warren sees the high-water mark 300" wait_for 20 hwm_is 300
require "mock: grp-notify rewinds to offset 150 (lag 150)" mock commit grp-notify orders 0 150
check "warren: grp-notify is ERR" wait_for 20 status_is grp-notify ERR
check "webhook: open notifications arrive and repeat" wait_for 20 at_least 2 "$WORK/webhook.jsonl" POST
check "slack: open notifications arrive and repeat" wait_for 20 at_least 2 "$WORK/slack.jsonl"
check "email: open messages arrive" wait_for 20 at_least 1 "$WORK/mail.jsonl"

# ---- the webhook receiver goes down; the group recovers; the receiver comes back --------------------

stop_process "$webhook_pid"
webhook_pid=""
echo "# webhook receiver stopped after $(count "$WORK/webhook.jsonl") requests" >&3
# Two retries (1 s, then 2 s of backoff) span at least one more evaluation pass: its open is merged
# into the one being retried.
check "webhook: sends fail and are retried while its receiver is down" wait_for 20 metric_at_least retried webhook 2
require "mock: grp-notify catches up (offset 300, lag 0)" mock commit grp-notify orders 0 300
check "warren: grp-notify is OK again" wait_for 20 status_is grp-notify OK
closed() { grep -q 'no longer lagging' "$WORK/slack.jsonl"; }
check "slack: the close arrives" wait_for 20 closed
mail_closed() { grep -q 'Status:   OK' "$WORK/mail.jsonl"; }
check "email: the close arrives" wait_for 20 mail_closed
retried=$(metric retried webhook)
check "webhook: the close is being retried too" wait_for 20 metric_at_least retried webhook $((retried + 1))
check_eq "webhook: nothing dropped or failed while down" "0 0" "$(metric dropped webhook) $(metric failed webhook)"
check "webhook: opens decided while it was down were merged into the one being retried" metric_at_least coalesced webhook 1

require "webhook receiver back on the same port" \
  start_receiver webhook_pid "$WORK/webhook2.log" http "$WEBHOOK_PORT" "$WORK/webhook.jsonl"
check "webhook: the close arrives once the receiver is back" wait_for 40 at_least 1 "$WORK/webhook.jsonl" DELETE
queues_empty() {
  [ "$(metric queued webhook)" -eq 0 ] && [ "$(metric queued slack)" -eq 0 ] && [ "$(metric queued mail)" -eq 0 ] &&
    [ "$(metric queued mailtls)" -eq 0 ]
}
check "every notifier's queue is empty" wait_for 20 queues_empty
# Three more passes with grp-notify OK: nothing more may arrive.
settled=$(evaluations)
check "three more evaluation passes" wait_for 15 evaluations_at_least $((settled + 3))

if python3 "$HERE/notify/captured.py" verify "$WORK/webhook.jsonl" "$WORK/slack.jsonl" "$WORK/mail.jsonl" \
  "$(metric sent webhook)" "$(metric sent slack)" "$(metric sent mail)" >"$WORK/verify.txt"; then
  :
fi
while IFS= read -r line; do
  case "$line" in
  "ok   - "*) pass "${line#ok   - }" ;;
  "FAIL - "*) fail "${line#FAIL - }" ;;
  esac
done <"$WORK/verify.txt"
check_eq "no notifier dropped or failed anything" "0 0 0 0 0 0 0 0" \
  "$(metric dropped webhook) $(metric failed webhook) $(metric dropped slack) $(metric failed slack) $(metric dropped mail) $(metric failed mail) $(metric dropped mailtls) $(metric failed mailtls)"
# send-once: one open for the whole bad spell, then the close; both over STARTTLS after CRAM-MD5.
check_eq "mailtls: 2 messages sent and 2 received (send-once: one open, one close)" "2 2" \
  "$(metric sent mailtls) $(count "$WORK/mailtls.jsonl")"
mailtls_ok() {
  python3 - "$WORK/mailtls.jsonl" <<'PY'
import json, sys
m = [json.loads(line) for line in open(sys.argv[1])]
sys.exit(0 if len(m) == 2 and all(x["tls"] and x["rcpt_tos"] == ["oncall@example.com"] for x in m)
         and "Status:   ERR" in m[0]["body"] and "Status:   OK" in m[1]["body"] else 1)
PY
}
check "mailtls: the open then the close, both over TLS to the one recipient" mailtls_ok
echo "# webhook: $(metric sent webhook) sent, $(metric retried webhook) retried, $(metric coalesced webhook) coalesced" >&3
