#!/usr/bin/env bash
# The command-line contract for configuration (DESIGN.md §5): usage and configuration errors
# exit 2 with one line per problem naming file, line and key; a good configuration starts
# `serve`, which stops cleanly (exit 0) on SIGTERM; `version` names the librdkafka version.
#
# Usage: config_errors_test.sh <warren binary> <source dir>
set -euo pipefail

warren=$1
work=$(mktemp -d)
server_pid=""

cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run_warren NAME ARGS...: runs warren, keeping stderr in $work/NAME.err; sets $rc.
run_warren() {
  local name=$1
  shift
  rc=0
  "$warren" "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
}

expect_exit() {
  local name=$1 want=$2
  [[ $rc -eq $want ]] || fail "$name: exit code $rc, expected $want; stderr: $(cat "$work/$name.err")"
}

expect_stderr() {
  local name=$1 needle=$2
  grep -qF -- "$needle" "$work/$name.err" || fail "$name: stderr lacks '$needle'; stderr: $(cat "$work/$name.err")"
}

# expect_config_error NAME TOML "LINE: KEY" [MORE "LINE: KEY"...]: writes TOML to NAME/burrow.toml,
# runs `serve --config-dir NAME` and expects exit 2 and "NAME/burrow.toml:LINE: KEY" on stderr.
expect_config_error() {
  local name=$1 text=$2
  shift 2
  mkdir -p "$work/$name"
  printf '%s\n' "$text" >"$work/$name/burrow.toml"
  run_warren "$name" serve --config-dir "$work/$name"
  expect_exit "$name" 2
  local where
  for where in "$@"; do
    expect_stderr "$name" "E! [config] $work/$name/burrow.toml:$where"
  done
}

# --- configuration errors ---

expect_config_error bad_regex '[cluster.local]
servers = ["127.0.0.1:9092"]

[consumer.local]
class-name = "kafka"
cluster = "local"
servers = ["127.0.0.1:9092"]
group-denylist = "(abc"' \
  "8: consumer.local.group-denylist: invalid regular expression"

expect_config_error wrong_type '[storage.default]
intervals = "ten"' \
  '2: storage.default.intervals: expected an integer'

expect_config_error unknown_cluster '[consumer.c]
class-name = "kafka"
cluster = "nowhere"
servers = ["127.0.0.1:9092"]' \
  '3: consumer.c.cluster: unknown cluster "nowhere"'

expect_config_error several_errors '[cluster.local]
servers = ["kafka01"]
offset-refresh = 0
[evaluator.a]
[evaluator.b]' \
  '2: cluster.local.servers:' '3: cluster.local.offset-refresh:' '5: evaluator.b:'
[[ $(grep -c '^E! ' "$work/several_errors.err") -eq 3 ]] || fail "several_errors: expected 3 error lines"

expect_config_error syntax_error '[general]
pidfile = "unterminated' \
  '2: toml::'

# --- files and usage ---

mkdir -p "$work/empty_dir"
run_warren missing_file serve --config-dir "$work/empty_dir"
expect_exit missing_file 2
expect_stderr missing_file "$work/empty_dir/burrow.toml: cannot read: No such file or directory"

run_warren missing_config serve --config "$work/absent.toml"
expect_exit missing_config 2
expect_stderr missing_config "$work/absent.toml: cannot read"

run_warren both_flags serve --config "$work/a.toml" --config-dir "$work"
expect_exit both_flags 2
expect_stderr both_flags "--config excludes --config-dir"

run_warren no_subcommand
expect_exit no_subcommand 2

run_warren unknown_flag serve --no-such-flag
expect_exit unknown_flag 2

# --- version ---

run_warren version version
expect_exit version 0
grep -qE '^warren [0-9]+\.[0-9]+\.[0-9]+$' "$work/version.out" || fail "version: no warren version line"
grep -qE '^librdkafka [0-9]+\.[0-9]+' "$work/version.out" || fail "version: no librdkafka version line"

# --- a good configuration: serve starts, warns about the unknown key, stops on SIGTERM ---

mkdir -p "$work/good"
cat >"$work/good/burrow.toml" <<'TOML'
[cluster.local]
servers = ["127.0.0.1:9092"]
flavour = "vanilla"

[consumer.local]
class-name = "kafka"
cluster = "local"
servers = ["127.0.0.1:9092"]
TOML

"$warren" serve --config-dir "$work/good" >"$work/good.out" 2>"$work/good.err" &
server_pid=$!

# Poll for the start-up line; the deadline only bounds a failure.
deadline=$((SECONDS + 10))
until grep -q '^I! \[serve\] warren .* started' "$work/good.err"; do
  kill -0 "$server_pid" 2>/dev/null || fail "serve exited before starting: $(cat "$work/good.err")"
  ((SECONDS < deadline)) || fail "serve did not log its start-up line: $(cat "$work/good.err")"
  sleep 0.02
done
grep -qF "W! [config] $work/good/burrow.toml:3: unknown key \"flavour\" in [cluster.local]" "$work/good.err" ||
  fail "no warning for the unknown key: $(cat "$work/good.err")"

kill -TERM "$server_pid"
stop_deadline=$(($(date +%s%N) + 2000000000))
while kill -0 "$server_pid" 2>/dev/null; do
  (($(date +%s%N) < stop_deadline)) || fail "serve did not exit within 2 s of SIGTERM"
  sleep 0.02
done
rc=0
wait "$server_pid" || rc=$?
server_pid=""
[[ $rc -eq 0 ]] || fail "serve exited with $rc after SIGTERM, expected 0"
grep -q '^I! \[serve\] received SIGTERM' "$work/good.err" || fail "no stop line: $(cat "$work/good.err")"

echo "ok"
