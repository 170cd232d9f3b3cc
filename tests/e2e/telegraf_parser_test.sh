#!/usr/bin/env bash
# The plugin's escaping against Telegraf's own influx parser, not a model of it: parse_lines
# (tests/e2e/telegraf/parse_lines/main.go) is built inside a copy of the Telegraf module that
# tests/e2e/telegraf/telegraf.sh downloads, and reads the points warren_line_protocol_samples
# writes for every hostile name (tests/support/hostile_names.hpp). Every point must parse, and the
# group tag, the tag key, the measurement and the field key must come back as the name that the
# string field carries. The same lines go through tests/e2e/lib/line_protocol.py (the reader the
# end-to-end tests use), which must agree with Telegraf on every one.
#
#   bash tests/e2e/telegraf_parser_test.sh <warren_line_protocol_samples-binary>
#
# Needs Go (as telegraf.sh does) and the Go module proxy on a cold cache.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 <warren_line_protocol_samples-binary>" >&2
  exit 2
fi
SAMPLES="$1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warren-e2e-telegraf-parser.XXXXXX")
export PYTHONDONTWRITEBYTECODE=1

source "$HERE/lib/checks.sh"

cleanup() {
  local rc=$?
  set +e
  finish_test "$rc" "$WORK" "$WORK/build.log" "$WORK/compare.txt"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The same Go settings as telegraf.sh, so its module and build caches serve this build too.
VERSION=$(bash "$HERE/telegraf/telegraf.sh" version)
CACHE_ROOT="${WARREN_CACHE:-${HOME}/.cache/warren}"
export GOTOOLCHAIN=local CGO_ENABLED=0
export GOPATH="$CACHE_ROOT/go/path" GOMODCACHE="$CACHE_ROOT/go/mod" GOCACHE="$CACHE_ROOT/go/build"
case " ${GOFLAGS:-} " in *" -modcacherw "*) ;; *) export GOFLAGS="${GOFLAGS:+$GOFLAGS }-modcacherw" ;; esac

build_parser() {
  local dir
  command -v go >/dev/null || {
    echo "go not found on PATH" >"$WORK/build.log"
    return 1
  }
  dir=$(go mod download -json "github.com/influxdata/telegraf@v$VERSION" 2>>"$WORK/build.log" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || return 1
  # A writable copy of the module (the cache is read-only), with parse_lines as one more command.
  cp -r "$dir" "$WORK/telegraf"
  chmod -R u+w "$WORK/telegraf"
  mkdir -p "$WORK/telegraf/cmd/warren_parse_lines"
  cp "$HERE/telegraf/parse_lines/main.go" "$WORK/telegraf/cmd/warren_parse_lines/"
  (cd "$WORK/telegraf" && go build -o "$WORK/parse_lines" ./cmd/warren_parse_lines) >>"$WORK/build.log" 2>&1
}
start=$SECONDS
require "parse_lines built against Telegraf v$VERSION's parser" build_parser
echo "# build: $((SECONDS - start)) s" >&3
rm -rf "$WORK/telegraf"

require "warren_line_protocol_samples writes the samples" bash -c "'$SAMPLES' >'$WORK/samples.lp'"
require "Telegraf's parser reads them" bash -c "'$WORK/parse_lines' <'$WORK/samples.lp' >'$WORK/parsed.jsonl'"

if python3 - "$WORK/samples.lp" "$WORK/parsed.jsonl" "$HERE/lib" >"$WORK/compare.txt" 2>&1 <<'PY'; then
import json
import sys

sys.path.insert(0, sys.argv[3])
from line_protocol import parse_line

lines = open(sys.argv[1], encoding="utf-8", newline="\n").read().split("\n")[:-1]
parsed = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
bad = 0
if len(lines) != len(parsed) or not lines:
    print(f"{len(lines)} lines written, {len(parsed)} parsed")
    sys.exit(1)
for line, got in zip(lines, parsed):
    if "error" in got:
        print(f"Telegraf rejects {line!r}: {got['error']}")
        bad += 1
        continue
    name = got["fields"]["status"]
    plain = "\\" not in name and not name.startswith("#")
    want_tags = {"group": name, name: "v"}
    want_fields = {"status": name, (name if plain else "f"): 1}
    want_name = name if plain else "m"
    if got["tags"] != want_tags or got["fields"] != want_fields or got["name"] != want_name:
        print(f"Telegraf reads {line!r} as {got}, not the name {name!r}")
        bad += 1
    m, tags, fields, ts = parse_line(line)
    if (m, tags, fields, ts) != (got["name"], got["tags"], got["fields"], got["time"]):
        print(f"line_protocol.py reads {line!r} as {(m, tags, fields, ts)}, Telegraf as {got}")
        bad += 1
print(f"{len(lines)} names, {bad} wrong")
sys.exit(1 if bad else 0)
PY
  pass "Telegraf's parser reads back every hostile name unchanged; line_protocol.py agrees ($(tail -n 1 "$WORK/compare.txt"))"
else
  fail "names Telegraf's parser does not read back:"
  cat "$WORK/compare.txt" >&3
fi
