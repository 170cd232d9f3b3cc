#!/usr/bin/env bash
# The ready Telegraf configurations in telegraf/ load in the real Telegraf (tests/e2e/telegraf/
# telegraf.sh): `telegraf config check` accepts each one (unknown keys, plugin Init errors such as
# outputs.opensearch without template_name, fail it), and each execd-*.conf, with its command
# pointed at the built warren, runs `telegraf --test`: Telegraf starts `warren execd`, gets a batch
# and prints warren_cluster. No Elasticsearch or OpenSearch is needed (--test runs no output). The
# settings the issue asks for are checked too, and the index pattern against elasticsearch/.
#
#   bash tests/e2e/telegraf_configs_test.sh <warren-binary>
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 <warren-binary>" >&2
  exit 2
fi
WARREN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CONFIGS="$ROOT/telegraf"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warren-e2e-telegraf-configs.XXXXXX")

source "$HERE/lib/checks.sh"

cleanup() {
  local rc=$?
  set +e
  finish_test "$rc" "$WORK" "$WORK"/*.log
}
trap cleanup EXIT
trap 'exit 130' INT TERM

require "Telegraf binary (tests/e2e/telegraf/telegraf.sh path)" bash -c "bash '$HERE/telegraf/telegraf.sh' path >'$WORK/telegraf.path' 2>'$WORK/build.log'"
TELEGRAF=$(cat "$WORK/telegraf.path")

expected="burrow-input.conf execd-elasticsearch.conf execd-file.conf execd-opensearch.conf"
check_eq "telegraf/ holds the four configurations" "$expected" "$(cd "$CONFIGS" && ls -- *.conf | tr '\n' ' ' | sed 's/ $//')"
check "telegraf/README.md exists" test -s "$CONFIGS/README.md"

# No broker: warren execd still answers every gather, with a warren_cluster line.
cat >"$WORK/warren.toml" <<'TOML'
[general]
pidfile = ""
[cluster.local]
servers = ["127.0.0.1:1"]
[consumer.local]
class-name = "kafka"
cluster = "local"
servers = ["127.0.0.1:1"]
TOML

# config_check NAME: `telegraf config check` exits 0 and logs no error.
config_check() {
  local name="$1" log="$WORK/${1%.conf}.check.log"
  "$TELEGRAF" config check --config "$CONFIGS/$name" >"$log" 2>&1 || return 1
  ! grep -q ' E! ' "$log"
}

# run_test NAME: the configuration with warren's command (and the file output) pointed at this
# build, under `telegraf --test`: exit 0 and a warren_cluster metric printed.
run_test() {
  local name="$1" conf="$WORK/${1%.conf}.conf" log="$WORK/${1%.conf}.test.log"
  sed -e "s|^  command = \\[\"/usr/local/bin/warren\", \"execd\", \"--config\", \"/etc/warren/warren.toml\"\\]|  command = [\"$WARREN\", \"execd\", \"--config\", \"$WORK/warren.toml\"]|" \
    -e "s|/var/lib/telegraf/warren.lp|$WORK/file-output.lp|" "$CONFIGS/$name" >"$conf"
  grep -q "\"$WARREN\", \"execd\"" "$conf" || {
    echo "# $name: no command line to rewrite" >&3
    return 1
  }
  (cd "$WORK" && timeout 60 "$TELEGRAF" --config "$conf" --test --test-wait 5) >"$WORK/${1%.conf}.out" 2>"$log" || return 1
  grep -q '^> warren_cluster,cluster=local[, ]' "$WORK/${1%.conf}.out"
}

for name in $expected; do
  check "$name: telegraf config check accepts it" config_check "$name"
  check "$name: commented for an operator (10+ comment lines)" \
    test "$(grep -c '^ *#' "$CONFIGS/$name")" -ge 10
done
for name in execd-file.conf execd-elasticsearch.conf execd-opensearch.conf; do
  check "$name: telegraf --test runs warren execd and prints its metrics" run_test "$name"
  check "$name: signal = \"STDIN\" and data_format = \"influx\"" \
    bash -c "grep -q '^  signal = \"STDIN\"' '$CONFIGS/$name' && grep -q '^  data_format = \"influx\"' '$CONFIGS/$name'"
done

es="$CONFIGS/execd-elasticsearch.conf"
os="$CONFIGS/execd-opensearch.conf"
check "execd-elasticsearch.conf: manage_template = false" grep -q '^  manage_template = false' "$es"
check "execd-elasticsearch.conf: index_name = \"warren-%Y.%m.%d\"" grep -qF 'index_name = "warren-%Y.%m.%d"' "$es"
check "execd-opensearch.conf: manage_template = false" grep -q '^  manage_template = false' "$os"
check "execd-opensearch.conf: daily warren-YYYY.MM.DD indices" grep -qF 'index_name = "warren-{{.Time.Format \"2006.01.02\"}}"' "$os"
check "execd-file.conf: outputs.file" grep -q '^\[\[outputs.file\]\]' "$CONFIGS/execd-file.conf"
check "burrow-input.conf: inputs.burrow with Burrow's API prefix" \
  bash -c "grep -q '^\[\[inputs.burrow\]\]' '$CONFIGS/burrow-input.conf' && grep -qF 'api_prefix = \"/v3/kafka\"' '$CONFIGS/burrow-input.conf'"

# The index template the Elasticsearch/OpenSearch configurations rely on: named warren (the file
# name the installer uses), matching warren-*.
template="$ROOT/elasticsearch/index-template.json"
if [ -f "$template" ]; then
  check "elasticsearch/index-template.json matches the indices warren-*" \
    python3 -c 'import json, sys; sys.exit(0 if "warren-*" in json.load(open(sys.argv[1]))["index_patterns"] else 1)' "$template"
else
  fail "elasticsearch/index-template.json is missing"
fi
